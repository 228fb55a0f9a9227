// Built-in data sets. `sampleSeed` is the spec's own example response;
// `demoSeed` adds hostnames in each interesting health state, with real
// certificates whose validity matches `expires_on`.

import { issueCertificate } from "./certificates";
import type { AopStatus, CertificateRecord, HostnameRecord, SeedDocument, ZoneCertificateRecord } from "./types";

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

/**
 * What the scan seed puts in `private_key` of one certificate: not a key, a marked fake that a
 * client's test can look for to prove the client never shows or stores it.
 */
export const PRIVATE_KEY_CANARY =
    "-----BEGIN PRIVATE KEY-----\nAOP-EMULATOR-CANARY-THIS-IS-NOT-A-KEY-A-CLIENT-MUST-NEVER-SHOW-IT\n-----END PRIVATE KEY-----\n";

export const SCAN_ZONE_ID = "0a0b5ca11e5e4a6f8d9c7b6a5f4e3d2c";

function scanCertId(n: number): string {
    return `5ca7${n.toString(16).padStart(28, "0")}`;
}

const HEALTHY_SCAN_HOSTS = 21;

/** The scan zone's contents, for tests of `aop-status scan` and the inventory functions. */
export const SCAN_FIXTURE = {
    zoneId: SCAN_ZONE_ID,
    /** Zone-level AOP is on, with one healthy zone-level certificate. */
    zoneCertificateId: "5ca70c0000000000000000000000000a",
    /** 25 hostname certificates: two pages at the default page size of 20. */
    hostnameCertificateCount: HEALTHY_SCAN_HOSTS + 4,
    /** Each on a certificate of its own, valid for a year. */
    healthy: Array.from({ length: HEALTHY_SCAN_HOSTS }, (_, i) => ({
        hostname: `host-${String(i + 1).padStart(2, "0")}.scan.example.com`,
        certId: scanCertId(i + 1),
    })),
    /** Its certificate expired three days ago (status still active: Cloudflare never removes expired certificates). */
    expired: { hostname: "expired.scan.example.com", certId: scanCertId(101) },
    /** Its certificate expires in 10 days (and an hour, so a read moments later still counts 10 whole days). */
    expiring: { hostname: "expiring.scan.example.com", certId: scanCertId(102) },
    /** Association and certificate both `deployment_timed_out`. */
    timedOut: { hostname: "timed-out.scan.example.com", certId: scanCertId(103) },
    /** No hostname uses it; it carries PRIVATE_KEY_CANARY in `private_key`. */
    unusedCertId: scanCertId(104),
} as const;

interface ScanCertificate {
    id: string;
    commonName: string;
    issuedDaysAgo: number;
    expiresInDays: number;
    status: AopStatus;
}

function scanCertificate(spec: ScanCertificate, now: number): CertificateRecord {
    const issued = issueCertificate({
        commonName: spec.commonName,
        notBefore: new Date(now - spec.issuedDaysAgo * DAY_MS - 60_000),
        notAfter: new Date(now + spec.expiresInDays * DAY_MS + 3_600_000),
    });
    return {
        id: spec.id,
        certificate: issued.pem,
        expires_on: isoSeconds(issued.notAfter.getTime()),
        issuer: issued.issuer,
        serial_number: issued.serialNumber,
        signature: issued.signature,
        status: spec.status,
        uploaded_on: isoSeconds(issued.notBefore.getTime()),
    };
}

function scanHostname(hostname: string, certificate: CertificateRecord, status: AopStatus): HostnameRecord {
    return {
        cert_id: certificate.id,
        cert_status: certificate.status,
        cert_updated_at: certificate.uploaded_on,
        cert_uploaded_on: certificate.uploaded_on,
        certificate: certificate.certificate,
        created_at: certificate.uploaded_on,
        enabled: true,
        expires_on: certificate.expires_on,
        hostname,
        issuer: certificate.issuer,
        serial_number: certificate.serial_number,
        signature: certificate.signature,
        status,
        updated_at: certificate.uploaded_on,
    };
}

/**
 * `demoSeed` plus a second zone (SCAN_ZONE_ID) for zone inventories: zone-level AOP on with one
 * zone-level certificate, and 25 hostname certificates (two pages at the default page size): 21
 * healthy ones in use, one expired, one expiring in 10 days, one `deployment_timed_out`, and one no
 * hostname uses. Every certificate is a real PEM whose dates match `expires_on`.
 */
export function scanSeed(now: number = Date.now()): SeedDocument {
    const seed = demoSeed(now);
    const f = SCAN_FIXTURE;
    const certificates: CertificateRecord[] = [];
    const hostnames: HostnameRecord[] = [];
    const add = (hostname: string, spec: ScanCertificate, hostStatus: AopStatus = "active"): void => {
        const certificate = scanCertificate(spec, now);
        certificates.push(certificate);
        hostnames.push(scanHostname(hostname, certificate, hostStatus));
    };
    for (const host of f.healthy) {
        add(host.hostname, { id: host.certId, commonName: host.hostname, issuedDaysAgo: 30, expiresInDays: 335, status: "active" });
    }
    add(f.expired.hostname, {
        id: f.expired.certId,
        commonName: f.expired.hostname,
        issuedDaysAgo: 368,
        expiresInDays: -3,
        status: "active",
    });
    add(f.expiring.hostname, {
        id: f.expiring.certId,
        commonName: f.expiring.hostname,
        issuedDaysAgo: 355,
        expiresInDays: 10,
        status: "active",
    });
    add(
        f.timedOut.hostname,
        { id: f.timedOut.certId, commonName: f.timedOut.hostname, issuedDaysAgo: 2, expiresInDays: 363, status: "deployment_timed_out" },
        "deployment_timed_out",
    );
    certificates.push({
        ...scanCertificate(
            { id: f.unusedCertId, commonName: "unused.scan.example.com", issuedDaysAgo: 60, expiresInDays: 305, status: "active" },
            now,
        ),
        private_key: PRIVATE_KEY_CANARY,
    });

    const zoneLevel = scanCertificate(
        { id: f.zoneCertificateId, commonName: "origin-pull.scan.example.com", issuedDaysAgo: 65, expiresInDays: 300, status: "active" },
        now,
    );
    const zoneCertificate: ZoneCertificateRecord = {
        id: zoneLevel.id,
        certificate: zoneLevel.certificate,
        expires_on: zoneLevel.expires_on,
        issuer: zoneLevel.issuer,
        signature: zoneLevel.signature,
        status: zoneLevel.status,
        uploaded_on: zoneLevel.uploaded_on,
    };
    seed.zones[SCAN_ZONE_ID] = { settings: { enabled: true }, zone_certificates: [zoneCertificate], certificates, hostnames };
    return seed;
}
