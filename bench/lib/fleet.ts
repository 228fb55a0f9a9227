/**
 * One fleet read on a fresh emulator (fresh budget): the emulator in its own process, the other
 * client's drip started together with the measured client, then the emulator's log analysed.
 */
import { mkdirSync } from "node:fs";
import path from "node:path";

import { fleetLowerBound, type Bound } from "./bound";
import { OtherClientDrip } from "./drip";
import { EmulatorProcess } from "./emulator-process";
import { runCliCheck } from "./fleet-ours";
import { runSdkFleet } from "./fleet-sdk";
import { BENCH_TMP, fleetTargets } from "./seed";
import { analyzeTraffic, userAgentStartsWith, type TrafficSummary } from "./traffic-analysis";

export interface FleetSettings {
    latencyMs: number;
    quota: number;
    windowSeconds: number;
    penaltySeconds: number;
    /** Requests per window the other client spends (e.g. 25 % of the quota). */
    otherPerWindow: number;
    concurrency: number;
    token: string;
}

export type FleetClient = "ours" | "sdk";

export const OUR_USER_AGENT = "pulumi-cloudflare-aop-status/";
export const SDK_USER_AGENT = "Cloudflare/JS";

export interface FleetRun {
    client: FleetClient;
    targets: number;
    wallMs: number;
    /** ours: the CLI's own `durationMs` (no process start-up); sdk: same as wallMs. */
    innerMs: number;
    bound: Bound;
    ratio: number;
    ok: number;
    failures: number;
    errorKinds: Record<string, number>;
    traffic: TrafficSummary;
    other: { hits: number; rejected: number };
    /** ours only: the CLI process's peak RSS. */
    peakRssKb: number | null;
    exitCode: number | null;
}

export interface FleetFiles {
    seedFile: string;
    targetsFile: string;
}

export async function runFleet(client: FleetClient, targets: number, settings: FleetSettings, files: FleetFiles): Promise<FleetRun> {
    mkdirSync(BENCH_TMP, { recursive: true });
    const emulator = await EmulatorProcess.start({
        latencyMs: settings.latencyMs,
        quota: settings.quota,
        windowSeconds: settings.windowSeconds,
        penaltySeconds: settings.penaltySeconds,
        token: settings.token,
        dataFile: files.seedFile,
    });
    const drip = new OtherClientDrip(emulator, settings.otherPerWindow, settings.windowSeconds);
    try {
        let wallMs: number;
        let innerMs: number;
        let ok: number;
        let failures: number;
        let errorKinds: Record<string, number>;
        let peakRssKb: number | null = null;
        let exitCode: number | null = null;
        if (client === "ours") {
            const run = await runCliCheck(
                {
                    baseUrl: emulator.url,
                    token: settings.token,
                    targetsFile: files.targetsFile,
                    concurrency: settings.concurrency,
                    rssFile: path.join(BENCH_TMP, `cli-rss-${process.pid}.json`),
                },
                () => drip.start(),
            );
            if (!run.report) throw new Error(`aop-status check printed no JSON report (exit ${String(run.exitCode)}):\n${run.stderr}`);
            wallMs = run.wallMs;
            innerMs = run.report.durationMs;
            failures = run.report.summary.errors;
            ok = run.report.summary.total - failures;
            errorKinds = run.errorKinds;
            peakRssKb = run.peakRssKb;
            exitCode = run.exitCode;
        } else {
            drip.start();
            const run = await runSdkFleet({
                baseUrl: emulator.url,
                token: settings.token,
                targets: fleetTargets(targets),
                concurrency: settings.concurrency,
            });
            wallMs = run.wallMs;
            innerMs = run.wallMs;
            ok = run.ok;
            failures = run.failures;
            errorKinds = run.errorKinds;
        }
        const dripReport = await drip.stop();
        const log = await emulator.log();
        const traffic = analyzeTraffic(log, userAgentStartsWith(client === "ours" ? OUR_USER_AGENT : SDK_USER_AGENT), dripReport, settings);
        const bound = fleetLowerBound({
            requests: targets,
            quota: settings.quota,
            windowSeconds: settings.windowSeconds,
            otherPerWindow: settings.otherPerWindow,
            latencyMs: settings.latencyMs,
            concurrency: settings.concurrency,
        });
        return {
            client,
            targets,
            wallMs,
            innerMs,
            bound,
            ratio: wallMs / bound.ms,
            ok,
            failures,
            errorKinds,
            traffic,
            other: { hits: dripReport.hits, rejected: dripReport.rejected },
            peakRssKb,
            exitCode,
        };
    } finally {
        await drip.stop().catch(() => undefined);
        await emulator.stop();
    }
}
