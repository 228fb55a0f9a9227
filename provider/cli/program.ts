/**
 * The `aop-status` command line: commander defines the commands, this module turns every way a
 * run can end into one of the documented exit codes and prints errors as one-line messages
 * (never a stack, never an object dump: a dump of a request could carry the token).
 */
import { Command, CommanderError } from "commander";

import { PACKAGE_VERSION } from "../version";
import { registerCheck } from "./commands/check";
import type { CommandContext } from "./commands/context";
import { registerDoctor } from "./commands/doctor";
import { registerEmulator } from "./commands/emulator";
import { registerGet } from "./commands/get";
import { registerScan } from "./commands/scan";
import { ExitCode, exitCodeForError } from "./exit-codes";
import { printError, type CliIo } from "./io";
import { CREDENTIALS_HELP, parseCredentialsEnv } from "./options";
import { redactingStream, secretsIn } from "./secrets";

const HELP_AFTER = `
Targets are ZONE_ID/HOSTNAME, the same form as the resource id and @pulumi/cloudflare's import id,
e.g. 023e105f4ecef8ad9ca31a8372d0c353/app.example.com, or bare hostnames with --zone-id.

Examples:
  $ export CLOUDFLARE_API_TOKEN=...        # from your secret store, never a flag
  $ aop-status doctor --zone-id 023e105f4ecef8ad9ca31a8372d0c353   # will it work from here?
  $ aop-status get 023e105f4ecef8ad9ca31a8372d0c353/app.example.com
  $ aop-status check --targets-file targets.txt --min-days 21
  $ aop-status check --targets-file targets.txt --format junit --output aop-report.xml
  $ aop-status scan --zone-id 023e105f4ecef8ad9ca31a8372d0c353     # every AOP certificate of the zone
  $ aop-status emulator --port 8787        # then: --base-url http://127.0.0.1:8787/client/v4

Exit codes:
  0  every target healthy
  1  at least one target unhealthy, or missing without --allow-missing
  2  usage or input error (bad flag, bad target, unreadable file); no request was sent
  3  an API or credential error kept a target from being checked (wins over 1)

${CREDENTIALS_HELP}
The base URL comes from --base-url, else CLOUDFLARE_BASE_URL (PREFIX_BASE_URL), else https://api.cloudflare.com/client/v4.
Retries, timeouts and concurrency: AOP_STATUS_MAX_RETRIES, AOP_STATUS_REQUEST_TIMEOUT_SECONDS,
AOP_STATUS_DEADLINE_SECONDS, AOP_STATUS_MAX_RETRY_AFTER_SECONDS, AOP_STATUS_MAX_QUEUE_WAIT_SECONDS,
AOP_STATUS_CONCURRENCY. A proxy comes from HTTPS_PROXY, HTTP_PROXY or ALL_PROXY, minus NO_PROXY.`;

export function buildProgram(context: CommandContext): Command {
    const { io } = context;
    const program = new Command("aop-status");
    // Settings first: commander copies them into every subcommand created afterwards.
    program
        .description("Cloudflare per-hostname Authenticated Origin Pulls status and health checks, for any CI job")
        .version(PACKAGE_VERSION, "-V, --version", "print the version")
        .option("--base-url <url>", "API base URL, e.g. the emulator's (default CLOUDFLARE_BASE_URL or Cloudflare)")
        .option(
            "--credentials-env <prefix>",
            "read PREFIX_API_TOKEN (or PREFIX_API_KEY + PREFIX_EMAIL) and PREFIX_BASE_URL (default CLOUDFLARE)",
            parseCredentialsEnv,
        )
        .exitOverride()
        .configureOutput({
            writeOut: (text) => void io.stdout.write(text),
            writeErr: (text) => void io.stderr.write(text),
        })
        .showHelpAfterError("(run with --help for usage)")
        .addHelpText("after", HELP_AFTER);
    registerGet(program, context);
    registerCheck(program, context);
    registerDoctor(program, context);
    registerScan(program, context);
    registerEmulator(program, context);
    return program;
}

/** Runs the command line and resolves to the exit code; never throws. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<ExitCode> {
    let exitCode: ExitCode = ExitCode.Healthy;
    const secrets = secretsIn(io.env);
    const safeIo: CliIo = { ...io, stdout: redactingStream(io.stdout, secrets), stderr: redactingStream(io.stderr, secrets) };
    const program = buildProgram({ io: safeIo, setExitCode: (code) => (exitCode = code) });
    try {
        await program.parseAsync([...argv], { from: "user" });
        return exitCode;
    } catch (error) {
        if (error instanceof CommanderError) {
            // Commander has printed its message already; it would exit 1, which here means "unhealthy".
            return error.exitCode === 0 ? ExitCode.Healthy : ExitCode.Usage;
        }
        // The typed message only: the provider's errors are written to be shown, and carry no secrets.
        printError(safeIo, error instanceof Error ? error.message : `unexpected ${typeof error}`);
        return exitCodeForError(error);
    }
}
