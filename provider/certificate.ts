/**
 * Certificate inspection with node:crypto's X509Certificate.
 *
 * Pure and total: it never throws, whatever string (or non-string) it is given, because the
 * certificate comes from an API response and a malformed PEM must degrade to a `problems`
 * entry rather than a crashed deployment.
 */
import { X509Certificate } from "node:crypto";

import type { CertificateDetails } from "./types";

export type CertificateInspection =
    { ok: true; details: CertificateDetails; notBefore: Date; notAfter: Date } | { ok: false; details: CertificateDetails; reason: string };

export const EMPTY_CERTIFICATE_DETAILS: Readonly<CertificateDetails> = Object.freeze({
    certFingerprintSha256: null,
    certNotBefore: null,
    certNotAfter: null,
    certSubject: null,
    certSans: [],
});

function empty(reason: string): CertificateInspection {
    return { ok: false, details: { ...EMPTY_CERTIFICATE_DETAILS, certSans: [] }, reason };
}

/** "C=AU\nO=Example" → "C=AU, O=Example", the one-line form people paste into policies. */
function oneLine(distinguishedName: string): string {
    return distinguishedName
        .split("\n")
        .map((part) => part.trim())
        .filter((part) => part.length > 0)
        .join(", ");
}

/** "DNS:a.example, IP Address:10.0.0.1" → ["a.example", "IP Address:10.0.0.1"]. */
function sans(subjectAltName: string | undefined): string[] {
    if (!subjectAltName) return [];
    return subjectAltName
        .split(/,\s*/)
        .map((entry) => entry.trim())
        .filter((entry) => entry.length > 0)
        .map((entry) => (entry.startsWith("DNS:") ? entry.slice(4) : entry));
}

/** OpenSSL's date form ("Nov 22 16:43:01 2016 GMT") to ISO 8601, or null if unparseable. */
function isoDate(text: string): Date | null {
    const millis = Date.parse(text);
    return Number.isNaN(millis) ? null : new Date(millis);
}

export function inspectCertificate(pem: unknown): CertificateInspection {
    if (pem === null || pem === undefined || pem === "") return empty("no certificate PEM was returned");
    if (typeof pem !== "string") return empty(`certificate is ${typeof pem}, not a PEM string`);
    if (!pem.includes("-----BEGIN CERTIFICATE-----")) return empty("certificate is not a PEM (no BEGIN CERTIFICATE line)");
    let cert: X509Certificate;
    try {
        cert = new X509Certificate(pem);
    } catch (error) {
        const why = error instanceof Error ? error.message : String(error);
        return empty(`certificate PEM could not be parsed (${why})`);
    }
    try {
        const notBefore = isoDate(cert.validFrom);
        const notAfter = isoDate(cert.validTo);
        if (!notBefore || !notAfter) return empty("certificate validity dates could not be read");
        return {
            ok: true,
            notBefore,
            notAfter,
            details: {
                certFingerprintSha256: cert.fingerprint256,
                certNotBefore: notBefore.toISOString(),
                certNotAfter: notAfter.toISOString(),
                certSubject: oneLine(cert.subject),
                certSans: sans(cert.subjectAltName),
            },
        };
    } catch (error) {
        const why = error instanceof Error ? error.message : String(error);
        return empty(`certificate fields could not be read (${why})`);
    }
}

/** Fingerprints are compared without case or separators so "AB:CD…" and "abcd…" match. */
export function normalizeFingerprint(fingerprint: string): string {
    return fingerprint.replace(/[^0-9a-fA-F]/g, "").toLowerCase();
}
