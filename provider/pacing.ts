/**
 * The request budget: how many requests may start now without crossing Cloudflare's limit.
 *
 * Cloudflare allows a quota of requests per window per token (1200 per 300 s), shared with every
 * other tool using the token, and blocks the token for the whole penalty period once it is
 * crossed. Reacting to 429s is therefore too late. Instead, every response's `Ratelimit`
 * header (`r` remaining, `t` seconds to reset) is folded in here, and requests are released
 * only while the estimate says there is room:
 *
 *   room = remaining at the newest observation
 *        - our requests sent after the observed one (the server may have counted them already)
 *        - what other clients are projected to spend before the reset (their rate so far this window)
 *        - a small safety margin
 *
 * Before the first response, one probe request goes alone. When the window is certainly over,
 * one probe learns the new window. If a server sends no headers at all, we fall back to
 * Cloudflare's documented 1200 per 300 s, counting our own requests.
 *
 * Pure: time is passed in, nothing is scheduled here. `limiter.ts` does the waiting.
 */
import type { RateLimitPolicy, RateLimitStatus } from "./ratelimit-headers";

export const DOCUMENTED_POLICY: Readonly<RateLimitPolicy> = Object.freeze({ quota: 1200, windowSeconds: 300 });

export interface Ticket {
    seq: number;
    sentAt: number;
}

interface WindowEstimate {
    remaining: number;
    /** Sequence number of the request whose response gave `remaining`. */
    observedSeq: number;
    /** Our first request seen in this window; our requests since then are not "others". */
    firstSeq: number;
    /** The reset lies in (resetLo, resetHi]: `t` is whole seconds, so each response narrows it. */
    resetLo: number;
    resetHi: number;
}

export class RequestBudget {
    private policy: RateLimitPolicy;
    private lastSeq = 0;
    private window: WindowEstimate | null = null;
    private probeSeq: number | null = null;
    private pausedUntil = 0;
    /** Set once a response arrives without headers: then we count our own requests per window. */
    private fallback: { start: number; count: number } | null = null;
    private headerless = false;

    constructor(policy: RateLimitPolicy = DOCUMENTED_POLICY) {
        this.policy = { ...policy };
    }

    get quota(): number {
        return this.policy.quota;
    }

    private get windowMs(): number {
        return this.policy.windowSeconds * 1000;
    }

    /** Requests kept back for safety: 1% of the quota, at least one. */
    private get margin(): number {
        return Math.max(1, Math.ceil(this.policy.quota * 0.01));
    }

    /** How many requests may start at `now`. */
    allowance(now: number): number {
        if (now < this.pausedUntil) return 0;
        if (this.headerless) {
            if (!this.fallback || now >= this.fallback.start + this.windowMs) return this.policy.quota - this.margin;
            return Math.max(0, this.policy.quota - this.margin - this.fallback.count);
        }
        const probeFree = this.probeSeq === null ? 1 : 0;
        if (this.window === null || now >= this.window.resetHi) return probeFree;
        const ours = this.lastSeq - this.window.observedSeq;
        const room = this.window.remaining - ours - this.margin - this.projectedOthers(now);
        return Math.max(0, Math.floor(room));
    }

    /** Other clients' spend for the rest of the window, at the rate they have spent so far. */
    private projectedOthers(now: number): number {
        const w = this.window;
        if (w === null) return 0;
        const ourCounted = w.observedSeq - w.firstSeq + 1;
        const othersUsed = Math.max(0, this.policy.quota - w.remaining - ourCounted);
        if (othersUsed === 0) return 0;
        const windowStart = w.resetHi - this.windowMs;
        // A floor on elapsed time keeps a few early requests from looking like a flood.
        const elapsed = Math.max(now - windowStart, this.windowMs * 0.1);
        return (othersUsed / elapsed) * Math.max(0, w.resetHi - now);
    }

    /** Records that a request starts now. Call only when `allowance(now) > 0`. */
    dispatch(now: number): Ticket {
        const seq = ++this.lastSeq;
        const needsProbe = !this.headerless && (this.window === null || now >= this.window.resetHi);
        if (needsProbe) this.probeSeq = seq;
        if (this.headerless) {
            if (!this.fallback || now >= this.fallback.start + this.windowMs) this.fallback = { start: now, count: 0 };
            this.fallback.count++;
        }
        return { seq, sentAt: now };
    }

    /** Folds in a response. `status` 429 with `retryAfterSeconds` pauses everyone. */
    observe(
        ticket: Ticket,
        now: number,
        response: { status: number; rateLimit: RateLimitStatus | null; policy: RateLimitPolicy | null; retryAfterSeconds: number | null },
    ): void {
        if (this.probeSeq === ticket.seq) this.probeSeq = null;
        if (response.policy) this.policy = { ...response.policy };
        if (response.status === 429) this.pause(now + (response.retryAfterSeconds ?? 1) * 1000);
        const rl = response.rateLimit;
        if (!rl) {
            if (this.window === null && !this.headerless) {
                this.headerless = true;
                this.fallback = { start: ticket.sentAt, count: this.lastSeq - ticket.seq + 1 };
            }
            return;
        }
        this.headerless = false;
        const lo = ticket.sentAt + (rl.resetSeconds - 1) * 1000;
        const hi = now + rl.resetSeconds * 1000;
        const w = this.window;
        if (w === null || lo >= w.resetHi) {
            this.window = { remaining: rl.remaining, observedSeq: ticket.seq, firstSeq: ticket.seq, resetLo: lo, resetHi: hi };
            return;
        }
        if (hi <= w.resetLo) return; // a late answer from a window that is already over
        w.resetLo = Math.max(w.resetLo, lo);
        w.resetHi = Math.max(w.resetLo, Math.min(w.resetHi, hi));
        if (ticket.seq > w.observedSeq) {
            w.remaining = rl.remaining;
            w.observedSeq = ticket.seq;
        }
        if (ticket.seq < w.firstSeq) w.firstSeq = ticket.seq;
    }

    /** A request ended without a usable response (connection error, timeout). */
    abandon(ticket: Ticket): void {
        if (this.probeSeq === ticket.seq) this.probeSeq = null;
    }

    pause(until: number): void {
        this.pausedUntil = Math.max(this.pausedUntil, until);
    }

    /** The next moment the allowance can grow without a response arriving, if any. */
    nextChangeAt(now: number): number | null {
        const candidates: number[] = [];
        if (this.pausedUntil > now) candidates.push(this.pausedUntil);
        if (this.window && this.window.resetHi > now) candidates.push(this.window.resetHi);
        if (this.headerless && this.fallback) candidates.push(this.fallback.start + this.windowMs);
        // Room held back for others' projected spend opens up as the reset nears: look again soon.
        const w = this.window;
        if (w && w.resetHi > now && w.remaining - (this.lastSeq - w.observedSeq) - this.margin >= 1 && this.projectedOthers(now) >= 1) {
            candidates.push(now + 100);
        }
        const future = candidates.filter((t) => t > now);
        return future.length === 0 ? null : Math.min(...future);
    }

    /** For reports and tests. */
    snapshot(now: number): { allowance: number; remaining: number | null; resetInMs: number | null; pausedForMs: number; quota: number; windowSeconds: number } {
        return {
            allowance: this.allowance(now),
            remaining: this.window ? this.window.remaining - (this.lastSeq - this.window.observedSeq) : null,
            resetInMs: this.window ? Math.max(0, this.window.resetHi - now) : null,
            pausedForMs: Math.max(0, this.pausedUntil - now),
            quota: this.policy.quota,
            windowSeconds: this.policy.windowSeconds,
        };
    }
}
