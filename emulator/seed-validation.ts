// Checks seed documents and hostname patches by hand: the emulator ships
// without Ajv, and hand-written checks give messages that name the field.
// Values must match the spec's types and enums; deliberately off-spec data
// (unknown enum values, missing fields) belongs in a `mutate` fault instead.

import { readFileSync } from "node:fs";
import { isIP } from "node:net";
import { SeedValidationError } from "./errors";
import {
    AOP_STATUSES,
    TOKEN_PERMISSIONS,
    TOKEN_STATUSES,
    type CertificateRecord,
    type HostnamePatch,
    type HostnameRecord,
    type SeedDocument,
    type TokenSeed,
    type UserSeed,
    type ZoneCertificateRecord,
    type ZoneSeed,
} from "./types";

const ZONE_ID = /^[0-9a-f]{32}$/;
// RFC 3339 date-time, what the spec's `format: date-time` means.
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i;

export function isZoneId(value: string): boolean {
    return ZONE_ID.test(value);
}

type FieldCheck = (value: unknown) => string | undefined;

const text: FieldCheck = (v) => (typeof v === "string" ? undefined : "must be a string");
const dateTime: FieldCheck = (v) =>
    typeof v === "string" && DATE_TIME.test(v) && !Number.isNaN(Date.parse(v)) ? undefined : "must be an RFC 3339 date-time string";
const status: FieldCheck = (v) =>
    typeof v === "string" && (AOP_STATUSES as readonly string[]).includes(v) ? undefined : `must be one of ${AOP_STATUSES.join(", ")}`;
const hostname: FieldCheck = (v) =>
    typeof v === "string" && v.length > 0 && v.length <= 255 ? undefined : "must be a non-empty string of at most 255 characters";
// Real certificate ids are 36-character UUIDs; the spec's responses allow 32.
const certId: FieldCheck = (v) =>
    typeof v === "string" && v.length > 0 && v.length <= 36 ? undefined : "must be a non-empty string of at most 36 characters";
const enabled: FieldCheck = (v) => (v === null || typeof v === "boolean" ? undefined : "must be true, false or null");
const emulatorFlags: FieldCheck = (v) => {
    if (!isPlainObject(v)) return 'must be an object like {"timeOut": true}';
    for (const [name, value] of Object.entries(v)) {
        if (name !== "timeOut") return `has an unknown flag ${name} (known: timeOut)`;
        if (typeof value !== "boolean") return "timeOut must be true or false";
    }
    return undefined;
};

const HOSTNAME_FIELDS: Record<keyof HostnameRecord, FieldCheck> = {
    hostname,
    cert_id: certId,
    cert_status: status,
    cert_updated_at: dateTime,
    cert_uploaded_on: dateTime,
    certificate: text,
    created_at: dateTime,
    enabled,
    expires_on: dateTime,
    issuer: text,
    serial_number: text,
    signature: text,
    status,
    updated_at: dateTime,
    emulator: emulatorFlags,
};

const CERTIFICATE_FIELDS: Record<keyof CertificateRecord, FieldCheck> = {
    id: certId,
    certificate: text,
    expires_on: dateTime,
    issuer: text,
    serial_number: text,
    signature: text,
    status,
    uploaded_on: dateTime,
    private_key: text,
    emulator: emulatorFlags,
};

const ZONE_CERTIFICATE_FIELDS: Record<keyof ZoneCertificateRecord, FieldCheck> = {
    id: certId,
    certificate: text,
    expires_on: dateTime,
    issuer: text,
    signature: text,
    status,
    uploaded_on: dateTime,
    private_key: text,
};

const ZONE_FIELDS = ["hostnames", "certificates", "zone_certificates", "settings"] as const;

function isPlainObject(value: unknown): value is Record<string, unknown> {
    return typeof value === "object" && value !== null && !Array.isArray(value);
}

function checkFields(
    value: Record<string, unknown>,
    fields: Record<string, FieldCheck>,
    where: string,
    problems: string[],
    options: { allowNullRemoval: boolean },
): void {
    for (const [name, fieldValue] of Object.entries(value)) {
        const check = fields[name];
        if (check === undefined) {
            problems.push(`${where}.${name} is not a known field (known: ${Object.keys(fields).join(", ")})`);
            continue;
        }
        if (fieldValue === undefined) continue;
        if (fieldValue === null && options.allowNullRemoval && name !== "enabled") continue;
        const problem = check(fieldValue);
        if (problem !== undefined) problems.push(`${where}.${name} ${problem}`);
    }
}

function checkHostnameRecord(value: unknown, where: string, problems: string[]): void {
    if (!isPlainObject(value)) {
        problems.push(`${where} must be an object`);
        return;
    }
    if (value.hostname === undefined) problems.push(`${where}.hostname is required`);
    checkFields(value, HOSTNAME_FIELDS, where, problems, { allowNullRemoval: false });
}

function checkCertificateList(value: unknown, fields: Record<string, FieldCheck>, where: string, problems: string[]): void {
    if (value === undefined) return;
    if (!Array.isArray(value)) {
        problems.push(`${where} must be an array`);
        return;
    }
    const seen = new Set<string>();
    value.forEach((record: unknown, i) => {
        const at = `${where}[${i}]`;
        if (!isPlainObject(record)) {
            problems.push(`${at} must be an object`);
            return;
        }
        if (record.id === undefined) problems.push(`${at}.id is required`);
        checkFields(record, fields, at, problems, { allowNullRemoval: false });
        if (typeof record.id === "string") {
            if (seen.has(record.id)) problems.push(`${at}.id "${record.id}" appears twice`);
            seen.add(record.id);
        }
    });
}

function checkZone(zoneId: string, value: unknown, problems: string[]): void {
    const where = `zones["${zoneId}"]`;
    if (!isZoneId(zoneId)) problems.push(`${where}: zone ids must be 32 lowercase hex characters`);
    if (!isPlainObject(value)) {
        problems.push(`${where} must be an object`);
        return;
    }
    for (const key of Object.keys(value)) {
        if (!(ZONE_FIELDS as readonly string[]).includes(key))
            problems.push(`${where}.${key} is not a known field (known: ${ZONE_FIELDS.join(", ")})`);
    }
    const zone = value as ZoneSeed;
    if (zone.hostnames !== undefined) {
        if (!Array.isArray(zone.hostnames)) problems.push(`${where}.hostnames must be an array`);
        else {
            const seen = new Set<string>();
            zone.hostnames.forEach((record: unknown, i) => {
                checkHostnameRecord(record, `${where}.hostnames[${i}]`, problems);
                const name = isPlainObject(record) ? record.hostname : undefined;
                if (typeof name === "string") {
                    if (seen.has(name)) problems.push(`${where}.hostnames[${i}].hostname "${name}" appears twice`);
                    seen.add(name);
                }
            });
        }
    }
    checkCertificateList(zone.certificates, CERTIFICATE_FIELDS, `${where}.certificates`, problems);
    checkCertificateList(zone.zone_certificates, ZONE_CERTIFICATE_FIELDS, `${where}.zone_certificates`, problems);
    if (zone.settings !== undefined) {
        const settings: unknown = zone.settings;
        if (!isPlainObject(settings) || typeof settings.enabled !== "boolean" || Object.keys(settings).length !== 1) {
            problems.push(`${where}.settings must be {"enabled": true} or {"enabled": false}`);
        }
    }
}

const HEX32 = /^[0-9a-f]{32}$/;
const hex32: FieldCheck = (v) => (typeof v === "string" && HEX32.test(v) ? undefined : "must be 32 lowercase hex characters");
const secret: FieldCheck = (v) =>
    typeof v === "string" && v.length > 0 && !/\s/.test(v) ? undefined : "must be a non-empty string without whitespace";

function ipEntryProblem(entry: unknown): string | undefined {
    if (typeof entry !== "string") return "must be a string";
    const [address, prefix, extra] = entry.split("/");
    const family = isIP(address);
    if (family === 0 || extra !== undefined) return `"${entry}" is not an IP address or CIDR`;
    if (prefix === undefined) return undefined;
    const bits = Number(prefix);
    const max = family === 4 ? 32 : 128;
    return /^\d+$/.test(prefix) && bits <= max ? undefined : `"${entry}" has a prefix length outside 0..${max}`;
}

const TOKEN_FIELDS: Record<keyof TokenSeed, FieldCheck> = {
    id: hex32,
    value: secret,
    zones: (v) =>
        v === "all" || (Array.isArray(v) && v.every((z) => typeof z === "string" && HEX32.test(z)))
            ? undefined
            : 'must be "all" or an array of 32-hex zone ids',
    permission: (v) =>
        typeof v === "string" && (TOKEN_PERMISSIONS as readonly string[]).includes(v)
            ? undefined
            : `must be one of ${TOKEN_PERMISSIONS.join(", ")}`,
    status: (v) =>
        typeof v === "string" && (TOKEN_STATUSES as readonly string[]).includes(v)
            ? undefined
            : `must be one of ${TOKEN_STATUSES.join(", ")}`,
    expires_on: dateTime,
    not_before: dateTime,
    condition: (v) => {
        if (!isPlainObject(v) || Object.keys(v).some((k) => k !== "request_ip"))
            return 'must be {"request_ip": {"in": [...], "not_in": [...]}}';
        const requestIp = v.request_ip;
        if (requestIp === undefined) return undefined;
        if (!isPlainObject(requestIp) || Object.keys(requestIp).some((k) => k !== "in" && k !== "not_in"))
            return "request_ip must be an object with in and/or not_in";
        for (const list of [requestIp.in, requestIp.not_in]) {
            if (list === undefined) continue;
            if (!Array.isArray(list)) return "request_ip.in and request_ip.not_in must be arrays";
            for (const entry of list) {
                const problem = ipEntryProblem(entry);
                if (problem !== undefined) return `request_ip: ${problem}`;
            }
        }
        return undefined;
    },
    account: hex32,
};

const USER_FIELDS: Record<keyof UserSeed, FieldCheck> = {
    id: hex32,
    email: (v) => (typeof v === "string" && /^[^\s@]+@[^\s@]+$/.test(v) ? undefined : "must be an e-mail address"),
    key: secret,
    tokens: (v) => (Array.isArray(v) ? undefined : "must be an array"),
};

/**
 * Checks users and their tokens: formats, and that ids, e-mails and secrets are unique, because a
 * secret that named two credentials would make every answer ambiguous.
 */
export function checkUsers(value: unknown, where: string, problems: string[]): void {
    if (!Array.isArray(value)) {
        problems.push(`${where} must be an array`);
        return;
    }
    const ids = new Set<string>();
    const emails = new Set<string>();
    const secrets = new Set<string>();
    const seen = (set: Set<string>, item: unknown, what: string, at: string): void => {
        if (typeof item !== "string") return;
        if (set.has(item)) problems.push(`${at} repeats ${what}`);
        set.add(item);
    };
    value.forEach((user: unknown, i) => {
        const at = `${where}[${i}]`;
        if (!isPlainObject(user)) {
            problems.push(`${at} must be an object`);
            return;
        }
        if (user.id === undefined) problems.push(`${at}.id is required`);
        checkFields(user, USER_FIELDS, at, problems, { allowNullRemoval: false });
        if (user.key !== undefined && user.email === undefined) problems.push(`${at}.key needs an email`);
        seen(ids, user.id, "a user id", `${at}.id`);
        if (typeof user.email === "string") seen(emails, user.email.toLowerCase(), "an e-mail address", `${at}.email`);
        seen(secrets, user.key, "a secret already used by another credential", `${at}.key`);
        if (!Array.isArray(user.tokens)) return;
        user.tokens.forEach((token: unknown, j) => {
            const tokenAt = `${at}.tokens[${j}]`;
            if (!isPlainObject(token)) {
                problems.push(`${tokenAt} must be an object`);
                return;
            }
            for (const required of ["id", "value"]) if (token[required] === undefined) problems.push(`${tokenAt}.${required} is required`);
            checkFields(token, TOKEN_FIELDS, tokenAt, problems, { allowNullRemoval: false });
            seen(ids, token.id, "an id", `${tokenAt}.id`);
            seen(secrets, token.value, "a secret already used by another credential", `${tokenAt}.value`);
        });
    });
}

/** Validates users given outside a seed (the `users` option); throws SeedValidationError listing every problem. */
export function validateUsers(input: unknown, source = "users option"): UserSeed[] {
    const problems: string[] = [];
    checkUsers(input, "users", problems);
    if (problems.length > 0) throw new SeedValidationError(problems, source);
    return input as UserSeed[];
}

/** Returns `input` typed as a SeedDocument, or throws SeedValidationError listing every problem. */
export function validateSeed(input: unknown, source = "seed"): SeedDocument {
    const problems: string[] = [];
    if (!isPlainObject(input)) throw new SeedValidationError(["the document must be an object with a `zones` object"], source);
    for (const key of Object.keys(input)) {
        if (key !== "zones" && key !== "users") problems.push(`${key} is not a known top-level field (known: zones, users)`);
    }
    if (!isPlainObject(input.zones)) problems.push("zones must be an object keyed by zone id");
    else for (const [zoneId, zone] of Object.entries(input.zones)) checkZone(zoneId, zone, problems);
    if (input.users !== undefined) checkUsers(input.users, "users", problems);
    if (problems.length > 0) throw new SeedValidationError(problems, source);
    return input as unknown as SeedDocument;
}

/** Reads and validates a JSON seed file. */
export function loadSeedFile(path: string): SeedDocument {
    let raw: string;
    try {
        raw = readFileSync(path, "utf8");
    } catch (error) {
        throw new SeedValidationError(
            [`cannot read the file (${(error as NodeJS.ErrnoException).code ?? String(error)})`],
            `seed file ${path}`,
            {
                cause: error,
            },
        );
    }
    let parsed: unknown;
    try {
        parsed = JSON.parse(raw);
    } catch (error) {
        throw new SeedValidationError([`not valid JSON (${(error as Error).message})`], `seed file ${path}`, { cause: error });
    }
    return validateSeed(parsed, `seed file ${path}`);
}

/** Validates a hostname patch (admin API / control.setHostname). */
export function validateHostnamePatch(input: unknown, source = "hostname patch"): HostnamePatch {
    const problems: string[] = [];
    if (!isPlainObject(input)) throw new SeedValidationError(["must be a JSON object"], source);
    checkFields(input, HOSTNAME_FIELDS, "record", problems, { allowNullRemoval: true });
    if (input.hostname === null) problems.push("record.hostname cannot be removed");
    if (problems.length > 0) throw new SeedValidationError(problems, source);
    return input;
}
