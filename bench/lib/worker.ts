/**
 * Runs a benchmark worker (bench/workers/*.ts) in its own Node process through ts-node, so what
 * it measures (CPU time, peak RSS) is not mixed with the orchestrator's own work. The worker
 * gets its input as JSON in argv[2] and writes its result as JSON to the file in argv[3].
 */
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";

import { REPO_ROOT } from "./emulator-process";
import { BENCH_TMP } from "./seed";

export interface WorkerRun<T> {
    result: T;
    stderr: string;
    wallMs: number;
}

export function runWorker<T>(name: string, input: unknown, env: Record<string, string | undefined> = {}): Promise<WorkerRun<T>> {
    mkdirSync(BENCH_TMP, { recursive: true });
    const resultFile = path.join(BENCH_TMP, `${name}-${process.pid}-result.json`);
    rmSync(resultFile, { force: true });
    const script = path.join(REPO_ROOT, "bench", "workers", `${name}.ts`);
    const childEnv: NodeJS.ProcessEnv = { ...process.env, ...env };
    // The worker must not pick up a real Cloudflare token or base URL from the caller's shell.
    for (const key of ["CLOUDFLARE_API_TOKEN", "CLOUDFLARE_API_KEY", "CLOUDFLARE_EMAIL", "CLOUDFLARE_BASE_URL"]) delete childEnv[key];
    for (const [key, value] of Object.entries(env)) if (value === undefined) delete childEnv[key];
    return new Promise((resolve, reject) => {
        const started = performance.now();
        const child = spawn(process.execPath, ["-r", "ts-node/register", script, JSON.stringify(input), resultFile], {
            cwd: REPO_ROOT,
            env: childEnv,
            stdio: ["ignore", "inherit", "pipe"],
        });
        let stderr = "";
        child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
        child.once("error", reject);
        child.once("close", (code) => {
            const wallMs = performance.now() - started;
            if (code !== 0 || !existsSync(resultFile)) {
                reject(new Error(`worker ${name} failed (exit ${String(code)}):\n${stderr}`));
                return;
            }
            const result = JSON.parse(readFileSync(resultFile, "utf8")) as T;
            rmSync(resultFile, { force: true });
            resolve({ result, stderr, wallMs });
        });
    });
}
