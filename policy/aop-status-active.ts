/**
 * aop-status-active: the association and its certificate are both `active`. Anything else means
 * Cloudflare is not (or not yet, or no longer) presenting the certificate to the origin.
 */
import type { StackValidationPolicy } from "@pulumi/policy";
import { certStatusProblem, statusProblem, type Problem } from "pulumi-cloudflare-aop-status";

import { UNJUDGEABLE, validateAopStatuses, type TextOutput } from "./aop-status-resources";

/**
 * What to do about each status Cloudflare documents. Statuses it adds later get the generic
 * advice: the rule (only `active` passes) comes from the shared health rules, the advice is ours.
 */
function remedy(subject: string, status: string | null): string {
    switch (status) {
        case "initializing":
        case "pending_deployment":
            return `wait for Cloudflare to finish deploying the ${subject}`;
        case "deployment_timed_out":
            return `Cloudflare gave up deploying the ${subject}; submit it again (PUT /zones/{zone_id}/origin_tls_client_auth/hostnames)`;
        case "pending_deletion":
        case "deleted":
        case "deletion_timed_out":
            return `the ${subject} is being or has been deleted; associate the certificate with the hostname again if it should keep per-hostname AOP`;
        default:
            return `find out why the ${subject} is not active`;
    }
}

const CHECKS: ReadonlyArray<{ output: TextOutput; subject: string; rule: (status: string | null) => Problem | undefined }> = [
    { output: "status", subject: "association", rule: statusProblem },
    { output: "certStatus", subject: "certificate", rule: certStatusProblem },
];

export const aopStatusActive: StackValidationPolicy = {
    name: "aop-status-active",
    description: "Require each hostname's Authenticated Origin Pulls association and certificate to be active.",
    enforcementLevel: "mandatory",
    remediationSteps:
        "Wait for pending deployments to finish; re-submit timed-out or deleted associations (PUT /zones/{zone_id}/origin_tls_client_auth/hostnames), then run `pulumi refresh`.",
    validateStack: validateAopStatuses(() => (status, report) => {
        // A hostname without an association has no status to speak of; aop-hostname-enabled reports it.
        if (status.found === false) return;
        for (const { output, subject, rule } of CHECKS) {
            const value = status.text(output);
            if (value === UNJUDGEABLE) continue;
            const problem = rule(value);
            if (problem) report(`${problem.message}; ${remedy(subject, value)}, or ${status.checkHint}`);
        }
    }),
};
