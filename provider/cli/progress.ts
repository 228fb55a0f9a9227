/**
 * A single updating `checked 120/1000 …` line on stderr while a long check runs.
 *
 * Shown only when stderr is a terminal and the run has taken more than a second: a quick run
 * should not flicker, and a CI log must not fill with redrawn lines. It is cleared before the
 * report is printed, so it never ends up in the output.
 */
import { printable } from "../text";
import type { OutputStream } from "./terminal";

export interface ProgressCounts {
    unhealthy: number;
    missing: number;
    errors: number;
}

export function progressText(done: number, total: number, counts: ProgressCounts): string {
    const notes = [
        counts.unhealthy > 0 ? `${counts.unhealthy} unhealthy` : "",
        counts.missing > 0 ? `${counts.missing} missing` : "",
        counts.errors > 0 ? `${counts.errors} error${counts.errors === 1 ? "" : "s"}` : "",
    ].filter((note) => note.length > 0);
    return `checked ${done}/${total}${notes.length > 0 ? ` (${notes.join(", ")})` : ""} …`;
}

const CLEAR_LINE = "\r\u001b[2K";

export interface ProgressOptions {
    enabled: boolean;
    /** Stay silent for runs shorter than this. */
    delayMs?: number;
    /** Redraw at most this often; a fast run would otherwise spend its time writing escape codes. */
    intervalMs?: number;
    clock?: () => number;
}

export class ProgressLine {
    private done = 0;
    private counts: ProgressCounts = { unhealthy: 0, missing: 0, errors: 0 };
    private visible = false;
    private lastDrawAt = 0;
    private timer: NodeJS.Timeout | null = null;
    private readonly intervalMs: number;
    private readonly clock: () => number;

    constructor(
        private readonly stream: OutputStream,
        private readonly total: number,
        private readonly options: ProgressOptions,
    ) {
        this.intervalMs = options.intervalMs ?? 100;
        this.clock = options.clock ?? Date.now;
        if (options.enabled) {
            this.timer = setTimeout(() => {
                this.timer = null;
                this.visible = true;
                this.draw();
            }, options.delayMs ?? 1000);
            // The progress line must never be the reason the process stays alive.
            this.timer.unref();
        }
    }

    update(done: number, counts: ProgressCounts): void {
        this.done = done;
        this.counts = { ...counts };
        if (this.visible && this.clock() - this.lastDrawAt >= this.intervalMs) this.draw();
    }

    /** Removes the line (if it was ever drawn); call before anything else is written. */
    finish(): void {
        if (this.timer) clearTimeout(this.timer);
        this.timer = null;
        if (this.visible) this.stream.write(CLEAR_LINE);
        this.visible = false;
    }

    private draw(): void {
        this.lastDrawAt = this.clock();
        // Only counts today; printable keeps the line a single line if a name is ever added to it.
        let text = printable(progressText(this.done, this.total, this.counts));
        // A line longer than the terminal wraps, and \r then only rewrites its last part.
        const width = this.stream.columns;
        if (width !== undefined && width > 1 && text.length > width - 1) text = text.slice(0, width - 1);
        this.stream.write(`${CLEAR_LINE}${text}`);
    }
}
