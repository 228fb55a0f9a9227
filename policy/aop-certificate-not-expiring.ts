/**
 * aop-certificate-not-expiring: the client certificate stays valid for at least
 * `minDaysToExpiry` more days, counted when the policy runs.
 */
import type { StackValidationPolicy } from "@pulumi/policy";
import { daysUntil, expiryProblem } from "pulumi-cloudflare-aop-status";

import { UNJUDGEABLE, validateAopStatuses, type AopStatusResource } from "./aop-status-resources";

export interface AopCertificateNotExpiringConfig {
    /** Fail when the certificate expires in fewer than this many days; default 30. */
    minDaysToExpiry: number;
}

export const AOP_CERTIFICATE_NOT_EXPIRING_DEFAULTS: Readonly<AopCertificateNotExpiringConfig> = Object.freeze({ minDaysToExpiry: 30 });

/**
 * The date the certificate expires, as the provider decides it: the PEM's notAfter when the PEM
 * could be read (the PEM is the truth; real `expires_on` values disagree with it), Cloudflare's
 * `expiresOn` otherwise.
 */
function expiryDate(status: AopStatusResource): string | null | typeof UNJUDGEABLE {
    const notAfter = status.text("certNotAfter");
    if (notAfter === UNJUDGEABLE || notAfter !== null) return notAfter;
    return status.text("expiresOn");
}

export const aopCertificateNotExpiring: StackValidationPolicy = {
    name: "aop-certificate-not-expiring",
    description: "Require each hostname's Authenticated Origin Pulls client certificate to stay valid for at least minDaysToExpiry days.",
    enforcementLevel: "mandatory",
    remediationSteps:
        "Upload a renewed client certificate, associate it with the hostname (PUT /zones/{zone_id}/origin_tls_client_auth/hostnames), then run `pulumi refresh`.",
    configSchema: {
        properties: {
            minDaysToExpiry: {
                type: "integer",
                minimum: 0,
                default: AOP_CERTIFICATE_NOT_EXPIRING_DEFAULTS.minDaysToExpiry,
                description: "Fail when the client certificate expires in fewer than this many days.",
            },
        },
    },
    validateStack: validateAopStatuses((args) => {
        const { minDaysToExpiry } = {
            ...AOP_CERTIFICATE_NOT_EXPIRING_DEFAULTS,
            ...args.getConfig<Partial<AopCertificateNotExpiringConfig>>(),
        };
        return (status, report) => {
            if (status.found === false) return;
            const date = expiryDate(status);
            // No date at all means no certificate to judge; the health outputs already say why.
            if (date === UNJUDGEABLE || date === null) return;
            // `daysUntilExpiry` in state is as old as the last refresh; the clock has moved on since.
            const problem = expiryProblem(daysUntil(date), minDaysToExpiry, date);
            if (!problem) return;
            const renew = "upload a renewed client certificate and associate it with the hostname";
            report(
                problem.code === "expired"
                    ? `${problem.message}; ${renew} now, or ${status.checkHint}`
                    : `${problem.message}, fewer than the ${minDaysToExpiry} the policy requires; ${renew} before then, or ${status.checkHint}`,
            );
        };
    }),
};
