/**
 * Input validation, shared by the provider's `check`, the functions and the CLI.
 *
 * Pure: no HTTP, no Pulumi. Each rule exists because a value that breaks it would either be
 * rejected by Cloudflare after a wasted request or, worse, change which API path we call.
 */
import { domainToASCII } from "node:url";

import type { StatusInputs } from "./types";

export interface CheckFailure {
    property: string;
    reason: string;
}

export const DEFAULT_EXPIRY_WARNING_DAYS = 30;
export const MAX_EXPIRY_WARNING_DAYS = 3650;
export const MAX_HOSTNAME_LENGTH = 255;
export const MAX_LABEL_LENGTH = 63;

/**
 * Pulumi's marker for a value that is not known yet during preview (for example an output of a
 * resource that does not exist yet). It cannot be validated, so it is let through untouched.
 */
export const UNKNOWN_VALUE = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

const ZONE_ID = /^[0-9a-f]{32}$/;
const LABEL = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/;

function describe(value: unknown): string {
    if (value === null) return "null";
    if (Array.isArray(value)) return "an array";
    if (typeof value === "string") return JSON.stringify(value.length > 80 ? `${value.slice(0, 77)}...` : value);
    return `a ${typeof value}`;
}

export function isUnknown(value: unknown): boolean {
    return value === UNKNOWN_VALUE;
}

/** A zone id is Cloudflare's 32-character lower-case hex identifier. */
export function validateZoneId(value: unknown, property = "zoneId"): CheckFailure[] {
    if (isUnknown(value)) return [];
    if (typeof value !== "string") {
        return [{ property, reason: `${property} must be a string of 32 hexadecimal characters, got ${describe(value)}` }];
    }
    if (ZONE_ID.test(value)) return [];
    let why: string;
    if (value.length === 0) why = "is empty";
    else if (value.length !== 32) why = `has ${value.length} characters`;
    else if (/[0-9A-F]{32}/.test(value) && /[A-F]/.test(value)) why = "has upper-case letters";
    else why = "has characters other than 0-9 and a-f";
    return [
        {
            property,
            reason: `${property} must be 32 lower-case hexadecimal characters (the zone's ID from the Cloudflare dashboard); ${describe(value)} ${why}`,
        },
    ];
}

export interface NormalizedHostname {
    hostname?: string;
    failures: CheckFailure[];
}

/**
 * Checks a hostname and returns its canonical form: lower-case ASCII, IDNs converted to
 * punycode (so `bücher.example` becomes `xn--bcher-kva.example`), an optional `*.` as the
 * leftmost label. Characters that could change the request path or query are rejected outright
 * rather than escaped, because no real hostname contains them.
 */
export function normalizeHostname(value: unknown, property = "hostname"): NormalizedHostname {
    const fail = (reason: string): NormalizedHostname => ({ failures: [{ property, reason: `${property} ${reason}` }] });
    if (isUnknown(value)) return { hostname: value as string, failures: [] };
    if (typeof value !== "string") return fail(`must be a DNS name string, got ${describe(value)}`);
    if (value.length === 0) return fail("must not be empty");
    // Checked on the raw text, before any IDN mapping could hide them.
    const forbidden: Array<[RegExp, string]> = [
        // eslint-disable-next-line no-control-regex -- a hostname with control characters is refused
        [/[\u0000-\u001f\u007f-\u009f]/, "must not contain control characters"],
        [/\s/, "must not contain whitespace"],
        [/\//, "must not contain '/'"],
        [/\\/, "must not contain '\\'"],
        [/\?/, "must not contain '?'"],
        [/#/, "must not contain '#'"],
        [/%/, "must not contain '%' (give the hostname itself, not a URL-encoded form)"],
        [/[@:]/, "must be a bare hostname without a scheme, port or user"],
    ];
    for (const [pattern, reason] of forbidden) {
        if (pattern.test(value)) return fail(`${reason}; got ${describe(value)}`);
    }
    if (value.startsWith(".") || value.endsWith(".")) return fail(`must not start or end with a dot; got ${describe(value)}`);
    if (value.includes("..")) return fail(`must not contain an empty label ('..'); got ${describe(value)}`);

    const wildcard = value.startsWith("*.");
    const rest = wildcard ? value.slice(2) : value;
    if (rest.includes("*")) return fail(`may only use a wildcard as the whole leftmost label ('*.example.com'); got ${describe(value)}`);

    let ascii = rest.toLowerCase();
    if (/[\u0080-\uffff]/.test(rest)) {
        // WHATWG's domainToASCII applies IDNA (UTS #46) mapping and returns "" for names it rejects.
        ascii = domainToASCII(rest);
        if (ascii === "") return fail(`is not a valid internationalised domain name; got ${describe(value)}`);
    }
    const hostname = wildcard ? `*.${ascii}` : ascii;
    if (hostname.length > MAX_HOSTNAME_LENGTH) {
        return fail(`must be at most ${MAX_HOSTNAME_LENGTH} characters; got ${hostname.length}`);
    }
    for (const label of ascii.split(".")) {
        if (label.length === 0) return fail(`must not contain an empty label; got ${describe(value)}`);
        if (label.length > MAX_LABEL_LENGTH) {
            return fail(`labels must be at most ${MAX_LABEL_LENGTH} characters; "${label.slice(0, 20)}..." has ${label.length}`);
        }
        if (!LABEL.test(label)) {
            return fail(`label ${describe(label)} must use only letters, digits and inner hyphens`);
        }
    }
    return { hostname, failures: [] };
}

/** Where the resource and the functions read credentials by default: `cloudflare:apiToken`, …, as @pulumi/cloudflare does. */
export const DEFAULT_CONFIG_NAMESPACE = "cloudflare";
export const MAX_CONFIG_NAMESPACE_LENGTH = 100;
const CONFIG_NAMESPACE = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

/**
 * A config namespace names the stack config keys a credential is read from (`<namespace>:apiToken`),
 * so it is a plain name: no `:` (that would change which key is read), no spaces.
 */
export function validateConfigNamespace(value: unknown, property = "configNamespace"): CheckFailure[] {
    if (value === undefined || isUnknown(value)) return [];
    if (typeof value === "string" && value.length <= MAX_CONFIG_NAMESPACE_LENGTH && CONFIG_NAMESPACE.test(value)) return [];
    return [
        {
            property,
            reason:
                `${property} ${describe(value)} is not valid: a stack config namespace uses letters, digits, "-", "_" or "." ` +
                `(at most ${MAX_CONFIG_NAMESPACE_LENGTH} characters), e.g. "cloudflare" or "cloudflare-second"`,
        },
    ];
}

export function validateHostname(value: unknown, property = "hostname"): CheckFailure[] {
    return normalizeHostname(value, property).failures;
}

export function validateAllowMissing(value: unknown, property = "allowMissing"): CheckFailure[] {
    if (value === undefined || value === null || isUnknown(value) || typeof value === "boolean") return [];
    return [{ property, reason: `${property} must be true or false, got ${describe(value)}` }];
}

export function validateExpiryWarningDays(value: unknown, property = "expiryWarningDays"): CheckFailure[] {
    if (value === undefined || value === null || isUnknown(value)) return [];
    if (typeof value !== "number" || !Number.isInteger(value) || value < 0 || value > MAX_EXPIRY_WARNING_DAYS) {
        return [
            {
                property,
                reason: `${property} must be a whole number of days from 0 to ${MAX_EXPIRY_WARNING_DAYS}, got ${typeof value === "number" ? String(value) : describe(value)}`,
            },
        ];
    }
    return [];
}

/** Inputs as `check` returns them: normalised, with defaults applied, unknowns kept as unknown. */
export interface CheckedInputs {
    inputs: StatusInputs;
    failures: CheckFailure[];
}

/** Validates every argument at once, so a user sees all of their mistakes in one preview. */
export function checkInputs(raw: Record<string, unknown>): CheckedInputs {
    const failures: CheckFailure[] = [];
    failures.push(...validateZoneId(raw.zoneId));
    const host = normalizeHostname(raw.hostname);
    failures.push(...host.failures);
    failures.push(...validateAllowMissing(raw.allowMissing));
    failures.push(...validateExpiryWarningDays(raw.expiryWarningDays));
    const inputs: StatusInputs = {
        zoneId: raw.zoneId as string,
        hostname: host.hostname ?? (raw.hostname as string),
        allowMissing: typeof raw.allowMissing === "boolean" || isUnknown(raw.allowMissing) ? (raw.allowMissing as boolean) : false,
        expiryWarningDays:
            typeof raw.expiryWarningDays === "number" || isUnknown(raw.expiryWarningDays)
                ? (raw.expiryWarningDays as number)
                : DEFAULT_EXPIRY_WARNING_DAYS,
    };
    return { inputs, failures };
}

/** Splits a resource / import id `<zoneId>/<hostname>` (the form @pulumi/cloudflare imports use). */
export function parseTargetId(id: unknown, property = "id"): { zoneId?: string; hostname?: string; failures: CheckFailure[] } {
    if (typeof id !== "string" || !id.includes("/")) {
        return { failures: [{ property, reason: `${property} must be "<zoneId>/<hostname>", got ${describe(id)}` }] };
    }
    const slash = id.indexOf("/");
    const zoneId = id.slice(0, slash);
    const failures = validateZoneId(zoneId, `${property} zone`);
    const host = normalizeHostname(id.slice(slash + 1), `${property} hostname`);
    failures.push(...host.failures);
    return { zoneId, hostname: host.hostname, failures };
}

export function formatTargetId(zoneId: string, hostname: string): string {
    return `${zoneId}/${hostname}`;
}

/** The request path, with the hostname percent-encoded even though validation already forbids anything unsafe. */
export function hostnameStatusPath(zoneId: string, hostname: string): string {
    return `/zones/${encodeURIComponent(zoneId)}/origin_tls_client_auth/hostnames/${encodeURIComponent(hostname)}`;
}
