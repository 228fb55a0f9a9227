/**
 * The GitHub Actions job summary. When `GITHUB_STEP_SUMMARY` names a file (GitHub sets it in every
 * step), `check` appends a Markdown section to it: the counts, then a table of the targets that need
 * attention, worst first (see attention.ts). `--no-step-summary` turns it off.
 *
 * Every cell is data from the API or the user, so it is escaped until it can only be text:
 * - line breaks and tabs become spaces, other control and bidirectional-override characters U+FFFD
 *   (a row must stay one line, and text must read in the order it is stored);
 * - every ASCII punctuation character is backslash-escaped, which CommonMark defines as "this
 *   character, literally" (spec 0.30, section 2.4): no emphasis, link, image, HTML, entity or code
 *   span can start, `|` cannot end the cell (GFM tables, section 4.10), and `www.` or `https:`
 *   autolinks cannot form;
 * - a word joiner (U+2060, invisible) follows `@` and `#` before a letter or digit, so an e-mail
 *   address, an @mention or an issue reference such as #1 stays plain text;
 * - cells are cut at 300 characters and the table at 100 rows and 512 KiB (GitHub refuses a whole
 *   step summary over 1 MiB).
 * Secrets are redacted from each value before it is escaped: escaping changes `-` and `_`, which
 * tokens contain, so redacting the escaped text could miss them.
 */
import { appendFileSync } from "node:fs";

import { errorProperty } from "../guards";
import { attentionMessage, needingAttention, type AttentionItem } from "./attention";
import { expiryDay } from "./format-table";
import { printError, type CliIo } from "./io";
import { summarize, type CheckReport } from "./report";
import { redact, secretsIn } from "./secrets";

export const MAX_SUMMARY_ROWS = 100;
export const MAX_SUMMARY_BYTES = 512 * 1024;
export const MAX_CELL_LENGTH = 300;

// C0/C1 controls, and the bidirectional marks, embeddings, overrides and isolates.
const UNSAFE_CHARACTERS =
    // eslint-disable-next-line no-control-regex -- they are what a Markdown cell must not carry
    /[\u0000-\u001F\u007F-\u009F\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const ASCII_PUNCTUATION = /[!-/:-@[-`{-~]/g;
const WORD_JOINER = "\u2060";

/** One table cell's worth of text, safe to put between two pipes. */
export function escapeMarkdownCell(text: string, secrets: readonly string[] = []): string {
    const oneLine = redact(text, secrets)
        .replace(/\r\n|\r|\n|\t/g, " ")
        .replace(UNSAFE_CHARACTERS, "\uFFFD");
    const characters = Array.from(oneLine);
    const short = characters.length > MAX_CELL_LENGTH ? `${characters.slice(0, MAX_CELL_LENGTH - 1).join("")}…` : oneLine;
    return short.replace(ASCII_PUNCTUATION, "\\$&").replace(/([@#])(?=[\p{L}\p{N}])/gu, `$1${WORD_JOINER}`);
}

function resultLabel(item: AttentionItem): string {
    const { result } = item;
    if (result.outcome === "error") return result.error?.name === "NotCheckedError" ? "not checked" : "error";
    if (result.outcome === "missing") return item.level === "warning" ? "missing (allowed)" : "missing";
    return result.outcome;
}

function expiryCell(item: AttentionItem): string {
    const outputs = item.result.outputs;
    if (!outputs) return "";
    const day = expiryDay(outputs);
    if (day === "-") return "";
    const days = outputs.daysUntilExpiry;
    return days === null ? day : `${day} (${days} day${days === 1 || days === -1 ? "" : "s"})`;
}

/** Our own words and numbers only, so nothing to escape. */
function settingsLine(report: CheckReport): string {
    const { expiryWarningDays, requireEnabled, allowMissing } = report.settings;
    const flags = [`--expiry-warning-days ${expiryWarningDays}`, requireEnabled ? "--require-enabled" : "--no-require-enabled"];
    if (allowMissing) flags.push("--allow-missing");
    return `Settings: ${flags.map((flag) => `\`${flag}\``).join(", ")}.`;
}

export function row(cells: readonly string[]): string {
    return `| ${cells.join(" | ")} |`;
}

/**
 * A Markdown table of the items needing attention (cells not yet escaped), cut at 100 rows and at
 * 512 KiB counting the `before` lines of the section, then a line counting the rows left out, and
 * a blank line.
 */
export function attentionTable(
    header: readonly string[],
    cells: ReadonlyArray<readonly string[]>,
    secrets: readonly string[],
    before: readonly string[],
    noun: string,
): string[] {
    const lines = [row(header), row(header.map(() => "---"))];
    let bytes = Buffer.byteLength([...before, ...lines].join("\n"));
    let written = 0;
    for (const item of cells) {
        const line = row(item.map((cell) => escapeMarkdownCell(cell, secrets)));
        const size = Buffer.byteLength(line) + 1;
        if (written >= MAX_SUMMARY_ROWS || bytes + size > MAX_SUMMARY_BYTES) break;
        lines.push(line);
        bytes += size;
        written++;
    }
    if (written < cells.length) {
        const rest = cells.length - written;
        lines.push("", `… and ${rest} more ${noun}${rest === 1 ? "" : "s"}: the job log lists every one.`);
    }
    lines.push("");
    return lines;
}

/** The Markdown section for one check run. Pure: the caller decides where it goes. */
export function renderStepSummary(report: CheckReport, secrets: readonly string[] = []): string {
    const summary = summarize(report.results);
    const items = needingAttention(report);
    const failing = items.filter((item) => item.level === "error").length;
    const heading =
        failing > 0
            ? `### ❌ Authenticated Origin Pulls: ${failing} of ${summary.total} target${summary.total === 1 ? "" : "s"} need${failing === 1 ? "s" : ""} attention`
            : `### ✅ Authenticated Origin Pulls: ${summary.total === 1 ? "the target is" : `all ${summary.total} targets are`} fine`;
    const lines = [
        heading,
        "",
        "| Targets | Healthy | Unhealthy | Missing | Errors |",
        "| ---: | ---: | ---: | ---: | ---: |",
        row([summary.total, summary.healthy, summary.unhealthy, summary.missing, summary.errors].map(String)),
        "",
        settingsLine(report),
        "",
    ];
    if (items.length > 0) {
        const cells = items.map((item) => [
            item.result.hostname,
            item.result.zoneId,
            resultLabel(item),
            expiryCell(item),
            attentionMessage(item.result),
        ]);
        lines.push(...attentionTable(["Hostname", "Zone", "Result", "Expires", "Problems"], cells, secrets, lines, "target"));
    }
    return `${lines.join("\n")}\n`;
}

/**
 * Appends the summary when GITHUB_STEP_SUMMARY names a file. A summary that cannot be written is a
 * warning on stderr, not a failure: the check's verdict and exit code do not depend on it.
 */
export function appendStepSummary(io: CliIo, report: CheckReport): void {
    appendToStepSummary(io, (secrets) => renderStepSummary(report, secrets));
}

/** Appends what `render` writes (given the run's secrets, to redact cell by cell) when GITHUB_STEP_SUMMARY names a file. */
export function appendToStepSummary(io: CliIo, render: (secrets: readonly string[]) => string): void {
    const file = io.env.GITHUB_STEP_SUMMARY?.trim();
    if (!file) return;
    const secrets = secretsIn(io.env);
    try {
        appendFileSync(file, redact(render(secrets), secrets), "utf8");
    } catch (error) {
        const code = errorProperty(error, "code");
        printError(
            io,
            `warning: cannot append the job summary to GITHUB_STEP_SUMMARY ${JSON.stringify(file)}${typeof code === "string" ? ` (${code})` : ""}; ` +
                "the check itself is unaffected (--no-step-summary turns the summary off)",
        );
    }
}
