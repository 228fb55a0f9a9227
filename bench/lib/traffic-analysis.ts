/**
 * What the emulator saw during one fleet read: requests and 429s per client (by User-Agent),
 * the token's windows with how much of each was spent (ours + the other client's), and blocks.
 *
 * Window boundaries come from the other client's drip: each of its answers carries the token's
 * `resetAt`, which names the window its requests were counted in (start = resetAt − W). Our
 * requests are placed in windows by their arrival time in the emulator's log.
 */
import type { RequestLogEntry } from "../../emulator/types";
import type { DripReport } from "./drip";

export interface WindowUse {
    start: number;
    end: number;
    client: number;
    other: number;
    total: number;
}

export interface Block {
    start: number;
    end: number;
    /** "client" when one of the measured client's requests tripped it, "other" for the drip. */
    trippedBy: "client" | "other";
}

export interface TrafficSummary {
    /** API requests the measured client sent (every attempt, retries included). */
    requests: number;
    /** Of those, answered 429. */
    http429: number;
    windows: WindowUse[];
    /** The most requests counted in any window, all clients together. */
    maxWindowUse: number;
    /**
     * Windows the other client never saw (typically one opened by the measured client's last
     * requests after the drip's last call). By the fixed-window rule such a window opened at the
     * first of our requests outside every known window, so it is added with that start.
     */
    inferredWindows: number;
    blocks: Block[];
    blockedMs: number;
}

export function analyzeTraffic(
    log: readonly RequestLogEntry[],
    isClient: (entry: RequestLogEntry) => boolean,
    drip: DripReport,
    policy: { windowSeconds: number; penaltySeconds: number },
): TrafficSummary {
    const windowMs = policy.windowSeconds * 1000;
    const penaltyMs = policy.penaltySeconds * 1000;
    const ours = log.filter(isClient);

    const byReset = new Map<number, WindowUse>();
    for (const sample of drip.samples) {
        const { resetAt, blockedUntil } = sample.state;
        if (resetAt === null || blockedUntil !== null) continue;
        let window = byReset.get(resetAt);
        if (!window) {
            window = { start: resetAt - windowMs, end: resetAt, client: 0, other: 0, total: 0 };
            byReset.set(resetAt, window);
        }
        window.other += sample.count;
    }
    const windows = [...byReset.values()].sort((a, b) => a.start - b.start);

    // A request is counted unless it arrived during a block; the one that trips a block is counted.
    const blockEnds = [...new Set(drip.samples.map((s) => s.state.blockedUntil).filter((t): t is number => t !== null))].sort(
        (a, b) => a - b,
    );
    const blocks: Block[] = blockEnds.map((end) => {
        const start = end - penaltyMs;
        const tripper = ours.find((entry) => entry.rateLimited === true && Math.abs(entry.time - start) <= 5);
        return { start, end, trippedBy: tripper ? "client" : "other" };
    });
    const blockedAt = (time: number): boolean => blocks.some((block) => time > block.start + 5 && time < block.end);

    let inferredWindows = 0;
    for (const entry of [...ours].sort((a, b) => a.time - b.time)) {
        if (entry.rateLimited === true && blockedAt(entry.time)) continue;
        let window = windows.find((w) => entry.time >= w.start && entry.time < w.end);
        if (!window) {
            window = { start: entry.time, end: entry.time + windowMs, client: 0, other: 0, total: 0 };
            windows.push(window);
            windows.sort((a, b) => a.start - b.start);
            inferredWindows += 1;
        }
        window.client += 1;
    }
    for (const window of windows) window.total = window.client + window.other;

    return {
        requests: ours.length,
        http429: ours.filter((entry) => entry.status === 429).length,
        windows,
        maxWindowUse: windows.reduce((max, w) => Math.max(max, w.total), 0),
        inferredWindows,
        blocks,
        blockedMs: blocks.length * penaltyMs,
    };
}

export function userAgentStartsWith(prefix: string): (entry: RequestLogEntry) => boolean {
    return (entry) => (entry.userAgent ?? "").startsWith(prefix);
}
