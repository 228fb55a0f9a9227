/**
 * aop-certificate-pinned: hostnames listed in `fingerprints` present exactly the pinned client
 * certificate, so a certificate swapped outside the usual process fails the pipeline.
 */
import type { StackValidationPolicy } from "@pulumi/policy";
import { normalizeFingerprint, normalizeHostname } from "pulumi-cloudflare-aop-status";

import { UNJUDGEABLE, validateAopStatuses } from "./aop-status-resources";

export interface AopCertificatePinnedConfig {
    /** Hostname → expected SHA-256 fingerprint ("AB:CD:…" as openssl prints it, or plain hex). */
    fingerprints: Record<string, string>;
}

export const AOP_CERTIFICATE_PINNED_DEFAULTS: Readonly<AopCertificatePinnedConfig> = Object.freeze({ fingerprints: {} });

/** 32 bytes of hex, with or without the colons openssl puts between them. */
export const SHA256_FINGERPRINT_PATTERN = "^([0-9A-Fa-f]{2}:?){31}[0-9A-Fa-f]{2}$";

/** Keys go through the provider's own normalisation, so "App.Example.com" pins "app.example.com". */
function pinKey(hostname: string): string {
    return normalizeHostname(hostname).hostname ?? hostname.toLowerCase();
}

export const aopCertificatePinned: StackValidationPolicy = {
    name: "aop-certificate-pinned",
    description:
        "Require pinned hostnames to present the Authenticated Origin Pulls client certificate with the pinned SHA-256 fingerprint.",
    enforcementLevel: "mandatory",
    remediationSteps:
        "If the certificate was rotated on purpose, update the hostname's pin in the policy config; otherwise associate the expected certificate with the hostname again.",
    configSchema: {
        properties: {
            fingerprints: {
                type: "object",
                additionalProperties: { type: "string", pattern: SHA256_FINGERPRINT_PATTERN },
                default: AOP_CERTIFICATE_PINNED_DEFAULTS.fingerprints,
                description: "Hostname to expected SHA-256 fingerprint of its client certificate. Hostnames not listed are not checked.",
            },
        },
    },
    validateStack: validateAopStatuses((args) => {
        const { fingerprints } = { ...AOP_CERTIFICATE_PINNED_DEFAULTS, ...args.getConfig<Partial<AopCertificatePinnedConfig>>() };
        const pins = new Map(Object.entries(fingerprints).map(([hostname, fingerprint]) => [pinKey(hostname), fingerprint]));
        if (pins.size === 0) args.notApplicable("no hostnames are pinned (set fingerprints in the policy config)");
        return (status, report) => {
            const pinned = status.hostname === null ? undefined : pins.get(pinKey(status.hostname));
            if (pinned === undefined) return;
            const rotate = `if the certificate was rotated on purpose, update the pin for ${status.hostname} in the policy config`;
            if (status.found === false) {
                report(
                    `has no per-hostname AOP association, so there is no certificate to compare with the pinned fingerprint ${pinned}; associate the pinned certificate with the hostname, or ${status.checkHint}`,
                );
                return;
            }
            const actual = status.text("certFingerprintSha256");
            if (actual === UNJUDGEABLE) return;
            if (actual === null) {
                report(
                    `has no certificate fingerprint (Cloudflare returned no usable PEM), but the hostname is pinned to ${pinned}; associate the pinned certificate with the hostname, or ${status.checkHint}`,
                );
            } else if (normalizeFingerprint(actual) !== normalizeFingerprint(pinned)) {
                report(
                    `certificate fingerprint is ${actual}, but the hostname is pinned to ${pinned}; ${rotate}, otherwise find out who replaced the certificate and ${status.checkHint}`,
                );
            }
        };
    }),
};
