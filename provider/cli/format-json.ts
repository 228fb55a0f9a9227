/**
 * The JSON report of `check --format json`. Version 1; fields are only ever added, and a change
 * to the meaning of an existing one gets a new `version`.
 *
 * ```text
 * {
 *   "version": 1,
 *   "generatedAt": "2025-01-31T12:00:00.000Z",      // ISO 8601, when the run started
 *   "durationMs": 1234,
 *   "settings": { "minDays": 30, "expiryWarningDays": 30, "requireEnabled": true, "allowMissing": false },
 *                                                      // minDays: the same value under its 0.1.0 name
 *   "summary": { "total": 5, "healthy": 2, "unhealthy": 1, "missing": 1, "errors": 1 },
 *                                                      // disjoint: they add up to total
 *   "targets": [                                       // in the order given, duplicates removed
 *     {
 *       "target": "<zoneId>/<hostname>",
 *       "zoneId": "…", "hostname": "…",               // hostname in canonical form (lower case, punycode)
 *       "result": "healthy" | "unhealthy" | "missing" | "error",
 *       "healthy": true | false,                       // false for missing and error too
 *       "problems": ["status is pending_deployment"], // the health rules' messages, for people; [] on error
 *       "problemCodes": ["status"],                    // their codes, index by index, for programs; [] on error
 *       "outputs": { …every resource output, in OUTPUT_NAMES order… } | null,   // null on error
 *       "error": { "name": "AuthenticationError", "message": "…" } | null,
 *       "durationMs": 12
 *     }
 *   ]
 * }
 * ```
 *
 * The text is JSON.stringify's with DEL and the C1 controls escaped as well (`escapeJsonControls`),
 * so printing a report to a terminal cannot run a control sequence hidden in an API value.
 */
import { escapeJsonControls } from "../text";
import { OUTPUT_NAMES, type StatusOutputs } from "../types";
import {
    problemCodesOf,
    summarize,
    type CheckReport,
    type CheckSettings,
    type ErrorSummary,
    type Summary,
    type TargetOutcome,
} from "./report";

export const JSON_REPORT_VERSION = 1;

export interface JsonTarget {
    target: string;
    zoneId: string;
    hostname: string;
    result: TargetOutcome;
    healthy: boolean;
    problems: string[];
    problemCodes: string[];
    outputs: StatusOutputs | null;
    error: ErrorSummary | null;
    durationMs: number;
}

/** The run's settings; `minDays` is `expiryWarningDays` under the name version 1 first used, kept for its readers. */
export interface JsonSettings extends CheckSettings {
    minDays: number;
}

export interface JsonReport {
    version: typeof JSON_REPORT_VERSION;
    generatedAt: string;
    durationMs: number;
    settings: JsonSettings;
    summary: Summary;
    targets: JsonTarget[];
}

/** The outputs with their keys in OUTPUT_NAMES order, so two runs diff line by line. */
export function orderedOutputs(outputs: StatusOutputs): StatusOutputs {
    return Object.fromEntries(OUTPUT_NAMES.map((name) => [name, outputs[name]])) as unknown as StatusOutputs;
}

export function toJsonReport(report: CheckReport): JsonReport {
    return {
        version: JSON_REPORT_VERSION,
        generatedAt: report.generatedAt.toISOString(),
        durationMs: Math.round(report.durationMs),
        settings: {
            minDays: report.settings.expiryWarningDays,
            expiryWarningDays: report.settings.expiryWarningDays,
            requireEnabled: report.settings.requireEnabled,
            allowMissing: report.settings.allowMissing,
        },
        summary: summarize(report.results),
        targets: report.results.map((r) => ({
            target: r.target,
            zoneId: r.zoneId,
            hostname: r.hostname,
            result: r.outcome,
            healthy: r.healthy,
            problems: [...r.problems],
            problemCodes: problemCodesOf(r),
            outputs: r.outputs ? orderedOutputs(r.outputs) : null,
            error: r.error ? { name: r.error.name, message: r.error.message } : null,
            durationMs: Math.round(r.durationMs),
        })),
    };
}

export function renderJsonReport(report: CheckReport): string {
    return `${escapeJsonControls(JSON.stringify(toJsonReport(report), null, 2))}\n`;
}

/** `get --format json`: the outputs object alone, as the resource would have them. */
export function renderOutputsJson(outputs: StatusOutputs): string {
    return `${escapeJsonControls(JSON.stringify(orderedOutputs(outputs), null, 2))}\n`;
}
