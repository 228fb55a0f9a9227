/**
 * A zone's Authenticated Origin Pulls inventory, from the three answers Cloudflare gives about a
 * zone: whether zone-level AOP is on (`…/origin_tls_client_auth/settings`), the zone-level
 * certificates (`…/origin_tls_client_auth`) and the hostname certificates
 * (`…/origin_tls_client_auth/hostnames/certificates`, paged).
 *
 * Pure: plain values in, plain values (or a typed error) out, never a throw and no I/O. Every
 * answer is hostile data: a field of the wrong type counts as absent, strings are cut to a bound,
 * a PEM over a bound is not parsed, and a list or an item that is not what the contract says is
 * an InvalidResponseError for the zone rather than a guess.
 *
 * A certificate's verdict uses the health rules of `health.ts` (the ones the resource, the CLI
 * and the policy pack share): a status other than `active` (the `*_timed_out` ones included), a
 * missing or unreadable PEM, a leaf not yet valid, expired or expiring within the warning window,
 * and the same for the certificates after the leaf. The PEM is the truth; `expires_on` stands in
 * only when there is no usable PEM.
 *
 * Never a private key: the spec lets these answers carry `private_key`, and a certificate here is
 * built field by field from a fixed list, so that field (and anything else not listed) is never
 * read, kept or shown. The PEM itself is not kept either: the fingerprint identifies the
 * certificate, and a PEM is where a confused or hostile server could put key material.
 */
import { inspectCertificate } from "./certificate";
import { InvalidResponseError, type ErrorTarget } from "./errors";
import { isRecord } from "./guards";
import { certStatusProblem, chainProblems, daysUntil, expiryProblem, notYetValidProblem, type Problem, type ProblemCode } from "./health";
import type { AopStatus, CertificateDetails, HealthVerdict } from "./types";

/** Whether a certificate was uploaded for the whole zone or for hostnames. */
export type CertificateScope = "zone" | "hostname";

export const CERTIFICATE_SCOPES: readonly CertificateScope[] = ["zone", "hostname"];

/** Bounds on what is taken from an answer, whatever it holds. */
export const INVENTORY_LIMITS = Object.freeze({
    /** Real ids are 32 hex characters or 36-character UUIDs. */
    maxIdLength: 128,
    /** An issuer, a serial number, a signature algorithm, a date. */
    maxTextLength: 1024,
    /** A leaf and a few intermediates are a few KiB; a larger PEM is not parsed. */
    maxPemLength: 64 * 1024,
    /** Certificates kept per list; more makes the inventory incomplete rather than unbounded. */
    maxCertificatesPerList: 5000,
});

/** One certificate of the inventory. Plain data: every value survives JSON and a stack export. */
export interface InventoryCertificate extends CertificateDetails, HealthVerdict {
    zoneId: string;
    scope: CertificateScope;
    /** Cloudflare's certificate id, the one a DELETE takes. */
    id: string;
    /** The certificate's status as Cloudflare sent it; only `active` is healthy. */
    status: AopStatus | null;
    /** As Cloudflare states them. */
    issuer: string | null;
    serialNumber: string | null;
    signature: string | null;
    uploadedOn: string | null;
    expiresOn: string | null;
    /** ISO 8601: the PEM's notAfter, else `expires_on`; null when neither can be read. */
    notAfter: string | null;
    /** Whole days from the read to `notAfter`; negative once expired. */
    daysUntilExpiry: number | null;
}

/** Why a list may hold fewer certificates than the zone has. */
export type IncompleteReason =
    /** `result_info.total_pages` says there are more pages than the page cap allowed. */
    | "page-cap"
    /** `result_info.total_count` says there are more certificates than were read. */
    | "total-count"
    /** The same certificate came back twice: the list changed while it was being read, so one may have been skipped. */
    | "list-shifted"
    /** More certificates than INVENTORY_LIMITS.maxCertificatesPerList. */
    | "too-many";

export interface ListReading {
    scope: CertificateScope;
    /** Pages read. */
    pages: number;
    /** Certificates kept (duplicates dropped). */
    count: number;
    /** `result_info.total_count` of the last page, when the answer had one. */
    totalCount: number | null;
    complete: boolean;
    /** Why it is incomplete; null when complete. */
    reason: IncompleteReason | null;
    /** The same, for people; null when complete. */
    message: string | null;
}

export interface ZoneInventory {
    zoneId: string;
    /** `…/settings`'s `enabled`; null when the answer did not say. */
    zoneLevelEnabled: boolean | null;
    /** Zone-level certificates first, then hostname certificates, each in the order Cloudflare listed them. */
    certificates: InventoryCertificate[];
    /** One per scope, zone first. */
    lists: ListReading[];
    /** False when either list may be missing certificates: an incomplete inventory is never a clean bill of health. */
    complete: boolean;
}

/** One list endpoint's answer as the client read it (`getPages`). */
export interface ListAnswer {
    result: unknown;
    pages: number;
    /** False when the page cap stopped the reading. */
    complete: boolean;
    /** `result_info.total_count`, when the answer had one. */
    totalCount?: number | null;
    /** The cap that applied, for the message. */
    maxPages?: number;
}

/** The three answers about one zone. */
export interface ZoneAnswers {
    zoneId: string;
    /** `result` of `GET …/origin_tls_client_auth/settings`. */
    settings: unknown;
    zoneCertificates: ListAnswer;
    hostnameCertificates: ListAnswer;
}

export interface InventoryOptions {
    /** A certificate expiring in fewer days than this is a problem. */
    expiryWarningDays: number;
    /** One instant for every certificate. */
    now: Date;
}

const ENDPOINT: Record<CertificateScope, string> = {
    zone: "zone-level certificate list (GET …/origin_tls_client_auth)",
    hostname: "hostname certificate list (GET …/origin_tls_client_auth/hostnames/certificates)",
};

function describe(value: unknown): string {
    if (value === null) return "null";
    if (Array.isArray(value)) return "a list";
    return typeof value === "object" ? "an object" : `a ${typeof value}`;
}

function bounded(text: string, max: number): string {
    if (text.length <= max) return text;
    return `${Array.from(text.slice(0, max + 1))
        .slice(0, max - 1)
        .join("")}…`;
}

/** A string field, cut to the bound; anything else is absent. */
function text(value: unknown): string | null {
    return typeof value === "string" ? bounded(value, INVENTORY_LIMITS.maxTextLength) : null;
}

/** A serial number sent as a number is still one. */
function serial(value: unknown): string | null {
    return typeof value === "number" && Number.isFinite(value) ? String(value) : text(value);
}

/** ISO 8601 of a date Cloudflare sent, or null when it is not one. */
function isoDate(value: string | null): string | null {
    if (value === null) return null;
    const millis = Date.parse(value);
    return Number.isNaN(millis) ? null : new Date(millis).toISOString();
}

/** The problem for the PEM itself, with the codes `assess` uses. */
function certificateProblem(reason: string): Problem {
    return { code: reason.startsWith("no certificate") ? "no-certificate" : "bad-certificate", message: reason };
}

/**
 * One certificate from one list item, or the reason the item is unusable. Only the fields named
 * here are read: `private_key` (and anything else) never leaves this function.
 */
export function inventoryCertificate(
    item: unknown,
    scope: CertificateScope,
    zoneId: string,
    options: InventoryOptions,
): InventoryCertificate | string {
    if (!isRecord(item)) return `is ${describe(item)}, expected a certificate object`;
    const rawId = item.id;
    if (typeof rawId !== "string" || rawId.trim().length === 0) return `has no certificate id (id is ${describe(rawId)})`;
    if (rawId.length > INVENTORY_LIMITS.maxIdLength)
        return `has an id of ${rawId.length} characters, more than ${INVENTORY_LIMITS.maxIdLength}`;

    const pem = item.certificate;
    const inspection = typeof pem === "string" && pem.length > INVENTORY_LIMITS.maxPemLength ? null : inspectCertificate(pem);
    const pemProblem =
        inspection === null
            ? `certificate PEM is larger than ${INVENTORY_LIMITS.maxPemLength / 1024} KiB and was not read`
            : inspection.ok
              ? null
              : inspection.reason;
    const status = text(item.status);
    const expiresOn = text(item.expires_on);
    // The PEM is the truth; `expires_on` only stands in when there is no usable PEM.
    const notAfter = inspection?.ok ? inspection.details.certNotAfter : isoDate(expiresOn);
    const daysUntilExpiry = daysUntil(notAfter, options.now);
    const problems: Array<Problem | undefined> = [
        // The certificate's own status, worded as the hostname status words its certificate's.
        certStatusProblem(status),
        pemProblem === null ? undefined : certificateProblem(pemProblem),
        notYetValidProblem(inspection?.details.certNotBefore, options.now),
        expiryProblem(daysUntilExpiry, options.expiryWarningDays, notAfter),
        ...(inspection ? chainProblems(inspection.chain, inspection.chainOmitted, options.expiryWarningDays, options.now) : []),
    ];
    const found = problems.filter((problem): problem is Problem => problem !== undefined);
    const details = inspection?.details;
    return {
        zoneId,
        scope,
        id: rawId,
        status,
        issuer: text(item.issuer),
        serialNumber: serial(item.serial_number),
        signature: text(item.signature),
        uploadedOn: text(item.uploaded_on),
        expiresOn,
        certFingerprintSha256: details?.certFingerprintSha256 ?? null,
        certNotBefore: details?.certNotBefore ?? null,
        certNotAfter: details?.certNotAfter ?? null,
        certSubject: details?.certSubject ?? null,
        certSans: details ? [...details.certSans] : [],
        notAfter,
        daysUntilExpiry,
        healthy: found.length === 0,
        problems: found.map((problem) => problem.message),
        problemCodes: found.map((problem): ProblemCode => problem.code),
    };
}

function incompleteMessage(scope: CertificateScope, reason: IncompleteReason, answer: ListAnswer, count: number): string {
    const list = scope === "zone" ? "the zone-level certificate list" : "the hostname certificate list";
    switch (reason) {
        case "page-cap":
            return `${list} has more pages than the ${answer.maxPages ?? answer.pages} read (--max-pages, or maxPages for the function); raise it to read them all`;
        case "total-count":
            return `${list} says it holds ${answer.totalCount} certificates, but ${count} came back`;
        case "list-shifted":
            return `${list} changed while it was read (a certificate came back twice, so another may have been skipped); run again`;
        case "too-many":
            return `${list} holds more than ${INVENTORY_LIMITS.maxCertificatesPerList} certificates; only the first were read`;
    }
}

/** One list's certificates and how complete it is, or the InvalidResponseError of an unusable list. */
export function readCertificateList(
    answer: ListAnswer,
    scope: CertificateScope,
    zoneId: string,
    options: InventoryOptions,
): { certificates: InventoryCertificate[]; reading: ListReading } | InvalidResponseError {
    const target: ErrorTarget = { zoneId };
    if (!Array.isArray(answer.result)) {
        return new InvalidResponseError(
            200,
            `the ${ENDPOINT[scope]} returned ${describe(answer.result)} as "result", expected a list`,
            target,
        );
    }
    const certificates: InventoryCertificate[] = [];
    const seen = new Set<string>();
    let shifted = false;
    const items = answer.result.slice(0, INVENTORY_LIMITS.maxCertificatesPerList);
    for (const [index, item] of items.entries()) {
        const certificate = inventoryCertificate(item, scope, zoneId, options);
        if (typeof certificate === "string") {
            return new InvalidResponseError(200, `item ${index + 1} of the ${ENDPOINT[scope]} ${certificate}`, target);
        }
        if (seen.has(certificate.id)) {
            shifted = true;
            continue;
        }
        seen.add(certificate.id);
        certificates.push(certificate);
    }
    const totalCount =
        typeof answer.totalCount === "number" && Number.isSafeInteger(answer.totalCount) && answer.totalCount >= 0
            ? answer.totalCount
            : null;
    let reason: IncompleteReason | null = null;
    if (answer.result.length > INVENTORY_LIMITS.maxCertificatesPerList) reason = "too-many";
    else if (!answer.complete) reason = "page-cap";
    else if (shifted) reason = "list-shifted";
    // The contract lists total_count but not total_pages: where total_pages is absent only one page
    // is read, and total_count is then the one sign that more exist.
    else if (totalCount !== null && totalCount > answer.result.length) reason = "total-count";
    return {
        certificates,
        reading: {
            scope,
            pages: answer.pages,
            count: certificates.length,
            totalCount,
            complete: reason === null,
            reason,
            message: reason === null ? null : incompleteMessage(scope, reason, { ...answer, totalCount }, answer.result.length),
        },
    };
}

/** Whether zone-level AOP is on, from `…/settings`'s result, or the error of an answer that is not an object. */
export function readZoneSetting(result: unknown, zoneId: string): boolean | null | InvalidResponseError {
    if (!isRecord(result)) {
        return new InvalidResponseError(
            200,
            `the zone-level AOP setting (GET …/origin_tls_client_auth/settings) returned ${describe(result)} as "result", expected {"enabled": …}`,
            { zoneId },
        );
    }
    return typeof result.enabled === "boolean" ? result.enabled : null;
}

/** The zone's inventory from its three answers, or the InvalidResponseError of the first unusable one. */
export function buildZoneInventory(answers: ZoneAnswers, options: InventoryOptions): ZoneInventory | InvalidResponseError {
    const { zoneId } = answers;
    const zoneLevelEnabled = readZoneSetting(answers.settings, zoneId);
    if (zoneLevelEnabled instanceof InvalidResponseError) return zoneLevelEnabled;
    const zone = readCertificateList(answers.zoneCertificates, "zone", zoneId, options);
    if (zone instanceof InvalidResponseError) return zone;
    const hostname = readCertificateList(answers.hostnameCertificates, "hostname", zoneId, options);
    if (hostname instanceof InvalidResponseError) return hostname;
    return {
        zoneId,
        zoneLevelEnabled,
        certificates: [...zone.certificates, ...hostname.certificates],
        lists: [zone.reading, hostname.reading],
        complete: zone.reading.complete && hostname.reading.complete,
    };
}

/** True when the inventory is complete and every certificate in it is healthy. */
export function inventoryHealthy(inventory: Pick<ZoneInventory, "complete" | "certificates">): boolean {
    return inventory.complete && inventory.certificates.every((certificate) => certificate.healthy);
}
