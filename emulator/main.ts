#!/usr/bin/env node
// Command-line entry: `node dist/emulator/main.js --port 8787`.
// The project's `aop-status emulator` subcommand reuses
// `parseEmulatorCliArgs` + `startEmulatorFromCli` (or `runEmulatorCli`).

import { DEFAULT_CREDENTIALS } from "./auth";
import { CliUsageError, isEmulatorError } from "./errors";
import { demoSeed, sampleSeed } from "./seed";
import { startEmulator } from "./server";
import type { ApiKeyCredential, EmulatorOptions, RunningEmulator } from "./types";

export interface EmulatorCliOptions {
    /** Default 8787; 0 picks a free port. */
    port?: number;
    /** JSON SeedDocument; wins over `seed`. */
    dataFile?: string;
    /** Built-in data when no file is given. Default "demo" (which includes the spec sample). */
    seed?: "demo" | "sample";
    latencyMs?: number;
    quota?: number;
    windowSeconds?: number;
    penaltySeconds?: number;
    /** Replace the default credentials; when any token or key is given, only those are accepted. */
    tokens?: string[];
    keys?: ApiKeyCredential[];
}

export const DEFAULT_CLI_PORT = 8787;

export const CLI_USAGE = `Usage: aop-emulator [options]

Local emulator of Cloudflare's per-hostname Authenticated Origin Pulls API (127.0.0.1 only).

Options:
  --port N          port to listen on (default ${DEFAULT_CLI_PORT}; 0 = any free port)
  --data FILE       JSON seed document (zones → hostnames, certificates)
  --seed NAME       built-in data when --data is absent: demo (default) or sample
  --latency MS      delay added before every API response
  --quota N         requests per window and credential (default 1200)
  --window S        rate-limit window in seconds (default 300)
  --penalty S       block after exceeding the quota, in seconds (default 300)
  --token T         accept this API token (repeatable; replaces the default credentials)
  --key EMAIL:KEY   accept this X-Auth-Email/X-Auth-Key pair (repeatable; replaces the defaults)
  -h, --help        show this help`;

export type ParsedCli = { help: true } | { help: false; options: EmulatorCliOptions };

function numberFlag(flag: string, value: string, options: { integer: boolean; positive?: boolean }): number {
    const parsed = Number(value);
    const inRange = options.positive === true ? parsed > 0 : parsed >= 0;
    if (value.trim() === "" || !Number.isFinite(parsed) || !inRange || (options.integer && !Number.isInteger(parsed))) {
        throw new CliUsageError(
            `${flag} needs a ${options.integer ? "whole " : ""}number ${options.positive === true ? "> 0" : ">= 0"}, got "${value}"`,
        );
    }
    return parsed;
}

/** Parses flags (`--flag value` or `--flag=value`). Throws CliUsageError. */
export function parseEmulatorCliArgs(argv: readonly string[]): ParsedCli {
    const options: EmulatorCliOptions = {};
    for (let i = 0; i < argv.length; i += 1) {
        const arg = argv[i];
        if (arg === "-h" || arg === "--help") return { help: true };
        if (!arg.startsWith("--")) throw new CliUsageError(`Unexpected argument "${arg}"`);
        const eq = arg.indexOf("=");
        const flag = eq >= 0 ? arg.slice(0, eq) : arg;
        const takeValue = (): string => {
            if (eq >= 0) return arg.slice(eq + 1);
            const next = argv[i + 1];
            if (next === undefined || next.startsWith("--")) throw new CliUsageError(`${flag} needs a value`);
            i += 1;
            return next;
        };
        switch (flag) {
            case "--port":
                options.port = numberFlag(flag, takeValue(), { integer: true });
                if (options.port > 65535) throw new CliUsageError("--port must be at most 65535");
                break;
            case "--data":
                options.dataFile = takeValue();
                break;
            case "--seed": {
                const seed = takeValue();
                if (seed !== "demo" && seed !== "sample") throw new CliUsageError(`--seed must be demo or sample, got "${seed}"`);
                options.seed = seed;
                break;
            }
            case "--latency":
                options.latencyMs = numberFlag(flag, takeValue(), { integer: false });
                break;
            case "--quota":
                options.quota = numberFlag(flag, takeValue(), { integer: true });
                break;
            case "--window":
                options.windowSeconds = numberFlag(flag, takeValue(), { integer: false, positive: true });
                break;
            case "--penalty":
                options.penaltySeconds = numberFlag(flag, takeValue(), { integer: false });
                break;
            case "--token": {
                const token = takeValue();
                if (token.trim() === "") throw new CliUsageError("--token needs a non-empty value");
                (options.tokens ??= []).push(token);
                break;
            }
            case "--key": {
                const value = takeValue();
                const colon = value.indexOf(":");
                if (colon <= 0 || colon === value.length - 1) throw new CliUsageError("--key needs EMAIL:KEY");
                (options.keys ??= []).push({ email: value.slice(0, colon), key: value.slice(colon + 1) });
                break;
            }
            default:
                throw new CliUsageError(`Unknown option ${flag}`);
        }
    }
    return { help: false, options };
}

function toEmulatorOptions(cli: EmulatorCliOptions): EmulatorOptions {
    const options: EmulatorOptions = { port: cli.port ?? DEFAULT_CLI_PORT };
    if (cli.dataFile !== undefined) options.seedFile = cli.dataFile;
    else options.seed = cli.seed === "sample" ? sampleSeed() : demoSeed();
    if (cli.latencyMs !== undefined) options.latencyMs = cli.latencyMs;
    options.rateLimit = { quota: cli.quota, windowSeconds: cli.windowSeconds, penaltySeconds: cli.penaltySeconds };
    if (cli.tokens !== undefined || cli.keys !== undefined) options.credentials = { tokens: cli.tokens ?? [], keys: cli.keys ?? [] };
    return options;
}

/** Starts an emulator configured like the command line would (port default 8787, demo data). */
export function startEmulatorFromCli(options: EmulatorCliOptions = {}): Promise<RunningEmulator> {
    return startEmulator(toEmulatorOptions(options));
}

/**
 * The one line printed at start. Only the emulator's own fake credentials
 * are ever printed; credentials passed with --token/--key are user secrets.
 */
export function describeRunningEmulator(emulator: RunningEmulator, options: EmulatorCliOptions = {}): string {
    const custom = options.tokens !== undefined || options.keys !== undefined;
    let hint: string;
    if (!custom) {
        const { tokens, keys } = DEFAULT_CREDENTIALS;
        hint = `CLOUDFLARE_API_TOKEN=${tokens[0]} (or CLOUDFLARE_EMAIL=${keys[0].email} CLOUDFLARE_API_KEY=${keys[0].key})`;
    } else if ((options.tokens ?? []).length > 0) {
        hint = "CLOUDFLARE_API_TOKEN=<one of your --token values>";
    } else {
        hint = `CLOUDFLARE_EMAIL=${options.keys?.[0]?.email ?? "<email>"} CLOUDFLARE_API_KEY=<your --key value>`;
    }
    return `AOP emulator listening: CLOUDFLARE_BASE_URL=${emulator.url} ${hint}; admin API ${emulator.origin}/__emulator; Ctrl-C to stop`;
}

export interface CliIo {
    out(line: string): void;
    err(line: string): void;
    /** Resolves when the emulator should stop. Default: the first SIGINT or SIGTERM. */
    waitForShutdown(): Promise<void>;
}

function waitForSignal(): Promise<void> {
    return new Promise((resolve) => {
        const onSignal = (): void => {
            process.off("SIGINT", onSignal);
            process.off("SIGTERM", onSignal);
            resolve();
        };
        process.on("SIGINT", onSignal);
        process.on("SIGTERM", onSignal);
    });
}

const processIo: CliIo = {
    out: (line) => process.stdout.write(`${line}\n`),
    err: (line) => process.stderr.write(`${line}\n`),
    waitForShutdown: waitForSignal,
};

/** Runs the emulator until shutdown; resolves to the process exit code (0 ok, 1 start failure, 2 usage). */
export async function runEmulatorCli(argv: readonly string[] = process.argv.slice(2), io: CliIo = processIo): Promise<number> {
    let parsed: ParsedCli;
    try {
        parsed = parseEmulatorCliArgs(argv);
    } catch (error) {
        io.err(`${error instanceof Error ? error.message : String(error)}\n\n${CLI_USAGE}`);
        return 2;
    }
    if (parsed.help) {
        io.out(CLI_USAGE);
        return 0;
    }
    let emulator: RunningEmulator;
    try {
        emulator = await startEmulatorFromCli(parsed.options);
    } catch (error) {
        io.err(`Cannot start the emulator: ${isEmulatorError(error) || error instanceof Error ? error.message : String(error)}`);
        return 1;
    }
    // Until here a Ctrl-C simply ends the process, which is right: nothing to clean up yet.
    const shutdown = io.waitForShutdown();
    io.out(describeRunningEmulator(emulator, parsed.options));
    await shutdown;
    await emulator.stop();
    return 0;
}

if (require.main === module) {
    void runEmulatorCli().then((code) => {
        process.exitCode = code;
    });
}
