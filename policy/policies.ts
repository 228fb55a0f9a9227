/**
 * The pack's policies and its settings, apart from index.ts because constructing a PolicyPack
 * starts the analyzer server: tests and other packs import from here without serving anything.
 */
import type { PolicyPackArgs, StackValidationPolicy } from "@pulumi/policy";

import { aopCertificateNotExpiring } from "./aop-certificate-not-expiring";
import { aopCertificatePinned } from "./aop-certificate-pinned";
import { aopHostnameEnabled } from "./aop-hostname-enabled";
import { aopStatusActive } from "./aop-status-active";

export { AOP_STATUS_TYPE } from "./aop-status-resources";
export {
    aopCertificateNotExpiring,
    AOP_CERTIFICATE_NOT_EXPIRING_DEFAULTS,
    expiryWarningDaysFrom,
    type AopCertificateNotExpiringConfig,
} from "./aop-certificate-not-expiring";
export {
    aopCertificatePinned,
    AOP_CERTIFICATE_PINNED_DEFAULTS,
    SHA256_FINGERPRINT_PATTERN,
    type AopCertificatePinnedConfig,
} from "./aop-certificate-pinned";
export { aopHostnameEnabled, AOP_HOSTNAME_ENABLED_DEFAULTS, type AopHostnameEnabledConfig } from "./aop-hostname-enabled";
export { aopStatusActive } from "./aop-status-active";

export const POLICY_PACK_NAME = "cloudflare-aop-status";

export const policies: StackValidationPolicy[] = [aopHostnameEnabled, aopStatusActive, aopCertificateNotExpiring, aopCertificatePinned];

export const policyPackArgs: PolicyPackArgs = {
    description:
        "Cloudflare per-hostname Authenticated Origin Pulls: enabled, active, not expiring and, where pinned, the expected certificate.",
    displayName: "Cloudflare Authenticated Origin Pulls status",
    provider: "cloudflare",
    tags: ["cloudflare", "authenticated-origin-pulls", "mtls"],
    // @pulumi/policy defaults to advisory; a pipeline gate that only warns would gate nothing.
    enforcementLevel: "mandatory",
    policies,
};
