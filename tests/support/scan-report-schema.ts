/**
 * JSON Schema (draft 2020-12 subset Ajv 8 reads by default: draft-07 keywords) of `aop-status scan
 * --format json`, version 1, as provider/cli/scan/json.ts documents it. Strict: no property the
 * documentation does not name (so a PEM or a private key could not slip in unnoticed), every
 * documented one required.
 */
const nullableString = { type: ["string", "null"] };
const errorSummary = {
    type: ["object", "null"],
    additionalProperties: false,
    required: ["name", "message"],
    properties: { name: { type: "string" }, message: { type: "string" } },
};

const certificate = {
    type: "object",
    additionalProperties: false,
    required: [
        "scope",
        "id",
        "status",
        "issuer",
        "serialNumber",
        "signature",
        "uploadedOn",
        "expiresOn",
        "notAfter",
        "daysUntilExpiry",
        "certFingerprintSha256",
        "certNotBefore",
        "certNotAfter",
        "certSubject",
        "certSans",
        "healthy",
        "problems",
        "problemCodes",
        "usedBy",
        "decides",
    ],
    properties: {
        scope: { enum: ["zone", "hostname"] },
        id: { type: "string", minLength: 1 },
        status: nullableString,
        issuer: nullableString,
        serialNumber: nullableString,
        signature: nullableString,
        uploadedOn: nullableString,
        expiresOn: nullableString,
        notAfter: { type: ["string", "null"], format: "date-time" },
        daysUntilExpiry: { type: ["integer", "null"] },
        certFingerprintSha256: { type: ["string", "null"], pattern: "^([0-9A-F]{2}:){31}[0-9A-F]{2}$" },
        certNotBefore: { type: ["string", "null"], format: "date-time" },
        certNotAfter: { type: ["string", "null"], format: "date-time" },
        certSubject: nullableString,
        certSans: { type: "array", items: { type: "string" } },
        healthy: { type: "boolean" },
        problems: { type: "array", items: { type: "string" } },
        problemCodes: { type: "array", items: { type: "string" } },
        usedBy: { type: ["array", "null"], items: { type: "string" } },
        decides: { type: "boolean" },
    },
};

const list = {
    type: "object",
    additionalProperties: false,
    required: ["scope", "pages", "count", "totalCount", "complete", "reason", "message"],
    properties: {
        scope: { enum: ["zone", "hostname"] },
        pages: { type: "integer", minimum: 0 },
        count: { type: "integer", minimum: 0 },
        totalCount: { type: ["integer", "null"] },
        complete: { type: "boolean" },
        reason: { enum: [null, "page-cap", "total-count", "list-shifted", "too-many"] },
        message: nullableString,
    },
};

const count = { type: "integer", minimum: 0 };

export const SCAN_REPORT_SCHEMA = {
    type: "object",
    additionalProperties: false,
    required: ["version", "command", "generatedAt", "durationMs", "settings", "summary", "exitCode", "zones", "targets"],
    properties: {
        version: { const: 1 },
        command: { const: "scan" },
        generatedAt: { type: "string", format: "date-time" },
        durationMs: count,
        settings: {
            type: "object",
            additionalProperties: false,
            required: ["expiryWarningDays", "maxPages", "targetsGiven"],
            properties: {
                expiryWarningDays: count,
                maxPages: { type: "integer", minimum: 1, maximum: 100 },
                targetsGiven: { type: "boolean" },
            },
        },
        summary: {
            type: "object",
            additionalProperties: false,
            required: [
                "zones",
                "zoneErrors",
                "incompleteZones",
                "certificates",
                "healthy",
                "unhealthy",
                "failing",
                "notUsedByTargets",
                "targets",
                "targetErrors",
            ],
            properties: {
                zones: count,
                zoneErrors: count,
                incompleteZones: count,
                certificates: count,
                healthy: count,
                unhealthy: count,
                failing: count,
                notUsedByTargets: count,
                targets: count,
                targetErrors: count,
            },
        },
        exitCode: { enum: [0, 1, 3] },
        zones: {
            type: "array",
            items: {
                type: "object",
                additionalProperties: false,
                required: ["zoneId", "read", "error", "zoneLevelEnabled", "complete", "lists", "certificates"],
                properties: {
                    zoneId: { type: "string", pattern: "^[0-9a-f]{32}$" },
                    read: { type: "boolean" },
                    error: errorSummary,
                    zoneLevelEnabled: { type: ["boolean", "null"] },
                    complete: { type: ["boolean", "null"] },
                    lists: { type: "array", items: list },
                    certificates: { type: "array", items: certificate },
                },
            },
        },
        targets: {
            type: ["array", "null"],
            items: {
                type: "object",
                additionalProperties: false,
                required: ["target", "zoneId", "hostname", "result", "certificateId", "listed", "enabled", "status", "error"],
                properties: {
                    target: { type: "string" },
                    zoneId: { type: "string" },
                    hostname: { type: "string" },
                    result: { enum: ["healthy", "unhealthy", "missing", "error"] },
                    certificateId: nullableString,
                    listed: { type: ["boolean", "null"] },
                    enabled: { type: ["boolean", "null"] },
                    status: nullableString,
                    error: errorSummary,
                },
            },
        },
    },
} as const;
