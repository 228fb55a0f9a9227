/**
 * Runs the built `aop-status` as a real process against the emulator running in the test's own
 * process. The CLI must be spawned asynchronously: a synchronous spawn would block the event
 * loop the emulator answers on.
 */
import { spawn, spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";

import { expect } from "chai";

export const ROOT = join(__dirname, "..", "..", "..");
export const CLI = join(ROOT, "provider", "dist", "cli", "main.js");
/** The emulator package's build, which `aop-status emulator` loads by package name. */
const EMULATOR_ENTRY = join(ROOT, "emulator", "dist", "index.js");

/** Recognisable fake secrets: if any of them shows up in output, something leaked. */
export const FAKE_TOKEN = "cli-test-SECRET-token-5e1f9a";
export const WRONG_TOKEN = "cli-test-WRONG-token-a7c2d4";
export const FAKE_EMAIL = "ops@example.com";
export const FAKE_KEY = "cli-test-SECRET-key-0b3d6e";
export const SECRETS = [FAKE_TOKEN, WRONG_TOKEN, FAKE_KEY];

function newestSource(dir: string, skip: readonly string[] = []): number {
    let newest = 0;
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) {
            if (!skip.includes(entry.name)) newest = Math.max(newest, newestSource(path, skip));
        } else if (entry.name.endsWith(".ts") && !entry.name.endsWith(".d.ts")) newest = Math.max(newest, statSync(path).mtimeMs);
    }
    return newest;
}

/**
 * Builds the packages when the CLI or the emulator's build is missing or older than any of their
 * sources. `npm test` builds first, so this only matters when mocha is run on its own. Other
 * people's files may be mid-edit: tsc still emits, so only a missing or stale build afterwards is
 * a failure.
 */
export function ensureBuilt(): void {
    const builds: Array<[string, string]> = [
        [CLI, "provider"],
        [EMULATOR_ENTRY, "emulator"],
    ];
    for (const [entry, part] of builds) {
        const sources = newestSource(join(ROOT, part), ["dist", "node_modules"]);
        if (existsSync(entry) && statSync(entry).mtimeMs >= sources) continue;
        const tsc = spawnSync(
            process.execPath,
            [join(ROOT, "node_modules", "typescript", "bin", "tsc"), "-p", join(ROOT, part, "tsconfig.build.json")],
            { cwd: ROOT, encoding: "utf8" },
        );
        if (!existsSync(entry) || statSync(entry).mtimeMs < sources) {
            throw new Error(`could not build ${part}:\n${tsc.stdout}${tsc.stderr}`);
        }
    }
}

export interface CliRun {
    code: number | null;
    signal: NodeJS.Signals | null;
    stdout: string;
    stderr: string;
    durationMs: number;
}

export interface RunOptions {
    env?: Record<string, string | undefined>;
    cwd?: string;
    stdin?: string;
    timeoutMs?: number;
}

/**
 * Only PATH is inherited: the developer's own CLOUDFLARE_* variables must neither leak into a
 * test nor change its outcome. CI is set, as it would be in a pipeline.
 */
export function baseEnv(extra: Record<string, string | undefined> = {}): Record<string, string> {
    const env: Record<string, string> = { PATH: process.env.PATH ?? "", CI: "true" };
    for (const [name, value] of Object.entries(extra)) if (value !== undefined) env[name] = value;
    return env;
}

export function runCli(args: readonly string[], options: RunOptions = {}): Promise<CliRun> {
    const started = Date.now();
    return new Promise((resolve, reject) => {
        const child = spawn(process.execPath, [CLI, ...args], { cwd: options.cwd ?? ROOT, env: baseEnv(options.env), stdio: "pipe" });
        let stdout = "";
        let stderr = "";
        child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
        child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
        const timer = setTimeout(() => {
            child.kill("SIGKILL");
            reject(new Error(`aop-status ${args.join(" ")} did not finish in ${options.timeoutMs ?? 15_000} ms\n${stdout}\n${stderr}`));
        }, options.timeoutMs ?? 15_000);
        child.on("error", reject);
        child.on("close", (code, signal) => {
            clearTimeout(timer);
            resolve({ code, signal, stdout, stderr, durationMs: Date.now() - started });
        });
        child.stdin.end(options.stdin ?? "");
    });
}

export function expectNoSecrets(text: string, where: string): void {
    for (const secret of SECRETS) expect(text, `${where} contains a secret`).to.not.contain(secret);
}

/** Every run in a suite is kept, so one afterEach can check all of their output for secrets. */
export class RunRecorder {
    readonly runs: Array<{ args: readonly string[]; run: CliRun }> = [];

    async run(args: readonly string[], options: RunOptions = {}): Promise<CliRun> {
        const run = await runCli(args, options);
        this.runs.push({ args, run });
        return run;
    }

    expectNoSecretsSoFar(): void {
        for (const { args, run } of this.runs) {
            expectNoSecrets(run.stdout, `stdout of aop-status ${args.join(" ")}`);
            expectNoSecrets(run.stderr, `stderr of aop-status ${args.join(" ")}`);
        }
    }
}
