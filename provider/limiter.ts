/**
 * One limiter per credential and base URL, shared by everything in the process (the provider
 * host's resources, the CLI's targets, a program's function calls): Cloudflare's budget is per
 * token, so splitting it per resource would let them trip the block together.
 *
 * It combines a concurrency bound (cockatiel's bulkhead) with header-driven pacing (`pacing.ts`):
 * a request starts only when both a slot and budget are free, in arrival order. A 429 pauses
 * every request on this limiter until its Retry-After has passed.
 *
 * Every wait is bounded: a request whose next wait for budget (a window's reset, a pause) would
 * be longer than its `maxWaitMs` is refused at once with QueueWaitTooLongError, and no timer is
 * ever set beyond Node's 32-bit limit. Across all limiters, the process also stays under
 * Cloudflare's per-client-IP rate (ClientRequestRate below).
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

/** A request given up before it was sent: its next wait for budget would outlast `maxWaitMs`. */
export class QueueWaitTooLongError extends Error {
    override name = "QueueWaitTooLongError";

    constructor(
        readonly waitMs: number,
        readonly maxWaitMs: number,
    ) {
        super(`the next request could start in ${Math.ceil(waitMs / 1000)} s, longer than the ${maxWaitMs / 1000} s a request may wait`);
    }
}

export interface ScheduleOptions {
    /** Give up rather than wait out a 429 pause longer than this. */
    maxPauseMs?: number;
    /** Give up rather than wait longer than this for budget in one go (a window's reset, a pause). */
    maxWaitMs?: number;
}

/** Node's timers hold a signed 32-bit millisecond count; a longer delay fires after 1 ms, with a warning. */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * Cloudflare also limits each client IP to 200 requests per second, across all tokens
 * (https://developers.cloudflare.com/fundamentals/api/reference/limits/, "Client API per IP").
 * Every limiter in the process draws from one sliding one-second window kept under that, with a
 * margin for requests that leave in one second and arrive bunched in a shorter one.
 */
export const CLIENT_IP_RATE = Object.freeze({ requests: 180, perMs: 1000 });

/** A sliding-window log of request start times: at most `requests` in any `perMs`. */
export class ClientRequestRate {
    private readonly starts: number[];
    private next = 0;

    constructor(
        readonly requests: number = CLIENT_IP_RATE.requests,
        readonly perMs: number = CLIENT_IP_RATE.perMs,
    ) {
        this.starts = new Array<number>(requests).fill(Number.NEGATIVE_INFINITY);
    }

    /** The slot about to be reused holds the oldest of the last `requests` starts. */
    available(now: number): boolean {
        return this.starts[this.next] <= now - this.perMs;
    }

    /** When a request may start next. */
    freeAt(): number {
        return this.starts[this.next] + this.perMs;
    }

    record(now: number): void {
        this.starts[this.next] = now;
        this.next = (this.next + 1) % this.requests;
    }
}

/** The one window of this process, for every limiter on real time. */
const processClientRate = new ClientRequestRate();

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
    /** The per-client-IP window; by default the process's own (or a private one on injected timers, whose clock is not the process's). */
    clientRate?: ClientRequestRate;
}

interface Waiter {
    grant: (ticket: Ticket) => void;
    reject: (error: Error) => void;
    maxPauseMs: number;
    maxWaitMs: number;
}

export class RequestLimiter {
    readonly concurrency: number;
    private readonly budget: RequestBudget;
    private readonly slots: BulkheadPolicy;
    private readonly timers: LimiterTimers;
    private readonly clientRate: ClientRequestRate;
    private readonly waiting: Waiter[] = [];
    /** Reads announced by callers that know their demand (see `announce`), not scheduled yet. */
    private announced = 0;
    private openAnnouncements = 0;
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
        this.clientRate = options.clientRate ?? (options.timers ? new ClientRequestRate() : processClientRate);
    }

    get stats(): LimiterStats {
        return { ...this.counters };
    }

    snapshot(): ReturnType<RequestBudget["snapshot"]> {
        return this.budget.snapshot(this.timers.now());
    }

    /**
     * Says that `count` reads are about to be scheduled, as a CLI run knows its targets. Until the
     * returned function is called, the demand is known exactly instead of guessed from how busy
     * the slots are, so a small fleet is not held back to measure neighbours (see pacing.ts).
     */
    announce(count: number): () => void {
        const reads = Math.max(0, Math.floor(count));
        this.announced += reads;
        this.openAnnouncements++;
        let open = true;
        return () => {
            if (!open) return;
            open = false;
            this.openAnnouncements--;
            if (this.openAnnouncements === 0) this.announced = 0;
            this.pump();
        };
    }

    /**
     * Runs `task` once a slot and budget are free. Rejects with LimiterPausedError if a 429 pause
     * would outlast `maxPauseMs`, and with QueueWaitTooLongError if the next wait for budget
     * would outlast `maxWaitMs`.
     */
    schedule<T>(task: (lease: Lease) => Promise<T>, options: ScheduleOptions = {}): Promise<T> {
        if (this.announced > 0) this.announced--;
        return this.slots.execute(async () => {
            const ticket = await this.acquire(
                options.maxPauseMs ?? Number.POSITIVE_INFINITY,
                options.maxWaitMs ?? Number.POSITIVE_INFINITY,
            );
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

    private acquire(maxPauseMs: number, maxWaitMs: number): Promise<Ticket> {
        return new Promise((grant, reject) => {
            this.waiting.push({ grant, reject, maxPauseMs, maxWaitMs });
            this.pump();
        });
    }

    private refuse(predicate: (waiter: Waiter) => boolean, error: (waiter: Waiter) => Error): void {
        for (const waiter of this.waiting.filter(predicate)) {
            this.waiting.splice(this.waiting.indexOf(waiter), 1);
            waiter.reject(error(waiter));
        }
    }

    /** Releases as many waiters as the budget allows, then sleeps until the budget can change. */
    private pump(): void {
        const now = this.timers.now();
        // A token blocked for longer than a waiter may wait will not unblock in time for it: say so now.
        const paused = this.budget.pausedFor(now);
        if (paused > 0)
            this.refuse(
                (w) => paused > w.maxPauseMs,
                () => new LimiterPausedError(paused),
            );
        // Every slot busy or waiting means more may be queued behind them (in the bulkhead, or a
        // caller's worker pool): an open-ended demand. Only when that has not been so for a while
        // is what waits all there is, the tail of a run, which then goes at once. A caller that
        // announced its reads is asked instead.
        if (this.inFlight + this.waiting.length >= this.concurrency) this.saturatedAt = now;
        const memory = saturationMemoryMs(this.roundTripMs);
        const demand = (): number => {
            if (this.openAnnouncements > 0) return this.waiting.length + this.announced;
            return now - this.saturatedAt <= memory ? Number.POSITIVE_INFINITY : this.waiting.length;
        };
        let rateLimited = false;
        while (this.waiting.length > 0 && this.budget.allowance(now, demand()) > 0) {
            if (!this.clientRate.available(now)) {
                rateLimited = true;
                break;
            }
            const waiter = this.waiting.shift();
            this.clientRate.record(now);
            waiter?.grant(this.budget.dispatch(now));
        }
        if (this.waiting.length === 0) {
            this.clearTimer();
            return;
        }
        const budgetAt = rateLimited ? null : this.budget.nextChangeAt(now);
        // Waiting for budget that not even one request has (a window spent, a pause): a request
        // whose wait would be longer than it may wait is refused now, not when the wait is over.
        // Requests held back only until answers or the end of a burst tell more are not judged,
        // nor is a probe in flight (no known change), which its own timeout bounds.
        if (budgetAt !== null && this.budget.allowance(now, 1) === 0) {
            const wait = budgetAt - now;
            this.refuse(
                (w) => wait > w.maxWaitMs,
                (w) => new QueueWaitTooLongError(wait, w.maxWaitMs),
            );
            if (this.waiting.length === 0) {
                this.clearTimer();
                return;
            }
        }
        const saturationEnds = this.saturatedAt + memory + 1;
        const candidates = [rateLimited ? this.clientRate.freeAt() : budgetAt, saturationEnds > now ? saturationEnds : null].filter(
            (t): t is number => t !== null && t > now,
        );
        // No future change and nothing in flight cannot happen (a probe is always allowed once
        // nothing is outstanding), but never sleep forever: look again in a second.
        const wakeAt = candidates.length > 0 ? Math.min(...candidates) : now + 1000;
        if (this.timer && this.timerAt <= wakeAt) return;
        this.clearTimer();
        this.timerAt = wakeAt;
        // Deliberately not unref'd: a waiting request must keep the process alive. Clamped to what
        // a Node timer can hold: a longer sleep just wakes, finds nothing to do, and sleeps again.
        this.timer = this.timers.setTimeout(
            () => {
                this.timer = null;
                this.pump();
            },
            Math.min(MAX_TIMER_MS, Math.max(1, wakeAt - now)),
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
