/**
 * What the HTML report shows, as plain data: a list of rows with a verdict, an expiry and their
 * problems, plus the facts about the run. `check` builds it from its report here; `scan` (zone
 * inventory) will build the same shape from its certificates, one row per certificate with its
 * scope, so both commands share one page. The renderer knows nothing about either command.
 */
import type { StatusOutputs } from "../../types";
import type { CheckReport, TargetResult } from "../report";

/** Disjoint, so the counts add up to the rows. Listed worst first: the order of the timeline's lanes. */
export const VERDICTS = ["unhealthy", "error", "missing", "healthy"] as const;
export type Verdict = (typeof VERDICTS)[number];

/** One line of a row's details, or of the run's settings. A list is shown one item per line. */
export interface ViewFact {
    label: string;
    value: string | readonly string[];
}

export interface ViewRow {
    /** What the row is about: a hostname (check), or a certificate id (scan). */
    name: string;
    zoneId: string;
    /** scan: whether the certificate is a zone-level or a hostname certificate; null for check. */
    scope: "zone" | "hostname" | null;
    verdict: Verdict;
    /** The verdict in words, e.g. "missing (allowed)". */
    verdictLabel: string;
    /** Whether this row fails the run (an allowed missing hostname does not). */
    needsAttention: boolean;
    /** Cloudflare's status, as it sent it. */
    status: string | null;
    /** A second status worth a glance, e.g. "certificate pending_deployment" when it differs. */
    statusNote: string | null;
    /** ISO 8601: the certificate's notAfter (the PEM), else Cloudflare's expires_on. */
    notAfter: string | null;
    /** Whole days from the run to notAfter; negative once expired. */
    daysLeft: number | null;
    /** In words, one per line. An error row's problem is its error. */
    problems: readonly string[];
    /** Behind the row's disclosure; null when there is no certificate to describe. Never the PEM. */
    details: readonly ViewFact[] | null;
}

export interface ReportView {
    /** The page's heading, e.g. "Authenticated Origin Pulls: status check". */
    title: string;
    /** What a row is, for headings and sentences: "hostname" / "hostnames" / "Hostname". */
    noun: { one: string; many: string; column: string };
    generatedAt: Date;
    durationMs: number | null;
    /** Where the data came from, without credentials, query or fragment; null when unknown. */
    baseUrl: string | null;
    /** The warning window: a certificate expiring in fewer days is unhealthy. */
    warningDays: number;
    /** The settings that decided the verdicts, shown under the heading. */
    settings: readonly ViewFact[];
    rows: readonly ViewRow[];
    /** Who made the page, e.g. "aop-status 0.2.0". */
    generator: string;
}

export type VerdictCounts = Record<Verdict, number>;

export function countVerdicts(rows: readonly ViewRow[]): VerdictCounts {
    const counts: VerdictCounts = { unhealthy: 0, error: 0, missing: 0, healthy: 0 };
    for (const row of rows) counts[row.verdict]++;
    return counts;
}

/** ISO 8601 to the second: a certificate's dates have no milliseconds. */
export function validDate(value: string | null): string | null {
    return value !== null && !Number.isNaN(Date.parse(value)) ? new Date(value).toISOString().replace(".000Z", "Z") : null;
}

export function sameDay(a: string | null, b: string | null): boolean {
    return a !== null && b !== null && validDate(a)?.slice(0, 10) === validDate(b)?.slice(0, 10);
}

/** The certificate facts a person checks by eye: never the PEM itself. */
function certificateFacts(outputs: StatusOutputs): ViewFact[] {
    const facts: Array<[string, string | readonly string[] | null]> = [
        ["Certificate ID", outputs.certId],
        ["SHA-256 fingerprint", outputs.certFingerprintSha256],
        ["Subject", outputs.certSubject],
        ["SANs", outputs.certSans.length > 0 ? outputs.certSans : null],
        ["Not before", validDate(outputs.certNotBefore) ?? outputs.certNotBefore],
        ["Not after", validDate(outputs.certNotAfter) ?? outputs.certNotAfter],
        // Cloudflare's own date, only where it disagrees with the PEM (the sample's says 2100, its PEM 2016).
        ["expires_on (Cloudflare)", sameDay(outputs.expiresOn, outputs.certNotAfter) ? null : outputs.expiresOn],
        ["Issuer", outputs.issuer],
        ["Serial number", outputs.serialNumber],
    ];
    return facts
        .filter((fact): fact is [string, string | readonly string[]] => fact[1] !== null)
        .map(([label, value]) => ({ label, value }));
}

function checkRow(result: TargetResult, allowMissing: boolean): ViewRow {
    const outputs = result.outputs;
    const verdict: Verdict = result.outcome;
    const found = outputs?.found === true;
    const certStatus = found ? outputs.certStatus : null;
    const status = found ? outputs.status : null;
    return {
        name: result.hostname,
        zoneId: result.zoneId,
        scope: null,
        verdict,
        verdictLabel: verdict === "missing" && allowMissing ? "missing (allowed)" : verdict,
        needsAttention: verdict === "unhealthy" || verdict === "error" || (verdict === "missing" && !allowMissing),
        status,
        statusNote: certStatus !== null && certStatus !== status ? `certificate ${certStatus}` : null,
        notAfter: found ? validDate(outputs.certNotAfter ?? outputs.expiresOn) : null,
        daysLeft: found ? outputs.daysUntilExpiry : null,
        problems: result.error ? [`${result.error.name}: ${result.error.message}`] : result.problems,
        details: found ? certificateFacts(outputs) : null,
    };
}

function yesNo(value: boolean): string {
    return value ? "yes" : "no";
}

/** The view of a `check` run: one row per target, in the order checked. */
export function checkReportView(report: CheckReport, generator: string): ReportView {
    const { settings } = report;
    return {
        title: "Authenticated Origin Pulls: status check",
        noun: { one: "hostname", many: "hostnames", column: "Hostname" },
        generatedAt: report.generatedAt,
        durationMs: report.durationMs,
        baseUrl: report.baseUrl ?? null,
        warningDays: settings.expiryWarningDays,
        settings: [
            { label: "Warning window (--expiry-warning-days)", value: `${settings.expiryWarningDays} days` },
            { label: "Enabled required", value: yesNo(settings.requireEnabled) },
            { label: "Missing allowed", value: yesNo(settings.allowMissing) },
        ],
        rows: report.results.map((result) => checkRow(result, settings.allowMissing)),
        generator,
    };
}
