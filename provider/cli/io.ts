/**
 * Everything a command touches outside itself, passed in so tests and the entry point agree on
 * one shape: the two output streams and the environment (the only source of credentials). The
 * emulator command waits for Ctrl-C with the emulator package's own `waitForSignal`.
 */
import type { Environment } from "../credentials";
import { printableLines } from "../text";
import type { OutputStream } from "./terminal";

export interface CliIo {
    stdout: OutputStream;
    stderr: OutputStream;
    env: Environment;
}

export function processIo(): CliIo {
    return { stdout: process.stdout, stderr: process.stderr, env: process.env };
}

/**
 * Writes `aop-status: <line>` for every line, so multi-line messages stay attributable in a CI
 * log. Messages quote API answers and targets files, so each line is made printable: a CR, an
 * ESC or a CR LF inside a quoted value shows as an escape instead of rewriting the terminal or
 * starting a line of its own. Only a bare LF, which is how our messages separate lines, breaks one.
 */
export function printError(io: CliIo, message: string): void {
    const lines = printableLines(message).filter((line) => line.length > 0);
    io.stderr.write(lines.map((line) => `aop-status: ${line}\n`).join(""));
}
