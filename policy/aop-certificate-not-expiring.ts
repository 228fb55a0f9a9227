/**
 * aop-certificate-not-expiring: the client certificate, and every certificate after it in the
 * PEM, stays valid for at least `expiryWarningDays` more days, counted when the policy runs.
 *
 * Expiry depends on the clock and on this policy's own window, so it is not read from the
 * verdict the resource recorded at its last read: the shared rules run again on the recorded
 * dates (and on the recorded PEM, for the chain), and the policy decides on the codes they give.
 */
import type { StackValidationPolicy } from "@pulumi/policy";
import {
    chainProblems,
    daysUntil,
    DEFAULT_EXPIRY_WARNING_DAYS,
    expiryProblem,
    inspectCertificate,
    type Problem,
} from "pulumi-cloudflare-aop-status";

import { UNJUDGEABLE, validateAopStatuses, type AopStatusResource } from "./aop-status-resources";

export interface AopCertificateNotExpiringConfig {
    /** Fail when a certificate expires in fewer than this many days; default 30. The resource's setting has the same name. */
    expiryWarningDays: number;
    /** @deprecated The name 0.1.0 used for `expiryWarningDays`; still accepted, and ignored when `expiryWarningDays` is set. */
    minDaysToExpiry?: number;
}

/** The resource's own default, so the pack and the resource agree on the window. */
export const AOP_CERTIFICATE_NOT_EXPIRING_DEFAULTS: Readonly<AopCertificateNotExpiringConfig> = Object.freeze({
    expiryWarningDays: DEFAULT_EXPIRY_WARNING_DAYS,
});

/** The warning window from a config that may use either name; the current name wins when both are set. */
export function expiryWarningDaysFrom(config: Partial<AopCertificateNotExpiringConfig>): number {
    return config.expiryWarningDays ?? config.minDaysToExpiry ?? AOP_CERTIFICATE_NOT_EXPIRING_DEFAULTS.expiryWarningDays;
}

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

/** The leaf's expiry problem, judged now. */
function leafProblems(status: AopStatusResource, expiryWarningDays: number): Problem[] {
    const date = expiryDate(status);
    // No date at all means no certificate to judge; the health outputs already say why.
    if (date === UNJUDGEABLE || date === null) return [];
    // `daysUntilExpiry` in state is as old as the last refresh; the clock has moved on since.
    const problem = expiryProblem(daysUntil(date), expiryWarningDays, date);
    return problem ? [problem] : [];
}

/** The problems of the certificates after the leaf, judged now from the recorded PEM. */
function chainExpiryProblems(status: AopStatusResource, expiryWarningDays: number): Problem[] {
    const pem = status.text("certificate");
    if (pem === UNJUDGEABLE || pem === null) return [];
    const { chain, chainOmitted } = inspectCertificate(pem);
    return chainProblems(chain, chainOmitted, expiryWarningDays);
}

const RENEW = "upload a renewed client certificate and associate it with the hostname";
const RENEW_CHAIN = "upload the client certificate with a current chain and associate it with the hostname";

/** The advice for each code this policy reports; other codes (an unreadable chain, say) are the resource's `problems` to tell. */
const WORDING: Partial<Record<Problem["code"], (message: string, days: number, hint: string) => string>> = {
    expired: (message, _days, hint) => `${message}; ${RENEW} now, or ${hint}`,
    expiring: (message, days, hint) => `${message}, fewer than the ${days} the policy requires; ${RENEW} before then, or ${hint}`,
    "chain-expired": (message, _days, hint) => `${message}; ${RENEW_CHAIN} now, or ${hint}`,
    "chain-expiring": (message, days, hint) =>
        `${message}, fewer than the ${days} the policy requires; ${RENEW_CHAIN} before then, or ${hint}`,
};

export const aopCertificateNotExpiring: StackValidationPolicy = {
    name: "aop-certificate-not-expiring",
    description:
        "Require each hostname's Authenticated Origin Pulls client certificate and its chain to stay valid for expiryWarningDays days.",
    enforcementLevel: "mandatory",
    remediationSteps:
        "Upload a renewed client certificate (with a current chain), associate it with the hostname (PUT /zones/{zone_id}/origin_tls_client_auth/hostnames), then run `pulumi refresh`.",
    // No `default` in the schema: the Pulumi CLI fills defaults in before the pack sees the config,
    // and a filled-in expiryWarningDays could not be told from one the user wrote, so the deprecated
    // name would never win. The default (30) is applied by expiryWarningDaysFrom.
    configSchema: {
        properties: {
            expiryWarningDays: {
                type: "integer",
                minimum: 0,
                description: "Fail when a certificate expires in fewer than this many days (default 30).",
            },
            minDaysToExpiry: {
                type: "integer",
                minimum: 0,
                description: "Deprecated: the former name of expiryWarningDays, used only when expiryWarningDays is not set.",
            },
        },
    },
    validateStack: validateAopStatuses((args) => {
        const days = expiryWarningDaysFrom(args.getConfig<Partial<AopCertificateNotExpiringConfig>>());
        return (status, report) => {
            if (status.found === false) return;
            for (const problem of [...leafProblems(status, days), ...chainExpiryProblems(status, days)]) {
                const wording = WORDING[problem.code];
                if (wording) report(wording(problem.message, days, status.checkHint));
            }
        };
    }),
};
