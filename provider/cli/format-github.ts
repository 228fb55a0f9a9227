/**
 * `--format github`: the human table, then one workflow command per target that needs attention,
 * which GitHub Actions turns into an annotation on the run:
 *
 *   ::error title=AOP app.example.com::status is pending_deployment
 *
 * - unhealthy, failed (API or credential error, not checked) and missing targets without
 *   --allow-missing are `::error`; a target missing with --allow-missing is a `::warning` (it fails
 *   nothing, but someone should know the association is absent);
 * - GitHub keeps 10 annotations of each kind per step (and 50 per job), so at most 10 of each are
 *   printed, worst first (see attention.ts), then one `::notice` counts the rest;
 *   limits: https://github.com/actions/toolkit/blob/main/docs/problem-matchers.md#limitations
 * - values are escaped the way the runner unescapes them (actions/runner,
 *   src/Runner.Common/ActionCommand.cs, TryParseV2 and _escapeDataMappings /
 *   _escapePropertyMappings; the same as @actions/core's escapeData / escapeProperty in
 *   packages/core/src/command.ts): `%` `\r` `\n` in the message, and also `:` `,` in properties;
 * - the table is printed between `::stop-commands::TOKEN` and `::TOKEN::` with a random token, so
 *   a line of API text inside it can never act as a workflow command (GitHub's documented way to
 *   log untrusted text: "Stopping and starting workflow commands").
 */
import { randomBytes } from "node:crypto";

import { attentionMessage, needingAttention, type AttentionItem, type AttentionLevel } from "./attention";
import { renderCheckTable } from "./format-table";
import type { CheckReport } from "./report";
import { PLAIN, type Palette } from "./terminal";

/** Annotations of one kind GitHub shows for a step. */
export const MAX_ANNOTATIONS_PER_KIND = 10;
/** Messages longer than this are cut: an annotation is a pointer to the log, not the log. */
export const MAX_ANNOTATION_MESSAGE_LENGTH = 1000;

// Control characters other than CR and LF (which are escaped), and lone surrogates: shown as U+FFFD.
const UNSAFE_CHARACTERS =
    // eslint-disable-next-line no-control-regex -- they are what a workflow command line must not carry
    /[\u0000-\u0009\u000B\u000C\u000E-\u001F\u007F-\u009F]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

function clean(text: string, maxLength: number): string {
    const safe = text.replace(UNSAFE_CHARACTERS, "\uFFFD");
    const characters = Array.from(safe);
    return characters.length > maxLength ? `${characters.slice(0, maxLength - 1).join("")}…` : safe;
}

/** A workflow command's message. `%` first, so the escapes themselves survive the runner's unescaping. */
export function escapeData(text: string): string {
    return text.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

/** A workflow command's property value: `:` would end the properties and `,` would start another. */
export function escapeProperty(text: string): string {
    return escapeData(text).replace(/:/g, "%3A").replace(/,/g, "%2C");
}

/**
 * One workflow command line. Property values are trimmed: the runner trims the property list as a
 * whole, so a title's trailing space would be lost anyway, and an empty value drops the property.
 */
export function workflowCommand(command: string, properties: Readonly<Record<string, string>>, message: string): string {
    const props = Object.entries(properties)
        .map(([name, value]) => [name, clean(value, MAX_ANNOTATION_MESSAGE_LENGTH).trim()])
        .filter(([, value]) => value.length > 0)
        .map(([name, value]) => `${name}=${escapeProperty(value)}`)
        .join(",");
    return `::${command}${props ? ` ${props}` : ""}::${escapeData(clean(message, MAX_ANNOTATION_MESSAGE_LENGTH))}`;
}

function annotation(item: AttentionItem): string {
    const { result } = item;
    const message = attentionMessage(result) + (item.level === "warning" ? " (allowed by --allow-missing)" : "");
    return workflowCommand(item.level, { title: `AOP ${result.hostname}` }, message);
}

/** One annotation to print, with its kind. */
export interface AnnotationLine {
    level: AttentionLevel;
    line: string;
}

/**
 * At most 10 errors and 10 warnings of `lines` (already worst first), then one notice counting the
 * rest. `noun` names what the rest are ("target" / "targets"); `listedIn` says where every one of
 * them is, e.g. "The table in the log lists every target."
 */
export function capAnnotations(lines: readonly AnnotationLine[], noun: { one: string; many: string }, listedIn: string): string[] {
    const shown: Record<AttentionLevel, number> = { error: 0, warning: 0 };
    const left: Record<AttentionLevel, number> = { error: 0, warning: 0 };
    const out: string[] = [];
    for (const item of lines) {
        if (shown[item.level] < MAX_ANNOTATIONS_PER_KIND) {
            shown[item.level]++;
            out.push(item.line);
        } else {
            left[item.level]++;
        }
    }
    const rest = left.error + left.warning;
    if (rest > 0) {
        const kinds = [
            left.error > 0 ? `${left.error} more error${left.error === 1 ? "" : "s"}` : "",
            left.warning > 0 ? `${left.warning} more warning${left.warning === 1 ? "" : "s"}` : "",
        ].filter(Boolean);
        out.push(
            workflowCommand(
                "notice",
                { title: "AOP status" },
                `${rest} more ${rest === 1 ? noun.one : noun.many} need${rest === 1 ? "s" : ""} attention (${kinds.join(", ")}) but ` +
                    `${rest === 1 ? "is" : "are"} not annotated: GitHub shows ${MAX_ANNOTATIONS_PER_KIND} annotations of each kind per step. ` +
                    listedIn,
            ),
        );
    }
    return out;
}

/** The annotation lines for a report: at most 10 errors and 10 warnings, worst first, then a notice counting the rest. */
export function renderAnnotations(report: CheckReport): string[] {
    const lines = needingAttention(report).map((item) => ({ level: item.level, line: annotation(item) }));
    return capAnnotations(lines, { one: "target", many: "targets" }, "The table in the log lists every target.");
}

/** The table between ::stop-commands:: and its token (so no line of it can act as a command), then the annotations. */
export function githubOutput(table: string, annotations: readonly string[], stopToken: string = newStopToken()): string {
    return [`::stop-commands::${stopToken}\n`, table, `::${stopToken}::\n`, ...annotations.map((line) => `${line}\n`)].join("");
}

/** A token no text from the API can know in advance, for ::stop-commands::. */
export function newStopToken(): string {
    return `aop-status-${randomBytes(16).toString("hex")}`;
}

/** `check --format github`: the table (with workflow commands off while it prints), then the annotations. */
export function renderGithub(report: CheckReport, colors: Palette = PLAIN, stopToken: string = newStopToken()): string {
    return githubOutput(renderCheckTable(report, colors), renderAnnotations(report), stopToken);
}
