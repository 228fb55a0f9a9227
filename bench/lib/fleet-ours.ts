/**
 * Our side of the fleet read: the built `aop-status check` as its own process, exactly as a CI
 * job runs it, with a peak-RSS probe preloaded.
 */
import { spawn } from "node:child_process";
import { existsSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";

import { builtPart } from "./dist";
import { REPO_ROOT } from "./emulator-process";

const PEAK_RSS_PRELOAD = path.join(REPO_ROOT, "bench", "preload", "peak-rss.cjs");

export interface CliCheckOptions {
    baseUrl: string;
    token: string;
    targetsFile: string;
    concurrency: number;
    /** Where the preload writes the peak RSS. */
    rssFile: string;
}

/** The parts of the `--format json` report (version 1) the benchmark reads. */
export interface CliJsonReport {
    version: number;
    durationMs: number;
    summary: { total: number; healthy: number; unhealthy: number; missing: number; errors: number };
    targets: Array<{ result: string; error: { name: string; message: string } | null }>;
}

export interface CliCheckRun {
    /** From spawn to exit: what a CI job waits for, Node's start-up included. */
    wallMs: number;
    exitCode: number | null;
    report: CliJsonReport | null;
    peakRssKb: number | null;
    stderr: string;
    /** Error names of failed targets, with counts. */
    errorKinds: Record<string, number>;
}

export function runCliCheck(options: CliCheckOptions, onSpawn?: () => void): Promise<CliCheckRun> {
    rmSync(options.rssFile, { force: true });
    const cli = path.join(builtPart("provider"), "cli", "main.js");
    const args = [
        "--require",
        PEAK_RSS_PRELOAD,
        cli,
        "check",
        "--targets-file",
        options.targetsFile,
        "--format",
        "json",
        "--concurrency",
        String(options.concurrency),
    ];
    const env: Record<string, string> = {
        PATH: process.env.PATH ?? "",
        CI: "true",
        CLOUDFLARE_API_TOKEN: options.token,
        CLOUDFLARE_BASE_URL: options.baseUrl,
        BENCH_PEAK_RSS_FILE: options.rssFile,
    };
    return new Promise((resolve, reject) => {
        const started = performance.now();
        const child = spawn(process.execPath, args, { cwd: REPO_ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
        onSpawn?.();
        const stdout: Buffer[] = [];
        let stderr = "";
        child.stdout.on("data", (chunk: Buffer) => stdout.push(chunk));
        child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
        child.once("error", reject);
        child.once("close", (code) => {
            const wallMs = performance.now() - started;
            let report: CliJsonReport | null;
            try {
                report = JSON.parse(Buffer.concat(stdout).toString("utf8")) as CliJsonReport;
            } catch {
                report = null;
            }
            let peakRssKb: number | null = null;
            if (existsSync(options.rssFile)) {
                peakRssKb = (JSON.parse(readFileSync(options.rssFile, "utf8")) as { maxRssKb: number }).maxRssKb;
                rmSync(options.rssFile, { force: true });
            }
            const errorKinds: Record<string, number> = {};
            for (const target of report?.targets ?? []) {
                if (target.error) errorKinds[target.error.name] = (errorKinds[target.error.name] ?? 0) + 1;
            }
            resolve({ wallMs, exitCode: code, report, peakRssKb, stderr, errorKinds });
        });
    });
}
