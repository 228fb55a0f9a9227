// Checks seed documents and hostname patches by hand: the emulator ships
// without Ajv, and hand-written checks give messages that name the field.
// Values must match the spec's types and enums; deliberately off-spec data
// (unknown enum values, missing fields) belongs in a `mutate` fault instead.

import { readFileSync } from "node:fs";
import { SeedValidationError } from "./errors";
import { AOP_STATUSES, type CertificateRecord, type HostnamePatch, type HostnameRecord, type SeedDocument, type ZoneSeed } from "./types";

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
};

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

function checkCertificateRecord(value: unknown, where: string, problems: string[]): void {
    if (!isPlainObject(value)) {
        problems.push(`${where} must be an object`);
        return;
    }
    if (value.id === undefined) problems.push(`${where}.id is required`);
    checkFields(value, CERTIFICATE_FIELDS, where, problems, { allowNullRemoval: false });
}

function checkZone(zoneId: string, value: unknown, problems: string[]): void {
    const where = `zones["${zoneId}"]`;
    if (!isZoneId(zoneId)) problems.push(`${where}: zone ids must be 32 lowercase hex characters`);
    if (!isPlainObject(value)) {
        problems.push(`${where} must be an object`);
        return;
    }
    for (const key of Object.keys(value)) {
        if (key !== "hostnames" && key !== "certificates")
            problems.push(`${where}.${key} is not a known field (known: hostnames, certificates)`);
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
    if (zone.certificates !== undefined) {
        if (!Array.isArray(zone.certificates)) problems.push(`${where}.certificates must be an array`);
        else {
            const seen = new Set<string>();
            zone.certificates.forEach((record: unknown, i) => {
                checkCertificateRecord(record, `${where}.certificates[${i}]`, problems);
                const id = isPlainObject(record) ? record.id : undefined;
                if (typeof id === "string") {
                    if (seen.has(id)) problems.push(`${where}.certificates[${i}].id "${id}" appears twice`);
                    seen.add(id);
                }
            });
        }
    }
}

/** Returns `input` typed as a SeedDocument, or throws SeedValidationError listing every problem. */
export function validateSeed(input: unknown, source = "seed"): SeedDocument {
    const problems: string[] = [];
    if (!isPlainObject(input)) throw new SeedValidationError(["the document must be an object with a `zones` object"], source);
    for (const key of Object.keys(input)) {
        if (key !== "zones") problems.push(`${key} is not a known top-level field (known: zones)`);
    }
    if (!isPlainObject(input.zones)) problems.push("zones must be an object keyed by zone id");
    else for (const [zoneId, zone] of Object.entries(input.zones)) checkZone(zoneId, zone, problems);
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
    return input as HostnamePatch;
}
