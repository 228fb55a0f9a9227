#!/usr/bin/env node
/**
 * Entry point of the `aop-status` bin. Exits explicitly once the output is flushed: keep-alive
 * sockets and limiter timers must not hold a finished run open, and the exit code must be the
 * documented one however the run ended.
 */
import { processIo } from "./io";
import { runCli } from "./program";

function flush(stream: NodeJS.WriteStream): Promise<void> {
    return new Promise((resolve) => {
        stream.write("", () => resolve());
    });
}

// `aop-status check --format json | head` closes the pipe early; that is the reader's choice, not a crash.
for (const stream of [process.stdout, process.stderr]) {
    stream.on("error", (error: NodeJS.ErrnoException) => {
        if (error.code !== "EPIPE") throw error;
    });
}

void runCli(process.argv.slice(2), processIo()).then(async (code) => {
    await Promise.all([flush(process.stdout), flush(process.stderr)]);
    process.exit(code);
});
