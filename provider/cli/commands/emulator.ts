/**
 * `aop-status emulator`: the local API emulator, for trying the CLI, stacks and pipelines
 * without a Cloudflare account. The emulator is its own package
 * (`pulumi-cloudflare-aop-status-emulator`), so stacks that only read statuses never install it
 * or its certificate library; this command loads it by name when it is run, and hands it the
 * arguments untouched: the emulator's command line (flags, help, exit codes, and the wait for
 * Ctrl-C) is defined once, in that package, and `aop-status emulator --help` prints it.
 */
import type { Command } from "commander";

import { errorProperty } from "../../guards";
import { ExitCode } from "../exit-codes";
import { printError } from "../io";
import type { CommandContext } from "./context";

export const EMULATOR_PACKAGE = "pulumi-cloudflare-aop-status-emulator";

/** The part of the emulator package this command uses; declared here so the CLI compiles without it installed. */
interface EmulatorPackage {
    runEmulatorCli(
        argv: readonly string[],
        io: { out(line: string): void; err(line: string): void },
        run: { programName: string; errorPrefix: string },
    ): Promise<number>;
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

/** The emulator's exit codes share the CLI's numbers (0 stopped, 1 unexpected, 2 usage, 3 cannot listen). */
function asExitCode(code: number): ExitCode {
    return code === 0 || code === 1 || code === 2 || code === 3 ? code : ExitCode.Failure;
}

export function registerEmulator(program: Command, context: CommandContext): void {
    program
        .command("emulator")
        .description("run the local Cloudflare AOP API emulator on 127.0.0.1 until Ctrl-C (see `aop-status emulator --help`)")
        .argument("[options...]", "the emulator's own options, passed through; `aop-status emulator --help` lists them")
        // Every option, --help included, belongs to the emulator's command line.
        .helpOption(false)
        .allowUnknownOption()
        .allowExcessArguments()
        .action(async (args: string[]) => {
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
            const code = await emulatorPackage.runEmulatorCli(
                args,
                { out: (line) => void io.stdout.write(`${line}\n`), err: (line) => void io.stderr.write(`${line}\n`) },
                { programName: "aop-status emulator", errorPrefix: "aop-status" },
            );
            context.setExitCode(asExitCode(code));
        });
}
