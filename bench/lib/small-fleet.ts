/**
 * Section 6: small fleets do not wait. N hostnames at 100 ms latency with ample budget (the
 * documented 1200 per 300 s, a fresh emulator per run), read by the spawned `aop-status check`
 * as a CI job runs it, once on an untouched budget and once right after another tool spent a
 * burst of it (what the pacing used to hold a small fleet back for, to measure).
 *
 * The figure is the CLI's wall time minus Node's start-up (`aop-status --version`, timed in the
 * same run, right before), against the latency bound ceil(N / concurrency) × latency. The single
 * probe before the first answer is part of the measured time, not of the bound.
 *
 * The same emulator then answers a raw `node:http` client that reads the same hostnames the same
 * way (one probe, then `concurrency` in flight): the floor any client with a probe meets here,
 * the emulator's own handling included. (wall − start-up) ÷ raw is our cost over that floor.
 */
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import http from "node:http";
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
    /** A raw node:http client's time for the same reads in the same pattern (one probe, then `concurrency` in flight). */
    rawMs: number;
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

/** GETs each target's status with node:http and nothing else: one probe, then `concurrency` in flight. */
async function rawProbeThenPool(baseUrl: string, token: string, targetsFile: string, concurrency: number): Promise<number> {
    const targets = readFileSync(targetsFile, "utf8")
        .split("\n")
        .map((line) => line.trim())
        .filter((line) => line.length > 0 && !line.startsWith("#"));
    const base = new URL(baseUrl);
    const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
    const get = (target: string): Promise<void> => {
        const [zoneId, hostname] = target.split("/");
        const pathname = `${base.pathname}/zones/${zoneId}/origin_tls_client_auth/hostnames/${encodeURIComponent(hostname)}`;
        return new Promise((resolve, reject) => {
            http.get(
                { host: base.hostname, port: base.port, path: pathname, agent, headers: { authorization: `Bearer ${token}` } },
                (res) => {
                    res.resume();
                    res.once("end", resolve);
                },
            ).once("error", reject);
        });
    };
    try {
        const started = performance.now();
        await get(targets[0]);
        let next = 1;
        const worker = async (): Promise<void> => {
            while (next < targets.length) await get(targets[next++]);
        };
        await Promise.all(Array.from({ length: concurrency }, worker));
        return performance.now() - started;
    } finally {
        agent.destroy();
    }
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
        const rawMs = await rawProbeThenPool(emulator.url, settings.token, targetsFile, settings.concurrency);
        const boundMs = Math.ceil(targets / settings.concurrency) * settings.latencyMs;
        return {
            targets,
            burst,
            wallMs: run.wallMs,
            startupMs,
            boundMs,
            ratio: (run.wallMs - startupMs) / boundMs,
            innerMs: run.report.durationMs,
            rawMs,
            requests: ours.length,
            http429: ours.filter((entry) => entry.status === 429).length,
            failures: run.report.summary.errors,
        };
    } finally {
        await emulator.stop();
    }
}
