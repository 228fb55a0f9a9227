/**
 * Where a command's report goes, the same for `check` and `scan`: with --output, the report (in
 * --format) is written atomically to the file and the table still goes to stdout, so the CI log
 * stays readable; without it, the report goes to stdout. Everything written to the file is
 * redacted first, as every stream the CLI writes is.
 */
import { UsageError } from "../errors";
import type { CliIo } from "../io";
import type { ReportFormat } from "../options";
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
