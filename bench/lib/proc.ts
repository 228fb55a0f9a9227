/** Linux /proc readings: peak and current RSS of a process, and finding a child by command line. */
import { readdirSync, readFileSync } from "node:fs";

export interface MemoryReading {
    /** VmHWM: peak resident set size so far, KiB. */
    peakKb: number;
    /** VmRSS: current resident set size, KiB. */
    rssKb: number;
}

function statusField(status: string, field: string): number | null {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(status);
    return match ? Number(match[1]) : null;
}

export function readMemory(pid: number): MemoryReading | null {
    try {
        const status = readFileSync(`/proc/${pid}/status`, "utf8");
        const peakKb = statusField(status, "VmHWM");
        const rssKb = statusField(status, "VmRSS");
        return peakKb === null || rssKb === null ? null : { peakKb, rssKb };
    } catch {
        return null; // gone, or not ours to read
    }
}

function parentOf(pid: number): number | null {
    try {
        const status = readFileSync(`/proc/${pid}/status`, "utf8");
        const match = /^PPid:\s+(\d+)/m.exec(status);
        return match ? Number(match[1]) : null;
    } catch {
        return null;
    }
}

function commandLine(pid: number): string {
    try {
        return readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").join(" ");
    } catch {
        return "";
    }
}

/** Direct children of `parent` whose command line contains `needle`. Other people's processes never match. */
export function childrenMatching(parent: number, needle: string): number[] {
    const pids: number[] = [];
    for (const name of readdirSync("/proc")) {
        if (!/^\d+$/.test(name)) continue;
        const pid = Number(name);
        if (parentOf(pid) === parent && commandLine(pid).includes(needle)) pids.push(pid);
    }
    return pids;
}

/**
 * Polls the peak RSS of `needle` children of this process until stopped. VmHWM only grows, so a
 * reading shortly before the child ends is its peak up to then. While a known child is alive only
 * it is read; /proc is scanned for a new one only when none is (the scan is the costly part).
 */
export class ChildMemoryWatch {
    private readonly peaks = new Map<number, number>();
    private readonly timer: NodeJS.Timeout;
    private current: number | null = null;

    constructor(
        private readonly needle: string,
        intervalMs = 50,
    ) {
        this.timer = setInterval(() => this.poll(), intervalMs);
    }

    private poll(): void {
        if (this.current !== null && this.record(this.current)) return;
        this.current = null;
        for (const pid of childrenMatching(process.pid, this.needle)) {
            if (this.record(pid)) this.current = pid;
        }
    }

    private record(pid: number): boolean {
        const reading = readMemory(pid);
        if (!reading) return false;
        this.peaks.set(pid, Math.max(this.peaks.get(pid) ?? 0, reading.peakKb));
        return true;
    }

    /** Peak RSS (KiB) per child pid seen. */
    stop(): Map<number, number> {
        clearInterval(this.timer);
        this.poll();
        return new Map(this.peaks);
    }
}
