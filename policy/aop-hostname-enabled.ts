/**
 * aop-hostname-enabled: the hostname has a per-hostname association and it is enabled. Without
 * one, Cloudflare does not present the hostname's client certificate and an origin that requires
 * it rejects every request.
 *
 * It decides on the problem codes the resource recorded (`disabled`, `voided`), not on messages.
 */
import type { StackValidationPolicy } from "@pulumi/policy";
import { assess, type ProblemCode } from "pulumi-cloudflare-aop-status";

import { UNJUDGEABLE, validateAopStatuses } from "./aop-status-resources";

export interface AopHostnameEnabledConfig {
    /** Pass hostnames that have no association at all (`found: false`); default false. */
    allowNotFound: boolean;
}

export const AOP_HOSTNAME_ENABLED_DEFAULTS: Readonly<AopHostnameEnabledConfig> = Object.freeze({ allowNotFound: false });

/**
 * The health rules' own "not found" message. `assess` is the only place that phrases it, so the
 * pack asks `assess` about a missing hostname instead of copying the sentence.
 */
const NOT_FOUND_MESSAGE = assess(
    { found: false, enabled: null, status: null, certStatus: null, certNotBefore: null, daysUntilExpiry: null },
    { expiryWarningDays: 0 },
).problems[0].message;

const REMEDIES: Partial<Record<ProblemCode, string>> = {
    "not-found":
        "associate a client certificate with the hostname (PUT /zones/{zone_id}/origin_tls_client_auth/hostnames); if the hostname no longer uses per-hostname AOP, remove the resource or set allowNotFound in the policy config",
    disabled: "enable the association (PUT /zones/{zone_id}/origin_tls_client_auth/hostnames with enabled: true)",
    voided: "Cloudflare voided the association; associate the certificate with the hostname again with enabled: true",
};

export const aopHostnameEnabled: StackValidationPolicy = {
    name: "aop-hostname-enabled",
    description: "Require each hostname's per-hostname Authenticated Origin Pulls association to exist and be enabled.",
    enforcementLevel: "mandatory",
    remediationSteps:
        "Associate the hostname's client certificate with enabled: true (PUT /zones/{zone_id}/origin_tls_client_auth/hostnames), then run `pulumi refresh` or `pulumi up` so the resource reads it again.",
    configSchema: {
        properties: {
            allowNotFound: {
                type: "boolean",
                default: AOP_HOSTNAME_ENABLED_DEFAULTS.allowNotFound,
                description: "Pass hostnames that have no per-hostname association (found: false), e.g. ones that rely on zone-level AOP.",
            },
        },
    },
    validateStack: validateAopStatuses((args) => {
        const { allowNotFound } = { ...AOP_HOSTNAME_ENABLED_DEFAULTS, ...args.getConfig<Partial<AopHostnameEnabledConfig>>() };
        return (status, report) => {
            if (status.found === false) {
                if (!allowNotFound) report(`${NOT_FOUND_MESSAGE}; ${REMEDIES["not-found"]}; ${status.checkHint}`);
                return;
            }
            const problems = status.recordedProblems();
            if (problems === UNJUDGEABLE) return;
            for (const problem of problems) {
                if (problem.code !== "disabled" && problem.code !== "voided") continue;
                report(`${problem.message}; ${REMEDIES[problem.code]}, or ${status.checkHint}`);
            }
        };
    }),
};
