/**
 * Human-readable output: short, aligned columns that read the same in a terminal and in a CI
 * log. Colour is applied after padding, so escape codes never disturb the alignment, and only
 * when the caller says so (stdout is a terminal and NO_COLOR is unset).
 *
 * Every cell goes through `printable`: statuses, issuers and error messages come from the API,
 * and a control character in one would clear the screen or forge a line of the report.
 */
import { inspectCertificate } from "../certificate";
import { printable } from "../text";
import { OUTPUT_NAMES, type StatusOutputs } from "../types";
import { summarize, type CheckReport, type Summary, type TargetResult } from "./report";
import { PLAIN, type Palette } from "./terminal";

const EMPTY = "-";

export interface AlignOptions {
    /** Columns padded on the left, so numbers line up by their last digit. */
    rightAligned?: readonly number[];
    /** Sees the padded cell; row -1 is the header. */
    style?: (row: number, column: number, padded: string) => string;
}

/**
 * Pads every column to its widest cell. The last column is left unpadded, so lines carry no
 * trailing spaces (CI logs and `diff` show them).
 */
export function alignColumns(header: readonly string[], rows: ReadonlyArray<readonly string[]>, options: AlignOptions = {}): string[] {
    const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => (row[column] ?? "").length)));
    const right = new Set(options.rightAligned ?? []);
    const line = (cells: readonly string[], row: number): string =>
        cells
            .map((cell, column) => {
                const last = column === cells.length - 1;
                const padded = right.has(column) ? cell.padStart(widths[column]) : last ? cell : cell.padEnd(widths[column]);
                return options.style ? options.style(row, column, padded) : padded;
            })
            .join("  ")
            .trimEnd();
    return [line(header, -1), ...rows.map((cells, row) => line(cells, row))];
}

/** YYYY-MM-DD of the certificate's notAfter (the PEM is the truth), else of `expiresOn`. */
export function expiryDay(outputs: StatusOutputs): string {
    const date = outputs.certNotAfter ?? outputs.expiresOn;
    if (!date || Number.isNaN(Date.parse(date))) return EMPTY;
    return new Date(date).toISOString().slice(0, 10);
}

function enabledText(outputs: StatusOutputs): string {
    if (!outputs.found) return EMPTY;
    if (outputs.enabled === null) return "voided";
    return outputs.enabled ? "yes" : "no";
}

export function healthLabel(result: TargetResult, allowMissing: boolean): string {
    switch (result.outcome) {
        case "healthy":
            return "healthy";
        case "unhealthy":
            return "UNHEALTHY";
        case "missing":
            return allowMissing ? "missing (allowed)" : "MISSING";
        case "error":
            return "ERROR";
    }
}

export const CHECK_COLUMNS = ["TARGET", "STATUS", "CERT", "ENABLED", "EXPIRES", "DAYS", "HEALTH", "PROBLEMS"] as const;
const HEALTH_COLUMN = CHECK_COLUMNS.indexOf("HEALTH");
const DAYS_COLUMN = CHECK_COLUMNS.indexOf("DAYS");

export function checkRows(report: CheckReport): string[][] {
    let previousError: string | null = null;
    return report.results.map((result) => {
        const o = result.outputs;
        let problems: string;
        if (result.error) {
            const text = `${result.error.name}: ${result.error.message}`;
            // After an auth failure every row says the same thing; once is enough to read.
            problems = text === previousError ? `${result.error.name} (same as above)` : text;
            previousError = text;
        } else {
            problems = result.problems.length > 0 ? result.problems.join("; ") : EMPTY;
        }
        return [
            result.target,
            o?.status ?? EMPTY,
            o?.certStatus ?? EMPTY,
            o ? enabledText(o) : EMPTY,
            o ? expiryDay(o) : EMPTY,
            o?.daysUntilExpiry === null || o?.daysUntilExpiry === undefined ? EMPTY : String(o.daysUntilExpiry),
            healthLabel(result, report.settings.allowMissing),
            problems,
        ].map(printable);
    });
}

export function summaryLine(summary: Summary, report: Pick<CheckReport, "settings">): string {
    const plural = (n: number, word: string, many = `${word}s`): string => `${n} ${n === 1 ? word : many}`;
    const { expiryWarningDays, requireEnabled, allowMissing } = report.settings;
    const settings = [
        `expiry-warning-days ${expiryWarningDays}`,
        requireEnabled ? "" : "no-require-enabled",
        allowMissing ? "allow-missing" : "",
    ]
        .filter(Boolean)
        .join(", ");
    return (
        `${plural(summary.total, "target")}: ${summary.healthy} healthy, ${summary.unhealthy} unhealthy, ` +
        `${summary.missing} missing, ${plural(summary.errors, "error")} (${settings})`
    );
}

/** The `check` table plus a one-line summary. */
export function renderCheckTable(report: CheckReport, colors: Palette = PLAIN): string {
    const rows = checkRows(report);
    const lines = alignColumns([...CHECK_COLUMNS], rows, {
        rightAligned: [DAYS_COLUMN],
        style: (row, column, padded) => {
            if (row === -1) return colors.bold(padded);
            if (column !== HEALTH_COLUMN) return padded;
            const outcome = report.results[row].outcome;
            if (outcome === "healthy") return colors.green(padded);
            if (outcome === "missing" && report.settings.allowMissing) return colors.yellow(padded);
            return colors.red(padded);
        },
    });
    return `${lines.join("\n")}\n\n${summaryLine(summarize(report.results), report)}\n`;
}

/**
 * Every output value as lines: arrays one item per line, null as "-". A string is one line
 * whatever it holds: a line break inside a value from the API is shown as `\r\n`, so it cannot
 * pass for a row of its own (the one multi-line output, the PEM, is summarised instead).
 */
export function valueLines(value: StatusOutputs[(typeof OUTPUT_NAMES)[number]]): string[] {
    if (value === null || value === undefined) return [EMPTY];
    if (Array.isArray(value)) return value.length === 0 ? [EMPTY] : value.map((item) => printable(String(item)));
    const text = String(value);
    return text.length === 0 ? [EMPTY] : [printable(text)];
}

/**
 * The `certificate` row of `get`'s table: what the PEM holds, not its base64, which tells a
 * reader nothing and buries the rest of the table. The leaf's fingerprint and dates are the next
 * rows (certFingerprintSha256, certNotBefore, certNotAfter); `--format json` has the PEM itself.
 */
export function certificateSummary(pem: string | null): string {
    if (!pem) return EMPTY;
    const inspection = inspectCertificate(pem);
    if (!inspection.ok) return "PEM, unreadable (the text is in --format json)";
    const count = 1 + inspection.chain.length + inspection.chainOmitted;
    return `PEM of ${count} certificate${count === 1 ? "" : "s"} (the text is in --format json)`;
}

/** `get`'s table: every output, in OUTPUT_NAMES order, with multi-line values indented under their value column. */
export function renderOutputsTable(outputs: StatusOutputs, colors: Palette = PLAIN): string {
    const width = Math.max(...OUTPUT_NAMES.map((name) => name.length));
    const lines: string[] = [];
    for (const name of OUTPUT_NAMES) {
        const [first, ...rest] = name === "certificate" ? [certificateSummary(outputs.certificate)] : valueLines(outputs[name]);
        let style = (text: string): string => text;
        if (name === "healthy") style = outputs.healthy ? colors.green : colors.red;
        else if ((name === "problems" || name === "problemCodes") && outputs.problems.length > 0) style = colors.red;
        lines.push(`${name.padEnd(width)}  ${style(first)}`);
        for (const line of rest) lines.push(`${" ".repeat(width)}  ${style(line)}`);
    }
    return `${lines.join("\n")}\n`;
}
