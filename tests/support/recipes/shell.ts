/**
 * Runs a recipe's shell text the way its runner would (a GitHub Actions `run:` step, a cron line),
 * with `aop-status` and `npx` on the PATH standing in for what `npm install` puts in
 * node_modules/.bin: `aop-status` runs the built CLI, and `npx` runs nothing but that bin. A recipe
 * that asks npx for anything else fails here instead of reaching for the registry.
 *
 * The script runs asynchronously: a synchronous spawn would block the event loop the emulator in
 * this process answers on.
 */
import { spawn } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { REPO_ROOT } from "./recipe";

const CLI = join(REPO_ROOT, "provider", "dist", "cli", "main.js");
const PROVIDER_PACKAGE = JSON.parse(readFileSync(join(REPO_ROOT, "provider", "package.json"), "utf8")) as {
    name: string;
    bin: Record<string, string>;
};
/** The command `npm install pulumi-cloudflare-aop-status` puts on the PATH; the test reads it from the package, not from the recipe. */
export const CLI_BIN = Object.keys(PROVIDER_PACKAGE.bin)[0];
export const MAIN_PACKAGE = PROVIDER_PACKAGE.name;

export interface ShellRun {
    code: number | null;
    signal: NodeJS.Signals | null;
    stdout: string;
    stderr: string;
}

/** A scratch folder holding the stand-in bins, the workspace and anything a test maps paths to. */
export class Sandbox {
    readonly root = mkdtempSync(join(tmpdir(), "aop-recipe-"));
    readonly bin = join(this.root, "bin");
    readonly workspace = join(this.root, "workspace");

    constructor() {
        mkdirSync(this.bin);
        mkdirSync(this.workspace);
        if (PROVIDER_PACKAGE.bin[CLI_BIN] !== "dist/cli/main.js") {
            throw new Error(`${MAIN_PACKAGE}'s bin ${CLI_BIN} is ${PROVIDER_PACKAGE.bin[CLI_BIN]}; update the stand-in`);
        }
        this.script(CLI_BIN, `exec "${process.execPath}" "${CLI}" "$@"\n`);
        // npm exec runs a bin of the local project without going to the registry; --no (--no-install)
        // makes it refuse to install anything. Any other use is outside what the recipes may do.
        this.script(
            "npx",
            [
                'while [ "$#" -gt 0 ]; do case "$1" in --no|--no-install) shift ;; *) break ;; esac; done',
                `if [ "$1" != "${CLI_BIN}" ]; then echo "npx $* is not modelled: only the installed ${CLI_BIN} bin is" >&2; exit 127; fi`,
                "shift",
                `exec "${join(this.bin, CLI_BIN)}" "$@"`,
                "",
            ].join("\n"),
        );
    }

    /** A folder inside the sandbox, created. */
    dir(...parts: string[]): string {
        const path = join(this.root, ...parts);
        mkdirSync(path, { recursive: true });
        return path;
    }

    /** Writes a file into the workspace (a checkout of the reader's repository). */
    writeWorkspaceFile(path: string, text: string): string {
        const file = join(this.workspace, path);
        mkdirSync(join(file, ".."), { recursive: true });
        writeFileSync(file, text);
        return file;
    }

    /** PATH with the stand-in bins first, then the system's (bash, sh, coreutils). */
    path(systemPath = process.env.PATH ?? "/usr/bin:/bin"): string {
        return `${this.bin}:${systemPath}`;
    }

    dispose(): void {
        rmSync(this.root, { recursive: true, force: true });
    }

    private script(name: string, body: string): void {
        const file = join(this.bin, name);
        writeFileSync(file, `#!/bin/sh\n${body}`);
        chmodSync(file, 0o755);
    }
}

/**
 * How the runner starts a `run:` step's script on Linux: `bash -e {0}` when `shell` is unset, and
 * `bash --noprofile --norc -eo pipefail {0}` for `shell: bash` ("Workflow syntax for GitHub Actions",
 * jobs.<job_id>.steps[*].shell, https://docs.github.com/en/actions/writing-workflows/workflow-syntax-for-github-actions#jobsjob_idstepsshell;
 * github/docs#23853 confirms the runner does this).
 */
export function runnerShellArgs(shell: string | undefined): string[] {
    if (shell === undefined) return ["bash", "-e"];
    if (shell === "bash") return ["bash", "--noprofile", "--norc", "-eo", "pipefail"];
    throw new Error(`shell: ${shell} is not modelled`);
}

export interface ScriptOptions {
    cwd: string;
    env: Record<string, string>;
    timeoutMs?: number;
}

/** Runs `argv` with `script` saved to a file and passed as the last argument, as the runner does with {0}. */
export function runScriptFile(argv: string[], script: string, options: ScriptOptions): Promise<ShellRun> {
    const dir = mkdtempSync(join(tmpdir(), "aop-recipe-step-"));
    const file = join(dir, "step.sh");
    writeFileSync(file, script);
    return runProcess(argv[0], [...argv.slice(1), file], options).finally(() => rmSync(dir, { recursive: true, force: true }));
}

/** `sh -c <command>`, the way cron runs a crontab line's command. */
export function runShCommand(command: string, options: ScriptOptions): Promise<ShellRun> {
    return runProcess("/bin/sh", ["-c", command], options);
}

function runProcess(command: string, args: string[], options: ScriptOptions): Promise<ShellRun> {
    const timeoutMs = options.timeoutMs ?? 30_000;
    return new Promise((resolve, reject) => {
        const child = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: ["ignore", "pipe", "pipe"] });
        let stdout = "";
        let stderr = "";
        child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
        child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
        const timer = setTimeout(() => {
            child.kill("SIGKILL");
            reject(new Error(`${command} ${args.join(" ")} did not finish within ${timeoutMs} ms\n${stdout}\n${stderr}`));
        }, timeoutMs);
        child.on("error", (error) => {
            clearTimeout(timer);
            reject(error);
        });
        child.on("close", (code, signal) => {
            clearTimeout(timer);
            resolve({ code, signal, stdout, stderr });
        });
    });
}
