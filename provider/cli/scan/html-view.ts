/**
 * `scan --format html`: the HTML report of check (format-html.ts), fed one row per certificate
 * with its scope, plus one error row per zone that could not be read or whose inventory is
 * incomplete and one per target whose association could not be read. An unhealthy certificate the
 * targets given do not use keeps its verdict but does not count as needing attention.
 */
import { PACKAGE_VERSION } from "../../version";
import { renderHtmlPage } from "../format-html";
import { sameDay, validDate, type ReportView, type ViewFact, type ViewRow } from "../html/view";
import { usageText, type ScanCertificate, type ScanReport, type ZoneScan } from "./report";

function certificateFacts(row: ScanCertificate, zone: ZoneScan): ViewFact[] {
    const c = row.certificate;
    const facts: Array<[string, string | readonly string[] | null]> = [
        ["Certificate ID", c.id],
        ["Scope", c.scope === "zone" ? "zone-level" : "hostname"],
        ["SHA-256 fingerprint", c.certFingerprintSha256],
        ["Subject", c.certSubject],
        ["SANs", c.certSans.length > 0 ? c.certSans : null],
        ["Not before", validDate(c.certNotBefore) ?? c.certNotBefore],
        ["Not after", validDate(c.certNotAfter) ?? c.certNotAfter],
        // Cloudflare's own date, only where it disagrees with the PEM, as check's report shows it.
        ["expires_on (Cloudflare)", sameDay(c.expiresOn, c.certNotAfter) ? null : c.expiresOn],
        ["Uploaded on", c.uploadedOn],
        ["Issuer", c.issuer],
        ["Serial number", c.serialNumber],
        ["Used by", row.usedBy === null ? null : usageText(row, zone.inventory)],
    ];
    return facts
        .filter((fact): fact is [string, string | readonly string[]] => fact[1] !== null)
        .map(([label, value]) => ({ label, value }));
}

function certificateRow(row: ScanCertificate, zone: ZoneScan): ViewRow {
    const c = row.certificate;
    const usage = row.usedBy === null ? null : usageText(row, zone.inventory);
    return {
        name: c.id,
        zoneId: zone.zoneId,
        scope: c.scope,
        verdict: c.healthy ? "healthy" : "unhealthy",
        verdictLabel: c.healthy ? "healthy" : row.decides ? "unhealthy" : "unhealthy, not used",
        needsAttention: !c.healthy && row.decides,
        status: c.status,
        statusNote: usage,
        notAfter: validDate(c.notAfter),
        daysLeft: c.daysUntilExpiry,
        problems: c.problems,
        details: certificateFacts(row, zone),
    };
}

function errorRow(name: string, zoneId: string, problem: string): ViewRow {
    return {
        name,
        zoneId,
        scope: null,
        verdict: "error",
        verdictLabel: "error",
        needsAttention: true,
        status: null,
        statusNote: null,
        notAfter: null,
        daysLeft: null,
        problems: [problem],
        details: null,
    };
}

export function scanReportView(report: ScanReport, generator: string): ReportView {
    const rows: ViewRow[] = [];
    for (const zone of report.zones) {
        if (zone.error) rows.push(errorRow(`zone ${zone.zoneId}`, zone.zoneId, `${zone.error.name}: ${zone.error.message}`));
        for (const list of zone.inventory?.lists ?? []) {
            if (!list.complete)
                rows.push(errorRow(`zone ${zone.zoneId}`, zone.zoneId, `inventory incomplete: ${list.message ?? list.reason}`));
        }
        rows.push(...zone.certificates.map((row) => certificateRow(row, zone)));
    }
    for (const target of report.targets ?? []) {
        const { error } = target.result;
        if (error) rows.push(errorRow(target.result.hostname, target.result.zoneId, `${error.name}: ${error.message}`));
    }
    const zoneLevel = report.zones
        .filter((zone) => zone.inventory !== null)
        .map(
            (zone) =>
                `${zone.zoneId}: ${zone.inventory?.zoneLevelEnabled === null ? "unknown" : zone.inventory?.zoneLevelEnabled ? "on" : "off"}`,
        );
    return {
        title: "Authenticated Origin Pulls: zone inventory",
        noun: { one: "certificate", many: "certificates", column: "Certificate" },
        generatedAt: report.generatedAt,
        durationMs: report.durationMs,
        baseUrl: report.baseUrl ?? null,
        warningDays: report.settings.expiryWarningDays,
        settings: [
            { label: "Warning window (--expiry-warning-days)", value: `${report.settings.expiryWarningDays} days` },
            { label: "Pages per list at most (--max-pages)", value: String(report.settings.maxPages) },
            {
                label: "Targets given (--targets-file)",
                value: report.settings.targetsGiven ? "yes: only certificates in use count" : "no: every certificate counts",
            },
            { label: "Zone-level AOP", value: zoneLevel.length > 0 ? zoneLevel : "—" },
        ],
        rows,
        generator,
    };
}

export function renderScanHtml(report: ScanReport): string {
    return renderHtmlPage(scanReportView(report, `aop-status ${PACKAGE_VERSION}`));
}
