/**
 * The JSON report of `scan --format json`. Version 1; fields are only ever added, and a change to
 * the meaning of an existing one gets a new `version`. `"command": "scan"` tells it from check's.
 *
 * ```text
 * {
 *   "version": 1,
 *   "command": "scan",
 *   "generatedAt": "2025-01-31T12:00:00.000Z",       // ISO 8601, when the run started
 *   "durationMs": 1234,
 *   "settings": { "expiryWarningDays": 30, "maxPages": 10, "targetsGiven": false },
 *   "summary": {
 *     "zones": 1, "zoneErrors": 0, "incompleteZones": 0,
 *     "certificates": 26, "healthy": 23, "unhealthy": 3,
 *     "failing": 3,                                    // unhealthy and deciding the exit code
 *     "notUsedByTargets": 0,                           // with --targets-file only; else 0
 *     "targets": 0, "targetErrors": 0
 *   },
 *   "exitCode": 1,                                     // what the run exits with: 0, 1 or 3
 *   "zones": [                                         // in the order given
 *     {
 *       "zoneId": "…",
 *       "read": true,                                  // false: see "error"
 *       "error": null | { "name": "AuthenticationError", "message": "…" },
 *       "zoneLevelEnabled": true | false | null,       // null: not read, or the answer did not say
 *       "complete": true | false | null,               // null when not read
 *       "lists": [                                     // [] when not read; else zone, then hostname
 *         { "scope": "hostname", "pages": 2, "count": 25, "totalCount": 25,
 *           "complete": true, "reason": null | "page-cap" | "total-count" | "list-shifted" | "too-many",
 *           "message": null | "…" }
 *       ],
 *       "certificates": [                              // zone-level first, then hostname, in Cloudflare's order
 *         {
 *           "scope": "zone" | "hostname",
 *           "id": "…",                                 // Cloudflare's certificate id
 *           "status": "active" | "deployment_timed_out" | … | null,
 *           "issuer": "…" | null, "serialNumber": "…" | null, "signature": "…" | null,
 *           "uploadedOn": "…" | null, "expiresOn": "…" | null,   // as Cloudflare sent them
 *           "notAfter": "…" | null,                    // the PEM's notAfter, else expires_on (ISO 8601)
 *           "daysUntilExpiry": 300 | null,             // negative once expired
 *           "certFingerprintSha256": "AB:CD:…" | null, "certNotBefore": "…" | null, "certNotAfter": "…" | null,
 *           "certSubject": "…" | null, "certSans": ["…"],
 *           "healthy": true | false,
 *           "problems": ["certificate expired 3 days ago (…)"],   // for people
 *           "problemCodes": ["expired"],               // for programs, index by index
 *           "usedBy": null | ["app.example.com"],      // null without --targets-file
 *           "decides": true | false                    // counts for the exit code
 *         }
 *       ]
 *     }
 *   ],
 *   "targets": null | [                                // null without --targets-file
 *     {
 *       "target": "<zoneId>/<hostname>", "zoneId": "…", "hostname": "…",
 *       "result": "healthy" | "unhealthy" | "missing" | "error",   // check's verdict of the association
 *       "certificateId": "…" | null,                   // the association's cert_id
 *       "listed": true | false | null,                 // whether the zone's inventory lists it
 *       "enabled": true | false | null, "status": "…" | null,
 *       "error": null | { "name": "…", "message": "…" }
 *     }
 *   ]
 * }
 * ```
 *
 * Never a PEM and never a private key. The text is JSON.stringify's with DEL and the C1 controls
 * escaped as well (`escapeJsonControls`), as check's report is.
 */
import type { InventoryCertificate, ListReading } from "../../inventory";
import { escapeJsonControls } from "../../text";
import type { ErrorSummary, TargetOutcome } from "../report";
import { scanExitCode, summarizeScan, type ScanReport, type ScanSettings, type ScanSummary } from "./report";

export const SCAN_JSON_REPORT_VERSION = 1;

/** A certificate in the JSON report, keys in a fixed order so two runs diff line by line. */
export interface ScanJsonCertificate extends Omit<InventoryCertificate, "zoneId"> {
    usedBy: string[] | null;
    decides: boolean;
}

export interface ScanJsonZone {
    zoneId: string;
    read: boolean;
    error: ErrorSummary | null;
    zoneLevelEnabled: boolean | null;
    complete: boolean | null;
    lists: ListReading[];
    certificates: ScanJsonCertificate[];
}

export interface ScanJsonTarget {
    target: string;
    zoneId: string;
    hostname: string;
    result: TargetOutcome;
    certificateId: string | null;
    listed: boolean | null;
    enabled: boolean | null;
    status: string | null;
    error: ErrorSummary | null;
}

export interface ScanJsonReport {
    version: typeof SCAN_JSON_REPORT_VERSION;
    command: "scan";
    generatedAt: string;
    durationMs: number;
    settings: ScanSettings;
    summary: ScanSummary;
    exitCode: number;
    zones: ScanJsonZone[];
    targets: ScanJsonTarget[] | null;
}

function jsonCertificate(certificate: InventoryCertificate, usedBy: string[] | null, decides: boolean): ScanJsonCertificate {
    const c = certificate;
    return {
        scope: c.scope,
        id: c.id,
        status: c.status,
        issuer: c.issuer,
        serialNumber: c.serialNumber,
        signature: c.signature,
        uploadedOn: c.uploadedOn,
        expiresOn: c.expiresOn,
        notAfter: c.notAfter,
        daysUntilExpiry: c.daysUntilExpiry,
        certFingerprintSha256: c.certFingerprintSha256,
        certNotBefore: c.certNotBefore,
        certNotAfter: c.certNotAfter,
        certSubject: c.certSubject,
        certSans: [...c.certSans],
        healthy: c.healthy,
        problems: [...c.problems],
        problemCodes: [...c.problemCodes],
        usedBy: usedBy === null ? null : [...usedBy],
        decides,
    };
}

export function toScanJsonReport(report: ScanReport): ScanJsonReport {
    const summary = summarizeScan(report);
    return {
        version: SCAN_JSON_REPORT_VERSION,
        command: "scan",
        generatedAt: report.generatedAt.toISOString(),
        durationMs: Math.round(report.durationMs),
        settings: { ...report.settings },
        summary,
        exitCode: scanExitCode(summary),
        zones: report.zones.map((zone) => ({
            zoneId: zone.zoneId,
            read: zone.inventory !== null,
            error: zone.error ? { name: zone.error.name, message: zone.error.message } : null,
            zoneLevelEnabled: zone.inventory?.zoneLevelEnabled ?? null,
            complete: zone.inventory ? zone.inventory.complete : null,
            lists: (zone.inventory?.lists ?? []).map((list) => ({ ...list })),
            certificates: zone.certificates.map((row) => jsonCertificate(row.certificate, row.usedBy, row.decides)),
        })),
        targets:
            report.targets?.map((target) => {
                const { result } = target;
                const found = result.outputs?.found === true;
                return {
                    target: result.target,
                    zoneId: result.zoneId,
                    hostname: result.hostname,
                    result: result.outcome,
                    certificateId: target.certificateId,
                    listed: target.listed,
                    enabled: found ? (result.outputs?.enabled ?? null) : null,
                    status: found ? (result.outputs?.status ?? null) : null,
                    error: result.error ? { name: result.error.name, message: result.error.message } : null,
                };
            }) ?? null,
    };
}

export function renderScanJson(report: ScanReport): string {
    return `${escapeJsonControls(JSON.stringify(toScanJsonReport(report), null, 2))}\n`;
}
