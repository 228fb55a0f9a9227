/**
 * `scan --format github`: the scan's table (workflow commands off while it prints), then one
 * annotation per finding, worst first (scan/attention.ts), at most 10 of each kind and then a
 * notice counting the rest, with check's escaping (format-github.ts):
 *
 *   ::error title=AOP hostname certificate 5ca7…::certificate expired 3 days ago (2026-01-02)
 *
 * Failures (a zone not read, an incomplete inventory, a target not read) and deciding certificates
 * with problems are errors; an unhealthy certificate the targets given do not use is a warning.
 */
import { capAnnotations, githubOutput, newStopToken, workflowCommand } from "../format-github";
import { PLAIN, type Palette } from "../terminal";
import { scanAttention } from "./attention";
import type { ScanReport } from "./report";
import { renderScanTable } from "./table";

export function renderScanAnnotations(report: ScanReport): string[] {
    const lines = scanAttention(report).map((item) => ({
        level: item.level,
        line: workflowCommand(
            item.level,
            { title: `AOP ${item.subject}` },
            item.level === "warning"
                ? `${item.message} (not used by the targets given)`
                : item.subject === `zone ${item.zoneId}`
                  ? item.message
                  : `${item.message} (zone ${item.zoneId})`,
        ),
    }));
    return capAnnotations(lines, { one: "finding", many: "findings" }, "The table in the log lists every certificate.");
}

export function renderScanGithub(report: ScanReport, colors: Palette = PLAIN, stopToken: string = newStopToken()): string {
    return githubOutput(renderScanTable(report, colors), renderScanAnnotations(report), stopToken);
}
