/**
 * The HTML report at fleet size: how big the file is, and how soon a person can use it.
 *
 * The report is made as a user makes it (the pinned build's `aop-status check --format html
 * --output`, against the emulator serving tests/support/html-report's 1000-target fleet), then
 * opened from disk in headless Chromium, each run in a fresh browser context (no cache).
 *
 * "Interactive" is precise: the time from the navigation's start (performance.timeOrigin) to the
 * performance mark "aop-report-rendered". The report's script sets "aop-report-ready" (and
 * `data-ready` on <html>) as its last act, once the whole page is parsed and it has read its data,
 * given every row its certificate disclosure and wired the sort buttons, the filter, the search
 * box and the timeline's marks; then "aop-report-rendered" in a task queued from the next
 * animation frame, i.e. once the browser has also laid out and drawn the page. Both marks,
 * DOMContentLoaded and the load event are reported.
 */
import { mkdirSync, rmSync, statSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

import { launchBrowser } from "../../tests/support/browser";
import { fleetReportSource, writeReportWithCli } from "../../tests/support/html-report";
import { builtPart } from "./dist";
import { BENCH_TMP } from "./seed";
import { median } from "./stats";

export interface HtmlReportRun {
    /** Navigation start → the controls are wired. */
    readyMs: number;
    /** Navigation start → wired and drawn: "interactive". */
    renderedMs: number;
    domContentLoadedMs: number;
    loadMs: number;
}

export interface HtmlReportResult {
    targets: number;
    bytes: number;
    /** How long the CLI took to read the fleet and write the report. */
    cliMs: number;
    browser: string;
    runs: HtmlReportRun[];
    /** Median of renderedMs. */
    medianInteractiveMs: number;
}

const TIMINGS = `(() => {
  const mark = (name) => { const entry = performance.getEntriesByName(name)[0]; return entry ? entry.startTime : NaN; };
  const navigation = performance.getEntriesByType("navigation")[0];
  return {
    readyMs: mark("aop-report-ready"),
    renderedMs: mark("aop-report-rendered"),
    domContentLoadedMs: navigation.domContentLoadedEventEnd,
    loadMs: navigation.loadEventEnd,
  };
})()`;

export async function measureHtmlReport(options: { targets: number; runs: number }): Promise<HtmlReportResult> {
    const dir = path.join(BENCH_TMP, `html-report-${process.pid}`);
    mkdirSync(dir, { recursive: true });
    const chromium = await launchBrowser();
    try {
        const report = await writeReportWithCli(fleetReportSource(options.targets), {
            file: path.join(dir, "report.html"),
            cli: path.join(builtPart("provider"), "cli", "main.js"),
        });
        if (report.code !== 1)
            throw new Error(`aop-status check exited ${report.code} (the fleet has unhealthy targets: 1 expected)\n${report.stderr}`);
        const runs: HtmlReportRun[] = [];
        for (let run = 0; run < options.runs; run++) {
            const context = await chromium.browser.newContext({ viewport: { width: 1280, height: 900 } });
            // Nothing but the file may load; the report asks for nothing else, and this makes sure.
            await context.route("**/*", (route) => (route.request().url().startsWith("file:") ? route.continue() : route.abort()));
            const page = await context.newPage();
            await page.goto(pathToFileURL(report.file).href, { waitUntil: "load" });
            await page.waitForFunction("performance.getEntriesByName('aop-report-rendered').length > 0");
            runs.push(await page.evaluate<HtmlReportRun>(TIMINGS));
            await context.close();
        }
        return {
            targets: options.targets,
            bytes: statSync(report.file).size,
            cliMs: report.durationMs,
            browser: `${path.basename(chromium.executable)} ${chromium.browser.version()}`,
            runs,
            medianInteractiveMs: median(runs.map((run) => run.renderedMs)),
        };
    } finally {
        await chromium.close();
        rmSync(dir, { recursive: true, force: true });
    }
}
