/**
 * aop-status-active: the association and its certificate are both `active`. Anything else means
 * Cloudflare is not (or not yet, or no longer) presenting the certificate to the origin.
 *
 * It decides on the problem codes the resource recorded (`status`, `cert-status`), not on
 * messages; the status value itself only picks the advice.
 */
import type { StackValidationPolicy } from "@pulumi/policy";
import type { ProblemCode } from "pulumi-cloudflare-aop-status";

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

const CHECKS: ReadonlyArray<{ code: ProblemCode; output: TextOutput; subject: string }> = [
    { code: "status", output: "status", subject: "association" },
    { code: "cert-status", output: "certStatus", subject: "certificate" },
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
        const problems = status.recordedProblems();
        if (problems === UNJUDGEABLE) return;
        for (const problem of problems) {
            const check = CHECKS.find(({ code }) => code === problem.code);
            if (!check) continue;
            const value = status.text(check.output);
            report(`${problem.message}; ${remedy(check.subject, value === UNJUDGEABLE ? null : value)}, or ${status.checkHint}`);
        }
    }),
};
