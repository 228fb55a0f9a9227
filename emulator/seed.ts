// Built-in data sets. `sampleSeed` is the spec's own example response;
// `demoSeed` adds hostnames in each interesting health state, with real
// certificates whose validity matches `expires_on`.

import { issueCertificate } from "./certificates";
import type { CertificateRecord, HostnameRecord, SeedDocument } from "./types";

export const SAMPLE_ZONE_ID = "023e105f4ecef8ad9ca31a8372d0c353";
export const SAMPLE_HOSTNAME = "app.example.com";
export const SAMPLE_CERT_ID = "023e105f4ecef8ad9ca31a8372d0c353";

/**
 * The spec's example certificate. Its validity is 2016-08-24..2016-11-22
 * while the example's `expires_on` says 2100: kept as is, because real data
 * can disagree with itself and clients must trust the PEM.
 */
export const SAMPLE_CERTIFICATE_PEM =
    "-----BEGIN CERTIFICATE-----\nMIIDtTCCAp2gAwIBAgIJAMHAwfXZ5/PWMA0GCSqGSIb3DQEBCwUAMEUxCzAJBgNV\nBAYTAkFVMRMwEQYDVQQIEwpTb21lLVN0YXRlMSEwHwYDVQQKExhJbnRlcm5ldCBX\naWRnaXRzIFB0eSBMdGQwHhcNMTYwODI0MTY0MzAxWhcNMTYxMTIyMTY0MzAxWjBF\nMQswCQYDVQQGEwJBVTETMBEGA1UECBMKU29tZS1TdGF0ZTEhMB8GA1UEChMYSW50\nZXJuZXQgV2lkZ2l0cyBQdHkgTHRkMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIB\nCgKCAQEAwQHoetcl9+5ikGzV6cMzWtWPJHqXT3wpbEkRU9Yz7lgvddmGdtcGbg/1\nCGZu0jJGkMoppoUo4c3dts3iwqRYmBikUP77wwY2QGmDZw2FvkJCJlKnabIRuGvB\nKwzESIXgKk2016aTP6/dAjEHyo6SeoK8lkIySUvK0fyOVlsiEsCmOpidtnKX/a+5\n0GjB79CJH4ER2lLVZnhePFR/zUOyPxZQQ4naHf7yu/b5jhO0f8fwt+pyFxIXjbEI\ndZliWRkRMtzrHOJIhrmJ2A1J7iOrirbbwillwjjNVUWPf3IJ3M12S9pEewooaeO2\nizNTERcG9HzAacbVRn2Y2SWIyT/18QIDAQABo4GnMIGkMB0GA1UdDgQWBBT/LbE4\n9rWf288N6sJA5BRb6FJIGDB1BgNVHSMEbjBsgBT/LbE49rWf288N6sJA5BRb6FJI\nGKFJpEcwRTELMAkGA1UEBhMCQVUxEzARBgNVBAgTClNvbWUtU3RhdGUxITAfBgNV\nBAoTGEludGVybmV0IFdpZGdpdHMgUHR5IEx0ZIIJAMHAwfXZ5/PWMAwGA1UdEwQF\nMAMBAf8wDQYJKoZIhvcNAQELBQADggEBAHHFwl0tH0quUYZYO0dZYt4R7SJ0pCm2\n2satiyzHl4OnXcHDpekAo7/a09c6Lz6AU83cKy/+x3/djYHXWba7HpEu0dR3ugQP\nMlr4zrhd9xKZ0KZKiYmtJH+ak4OM4L3FbT0owUZPyjLSlhMtJVcoRp5CJsjAMBUG\nSvD8RX+T01wzox/Qb+lnnNnOlaWpqu8eoOenybxKp1a9ULzIVvN/LAcc+14vioFq\n2swRWtmocBAs8QR9n4uvbpiYvS8eYueDCWMM4fvFfBhaDZ3N9IbtySh3SpFdQDhw\nYbjM2rxXiyLGxB4Bol7QTv4zHif7Zt89FReT/NBy4rzaskDJY5L6xmY=\n-----END CERTIFICATE-----\n";

function sampleHostname(): HostnameRecord {
    return {
        cert_id: SAMPLE_CERT_ID,
        cert_status: "active",
        cert_updated_at: "2100-01-01T05:20:00Z",
        cert_uploaded_on: "2019-10-28T18:11:23.37411Z",
        certificate: SAMPLE_CERTIFICATE_PEM,
        created_at: "2100-01-01T05:20:00Z",
        enabled: true,
        expires_on: "2100-01-01T05:20:00Z",
        hostname: SAMPLE_HOSTNAME,
        issuer: "GlobalSign",
        serial_number: "6743787633689793699141714808227354901",
        signature: "SHA256WithRSA",
        status: "active",
        updated_at: "2100-01-01T05:20:00Z",
    };
}

function sampleCertificate(): CertificateRecord {
    return {
        id: SAMPLE_CERT_ID,
        certificate: SAMPLE_CERTIFICATE_PEM,
        expires_on: "2100-01-01T05:20:00Z",
        issuer: "GlobalSign",
        serial_number: "6743787633689793699141714808227354901",
        signature: "SHA256WithRSA",
        status: "active",
        uploaded_on: "2019-10-28T18:11:23.37411Z",
    };
}

/** The spec's example: zone 023e…c353 with `app.example.com`, active and enabled. */
export function sampleSeed(): SeedDocument {
    return { zones: { [SAMPLE_ZONE_ID]: { hostnames: [sampleHostname()], certificates: [sampleCertificate()] } } };
}

/** Hostnames and certificate ids of `demoSeed`, for docs and tests. */
export const DEMO_HOSTNAMES = {
    healthy: { hostname: "healthy.example.com", certId: "6b7c0e3a2f1d4e5a9c8b7a6f5e4d3c21" },
    deploying: { hostname: "deploying.example.com", certId: "7c8d1f4b3a2e4f6b8d9c8b7a6f5e4d32" },
    disabled: { hostname: "disabled.example.com", certId: "8d9e2a5c4b3f4a7c9e8d9c8b7a6f5e43" },
    expiring: { hostname: "expiring.example.com", certId: "9e0f3b6d5c4a4b8d8f9e8d9c8b7a6f54" },
} as const;

const DAY_MS = 86_400_000;

/** ISO 8601 with whole seconds, the way Cloudflare writes most timestamps. */
function isoSeconds(ms: number): string {
    return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(".000Z", "Z");
}

interface DemoHost {
    hostname: string;
    certId: string;
    enabled: boolean;
    status: HostnameRecord["status"];
    issuedDaysAgo: number;
    expiresInDays: number;
}

/**
 * A zone (the sample zone) holding the spec sample plus four hostnames:
 * healthy (valid ~1 year), pending_deployment, enabled:false, and one whose
 * certificate expires in 12 days. Certificates are issued at call time.
 */
export function demoSeed(now: number = Date.now()): SeedDocument {
    const hosts: DemoHost[] = [
        { ...DEMO_HOSTNAMES.healthy, enabled: true, status: "active", issuedDaysAgo: 1, expiresInDays: 365 },
        { ...DEMO_HOSTNAMES.deploying, enabled: true, status: "pending_deployment", issuedDaysAgo: 0, expiresInDays: 365 },
        { ...DEMO_HOSTNAMES.disabled, enabled: false, status: "active", issuedDaysAgo: 30, expiresInDays: 335 },
        { ...DEMO_HOSTNAMES.expiring, enabled: true, status: "active", issuedDaysAgo: 353, expiresInDays: 12 },
    ];
    const hostnames: HostnameRecord[] = [sampleHostname()];
    const certificates: CertificateRecord[] = [sampleCertificate()];
    for (const host of hosts) {
        const issued = issueCertificate({
            commonName: host.hostname,
            notBefore: new Date(now - host.issuedDaysAgo * DAY_MS - 60_000),
            // An hour past the whole day, so a read made moments later still counts expiresInDays whole days.
            notAfter: new Date(now + host.expiresInDays * DAY_MS + 3_600_000),
        });
        const uploadedOn = isoSeconds(issued.notBefore.getTime());
        const expiresOn = isoSeconds(issued.notAfter.getTime());
        certificates.push({
            id: host.certId,
            certificate: issued.pem,
            expires_on: expiresOn,
            issuer: issued.issuer,
            serial_number: issued.serialNumber,
            signature: issued.signature,
            status: "active",
            uploaded_on: uploadedOn,
        });
        hostnames.push({
            cert_id: host.certId,
            cert_status: "active",
            cert_updated_at: uploadedOn,
            cert_uploaded_on: uploadedOn,
            certificate: issued.pem,
            created_at: uploadedOn,
            enabled: host.enabled,
            expires_on: expiresOn,
            hostname: host.hostname,
            issuer: issued.issuer,
            serial_number: issued.serialNumber,
            signature: issued.signature,
            status: host.status,
            updated_at: isoSeconds(now - Math.min(host.issuedDaysAgo, 1) * DAY_MS),
        });
    }
    return { zones: { [SAMPLE_ZONE_ID]: { hostnames, certificates } } };
}
