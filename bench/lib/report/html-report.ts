/** The HTML report's section: size and time to interactive at fleet size. */
import type { HtmlReportResult } from "../html-report";
import { median, spread } from "../stats";
import { table, verdict } from "./format";

export const HTML_REPORT_MAX_BYTES = 1_000_000;
export const HTML_REPORT_MAX_READY_MS = 2000;

const ms = (value: number): string => `${Math.round(value)} ms`;
const kb = (bytes: number): string => `${Math.round(bytes / 1000)} kB`;

export function htmlReportSummaryRows(result: HtmlReportResult | undefined): string[][] {
    if (!result) return [];
    return [
        [`HTML report for ${result.targets} targets: size`, "< 1 MB", kb(result.bytes), verdict(result.bytes < HTML_REPORT_MAX_BYTES)],
        [
            `HTML report for ${result.targets} targets: time to interactive in headless Chromium`,
            "< 2 s",
            ms(result.medianInteractiveMs),
            verdict(result.medianInteractiveMs < HTML_REPORT_MAX_READY_MS),
        ],
    ];
}

export function htmlReportSection(result: HtmlReportResult | undefined): string[] {
    if (!result) return [];
    const interactive = result.runs.map((run) => run.renderedMs);
    return [
        "## HTML report",
        "",
        `\`aop-status check --format html --output\` for a ${result.targets}-target fleet over three zones (certificates from expired to two years out, ` +
            "a few deployments pending, associations disabled and hostnames missing; `tests/support/html-report.ts`), written by the measured build against the emulator, " +
            `then opened from disk in headless ${result.browser} through playwright-core, ${result.runs.length} times, each in a fresh browser context.`,
        "",
        "**Interactive** is the time from the navigation's start to the performance mark `aop-report-rendered`: the report's script sets `aop-report-ready` (and `data-ready`) as its last act, " +
            "once the whole page is parsed and it has read its data, given every row its certificate disclosure and wired the sorting, the filters and the timeline; " +
            "`aop-report-rendered` follows in a task queued from the next animation frame, once the browser has also laid out and drawn the page.",
        "",
        table(
            ["measure", "target", "median (min–max)", ""],
            [
                ["file size", "< 1 MB", `${result.bytes} B`, verdict(result.bytes < HTML_REPORT_MAX_BYTES)],
                [
                    "navigation start → interactive (wired and drawn)",
                    "< 2 s",
                    spread(interactive, ms),
                    verdict(median(interactive) < HTML_REPORT_MAX_READY_MS),
                ],
                [
                    "navigation start → controls wired (`aop-report-ready`)",
                    "–",
                    spread(
                        result.runs.map((run) => run.readyMs),
                        ms,
                    ),
                    "",
                ],
                [
                    "navigation start → DOMContentLoaded",
                    "–",
                    spread(
                        result.runs.map((run) => run.domContentLoadedMs),
                        ms,
                    ),
                    "",
                ],
                [
                    "navigation start → load event",
                    "–",
                    spread(
                        result.runs.map((run) => run.loadMs),
                        ms,
                    ),
                    "",
                ],
                ["CLI: read the fleet and write the report", "–", ms(result.cliMs), ""],
            ],
        ),
        "",
    ];
}
