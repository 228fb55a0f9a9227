/**
 * One limiter per credential and base URL, shared by everything in the process (the provider
 * host's resources, the CLI's targets, a program's function calls): Cloudflare's budget is per
 * token, so splitting it per resource would let them trip the block together.
 *
 * It combines a concurrency bound (cockatiel's bulkhead) with header-driven pacing (`pacing.ts`):
 * a request starts only when both a slot and budget are free, in arrival order. A 429 pauses
 * every request on this limiter until its Retry-After has passed.
 */
import { bulkhead, type BulkheadPolicy } from "cockatiel";

import { RequestBudget, type ObservedResponse, type Ticket } from "./pacing";
import type { RateLimitPolicy } from "./ratelimit-headers";

export type { ObservedResponse } from "./pacing";

/** Handed to a scheduled task so it can report what the server said about the budget. */
export interface Lease {
    readonly ticket: Ticket;
    observe(response: ObservedResponse): void;
}

/** A request given up before it was sent: a 429 paused the token for longer than it may wait. */
export class LimiterPausedError extends Error {
    override name = "LimiterPausedError";

    constructor(readonly pausedForMs: number) {
        super(`requests are paused for another ${Math.ceil(pausedForMs / 1000)} s after a 429`);
    }
}

export interface ScheduleOptions {
    /** Give up rather than wait out a 429 pause longer than this. */
    maxPauseMs?: number;
}

export interface LimiterStats {
    requests: number;
    rateLimited: number;
    maxInFlight: number;
}

/** Time, injectable so tests can run the real limiter on a virtual clock. */
export interface LimiterTimers {
    now(): number;
    setTimeout(callback: () => void, ms: number): unknown;
    clearTimeout(handle: unknown): void;
}

/**
 * How long the limiter remembers having every slot in use, when judging whether more work is
 * coming: a few round trips, since a worker pool refills its slot one round trip after an answer.
 */
function saturationMemoryMs(roundTripMs: number): number {
    return Math.min(250, Math.max(30, 3 * roundTripMs));
}

const REAL_TIMERS: LimiterTimers = {
    now: () => Date.now(),
    setTimeout: (callback, ms) => setTimeout(callback, ms),
    clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

export interface LimiterOptions {
    concurrency: number;
    policy?: RateLimitPolicy;
    timers?: LimiterTimers;
}

export class RequestLimiter {
    readonly concurrency: number;
    private readonly budget: RequestBudget;
    private readonly slots: BulkheadPolicy;
    private readonly timers: LimiterTimers;
    private readonly waiting: Array<{ grant: (ticket: Ticket) => void; reject: (error: Error) => void; maxPauseMs: number }> = [];
    private timer: unknown = null;
    private timerAt = 0;
    private inFlight = 0;
    private saturatedAt = Number.NEGATIVE_INFINITY;
    /** The latest round trip, for judging how soon a pool refills its slots. */
    private roundTripMs = 100;
    private readonly counters: LimiterStats = { requests: 0, rateLimited: 0, maxInFlight: 0 };

    constructor(options: LimiterOptions) {
        this.concurrency = options.concurrency;
        this.budget = new RequestBudget(options.policy);
        this.slots = bulkhead(options.concurrency, Number.POSITIVE_INFINITY);
        this.timers = options.timers ?? REAL_TIMERS;
    }

    get stats(): LimiterStats {
        return { ...this.counters };
    }

    snapshot(): ReturnType<RequestBudget["snapshot"]> {
        return this.budget.snapshot(this.timers.now());
    }

    /** Runs `task` once a slot and budget are free; rejects with LimiterPausedError if a pause would outlast `maxPauseMs`. */
    schedule<T>(task: (lease: Lease) => Promise<T>, options: ScheduleOptions = {}): Promise<T> {
        return this.slots.execute(async () => {
            const ticket = await this.acquire(options.maxPauseMs ?? Number.POSITIVE_INFINITY);
            this.inFlight++;
            this.counters.requests++;
            this.counters.maxInFlight = Math.max(this.counters.maxInFlight, this.inFlight);
            let observed = false;
            const lease: Lease = {
                ticket,
                observe: (response) => {
                    observed = true;
                    this.roundTripMs = this.timers.now() - ticket.sentAt;
                    if (response.status === 429) this.counters.rateLimited++;
                    this.budget.observe(ticket, this.timers.now(), response);
                },
            };
            try {
                return await task(lease);
            } finally {
                this.inFlight--;
                if (!observed) this.budget.abandon(ticket);
                this.pump();
            }
        });
    }

    private acquire(maxPauseMs: number): Promise<Ticket> {
        return new Promise((grant, reject) => {
            this.waiting.push({ grant, reject, maxPauseMs });
            this.pump();
        });
    }

    /** Releases as many waiters as the budget allows, then sleeps until the budget can change. */
    private pump(): void {
        const now = this.timers.now();
        // A token blocked for longer than a waiter may wait will not unblock in time for it: say so now.
        const paused = this.budget.pausedFor(now);
        if (paused > 0) {
            for (const waiter of this.waiting.filter((w) => paused > w.maxPauseMs)) {
                this.waiting.splice(this.waiting.indexOf(waiter), 1);
                waiter.reject(new LimiterPausedError(paused));
            }
        }
        // Every slot busy or waiting means more may be queued behind them (in the bulkhead, or a
        // caller's worker pool): an open-ended demand. Only when that has not been so for a while
        // is what waits all there is, the tail of a run, which then goes at once.
        if (this.inFlight + this.waiting.length >= this.concurrency) this.saturatedAt = now;
        const memory = saturationMemoryMs(this.roundTripMs);
        const demand = (): number => (now - this.saturatedAt <= memory ? Number.POSITIVE_INFINITY : this.waiting.length);
        while (this.waiting.length > 0 && this.budget.allowance(now, demand()) > 0) {
            const waiter = this.waiting.shift();
            waiter?.grant(this.budget.dispatch(now));
        }
        if (this.waiting.length === 0) {
            this.clearTimer();
            return;
        }
        const saturationEnds = this.saturatedAt + memory + 1;
        const budgetAt = this.budget.nextChangeAt(now);
        const at =
            saturationEnds > now && budgetAt !== null
                ? Math.min(budgetAt, saturationEnds)
                : (budgetAt ?? (saturationEnds > now ? saturationEnds : null));
        // No future change and nothing in flight cannot happen (a probe is always allowed once
        // nothing is outstanding), but never sleep forever: look again in a second.
        const wakeAt = at ?? now + 1000;
        if (this.timer && this.timerAt <= wakeAt) return;
        this.clearTimer();
        this.timerAt = wakeAt;
        // Deliberately not unref'd: a waiting request must keep the process alive.
        this.timer = this.timers.setTimeout(
            () => {
                this.timer = null;
                this.pump();
            },
            Math.max(1, wakeAt - now),
        );
    }

    private clearTimer(): void {
        if (this.timer !== null) this.timers.clearTimeout(this.timer);
        this.timer = null;
    }
}

const shared = new Map<string, RequestLimiter>();

/** The process-wide limiter for a credential fingerprint and base URL, created on first use. */
export function sharedLimiter(credentialFingerprint: string, baseUrl: string, options: LimiterOptions): RequestLimiter {
    const key = `${credentialFingerprint} ${baseUrl}`;
    let limiter = shared.get(key);
    if (!limiter) {
        limiter = new RequestLimiter(options);
        shared.set(key, limiter);
    }
    return limiter;
}
