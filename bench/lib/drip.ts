/**
 * Another client sharing the token: spends a steady share of the budget through the emulator's
 * admin `quota/consume` endpoint, exactly as that many requests would (a block included).
 *
 * Ticks are scheduled on absolute time (tick i at start + i·period), so a late timer on a busy
 * machine catches up instead of lowering the rate. Every answer carries the token's rate-limit
 * state, which gives the exact window boundaries and every block for the analysis.
 */
import type { RateLimitState } from "../../emulator/types";
import type { EmulatorProcess } from "./emulator-process";

export interface DripSample {
    /** When the answer arrived (epoch ms, same clock as the emulator's). */
    at: number;
    /** Requests spent by this call. */
    count: number;
    state: RateLimitState;
}

export interface DripReport {
    periodMs: number;
    /** Requests the other client spent (or tried to). */
    hits: number;
    /** Of those, how many were refused because the token was blocked (or tripped the block). */
    rejected: number;
    samples: DripSample[];
}

export class OtherClientDrip {
    readonly periodMs: number;
    private startedAt = 0;
    private sent = 0;
    private rejected = 0;
    private readonly samples: DripSample[] = [];
    private timer: NodeJS.Timeout | null = null;
    private busy: Promise<void> = Promise.resolve();
    private stopped = false;
    private failure: Error | null = null;

    /** `perWindow` requests every `windowSeconds`, one at a time. */
    constructor(
        private readonly emulator: EmulatorProcess,
        readonly perWindow: number,
        readonly windowSeconds: number,
    ) {
        this.periodMs = (windowSeconds * 1000) / perWindow;
    }

    start(): void {
        this.startedAt = Date.now();
        this.tick();
    }

    private tick(): void {
        if (this.stopped) return;
        const due = Math.floor((Date.now() - this.startedAt) / this.periodMs) + 1 - this.sent;
        if (due > 0) {
            this.sent += due;
            this.busy = this.busy.then(() => this.spend(due));
        }
        const next = this.startedAt + this.sent * this.periodMs;
        this.timer = setTimeout(() => this.tick(), Math.max(1, next - Date.now()));
    }

    private async spend(count: number): Promise<void> {
        try {
            const state = await this.emulator.consume(count);
            const at = Date.now();
            // State is read right after the spend: a running block means these requests were refused (or tripped it).
            if (state.blockedUntil !== null) this.rejected += count;
            this.samples.push({ at, count, state });
        } catch (error) {
            this.failure ??= error instanceof Error ? error : new Error(String(error));
        }
    }

    async stop(): Promise<DripReport> {
        this.stopped = true;
        if (this.timer) clearTimeout(this.timer);
        await this.busy;
        if (this.failure) throw this.failure;
        return { periodMs: this.periodMs, hits: this.sent, rejected: this.rejected, samples: [...this.samples] };
    }
}
