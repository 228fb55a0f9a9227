// The emulator's command line, defined once, with commander. Both `aop-emulator` (this package's
// bin, main.ts) and `aop-status emulator` (the main package's CLI, which passes its arguments
// through) run `runEmulatorCli`, so flags, help and exit codes cannot drift apart.

import { Command, CommanderError, InvalidArgumentError, Option } from "commander";
import { DEFAULT_CREDENTIALS } from "./auth";
import { CliUsageError, isEmulatorError } from "./errors";
import { DEFAULT_CLIENT_IP_LIMIT } from "./rate-limit";
import { demoSeed, sampleSeed, scanSeed } from "./seed";
import { startEmulator } from "./server";
import type { ApiKeyCredential, EmulatorOptions, RunningEmulator } from "./types";

export const DEFAULT_CLI_PORT = 8787;

/** One exit code per way a run ends. */
export const EMULATOR_EXIT_CODES = {
    /** Stopped cleanly on SIGINT / SIGTERM, or printed the help. */
    stopped: 0,
    /** An unexpected error (a bug): the message says what. */
    unexpected: 1,
    /** A bad flag or value, or a data file that cannot be read or is not valid. Nothing was started. */
    usage: 2,
    /** The port cannot be listened on (taken, or not allowed). */
    cannotListen: 3,
} as const;

export const BUILT_IN_SEEDS = ["demo", "sample", "scan"] as const;
export type BuiltInSeed = (typeof BUILT_IN_SEEDS)[number];

export interface EmulatorCliOptions {
    /** Default 8787; 0 picks a free port. */
    port?: number;
    /** JSON SeedDocument; wins over `seed`. */
    dataFile?: string;
    /** Built-in data when no file is given. Default "demo" (which includes the spec sample). */
    seed?: BuiltInSeed;
    latencyMs?: number;
    quota?: number;
    windowSeconds?: number;
    penaltySeconds?: number;
    /** Requests per second per client IP; `false` turns the limit off. Default 200. */
    clientIpLimit?: number | false;
    /** Bare credentials, each a user of its own; when any is given, the default credentials are not configured. */
    tokens?: string[];
    keys?: ApiKeyCredential[];
}

export type ParsedCli = { help: true } | { help: false; options: EmulatorCliOptions };

export interface CliIo {
    /** Writes one line (without its newline) to standard output. */
    out(line: string): void;
    /** Writes one line (without its newline) to standard error. */
    err(line: string): void;
    /** Resolves when the emulator should stop. Default: waitForSignal. */
    waitForShutdown?(): Promise<void>;
}

export interface CliRunOptions {
    /** The name in usage lines: "aop-emulator" (default), or "aop-status emulator" when the main CLI delegates. */
    programName?: string;
    /** What starts the emulator's own error lines ("aop-emulator: …"); the main CLI passes "aop-status". */
    errorPrefix?: string;
}

/**
 * The one place that waits for the process to be asked to stop: resolves on the first SIGINT or
 * SIGTERM. `aop-status emulator` uses it too (it passes no `waitForShutdown`).
 */
export function waitForSignal(): Promise<void> {
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

function numberArgument(flag: string, options: { integer: boolean; positive?: boolean; max?: number }): (raw: string) => number {
    return (raw) => {
        const value = raw.trim() === "" ? Number.NaN : Number(raw);
        const inRange = options.positive === true ? value > 0 : value >= 0;
        if (
            !Number.isFinite(value) ||
            !inRange ||
            (options.integer && !Number.isInteger(value)) ||
            (options.max !== undefined && value > options.max)
        ) {
            const range = `${options.positive === true ? "> 0" : ">= 0"}${options.max === undefined ? "" : ` and at most ${options.max}`}`;
            throw new InvalidArgumentError(`${flag} needs a ${options.integer ? "whole " : ""}number ${range}, got ${JSON.stringify(raw)}`);
        }
        return value;
    };
}

function collectToken(raw: string, previous: string[] = []): string[] {
    if (raw.trim() === "" || /\s/.test(raw)) throw new InvalidArgumentError("--token needs a value without whitespace");
    return [...previous, raw];
}

function collectKey(raw: string, previous: ApiKeyCredential[] = []): ApiKeyCredential[] {
    const colon = raw.indexOf(":");
    if (colon <= 0 || colon === raw.length - 1) throw new InvalidArgumentError("--key needs EMAIL:KEY");
    return [...previous, { email: raw.slice(0, colon), key: raw.slice(colon + 1) }];
}

function helpAfter(programName: string): string {
    const { stopped, unexpected, usage, cannotListen } = EMULATOR_EXIT_CODES;
    return `
Listens on 127.0.0.1 only and prints the base URL and credentials to use. The default credentials
are fake and unlock nothing else; --token, --key, and users in a --data file replace them (those
are never printed). Stops on Ctrl-C or SIGTERM.

Examples:
  $ ${programName} --port 8787
  $ ${programName} --seed scan --no-ip-limit
  $ ${programName} --data my-zones.json --token "$MY_TEST_TOKEN"

Exit codes:
  ${stopped}  stopped cleanly (or printed this help)
  ${unexpected}  unexpected error
  ${usage}  bad flag or value, or a data file that cannot be read or is not valid
  ${cannotListen}  cannot listen on the port (taken, or not allowed)`;
}

interface ParseOutput {
    out(text: string): void;
    err(text: string): void;
}

function buildCommand(programName: string, output: ParseOutput): Command {
    return new Command(programName)
        .description("Local emulator of Cloudflare's Authenticated Origin Pulls API, on 127.0.0.1 only, until Ctrl-C")
        .option(
            "--port <n>",
            `port to listen on (0 = any free port; default ${DEFAULT_CLI_PORT})`,
            numberArgument("--port", { integer: true, max: 65535 }),
        )
        .option("--data <file>", "JSON data file: zones (hostnames, certificates, settings) and users with their tokens")
        .addOption(new Option("--seed <name>", "built-in data when --data is absent").choices(BUILT_IN_SEEDS).default("demo"))
        .option("--latency <ms>", "delay added before every API response", numberArgument("--latency", { integer: false }))
        .option("--quota <n>", "requests per window and user (default 1200)", numberArgument("--quota", { integer: true }))
        .option(
            "--window <s>",
            "rate-limit window in seconds (default 300)",
            numberArgument("--window", { integer: false, positive: true }),
        )
        .option(
            "--penalty <s>",
            "block after exceeding the quota, in seconds (default 300)",
            numberArgument("--penalty", { integer: false }),
        )
        .option(
            "--ip-limit <n>",
            `requests per second per client IP, as Cloudflare limits them (default ${DEFAULT_CLIENT_IP_LIMIT}; 0 = off)`,
            numberArgument("--ip-limit", { integer: true }),
        )
        .option("--no-ip-limit", "turn the per-client-IP limit off (for measuring raw per-read cost)")
        .option("--token <token>", "accept this API token (repeatable; replaces the default credentials)", collectToken)
        .option("--key <email:key>", "accept this X-Auth-Email/X-Auth-Key pair (repeatable; replaces the defaults)", collectKey)
        .helpOption("-h, --help", "show this help")
        .addHelpText("after", helpAfter(programName))
        .showHelpAfterError("(run with --help for usage)")
        .exitOverride()
        .configureOutput({ writeOut: (text) => output.out(text), writeErr: (text) => output.err(text) });
}

interface CommanderOptions {
    port?: number;
    data?: string;
    seed: BuiltInSeed;
    latency?: number;
    quota?: number;
    window?: number;
    penalty?: number;
    ipLimit?: number | boolean;
    token?: string[];
    key?: ApiKeyCredential[];
}

function toCliOptions(flags: CommanderOptions): EmulatorCliOptions {
    const options: EmulatorCliOptions = { seed: flags.seed };
    if (flags.port !== undefined) options.port = flags.port;
    if (flags.data !== undefined) options.dataFile = flags.data;
    if (flags.latency !== undefined) options.latencyMs = flags.latency;
    if (flags.quota !== undefined) options.quota = flags.quota;
    if (flags.window !== undefined) options.windowSeconds = flags.window;
    if (flags.penalty !== undefined) options.penaltySeconds = flags.penalty;
    // commander: --no-ip-limit gives false, --ip-limit N a number, neither `true` (the negation's default).
    if (flags.ipLimit === false || flags.ipLimit === 0) options.clientIpLimit = false;
    else if (typeof flags.ipLimit === "number") options.clientIpLimit = flags.ipLimit;
    if (flags.token !== undefined) options.tokens = flags.token;
    if (flags.key !== undefined) options.keys = flags.key;
    return options;
}

function parseWith(argv: readonly string[], programName: string, output: ParseOutput): ParsedCli {
    const command = buildCommand(programName, output);
    try {
        command.parse([...argv], { from: "user" });
    } catch (error) {
        if (error instanceof CommanderError) {
            if (error.code === "commander.helpDisplayed" || error.code === "commander.help") return { help: true };
            throw new CliUsageError(error.message.replace(/^error: /, ""));
        }
        throw error;
    }
    return { help: false, options: toCliOptions(command.opts<CommanderOptions>()) };
}

/** Parses the command line without printing anything. Throws CliUsageError. */
export function parseEmulatorCliArgs(argv: readonly string[]): ParsedCli {
    return parseWith(argv, "aop-emulator", { out: () => undefined, err: () => undefined });
}

function toEmulatorOptions(cli: EmulatorCliOptions): EmulatorOptions {
    const options: EmulatorOptions = { port: cli.port ?? DEFAULT_CLI_PORT };
    if (cli.dataFile !== undefined) options.seedFile = cli.dataFile;
    else options.seed = cli.seed === "sample" ? sampleSeed() : cli.seed === "scan" ? scanSeed() : demoSeed();
    if (cli.latencyMs !== undefined) options.latencyMs = cli.latencyMs;
    options.rateLimit = { quota: cli.quota, windowSeconds: cli.windowSeconds, penaltySeconds: cli.penaltySeconds };
    if (cli.clientIpLimit !== undefined)
        options.clientIpLimit = cli.clientIpLimit === false ? false : { requestsPerSecond: cli.clientIpLimit };
    if (cli.tokens !== undefined || cli.keys !== undefined) options.credentials = { tokens: cli.tokens ?? [], keys: cli.keys ?? [] };
    return options;
}

/** Starts an emulator configured like the command line would (port default 8787, demo data). */
export function startEmulatorFromCli(options: EmulatorCliOptions = {}): Promise<RunningEmulator> {
    return startEmulator(toEmulatorOptions(options));
}

/**
 * The one line printed at start. Only the emulator's own fake credentials are ever printed;
 * credentials passed with --token/--key or in a data file are the user's secrets.
 */
export function describeRunningEmulator(emulator: RunningEmulator, options: EmulatorCliOptions = {}): string {
    let hint: string;
    if (emulator.usesDefaultCredentials) {
        const { tokens, keys } = DEFAULT_CREDENTIALS;
        hint = `CLOUDFLARE_API_TOKEN=${tokens[0]} (or CLOUDFLARE_EMAIL=${keys[0].email} CLOUDFLARE_API_KEY=${keys[0].key})`;
    } else if ((options.tokens ?? []).length > 0) {
        hint = "CLOUDFLARE_API_TOKEN=<one of your --token values>";
    } else if ((options.keys ?? []).length > 0) {
        hint = `CLOUDFLARE_EMAIL=${options.keys?.[0]?.email ?? "<email>"} CLOUDFLARE_API_KEY=<your --key value>`;
    } else {
        hint = "CLOUDFLARE_API_TOKEN=<a token from your data file>";
    }
    return `AOP emulator listening: CLOUDFLARE_BASE_URL=${emulator.url} ${hint}; admin API ${emulator.origin}/__emulator; Ctrl-C to stop`;
}

const processIo: CliIo = {
    out: (line) => process.stdout.write(`${line}\n`),
    err: (line) => process.stderr.write(`${line}\n`),
};

function withoutFinalNewline(text: string): string {
    return text.endsWith("\n") ? text.slice(0, -1) : text;
}

/** Runs the emulator until shutdown; resolves to one of EMULATOR_EXIT_CODES. Never throws. */
export async function runEmulatorCli(
    argv: readonly string[] = process.argv.slice(2),
    io: CliIo = processIo,
    run: CliRunOptions = {},
): Promise<number> {
    const programName = run.programName ?? "aop-emulator";
    const prefix = run.errorPrefix ?? "aop-emulator";
    const fail = (message: string): void => io.err(`${prefix}: ${message}`);
    let parsed: ParsedCli;
    try {
        // commander prints the help, or the error with the hint to run --help, through `io`.
        parsed = parseWith(argv, programName, {
            out: (text) => io.out(withoutFinalNewline(text)),
            err: (text) => io.err(withoutFinalNewline(text)),
        });
    } catch (error) {
        if (error instanceof CliUsageError) return EMULATOR_EXIT_CODES.usage;
        fail(`unexpected error: ${error instanceof Error ? error.message : String(error)}`);
        return EMULATOR_EXIT_CODES.unexpected;
    }
    if (parsed.help) return EMULATOR_EXIT_CODES.stopped;

    let emulator: RunningEmulator;
    try {
        emulator = await startEmulatorFromCli(parsed.options);
    } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        if (error instanceof Error && error.name === "ListenError") {
            fail(`cannot listen: ${message}`);
            return EMULATOR_EXIT_CODES.cannotListen;
        }
        if (isEmulatorError(error)) {
            fail(`cannot start the emulator: ${message}`);
            return EMULATOR_EXIT_CODES.usage;
        }
        fail(`cannot start the emulator: unexpected error: ${message}`);
        return EMULATOR_EXIT_CODES.unexpected;
    }
    // Until here a Ctrl-C simply ends the process, which is right: nothing to clean up yet.
    const shutdown = (io.waitForShutdown ?? waitForSignal)();
    io.out(describeRunningEmulator(emulator, parsed.options));
    await shutdown;
    await emulator.stop();
    return EMULATOR_EXIT_CODES.stopped;
}
