/**
 * Writes a report file so that nobody ever reads half of it.
 *
 * A collector picks the file up on its own schedule: node_exporter's textfile collector reads
 * every `*.prom` file in its folder at each scrape, and a CI uploader may run while a later step
 * rewrites the file. Writing in place would let either see a truncated report, and a truncated
 * Prometheus file silently loses series (a false green). So the text goes to a temporary file in
 * the same folder (same file system, so the rename is atomic), is flushed to disk, and is then
 * renamed over the target: a reader sees the old file or the new one, never a mix.
 *
 * The temporary name starts with a dot and ends in `.tmp`, so node_exporter (which reads only
 * `*.prom`) and globs such as `*.xml` skip it; node_exporter's own documentation recommends the
 * same write-then-rename.
 */
import { randomBytes } from "node:crypto";
import { closeSync, fchmodSync, fsyncSync, mkdirSync, openSync, realpathSync, renameSync, statSync, unlinkSync, writeSync } from "node:fs";
import { basename, dirname, join } from "node:path";

import { errorProperty } from "../guards";

/** A write that failed: where, and the file system's code (ENOENT, EACCES, EISDIR…) when there is one. */
export class OutputFileError extends Error {
    override readonly name = "OutputFileError";
    constructor(
        readonly file: string,
        readonly code: string | undefined,
        options?: { cause?: unknown },
    ) {
        super(`cannot write ${JSON.stringify(file)}${code ? ` (${code})` : ""}`, options);
    }
}

export function isOutputFileError(error: unknown): error is OutputFileError {
    return error instanceof OutputFileError || errorProperty(error, "name") === "OutputFileError";
}

function errorCode(error: unknown): string | undefined {
    const code = errorProperty(error, "code");
    return typeof code === "string" ? code : undefined;
}

/**
 * Where the bytes must land: through a symbolic link to the file it names (as a plain write
 * would), so replacing the file never replaces a link someone set up on purpose.
 */
function destinationOf(file: string): string {
    try {
        return realpathSync(file);
    } catch {
        return file; // not there yet (or a dangling link, which the rename replaces)
    }
}

/** The existing file's permission bits, so a report someone made group-readable stays so. */
function existingMode(file: string): number | undefined {
    try {
        const stats = statSync(file);
        return stats.isFile() ? stats.mode & 0o7777 : undefined;
    } catch {
        return undefined;
    }
}

export function temporaryPathFor(destination: string): string {
    return join(dirname(destination), `.${basename(destination)}.${process.pid}-${randomBytes(6).toString("hex")}.tmp`);
}

/**
 * Replaces `file` with `text` (UTF-8) atomically, creating parent folders. On failure, throws an
 * OutputFileError and leaves neither a temporary file nor a changed target behind.
 */
export function writeFileAtomically(file: string, text: string): void {
    const destination = destinationOf(file);
    let temporary: string | undefined;
    let fd: number | undefined;
    try {
        mkdirSync(dirname(destination), { recursive: true });
        const candidate = temporaryPathFor(destination);
        // "wx": never follow or reuse something already at the temporary name (and so never delete it below).
        fd = openSync(candidate, "wx", 0o666);
        temporary = candidate;
        const mode = existingMode(destination);
        if (mode !== undefined) fchmodSync(fd, mode);
        const bytes = Buffer.from(text, "utf8");
        for (let offset = 0; offset < bytes.length;) offset += writeSync(fd, bytes, offset, bytes.length - offset);
        // Flushed before the rename: after a crash the target is the old report or the whole new one, never an empty file.
        fsyncSync(fd);
        closeSync(fd);
        fd = undefined;
        renameSync(temporary, destination);
        temporary = undefined;
    } catch (error) {
        if (fd !== undefined) {
            try {
                closeSync(fd);
            } catch {
                // already failing; the original error is the one to report
            }
        }
        if (temporary !== undefined) {
            try {
                unlinkSync(temporary);
            } catch {
                // already gone
            }
        }
        throw new OutputFileError(file, errorCode(error), { cause: error });
    }
}
