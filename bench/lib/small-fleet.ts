/**
 * Section 6: small fleets do not wait. N hostnames at 100 ms latency with ample budget (the
 * documented 1200 per 300 s, a fresh emulator per run), read by the spawned `aop-status check`
 * as a CI job runs it, once on an untouched budget and once right after another tool spent a
 * burst of it (what the pacing used to hold a small fleet back for, to measure).
 *
 * The figure is the CLI's wall time minus Node's start-up (`aop-status --version`, timed in the
 * same run, right before), against the latency bound ceil(N / concurrency) × latency. The single
 * probe before the first answer is part of the measured time, not of the bound.
 */
import { spawn } from "node:child_process";
import path from "node:path";

import { builtPart } from "./dist";
import { EmulatorProcess } from "./emulator-process";
import { OUR_USER_AGENT, type FleetFiles } from "./fleet";
import { runCliCheck } from "./fleet-ours";
import { BENCH_TMP } from "./seed";

export interface SmallFleetSettings {
    sizes: number[];
    /** Requests another tool spends just before each run (0: an untouched budget). */
    bursts: number[];
    runs: number;
    latencyMs: number;
    quota: number;
    windowSeconds: number;
    concurrency: number;
    token: string;
}

export interface SmallFleetRun {
    targets: number;
    burst: number;
    /** The CLI's wall time, spawn to exit. */
    wallMs: number;
    /** `aop-status --version`, spawn to exit, just before: Node's start-up and the CLI's loading. */
    startupMs: number;
    boundMs: number;
    /** (wall − start-up) ÷ bound. */
    ratio: number;
    /** The CLI's own `durationMs` (targets read to report written): no process start-up, less noise. */
    innerMs: number;
    requests: number;
    http429: number;
    failures: number;
}

/** Spawn to exit of `aop-status --version`. */
function timeVersion(): Promise<number> {
    const cli = path.join(builtPart("provider"), "cli", "main.js");
    return new Promise((resolve, reject) => {
        const started = performance.now();
        const child = spawn(process.execPath, [cli, "--version"], { stdio: "ignore", env: { PATH: process.env.PATH ?? "" } });
        child.once("error", reject);
        child.once("close", (code) =>
            code === 0 ? resolve(performance.now() - started) : reject(new Error(`aop-status --version exited ${String(code)}`)),
        );
    });
}

export async function runSmallFleet(
    settings: SmallFleetSettings,
    targets: number,
    burst: number,
    files: FleetFiles,
): Promise<SmallFleetRun> {
    const { seedFile, targetsFile } = files;
    const emulator = await EmulatorProcess.start({
        latencyMs: settings.latencyMs,
        quota: settings.quota,
        windowSeconds: settings.windowSeconds,
        penaltySeconds: settings.windowSeconds,
        token: settings.token,
        dataFile: seedFile,
    });
    try {
        if (burst > 0) await emulator.consume(burst);
        // Let the emulator's start-up work finish, so it does not compete with the CLI for CPU. After
        // a burst, "just before": long enough that the burst is over, far too short to look like a pace.
        await new Promise((resolve) => setTimeout(resolve, 1000));
        const startupMs = await timeVersion();
        const run = await runCliCheck({
            baseUrl: emulator.url,
            token: settings.token,
            targetsFile,
            concurrency: settings.concurrency,
            rssFile: path.join(BENCH_TMP, `small-rss-${process.pid}.json`),
        });
        if (!run.report) throw new Error(`aop-status check printed no JSON report (exit ${String(run.exitCode)}):\n${run.stderr}`);
        const ours = (await emulator.log()).filter((entry) => (entry.userAgent ?? "").startsWith(OUR_USER_AGENT));
        const boundMs = Math.ceil(targets / settings.concurrency) * settings.latencyMs;
        return {
            targets,
            burst,
            wallMs: run.wallMs,
            startupMs,
            boundMs,
            ratio: (run.wallMs - startupMs) / boundMs,
            innerMs: run.report.durationMs,
            requests: ours.length,
            http429: ours.filter((entry) => entry.status === 429).length,
            failures: run.report.summary.errors,
        };
    } finally {
        await emulator.stop();
    }
}
