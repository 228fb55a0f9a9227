/**
 * `aop-status check TARGET...`: read every target under the shared limiter, judge it with the
 * resource's health rules, print or write a report, and exit 0/1/3 (2 before anything is sent).
 */
import type { Command } from "commander";

import { exitCodeFor } from "../exit-codes";
import { renderGithub } from "../format-github";
import { renderHtmlReport } from "../format-html";
import { renderJsonReport } from "../format-json";
import { renderJunit } from "../format-junit";
import { renderPrometheusReport } from "../format-prometheus";
import { renderCheckTable } from "../format-table";
import { printError } from "../io";
import {
    addHealthOptions,
    addZoneIdOption,
    settingsFrom,
    type HealthFlags,
    type RefusedCredentialFlags,
    type ReportFormat,
    type StepSummaryFlags,
} from "../options";
import { ProgressLine, type ProgressCounts } from "../progress";
import { publicBaseUrl } from "../public-url";
import { summarize, type CheckReport, type CheckSettings } from "../report";
import { appendStepSummary } from "../step-summary";
import { checkTargets, errorResult, type RunResult } from "../runner";
import type { Target } from "../targets";
import { palette, progressEnabled } from "../terminal";
import { loadTargets, type TargetFlags } from "./targets-input";
import { refuseCredentialFlags, type CommandContext, type GlobalFlags } from "./context";
import { addReportOptions, emitReport, refuseGithubToFile, runClient } from "./report-output";

interface CheckFlags extends GlobalFlags, HealthFlags, TargetFlags, RefusedCredentialFlags, StepSummaryFlags {
    format: ReportFormat;
    output?: string;
    concurrency?: number;
}

const EXAMPLES = `
Examples:
  $ aop-status check 023e105f4ecef8ad9ca31a8372d0c353/app.example.com
  $ aop-status check --zone-id 023e105f4ecef8ad9ca31a8372d0c353 app.example.com api.example.com --expiry-warning-days 14
  $ aop-status check --targets-file targets.txt --format junit --output aop-report.xml
  $ aop-status check --targets-file targets.txt --format json | jq '.targets[] | select(.healthy | not)'
  $ aop-status check --targets-file targets.txt --format prometheus --output /var/lib/node_exporter/textfile/aop.prom
  $ aop-status check --targets-file targets.txt --format github      # in a GitHub Actions step: annotations
  $ aop-status check --targets-file targets.txt --format html --output aop-report.html

A targets file holds one ZONE_ID/HOSTNAME per line (or a bare hostname with --zone-id);
'#' starts a comment and blank lines are ignored. Use '-' to read the list from stdin.

With --output, the report (in --format) goes to the file and the table still goes to stdout,
so the CI log stays readable and the file is there for the CI system to publish. The report is
written whatever the result, errors included, to a temporary file that is then renamed, so a
collector never reads half of it. When GITHUB_STEP_SUMMARY names a file (as in every GitHub
Actions step), a Markdown summary is appended to it; --no-step-summary turns that off.

Exit codes: 0 all healthy; 1 any unhealthy, or missing without --allow-missing; 2 usage or input
error (nothing was sent); 3 an API or credential error kept a target from being checked (3 wins over 1).`;

function render(format: ReportFormat, report: CheckReport, color: boolean): string {
    if (format === "json") return renderJsonReport(report);
    if (format === "junit") return renderJunit(report);
    if (format === "prometheus") return renderPrometheusReport(report);
    if (format === "github") return renderGithub(report, palette(color));
    if (format === "html") return renderHtmlReport(report);
    return renderCheckTable(report, palette(color));
}

/** `baseUrl` is the one the run read from, for the report. */
type CheckRun = RunResult & { baseUrl: string };

async function run(targets: Target[], flags: CheckFlags, settings: CheckSettings, context: CommandContext): Promise<CheckRun> {
    const { io } = context;
    const { connection, client, failure } = runClient(io, flags);
    const { baseUrl } = connection;
    if (client === null) {
        return { results: targets.map((target) => errorResult(target, failure)), stoppedBy: null, zoneFailures: [], baseUrl };
    }
    const counts: ProgressCounts = { unhealthy: 0, missing: 0, errors: 0 };
    const progress = new ProgressLine(io.stderr, targets.length, { enabled: progressEnabled(io.stderr, io.env) });
    try {
        const result = await checkTargets(targets, client, {
            settings,
            concurrency: connection.tuning.concurrency,
            now: new Date(),
            onResult: (result, done) => {
                if (result.outcome === "unhealthy") counts.unhealthy++;
                else if (result.outcome === "missing") counts.missing++;
                else if (result.outcome === "error") counts.errors++;
                progress.update(done, counts);
            },
        });
        return { ...result, baseUrl };
    } finally {
        progress.finish();
    }
}

/**
 * Each failure once, however many rows it touched: the error that stopped the run, each zone's
 * error (its other targets were not requested), and the first error of any other kind. The
 * table's rows only point back here.
 */
function printFailures(context: CommandContext, outcome: RunResult, report: CheckReport, errors: number): void {
    const describe = (error: { name: string; message: string }): string => `${error.name}: ${error.message}`;
    const zoneLines = outcome.zoneFailures.map(
        (zone) =>
            `${describe(zone.error)}` +
            (zone.notRequested > 0
                ? ` [${zone.notRequested} more target${zone.notRequested === 1 ? "" : "s"} in zone ${zone.zoneId} not requested]`
                : ""),
    );
    // By name: the same failure on another row differs only in the hostname it names.
    const shown = new Set(["NotCheckedError", outcome.stoppedBy?.name, ...outcome.zoneFailures.map((zone) => zone.error.name)]);
    const other = report.results.find((r) => r.error && !shown.has(r.error.name))?.error;
    const first = outcome.stoppedBy ? describe(outcome.stoppedBy) : (zoneLines.shift() ?? (other ? describe(other) : undefined));
    const total = report.results.length;
    const lines = [`${errors} of ${total} ${total === 1 ? "target" : "targets"} could not be checked${first ? `: ${first}` : ""}`];
    lines.push(...zoneLines);
    if (other && (outcome.stoppedBy || outcome.zoneFailures.length > 0)) lines.push(describe(other));
    if (outcome.stoppedBy) lines.push("stopped early: the remaining targets were not requested, as they would fail the same way");
    printError(context.io, lines.join("\n"));
}

export function registerCheck(program: Command, context: CommandContext): void {
    const command = program
        .command("check")
        .description("check the health of one or more hostnames; exit 0 healthy, 1 unhealthy/missing, 2 usage, 3 API/credential error")
        .argument("[targets...]", "ZONE_ID/HOSTNAME (or HOSTNAME with --zone-id)")
        .option("-f, --targets-file <file>", "read targets from FILE, one per line ('-' for stdin)");
    addZoneIdOption(command);
    addHealthOptions(command);
    addReportOptions(command, EXAMPLES);

    command.action(async (args: string[], _options: unknown, self: Command) => {
        const { io } = context;
        const flags = self.optsWithGlobals<CheckFlags>();
        refuseCredentialFlags(flags);
        refuseGithubToFile(flags.format, flags.output);
        const targets = loadTargets(args, flags);
        const settings = settingsFrom(flags);
        const generatedAt = new Date();
        const startedAt = Date.now();
        const outcome = await run(targets, flags, settings, context);
        const report: CheckReport = {
            generatedAt,
            durationMs: Date.now() - startedAt,
            baseUrl: publicBaseUrl(outcome.baseUrl),
            settings,
            results: outcome.results,
        };
        const summary = summarize(report.results);
        if (flags.stepSummary) appendStepSummary(io, report);

        emitReport(io, flags.format, flags.output, {
            render: (format, color) => render(format, report, color),
            table: (colors) => renderCheckTable(report, colors),
        });

        if (summary.errors > 0) printFailures(context, outcome, report, summary.errors);
        context.setExitCode(exitCodeFor(summary, settings.allowMissing));
    });
}
