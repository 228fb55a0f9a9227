/**
 * Certificate inspection with node:crypto's X509Certificate.
 *
 * Pure and total: it never throws, whatever string (or non-string) it is given, because the
 * certificate comes from an API response and a malformed PEM must degrade to a `problems`
 * entry rather than a crashed deployment.
 *
 * Every certificate in the PEM is read. The first is the leaf: the `cert*` outputs describe it
 * alone, so `certNotAfter` and `daysUntilExpiry` always speak of the same certificate. The ones
 * after it (intermediates, when Cloudflare returns a bundle) are summarised in `chain` so the
 * health rules can flag one that has expired or is about to.
 */
import { X509Certificate } from "node:crypto";

import type { CertificateDetails } from "./types";

/** What the health rules need to know about a certificate after the leaf. */
export interface ChainCertificate {
    /** 1-based position in the PEM; the leaf is 1, so chain entries start at 2. */
    position: number;
    /** The subject in the same form as `certSubject`, or null when the block could not be read. */
    subject: string | null;
    /** ISO 8601, or null when the block could not be read. */
    notBefore: string | null;
    notAfter: string | null;
    /** Why the block could not be read, when it could not. */
    problem: string | null;
}

interface ChainSummary {
    /** The certificates after the leaf, at most MAX_CHAIN_CERTIFICATES of them. */
    chain: ChainCertificate[];
    /** How many more CERTIFICATE blocks the PEM holds beyond those inspected. */
    chainOmitted: number;
}

export type CertificateInspection = ChainSummary &
    (
        | { ok: true; details: CertificateDetails; notBefore: Date; notAfter: Date }
        | { ok: false; details: CertificateDetails; reason: string }
    );

/**
 * Real bundles hold two to four certificates. The PEM comes from the network, so the work done
 * on it (and the number of problems it can produce) is bounded whatever it holds.
 */
export const MAX_CHAIN_CERTIFICATES = 8;

export const EMPTY_CERTIFICATE_DETAILS: Readonly<CertificateDetails> = Object.freeze({
    certFingerprintSha256: null,
    certNotBefore: null,
    certNotAfter: null,
    certSubject: null,
    certSans: [],
});

const BEGIN = "-----BEGIN CERTIFICATE-----";

function failed(reason: string, chain: ChainSummary = { chain: [], chainOmitted: 0 }): CertificateInspection {
    return { ok: false, details: { ...EMPTY_CERTIFICATE_DETAILS, certSans: [] }, reason, ...chain };
}

function why(error: unknown): string {
    return error instanceof Error ? error.message : String(error);
}

/**
 * "C=AU\nO=Example" → "C=AU, O=Example", the one-line form people paste into policies. Node
 * prints each value with RFC 4514's escaping already applied (`CN=a\,b`, control characters as
 * `\0A`), and the values themselves decoded from whatever ASN.1 string type held them, so only the
 * separator changes.
 */
function oneLine(distinguishedName: string): string {
    return distinguishedName
        .split("\n")
        .map((part) => part.trim())
        .filter((part) => part.length > 0)
        .join(", ");
}

/**
 * Splits Node's `subjectAltName` into entries. Since CVE-2021-44532 Node writes an entry that
 * holds a comma, a quote, a backslash or a non-printable character as a JSON string literal
 * (`DNS:"weird\u002cdns.example.com"`), so a comma only separates entries outside quotes.
 * https://nodejs.org/api/crypto.html#x509subjectaltname
 */
function sanEntries(subjectAltName: string): string[] {
    const entries: string[] = [];
    let current = "";
    let quoted = false;
    for (let index = 0; index < subjectAltName.length; index++) {
        const char = subjectAltName[index];
        if (quoted && char === "\\") {
            current += char + (subjectAltName[index + 1] ?? "");
            index++;
        } else if (char === '"') {
            quoted = !quoted;
            current += char;
        } else if (char === "," && !quoted) {
            entries.push(current);
            current = "";
        } else {
            current += char;
        }
    }
    entries.push(current);
    return entries.map((entry) => entry.trim()).filter((entry) => entry.length > 0);
}

const strictUtf8 = new TextDecoder("utf-8", { fatal: true });

/**
 * Node escapes a byte of an IA5String (the type of DNS names, URIs and e-mail addresses) above
 * 0x7E as a Latin-1 code point, byte by byte. Such bytes are not allowed in an IA5String at all;
 * when they form valid UTF-8, UTF-8 is what the issuer wrote ("bücher" rather than "bÃ¼cher").
 */
function utf8FromLatin1Bytes(text: string): string {
    if (!/[\u0080-\u00ff]/.test(text) || /[\u0100-\uffff]/.test(text)) return text;
    try {
        return strictUtf8.decode(Uint8Array.from(text, (char) => char.charCodeAt(0)));
    } catch {
        return text;
    }
}

/** One entry with its JSON-quoted parts decoded: `DNS:"a\u002cb"` → `DNS:a,b`. Node has put the quote both before and after the type prefix. */
function decodeSanEntry(entry: string): string {
    let decoded = "";
    let rest = entry;
    for (let open = rest.indexOf('"'); open !== -1; open = rest.indexOf('"')) {
        decoded += rest.slice(0, open);
        const literal = /^"(?:[^"\\]|\\.)*"/.exec(rest.slice(open));
        if (!literal) return entry;
        try {
            decoded += utf8FromLatin1Bytes(JSON.parse(literal[0]) as string);
        } catch {
            return entry;
        }
        rest = rest.slice(open + literal[0].length);
    }
    return decoded + rest;
}

/** `DNS:a.example, URI:"spiffe://x/a\u002cb"` → `["a.example", "URI:spiffe://x/a,b"]`: DNS names bare, other types keep their prefix. */
export function parseSubjectAltNames(subjectAltName: string | undefined): string[] {
    if (!subjectAltName) return [];
    return sanEntries(subjectAltName)
        .map(decodeSanEntry)
        .map((entry) => (entry.startsWith("DNS:") ? entry.slice(4) : entry));
}

/** OpenSSL's date form ("Nov 22 16:43:01 2016 GMT") as a Date, or null if unparseable. */
function parseDate(text: string): Date | null {
    const millis = Date.parse(text);
    return Number.isNaN(millis) ? null : new Date(millis);
}

/**
 * The text of each CERTIFICATE block, from its BEGIN line to the next one: X509Certificate reads
 * the first certificate of the text it is given, and a block whose END line is missing fails to
 * parse on its own without taking its neighbours down. Returns at most `limit` blocks plus the
 * number left over.
 */
function certificateBlocks(pem: string, limit: number): { blocks: string[]; more: number } {
    const starts: number[] = [];
    let total = 0;
    for (let at = pem.indexOf(BEGIN); at !== -1; at = pem.indexOf(BEGIN, at + BEGIN.length)) {
        total++;
        // One start past the limit is kept: it is where the last kept block ends.
        if (starts.length <= limit) starts.push(at);
    }
    const blocks = starts.slice(0, limit).map((start, index) => pem.slice(start, starts[index + 1] ?? pem.length));
    return { blocks, more: total - blocks.length };
}

function inspectChainBlock(block: string, position: number): ChainCertificate {
    try {
        const cert = new X509Certificate(block);
        const notBefore = parseDate(cert.validFrom);
        const notAfter = parseDate(cert.validTo);
        const subject = oneLine(cert.subject);
        if (!notAfter) return { position, subject, notBefore: null, notAfter: null, problem: "has validity dates that could not be read" };
        return {
            position,
            subject,
            notBefore: notBefore ? notBefore.toISOString() : null,
            notAfter: notAfter.toISOString(),
            problem: null,
        };
    } catch (error) {
        return { position, subject: null, notBefore: null, notAfter: null, problem: `could not be parsed (${why(error)})` };
    }
}

function inspectChain(blocks: readonly string[], more: number): ChainSummary {
    return { chain: blocks.slice(1).map((block, index) => inspectChainBlock(block, index + 2)), chainOmitted: more };
}

export function inspectCertificate(pem: unknown): CertificateInspection {
    if (pem === null || pem === undefined || pem === "") return failed("no certificate PEM was returned");
    if (typeof pem !== "string") return failed(`certificate is ${typeof pem}, not a PEM string`);
    if (!pem.includes(BEGIN)) return failed("certificate is not a PEM (no BEGIN CERTIFICATE line)");
    const { blocks, more } = certificateBlocks(pem, 1 + MAX_CHAIN_CERTIFICATES);
    const chain = inspectChain(blocks, more);
    let cert: X509Certificate;
    try {
        cert = new X509Certificate(blocks[0]);
    } catch (error) {
        return failed(`certificate PEM could not be parsed (${why(error)})`, chain);
    }
    try {
        const notBefore = parseDate(cert.validFrom);
        const notAfter = parseDate(cert.validTo);
        if (!notBefore || !notAfter) return failed("certificate validity dates could not be read", chain);
        return {
            ok: true,
            notBefore,
            notAfter,
            details: {
                certFingerprintSha256: cert.fingerprint256,
                certNotBefore: notBefore.toISOString(),
                certNotAfter: notAfter.toISOString(),
                certSubject: oneLine(cert.subject),
                certSans: parseSubjectAltNames(cert.subjectAltName),
            },
            ...chain,
        };
    } catch (error) {
        return failed(`certificate fields could not be read (${why(error)})`, chain);
    }
}

/** Fingerprints are compared without case or separators so "AB:CD…" and "abcd…" match. */
export function normalizeFingerprint(fingerprint: string): string {
    return fingerprint.replace(/[^0-9a-fA-F]/g, "").toLowerCase();
}
