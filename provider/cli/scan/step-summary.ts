/**
 * The GitHub Actions job summary of a scan: a heading with the verdict, the counts, the settings,
 * then a table of what needs attention, worst first (scan/attention.ts), with the escaping and
 * the bounds of check's summary (step-summary.ts).
 */
import { attentionTable, row } from "../step-summary";
import { scanAttention, type ScanAttentionItem } from "./attention";
import { EXPIRED_CERTIFICATE_ADVICE, hasExpiredCertificate, scanExitCode, summarizeScan, type ScanReport } from "./report";

function expiryCell(item: ScanAttentionItem): string {
    const certificate = item.certificate?.certificate;
    if (!certificate?.notAfter) return "";
    const days = certificate.daysUntilExpiry;
    const day = certificate.notAfter.slice(0, 10);
    return days === null ? day : `${day} (${days} day${days === 1 || days === -1 ? "" : "s"})`;
}

export function renderScanStepSummary(report: ScanReport, secrets: readonly string[] = []): string {
    const summary = summarizeScan(report);
    const exitCode = scanExitCode(summary);
    const items = scanAttention(report);
    const failing = items.filter((item) => item.level === "error").length;
    const zones = `${summary.zones} zone${summary.zones === 1 ? "" : "s"}`;
    const heading =
        exitCode === 0
            ? `### ✅ Authenticated Origin Pulls inventory: ${summary.certificates} certificate${summary.certificates === 1 ? "" : "s"} in ${zones}, nothing to fix`
            : `### ❌ Authenticated Origin Pulls inventory: ${failing} finding${failing === 1 ? "" : "s"} in ${zones}`;
    const lines = [
        heading,
        "",
        "| Zones | Not read | Incomplete | Certificates | Healthy | Unhealthy | Not used by the targets |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
        row(
            [
                summary.zones,
                summary.zoneErrors,
                summary.incompleteZones,
                summary.certificates,
                summary.healthy,
                summary.unhealthy,
                report.targets === null ? "–" : summary.notUsedByTargets,
            ].map(String),
        ),
        "",
        `Settings: \`--expiry-warning-days ${report.settings.expiryWarningDays}\`, \`--max-pages ${report.settings.maxPages}\`${report.settings.targetsGiven ? ", `--targets-file`" : ""}.`,
        "",
    ];
    if (hasExpiredCertificate(report)) lines.push(EXPIRED_CERTIFICATE_ADVICE.replace(/[*_`[\]<>]/g, "\\$&"), "");
    if (items.length > 0) {
        const cells = items.map((item) => [item.subject, item.zoneId, item.label, expiryCell(item), item.message]);
        lines.push(...attentionTable(["What", "Zone", "Result", "Expires", "Problems"], cells, secrets, lines, "finding"));
    }
    return `${lines.join("\n")}\n`;
}
