/**
 * `aop-status scan --zone-id Z [--zone-id Z2 …] [--targets-file FILE]`: each zone's Authenticated
 * Origin Pulls inventory (is zone-level AOP on; every zone-level and hostname certificate with its
 * expiry and problems), and with --targets-file which certificate each target uses. Exits 0, 1
 * (a certificate that counts has a problem) or 3 (a zone or target not read, or an inventory
 * incomplete), 2 before anything is sent; see scan/report.ts for which certificates count.
 */
import { InvalidArgumentError, Option, type Command } from "commander";

import { DEFAULT_INVENTORY_MAX_PAGES, MAX_INVENTORY_PAGES, readZoneInventory } from "../../inventory-reader";
import { UsageError } from "../errors";
import { printError } from "../io";
import { parseExpiryWarningDays, type RefusedCredentialFlags, type ReportFormat, type StepSummaryFlags } from "../options";
import { ProgressLine, type ProgressCounts } from "../progress";
import { publicBaseUrl } from "../public-url";
import { errorResult } from "../runner";
import { appendToStepSummary } from "../step-summary";
import { validateZoneIdFlag, type Target } from "../targets";
import { palette, progressEnabled } from "../terminal";
import { DEFAULT_EXPIRY_WARNING_DAYS } from "../../validation";
import { renderScanGithub } from "../scan/github";
import { renderScanHtml } from "../scan/html-view";
import { renderScanJson } from "../scan/json";
import { renderScanJunit } from "../scan/junit";
import { renderScanPrometheus } from "../scan/prometheus";
import { scanExitCode, summarizeScan, type ScanReport, type ScanSettings } from "../scan/report";
import { scanZones, type ScanRun } from "../scan/runner";
import { renderScanStepSummary } from "../scan/step-summary";
import { renderScanTable } from "../scan/table";
import { refuseCredentialFlags, type CommandContext, type GlobalFlags } from "./context";
import { addReportOptions, emitReport, refuseGithubToFile, runClient } from "./report-output";
import { loadTargets } from "./targets-input";

interface ScanFlags extends GlobalFlags, RefusedCredentialFlags, StepSummaryFlags {
    zoneId: string[];
    targetsFile?: string;
    expiryWarningDays?: number;
    maxPages: number;
    format: ReportFormat;
    output?: string;
    concurrency?: number;
}

const EXAMPLES = `
Examples:
  $ aop-status scan --zone-id 023e105f4ecef8ad9ca31a8372d0c353
  $ aop-status scan --zone-id 023e105f4ecef8ad9ca31a8372d0c353 --zone-id 0a0b5ca11e5e4a6f8d9c7b6a5f4e3d2c --expiry-warning-days 21
  $ aop-status scan --targets-file targets.txt --format json | jq '.zones[].certificates[] | select(.decides and (.healthy | not))'
  $ aop-status scan --zone-id 023e105f4ecef8ad9ca31a8372d0c353 --format prometheus --output /var/lib/node_exporter/textfile/aop-scan.prom
  $ aop-status scan --zone-id 023e105f4ecef8ad9ca31a8372d0c353 --format github      # in a GitHub Actions step
  $ aop-status scan --zone-id 023e105f4ecef8ad9ca31a8372d0c353 --format html --output aop-inventory.html

Each zone costs three reads (the zone-level AOP setting, the zone-level certificates, the hostname
certificates) plus one per extra page of a list, under the same rate-limit pacing as check.

Without --targets-file it is a zone audit: any certificate expired, expiring within
--expiry-warning-days, or in a status other than active makes it exit 1. Cloudflare never removes
expired certificates; deleting them is the fix.

With --targets-file (ZONE_ID/HOSTNAME lines, as check reads them) it also reads each target's
association and shows which certificate each one uses. Then only the certificates in use decide
exit 1: a hostname certificate a target uses, and a zone-level certificate while zone-level AOP is
on. The others are reported as "not used by the targets given". No endpoint lists a zone's
associations, so that is not proof that nothing uses them. The targets' zones are scanned too.

--output, GITHUB_STEP_SUMMARY and --no-step-summary work as they do for check.

Exit codes: 0 nothing to fix; 1 a certificate that counts is expired, expiring or not active;
2 usage or input error (nothing was sent); 3 a zone or a target could not be read, or an inventory is
incomplete (a list had more pages than --max-pages): an incomplete inventory is not a clean bill of
health (3 wins over 1).`;

function parseMaxPages(raw: string): number {
    const value = /^\d+$/.test(raw.trim()) ? Number(raw) : Number.NaN;
    if (!Number.isInteger(value) || value < 1 || value > MAX_INVENTORY_PAGES) {
        throw new InvalidArgumentError(`--max-pages must be a whole number from 1 to ${MAX_INVENTORY_PAGES}, got ${JSON.stringify(raw)}`);
    }
    return value;
}

function collect(value: string, previous: string[]): string[] {
    return [...previous, value];
}

function render(format: ReportFormat, report: ScanReport, color: boolean): string {
    if (format === "json") return renderScanJson(report);
    if (format === "junit") return renderScanJunit(report);
    if (format === "prometheus") return renderScanPrometheus(report);
    if (format === "github") return renderScanGithub(report, palette(color));
    if (format === "html") return renderScanHtml(report);
    return renderScanTable(report, palette(color));
}

/** The zones to scan, in order: --zone-id first, then the targets' zones; every bad --zone-id named at once. */
function zonesToScan(flags: ScanFlags, targets: readonly Target[] | null): string[] {
    const problems = flags.zoneId.flatMap((zoneId) => validateZoneIdFlag(zoneId));
    if (problems.length > 0) throw new UsageError(problems);
    const zones = [...new Set([...flags.zoneId, ...(targets ?? []).map((target) => target.zoneId)])];
    if (zones.length === 0) throw new UsageError("no zones: give --zone-id ZONE_ID (repeat it for more zones), or --targets-file FILE");
    return zones;
}

function loadScanTargets(flags: ScanFlags): Target[] | null {
    if (flags.targetsFile === undefined) return null;
    // A bare hostname belongs to --zone-id's zone only when there is exactly one.
    return loadTargets([], { targetsFile: flags.targetsFile, zoneId: flags.zoneId.length === 1 ? flags.zoneId[0] : undefined });
}

type Outcome = ScanRun & { baseUrl: string };

async function run(
    zones: string[],
    targets: Target[] | null,
    flags: ScanFlags,
    settings: ScanSettings,
    context: CommandContext,
): Promise<Outcome> {
    const { io } = context;
    const { connection, client, failure } = runClient(io, flags);
    const { baseUrl } = connection;
    const now = new Date();
    if (client === null) {
        return {
            zones: zones.map((zoneId) => ({ zoneId, inventory: null, error: failure, certificates: [] })),
            targets: targets?.map((target) => ({ result: errorResult(target, failure), certificateId: null, listed: null })) ?? null,
            stoppedBy: null,
            zoneFailures: [],
            baseUrl,
        };
    }
    const counts: ProgressCounts = { unhealthy: 0, missing: 0, errors: 0 };
    const progress = new ProgressLine(io.stderr, zones.length + (targets?.length ?? 0), { enabled: progressEnabled(io.stderr, io.env) });
    let done = 0;
    try {
        const outcome = await scanZones(
            zones,
            targets,
            {
                readZoneInventory: (zoneId) =>
                    readZoneInventory(client, zoneId, { expiryWarningDays: settings.expiryWarningDays, now, maxPages: settings.maxPages }),
                getHostnameStatus: (zoneId, hostname) => client.getHostnameStatus(zoneId, hostname),
                announceReads: (count) => client.announceReads(count),
            },
            {
                concurrency: connection.tuning.concurrency,
                now,
                targetSettings: { expiryWarningDays: settings.expiryWarningDays, requireEnabled: true, allowMissing: true },
                onProgress: (event) => {
                    if (event.kind === "zone") {
                        if (event.zone.error) counts.errors++;
                        counts.unhealthy += event.zone.inventory?.certificates.filter((c) => !c.healthy).length ?? 0;
                    } else if (event.result.outcome === "error") {
                        counts.errors++;
                    }
                    progress.update(++done, counts);
                },
            },
        );
        return { ...outcome, baseUrl };
    } finally {
        progress.finish();
    }
}

/** Each failure once: the error that stopped the run, each zone's error, incomplete lists, then the targets'. */
function printFailures(context: CommandContext, outcome: Outcome, report: ScanReport): void {
    const describe = (error: { name: string; message: string }): string => `${error.name}: ${error.message}`;
    const lines: string[] = [];
    const failed = report.zones.filter((zone) => zone.error !== null);
    if (failed.length > 0) {
        const first = outcome.stoppedBy ?? outcome.zoneFailures[0]?.error ?? failed[0].error;
        lines.push(`${failed.length} of ${report.zones.length} zones could not be read${first ? `: ${describe(first)}` : ""}`);
        for (const failure of outcome.zoneFailures)
            if (failure.error !== first) lines.push(`zone ${failure.zoneId}: ${describe(failure.error)}`);
    }
    for (const zone of report.zones) {
        for (const list of zone.inventory?.lists ?? []) {
            if (!list.complete) lines.push(`zone ${zone.zoneId}: inventory incomplete: ${list.message ?? list.reason}`);
        }
    }
    const targets = report.targets ?? [];
    const targetErrors = targets.filter((target) => target.result.error !== null && target.result.error.name !== "NotCheckedError");
    const notChecked = targets.filter((target) => target.result.error?.name === "NotCheckedError").length;
    if (targetErrors.length > 0 || notChecked > 0) {
        const first = targetErrors[0]?.result.error;
        lines.push(
            `${targetErrors.length + notChecked} of ${targets.length} targets could not be checked${first ? `: ${describe(first)}` : ""}` +
                (notChecked > 0 ? ` [${notChecked} not requested]` : ""),
        );
    }
    if (outcome.stoppedBy) lines.push("stopped early: the remaining zones and targets were not requested, as they would fail the same way");
    if (lines.length > 0) printError(context.io, lines.join("\n"));
}

export function registerScan(program: Command, context: CommandContext): void {
    const command = program
        .command("scan")
        .description(
            "inventory the AOP certificates of one or more zones; exit 0 fine, 1 a certificate to fix, 2 usage, 3 API/credential error or incomplete",
        )
        .option("--zone-id <id>", "a zone to scan (32 hex characters); repeat for more zones", collect, [] as string[])
        .option(
            "-f, --targets-file <file>",
            "also read these ZONE_ID/HOSTNAME targets' associations: only the certificates they use decide ('-' for stdin)",
        )
        .addOption(
            new Option(
                "--expiry-warning-days <n>",
                `a certificate expiring in fewer than N days is a problem (default: ${DEFAULT_EXPIRY_WARNING_DAYS})`,
            ).argParser(parseExpiryWarningDays),
        )
        .addOption(
            new Option("--max-pages <n>", `pages read per certificate list at most; more makes the inventory incomplete (exit 3)`)
                .argParser(parseMaxPages)
                .default(DEFAULT_INVENTORY_MAX_PAGES),
        );
    addReportOptions(command, EXAMPLES);

    command.action(async (_options: unknown, self: Command) => {
        const { io } = context;
        const flags = self.optsWithGlobals<ScanFlags>();
        refuseCredentialFlags(flags);
        refuseGithubToFile(flags.format, flags.output);
        const targets = loadScanTargets(flags);
        const zones = zonesToScan(flags, targets);
        const settings: ScanSettings = {
            expiryWarningDays: flags.expiryWarningDays ?? DEFAULT_EXPIRY_WARNING_DAYS,
            maxPages: flags.maxPages,
            targetsGiven: targets !== null,
        };
        const generatedAt = new Date();
        const startedAt = Date.now();
        const outcome = await run(zones, targets, flags, settings, context);
        const report: ScanReport = {
            generatedAt,
            durationMs: Date.now() - startedAt,
            baseUrl: publicBaseUrl(outcome.baseUrl),
            settings,
            zones: outcome.zones,
            targets: outcome.targets,
        };
        if (flags.stepSummary) appendToStepSummary(io, (secrets) => renderScanStepSummary(report, secrets));
        emitReport(io, flags.format, flags.output, {
            render: (format, color) => render(format, report, color),
            table: (colors) => renderScanTable(report, colors),
        });
        printFailures(context, outcome, report);
        context.setExitCode(scanExitCode(summarizeScan(report)));
    });
}
