/**
 * Maps Cloudflare's snake_case result to the camelCase outputs, and derives the local fields
 * (certificate details, days until expiry, health).
 *
 * Pure: no HTTP, no Pulumi. Mapping is total: any JSON value in, a value or a typed error out,
 * never a throw (only `outputsFor` throws, the lookup's own NotFoundError, when the inputs do not
 * allow a missing hostname). Fields are all optional in the API, so absence maps to null; extra
 * fields are ignored; enum values are passed through untouched so new statuses do not break old code.
 */
import { inspectCertificate, EMPTY_CERTIFICATE_DETAILS } from "./certificate";
import { cloudflareCodes, InvalidResponseError, type ErrorTarget, type NotFoundError } from "./errors";
import { isRecord } from "./guards";
import { assess, daysUntil, type Assessment } from "./health";
import type { HealthVerdict, HostnameStatusFields, StatusInputs, StatusOutputs } from "./types";

const STRING_FIELDS: ReadonlyArray<[keyof HostnameStatusFields, string]> = [
    ["certId", "cert_id"],
    ["certStatus", "cert_status"],
    ["certUpdatedAt", "cert_updated_at"],
    ["certUploadedOn", "cert_uploaded_on"],
    ["certificate", "certificate"],
    ["createdAt", "created_at"],
    ["expiresOn", "expires_on"],
    ["issuer", "issuer"],
    ["serialNumber", "serial_number"],
    ["signature", "signature"],
    ["status", "status"],
    ["updatedAt", "updated_at"],
];

/** The API fields, in a fixed order; used by the provider's diff. */
export const API_FIELDS: ReadonlyArray<keyof HostnameStatusFields> = [...STRING_FIELDS.map(([name]) => name), "enabled"];

function text(value: unknown): string | null {
    if (typeof value === "string") return value;
    // A number where a string belongs (a serial number, say) is still information worth keeping.
    if (typeof value === "number" && Number.isFinite(value)) return String(value);
    return null;
}

/** The result object to camelCase fields, or a typed error when there is no object to map. */
export function mapHostnameStatus(result: unknown, target: ErrorTarget = {}, status = 200): HostnameStatusFields | InvalidResponseError {
    if (!isRecord(result)) {
        const got = result === null ? "null" : Array.isArray(result) ? "an array" : typeof result;
        return new InvalidResponseError(status, `"result" is ${got}, expected the hostname status object`, target);
    }
    const fields = { enabled: typeof result.enabled === "boolean" ? result.enabled : null } as HostnameStatusFields;
    for (const [name, wire] of STRING_FIELDS) {
        (fields as unknown as Record<string, string | null>)[name] = text(result[wire]);
    }
    return fields;
}

const EMPTY_FIELDS: HostnameStatusFields = {
    certId: null,
    certStatus: null,
    certUpdatedAt: null,
    certUploadedOn: null,
    certificate: null,
    createdAt: null,
    enabled: null,
    expiresOn: null,
    issuer: null,
    serialNumber: null,
    signature: null,
    status: null,
    updatedAt: null,
};

export interface VerdictOptions {
    /** Count a disabled or voided association as a problem (default true, as the resource does). */
    requireEnabled?: boolean;
}

/** The verdict as outputs: messages for people and, index by index, their codes for programs. */
function verdictOutputs(verdict: Assessment): HealthVerdict {
    return {
        healthy: verdict.healthy,
        problems: verdict.problems.map((problem) => problem.message),
        problemCodes: verdict.problems.map((problem) => problem.code),
    };
}

/**
 * Builds every output from validated inputs and mapped fields (`null` fields: hostname not found,
 * with `notFoundCodes` the codes of Cloudflare's 404, quoted in the problem).
 */
export function buildOutputs(
    inputs: StatusInputs,
    fields: HostnameStatusFields | null,
    now: Date = new Date(),
    options: VerdictOptions = {},
    notFoundCodes: readonly number[] = [],
): StatusOutputs {
    const base = {
        zoneId: inputs.zoneId,
        hostname: inputs.hostname,
        allowMissing: inputs.allowMissing,
        expiryWarningDays: inputs.expiryWarningDays,
    };
    if (fields === null) {
        const verdict = assess(
            { found: false, notFoundCodes, enabled: null, status: null, certStatus: null, certNotBefore: null, daysUntilExpiry: null },
            { expiryWarningDays: inputs.expiryWarningDays, now, requireEnabled: options.requireEnabled },
        );
        return {
            ...base,
            found: false,
            ...EMPTY_FIELDS,
            ...EMPTY_CERTIFICATE_DETAILS,
            certSans: [],
            daysUntilExpiry: null,
            ...verdictOutputs(verdict),
        };
    }
    const inspection = inspectCertificate(fields.certificate);
    // The PEM is the truth; `expires_on` only stands in when there is no usable PEM.
    const expiryDate = inspection.ok ? inspection.details.certNotAfter : fields.expiresOn;
    const daysUntilExpiry = daysUntil(expiryDate, now);
    const verdict = assess(
        {
            found: true,
            enabled: fields.enabled,
            status: fields.status,
            certStatus: fields.certStatus,
            certificateProblem: inspection.ok ? null : inspection.reason,
            certNotBefore: inspection.details.certNotBefore,
            daysUntilExpiry,
            expiryDate,
            chain: inspection.chain,
            chainOmitted: inspection.chainOmitted,
        },
        { expiryWarningDays: inputs.expiryWarningDays, now, requireEnabled: options.requireEnabled },
    );
    return {
        ...base,
        found: true,
        ...fields,
        ...inspection.details,
        daysUntilExpiry,
        ...verdictOutputs(verdict),
    };
}

/** The result of one read: Cloudflare's fields, or the 404 that says there are none. */
export type StatusLookup = { found: true; fields: HostnameStatusFields } | { found: false; error: NotFoundError };

/** Outputs from a lookup: a 404 becomes `found: false` only when the inputs allow it; otherwise its NotFoundError is thrown. */
export function outputsFor(inputs: StatusInputs, lookup: StatusLookup, now: Date = new Date()): StatusOutputs {
    if (lookup.found) return buildOutputs(inputs, lookup.fields, now);
    if (inputs.allowMissing) return buildOutputs(inputs, null, now, {}, cloudflareCodes(lookup.error.errors));
    throw lookup.error;
}

/** One step from an API result to outputs: the typed error when the result is unusable. */
export function toOutputs(inputs: StatusInputs, result: unknown, now: Date = new Date()): StatusOutputs | InvalidResponseError {
    const fields = mapHostnameStatus(result, { zoneId: inputs.zoneId, hostname: inputs.hostname });
    if (fields instanceof InvalidResponseError) return fields;
    return buildOutputs(inputs, fields, now);
}
