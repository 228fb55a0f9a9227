/**
 * `scan`'s human-readable output: per zone a heading and one row per certificate, then (with
 * --targets-file) which certificate each target uses, then a summary. Every cell goes through
 * `printable`, as check's table does: ids, statuses and issuers come from the API.
 */
import { printable } from "../../text";
import { alignColumns } from "../format-table";
import { PLAIN, type Palette } from "../terminal";
import {
    EXPIRED_CERTIFICATE_ADVICE,
    hasExpiredCertificate,
    summarizeScan,
    usageText,
    type ScanCertificate,
    type ScanReport,
    type ScanSummary,
    type ZoneScan,
} from "./report";

const EMPTY = "-";

export const SCAN_COLUMNS = [
    "SCOPE",
    "CERTIFICATE",
    "STATUS",
    "ISSUER",
    "SERIAL",
    "EXPIRES",
    "DAYS",
    "HEALTH",
    "USED BY",
    "PROBLEMS",
] as const;
const DAYS_COLUMN = SCAN_COLUMNS.indexOf("DAYS");
const HEALTH_COLUMN = SCAN_COLUMNS.indexOf("HEALTH");
const USED_BY_COLUMN = SCAN_COLUMNS.indexOf("USED BY");

/** The columns minus USED BY without --targets-file (it would be empty). */
function withoutUsage<T>(cells: readonly T[], targetsGiven: boolean): T[] {
    return targetsGiven ? [...cells] : cells.filter((_, index) => index !== USED_BY_COLUMN);
}

const plural = (n: number, word: string, many = `${word}s`): string => `${n} ${n === 1 ? word : many}`;

/** "healthy", "UNHEALTHY", or "unhealthy (not used)" for a certificate that does not decide. */
export function certificateHealthLabel(row: ScanCertificate): string {
    if (row.certificate.healthy) return "healthy";
    return row.decides ? "UNHEALTHY" : "unhealthy (not used)";
}

function certificateRow(row: ScanCertificate, zone: ZoneScan): string[] {
    const c = row.certificate;
    return [
        c.scope,
        c.id,
        c.status ?? EMPTY,
        c.issuer ?? EMPTY,
        c.serialNumber ?? EMPTY,
        c.notAfter ? c.notAfter.slice(0, 10) : EMPTY,
        c.daysUntilExpiry === null ? EMPTY : String(c.daysUntilExpiry),
        certificateHealthLabel(row),
        usageText(row, zone.inventory) || EMPTY,
        c.problems.length > 0 ? c.problems.join("; ") : EMPTY,
    ].map(printable);
}

/** "zone …: zone-level AOP on; 1 zone-level and 25 hostname certificates (2 pages)" */
export function zoneHeading(zone: ZoneScan): string {
    if (zone.error) return printable(`zone ${zone.zoneId}: not read: ${zone.error.name}: ${zone.error.message}`);
    const inventory = zone.inventory;
    if (!inventory) return `zone ${zone.zoneId}`;
    const setting =
        inventory.zoneLevelEnabled === null ? "zone-level AOP unknown" : `zone-level AOP ${inventory.zoneLevelEnabled ? "on" : "off"}`;
    const [zoneList, hostnameList] = inventory.lists;
    const pages = hostnameList.pages > 1 ? ` (${plural(hostnameList.pages, "page")})` : "";
    return `zone ${zone.zoneId}: ${setting}; ${zoneList.count} zone-level and ${plural(hostnameList.count, "hostname certificate")}${pages}`;
}

function zoneBlock(zone: ZoneScan, colors: Palette): string[] {
    const lines = [colors.bold(zoneHeading(zone))];
    for (const list of zone.inventory?.lists ?? []) {
        if (!list.complete && list.message) lines.push(colors.red(printable(`INCOMPLETE: ${list.message}`)));
    }
    if (zone.certificates.length === 0) {
        if (zone.inventory) lines.push("no certificates");
        return lines;
    }
    const targetsGiven = zone.certificates.some((row) => row.usedBy !== null);
    const rows = zone.certificates.map((row) => withoutUsage(certificateRow(row, zone), targetsGiven));
    lines.push(
        ...alignColumns(withoutUsage(SCAN_COLUMNS, targetsGiven), rows, {
            rightAligned: [DAYS_COLUMN],
            style: (index, column, padded) => {
                if (index === -1) return colors.bold(padded);
                if (column !== HEALTH_COLUMN) return padded;
                const row = zone.certificates[index];
                if (row.certificate.healthy) return colors.green(padded);
                return row.decides ? colors.red(padded) : colors.yellow(padded);
            },
        }),
    );
    return lines;
}

export const TARGET_COLUMNS = ["TARGET", "CERTIFICATE", "ENABLED", "STATUS", "RESULT", "NOTE"] as const;

function targetRows(report: ScanReport): string[][] {
    return (report.targets ?? []).map((target) => {
        const { result } = target;
        const outputs = result.outputs;
        let note = EMPTY;
        if (result.error) note = `${result.error.name}: ${result.error.message}`;
        else if (outputs && !outputs.found) note = "no per-hostname association";
        else if (target.listed === false) note = "certificate not in the zone's hostname certificate list";
        return [
            result.target,
            target.certificateId ?? EMPTY,
            !outputs?.found ? EMPTY : outputs.enabled === null ? "voided" : outputs.enabled ? "yes" : "no",
            outputs?.found ? (outputs.status ?? EMPTY) : EMPTY,
            result.outcome,
            note,
        ].map(printable);
    });
}

export function scanSummaryLine(summary: ScanSummary, report: Pick<ScanReport, "settings" | "targets">): string {
    const parts = [
        `${plural(summary.certificates, "certificate")} in ${plural(summary.zones, "zone")}: ${summary.healthy} healthy, ${summary.unhealthy} unhealthy`,
    ];
    if (report.targets !== null) {
        parts.push(`${summary.notUsedByTargets} not used by the targets given (they do not decide the exit code)`);
    }
    if (summary.zoneErrors > 0) parts.push(`${plural(summary.zoneErrors, "zone")} not read`);
    if (summary.incompleteZones > 0) parts.push(`${plural(summary.incompleteZones, "zone")} incomplete`);
    if (report.targets !== null) {
        parts.push(`${plural(summary.targets, "target")}${summary.targetErrors > 0 ? ` (${summary.targetErrors} not read)` : ""}`);
    }
    return `${parts.join("; ")} (expiry-warning-days ${report.settings.expiryWarningDays}, max-pages ${report.settings.maxPages})`;
}

/** Notes a reader needs after the summary: what an incomplete inventory means, and what to do about expired certificates. */
export function scanNotes(report: ScanReport): string[] {
    const summary = summarizeScan(report);
    const notes: string[] = [];
    if (summary.incompleteZones > 0) {
        notes.push("An incomplete inventory is not a clean bill of health: the run exits 3 until every certificate was read.");
    }
    if (hasExpiredCertificate(report)) notes.push(EXPIRED_CERTIFICATE_ADVICE);
    if (report.targets !== null && summary.notUsedByTargets > 0) {
        notes.push(
            '"Not used by the targets given" is about the targets listed only: no endpoint lists a zone\'s associations, so other hostnames may still use those certificates.',
        );
    }
    return notes;
}

/** The whole table output. */
export function renderScanTable(report: ScanReport, colors: Palette = PLAIN): string {
    const blocks = report.zones.map((zone) => zoneBlock(zone, colors).join("\n"));
    const rows = targetRows(report);
    if (rows.length > 0) {
        blocks.push(
            alignColumns([...TARGET_COLUMNS], rows, { style: (row, _column, padded) => (row === -1 ? colors.bold(padded) : padded) }).join(
                "\n",
            ),
        );
    }
    const tail = [scanSummaryLine(summarizeScan(report), report), ...scanNotes(report)];
    return `${blocks.join("\n\n")}\n\n${tail.join("\n")}\n`;
}
