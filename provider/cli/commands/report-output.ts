/**
 * What `check` and `scan` share around their report: the options (--format, --output,
 * --concurrency, --no-step-summary, the refused credential flags), the client for the run, and
 * where the report goes. With --output, the report (in --format) is written atomically to the file
 * and the table still goes to stdout, so the CI log stays readable; without it, the report goes to
 * stdout. Everything written to the file is redacted first, as every stream the CLI writes is.
 */
import { Option, type Command } from "commander";

import type { CloudflareClient } from "../../client";
import { isCredentialsError } from "../../errors";
import { connect, resolveConnection, type ConnectionSettings } from "../connection";
import { UsageError } from "../errors";
import type { CliIo } from "../io";
import { addRefusedCredentialOptions, addStepSummaryOption, parseConcurrency, type ReportFormat } from "../options";
import type { ErrorSummary } from "../report";
import { summarizeError } from "../runner";
import { isOutputFileError, writeFileAtomically } from "../output-file";
import { redact, secretsIn } from "../secrets";
import { colorEnabled, palette, type Palette } from "../terminal";

/** Atomically (see output-file.ts), so a collector or uploader never reads half a report. */
export function writeReport(file: string, text: string): void {
    try {
        writeFileAtomically(file, text);
    } catch (error) {
        if (!isOutputFileError(error)) throw error;
        throw new UsageError(`cannot write --output ${JSON.stringify(file)}${error.code ? ` (${error.code})` : ""}`);
    }
}

/** `--format github` is for the runner reading stdout; a file of workflow commands helps nobody. */
export function refuseGithubToFile(format: ReportFormat, output: string | undefined): void {
    if (format === "github" && output !== undefined) {
        throw new UsageError(
            "--format github writes workflow commands to stdout for the runner; use --output with table, json, junit, prometheus or html",
        );
    }
}

export interface ReportRenderers {
    /** The report in `format`, coloured or not (only the table and github formats use colour). */
    render(format: ReportFormat, color: boolean): string;
    /** The human table. */
    table(colors: Palette): string;
}

export function emitReport(io: CliIo, format: ReportFormat, output: string | undefined, renderers: ReportRenderers): void {
    const color = colorEnabled(io.stdout, io.env);
    if (output === undefined) {
        io.stdout.write(renderers.render(format, color));
        return;
    }
    writeReport(output, redact(renderers.render(format, false), secretsIn(io.env)));
    io.stdout.write(renderers.table(palette(color)));
    io.stdout.write(`${format} report written to ${output}\n`);
}

export const REPORT_FORMATS: readonly ReportFormat[] = ["table", "json", "junit", "prometheus", "github", "html"];

/** The options every reporting command has, then its own help text after them. */
export function addReportOptions(command: Command, examples: string): Command {
    command
        .addOption(new Option("--format <format>", "report format").choices(REPORT_FORMATS).default("table"))
        .option("-o, --output <file>", "write the report to FILE (the table still goes to stdout)")
        .option("--concurrency <n>", "requests in flight at once (default AOP_STATUS_CONCURRENCY or 8)", parseConcurrency)
        .addHelpText("after", examples);
    addStepSummaryOption(command);
    addRefusedCredentialOptions(command);
    return command;
}

/** The run's connection, and its client or why there is none (no usable credential). */
export type RunClient = { connection: ConnectionSettings } & (
    { client: CloudflareClient; failure: null } | { client: null; failure: ErrorSummary }
);

/**
 * A bad --base-url or AOP_STATUS_* value throws (exit 2, nothing sent). Missing credentials do not:
 * the command still writes a report with everything in error, so a CI job publishes why it failed
 * instead of "no report found".
 */
export function runClient(io: CliIo, flags: { baseUrl?: string; concurrency?: number; credentialsEnv?: string }): RunClient {
    const connection = resolveConnection(
        io.env,
        flags.baseUrl,
        flags.concurrency === undefined ? {} : { concurrency: flags.concurrency },
        flags.credentialsEnv,
    );
    try {
        return { connection, client: connect(io.env, connection), failure: null };
    } catch (error) {
        if (!isCredentialsError(error)) throw error;
        return { connection, client: null, failure: summarizeError(error) };
    }
}
