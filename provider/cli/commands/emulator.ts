/**
 * `aop-status emulator`: the local API emulator, for trying the CLI, stacks and pipelines
 * without a Cloudflare account. The emulator is its own package
 * (`pulumi-cloudflare-aop-status-emulator`), so stacks that only read statuses never install it
 * or its certificate library; this command loads it by name when it is run. Flags map one to one
 * onto the emulator's own command line, and starting is delegated to its `startEmulatorFromCli`,
 * so both entry points behave the same.
 */
import { InvalidArgumentError, Option, type Command } from "commander";

import { errorProperty } from "../../guards";
import { ExitCode } from "../exit-codes";
import { printError } from "../io";
import type { CommandContext } from "./context";

interface EmulatorFlags {
    port: number;
    data?: string;
    seed?: "demo" | "sample";
    latency?: number;
    quota?: number;
    window?: number;
    penalty?: number;
    token?: string[];
    key?: Array<{ email: string; key: string }>;
}

const DEFAULT_PORT = 8787;

export const EMULATOR_PACKAGE = "pulumi-cloudflare-aop-status-emulator";

/** The part of the emulator package this command uses; declared here so the CLI compiles without it installed. */
interface RunningEmulatorLike {
    stop(): Promise<void>;
}
interface EmulatorPackage {
    startEmulatorFromCli(options: Record<string, unknown>): Promise<RunningEmulatorLike>;
    describeRunningEmulator(emulator: RunningEmulatorLike, options: Record<string, unknown>): string;
}

/** The installed emulator package, or undefined when it is not installed (any other load failure is a bug worth seeing). */
function loadEmulatorPackage(): EmulatorPackage | undefined {
    try {
        // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded by name at run time, only for this command
        return require(EMULATOR_PACKAGE) as EmulatorPackage;
    } catch (error) {
        const code = errorProperty(error, "code");
        if (code === "MODULE_NOT_FOUND" && error instanceof Error && error.message.includes(EMULATOR_PACKAGE)) return undefined;
        throw error;
    }
}

function number(flag: string, options: { integer: boolean; positive?: boolean; max?: number }): (raw: string) => number {
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
    if (raw.trim() === "") throw new InvalidArgumentError("--token needs a non-empty value");
    return [...previous, raw];
}

function collectKey(raw: string, previous: Array<{ email: string; key: string }> = []): Array<{ email: string; key: string }> {
    const colon = raw.indexOf(":");
    if (colon <= 0 || colon === raw.length - 1) throw new InvalidArgumentError("--key needs EMAIL:KEY");
    return [...previous, { email: raw.slice(0, colon), key: raw.slice(colon + 1) }];
}

const EXAMPLES = `
Examples:
  $ aop-status emulator --port 8787
  $ CLOUDFLARE_API_TOKEN=local-emulator-token aop-status --base-url http://127.0.0.1:8787/client/v4 \\
      check 023e105f4ecef8ad9ca31a8372d0c353/healthy.example.com

The emulator listens on 127.0.0.1 only and prints the base URL and credentials to use. Its
default credentials are fake and unlock nothing else; --token and --key replace them (those
are never printed). Stops on Ctrl-C or SIGTERM. Exit 0 after a clean stop, 2 if it cannot start.`;

export function registerEmulator(program: Command, context: CommandContext): void {
    program
        .command("emulator")
        .description("run the local Cloudflare AOP API emulator on 127.0.0.1 until Ctrl-C")
        .option("--port <n>", "port to listen on (0 = any free port)", number("--port", { integer: true, max: 65535 }), DEFAULT_PORT)
        .option("--data <file>", "JSON seed document (zones → hostnames, certificates)")
        .addOption(new Option("--seed <name>", "built-in data when --data is absent").choices(["demo", "sample"]).default("demo"))
        .option("--latency <ms>", "delay added before every API response", number("--latency", { integer: false }))
        .option("--quota <n>", "requests per window and credential (default 1200)", number("--quota", { integer: true }))
        .option("--window <s>", "rate-limit window in seconds (default 300)", number("--window", { integer: false, positive: true }))
        .option("--penalty <s>", "block after exceeding the quota, in seconds (default 300)", number("--penalty", { integer: false }))
        .option("--token <token>", "accept this API token (repeatable; replaces the default credentials)", collectToken)
        .option("--key <email:key>", "accept this X-Auth-Email/X-Auth-Key pair (repeatable; replaces the defaults)", collectKey)
        .addHelpText("after", EXAMPLES)
        .action(async (flags: EmulatorFlags) => {
            const { io } = context;
            const emulatorPackage = loadEmulatorPackage();
            if (emulatorPackage === undefined) {
                printError(
                    io,
                    `the emulator is a separate package: install it with \`npm install --save-dev ${EMULATOR_PACKAGE}\` ` +
                        `(or run \`npx ${EMULATOR_PACKAGE}\`), then run \`aop-status emulator\` again`,
                );
                context.setExitCode(ExitCode.Usage);
                return;
            }
            const { startEmulatorFromCli, describeRunningEmulator } = emulatorPackage;
            const options = {
                port: flags.port,
                dataFile: flags.data,
                seed: flags.seed,
                latencyMs: flags.latency,
                quota: flags.quota,
                windowSeconds: flags.window,
                penaltySeconds: flags.penalty,
                tokens: flags.token,
                keys: flags.key,
            };
            // Registered before the emulator starts, so a signal during start-up is not lost.
            const shutdown = io.waitForShutdown();
            let emulator: RunningEmulatorLike;
            try {
                emulator = await startEmulatorFromCli(options);
            } catch (error) {
                printError(io, `cannot start the emulator: ${error instanceof Error ? error.message : String(error)}`);
                context.setExitCode(ExitCode.Usage);
                return;
            }
            io.stdout.write(`${describeRunningEmulator(emulator, options)}\n`);
            await shutdown;
            await emulator.stop();
            context.setExitCode(ExitCode.Healthy);
        });
}
