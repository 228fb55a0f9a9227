/**
 * The request budget: how many requests may start now without crossing Cloudflare's limit.
 *
 * Cloudflare allows a quota of requests per window per token (1200 per 300 s). Every other tool
 * using the token shares it, and crossing it blocks the token for the whole penalty period.
 * Reacting to 429s is therefore too late. Instead, every response's `Ratelimit` header (`r`
 * remaining, `t` whole seconds to reset) is folded in here, and requests are released only while
 * the estimate says there is room:
 *
 *   room = remaining at the newest observation
 *        - our requests sent after the observed one (the server may have counted them already)
 *        - what other clients are projected to spend before the reset
 *        - a small safety margin
 *
 * Other clients' projection is their rate so far in this window, or their share of the previous
 * window if that is larger. A steady neighbour keeps its share from the first request of a
 * window, and a burst we have not seen yet is why there is a margin.
 *
 * `t` has whole-second resolution, so the reset time is only known to within a second: it lies
 * in (resetLo, resetHi]. Waiting for resetHi would waste up to a second per window, and that
 * adds up with short windows. So while the interval is wide, a few requests of the window's
 * budget are held back and sent one at a time at moments chosen to bisect it. Each is still a
 * real read from the queue; only its timing changes.
 *
 * Before the first response, one probe request goes alone. When the window is certainly over,
 * one probe learns the new window. If a server sends no headers at all, we fall back to
 * Cloudflare's documented 1200 per 300 s, counting our own requests.
 *
 * Pure: time is passed in and nothing is scheduled here. `limiter.ts` does the waiting.
 */
import type { RateLimitPolicy, RateLimitStatus } from "./ratelimit-headers";

export const DOCUMENTED_POLICY: Readonly<RateLimitPolicy> = Object.freeze({ quota: 1200, windowSeconds: 300 });

/** Stop bisecting once the reset is known to within this. */
const RESET_PRECISION_MS = 50;
/** Requests held back per window for bisecting its reset time. */
const BISECTION_REQUESTS = 4;
/** Others' rate is a guess until this much of the window has been observed. */
const MATURE_ESTIMATE_MS = 1000;
/** While it is a guess and leaves no room, one request this often refines it. */
const SAMPLE_INTERVAL_MS = 200;

export interface Ticket {
    seq: number;
    sentAt: number;
}

export interface ObservedResponse {
    status: number;
    rateLimit: RateLimitStatus | null;
    policy: RateLimitPolicy | null;
    retryAfterSeconds: number | null;
}

interface WindowEstimate {
    remaining: number;
    /** Sequence number of the request whose response gave `remaining`, and when it arrived. */
    observedSeq: number;
    observedAt: number;
    /** Our first request seen in this window; our requests since then are not "others". */
    firstSeq: number;
    /** The reset lies in (resetLo, resetHi]. */
    resetLo: number;
    resetHi: number;
}

export class RequestBudget {
    private policy: RateLimitPolicy;
    private lastSeq = 0;
    private window: WindowEstimate | null = null;
    /** The request sent alone to learn a window, if one is in flight. */
    private probeSeq: number | null = null;
    /** The request sent to learn more within a window (bisecting, sampling), if one is in flight. */
    private sampleSeq: number | null = null;
    private lastSampleAt = Number.NEGATIVE_INFINITY;
    /** When the next bisecting request goes; planned once per reset interval. */
    private plannedBisectAt: number | null = null;
    private pausedUntil = 0;
    /** Set once a response arrives without headers: then we count our own requests per window. */
    private fallback: { start: number; count: number } | null = null;
    private headerless = false;

    constructor(policy: RateLimitPolicy = DOCUMENTED_POLICY) {
        this.policy = { ...policy };
    }

    private get windowMs(): number {
        return this.policy.windowSeconds * 1000;
    }

    /**
     * Requests never used: 1% of the quota, at least two. It absorbs the error in projecting
     * other clients, and leaves a newcomer a little room before it shows up in `remaining`.
     */
    private get margin(): number {
        return Math.max(2, Math.ceil(this.policy.quota * 0.01));
    }

    /**
     * How many requests may start at `now`. `demand` is how many are waiting: when all of them
     * fit, nothing is held back for bisection, because there is no next window to time.
     */
    allowance(now: number, demand = Number.POSITIVE_INFINITY): number {
        if (now < this.pausedUntil) return 0;
        if (this.headerless) {
            if (!this.fallback || now >= this.fallback.start + this.windowMs) return this.policy.quota - this.margin;
            return Math.max(0, this.policy.quota - this.margin - this.fallback.count);
        }
        if (this.window === null || now >= this.window.resetHi) return this.probeSeq === null ? 1 : 0;
        const room = Math.max(0, Math.floor(this.room()));
        if (room > 0) {
            if (demand <= room) return room;
            const held = this.bisecting(now) ? Math.min(room, BISECTION_REQUESTS) : 0;
            return room - held + (held > 0 && this.sampleDue(now) ? 1 : 0);
        }
        // No room by the projection. While it rests on little data it may be far too pessimistic,
        // so keep sampling rather than sit out the window on a guess.
        return !this.estimateMature() && this.rawRoom() >= 1 && this.sampleDue(now) ? 1 : 0;
    }

    /** Budget left by the newest answer, before any allowance for other clients. */
    private rawRoom(): number {
        const w = this.window;
        return w === null ? 0 : w.remaining - (this.lastSeq - w.observedSeq) - this.margin;
    }

    private room(): number {
        return this.rawRoom() - this.projectedOthers();
    }

    /**
     * Others' spend from the newest observation until the reset. It counts from the observation,
     * not from now, because what they spent since then is not in `remaining` yet: time passing
     * makes no room, answers do.
     */
    private projectedOthers(): number {
        const w = this.window;
        if (w === null) return 0;
        return this.othersRate() * Math.max(0, w.resetHi - w.observedAt);
    }

    /**
     * Others' rate in requests per ms, erring high on purpose while the evidence is thin: over
     * the shortest time the window can have lasted (it started no later than resetHi - window),
     * and until a second has been observed, counting one request more than seen, so that an
     * early request or two project a steady neighbour rather than nothing.
     */
    private othersRate(): number {
        const w = this.window;
        if (w === null) return 0;
        const benefitOfDoubt = this.estimateMature() ? 0 : 1;
        return (this.othersUsed() + benefitOfDoubt) / Math.max(this.observedSpan(), 100);
    }

    /** How much of the window the newest answer covers, counted from its latest possible start. */
    private observedSpan(): number {
        const w = this.window;
        return w === null ? 0 : w.observedAt - (w.resetHi - this.windowMs);
    }

    private estimateMature(): boolean {
        return this.observedSpan() >= MATURE_ESTIMATE_MS;
    }

    private othersUsed(): number {
        const w = this.window;
        if (w === null) return 0;
        const ourCounted = w.observedSeq - w.firstSeq + 1;
        return Math.max(0, this.policy.quota - w.remaining - ourCounted);
    }

    /** Bisecting is worth it while the reset is uncertain, and possible while a second remains before the midpoint. */
    private bisecting(now: number): boolean {
        const w = this.window;
        if (w === null || w.resetHi - w.resetLo <= RESET_PRECISION_MS) return false;
        return (w.resetLo + w.resetHi) / 2 - now >= 1000;
    }

    /** Requests held back for bisecting, also while a bisecting request is in flight. */
    private sampleDue(now: number): boolean {
        const at = this.nextSampleAt(now);
        return at !== null && now >= at;
    }

    /**
     * When to send the next sampling request, if any. While bisecting: a request whose server
     * time lands `m` whole seconds before the interval's midpoint answers t = m if the reset is
     * at or before the midpoint, and m + 1 if after, halving the interval. The moment is planned
     * once per interval, so a timer firing a little late still sends it rather than planning the
     * next one a second on. Otherwise, while others' rate is still a guess: every 200 ms.
     */
    private nextSampleAt(now: number): number | null {
        const w = this.window;
        if (w === null || this.sampleSeq !== null) return null;
        if (this.bisecting(now)) {
            if (this.plannedBisectAt === null) {
                const mid = (w.resetLo + w.resetHi) / 2;
                this.plannedBisectAt = mid - Math.floor((mid - now) / 1000) * 1000;
            }
            return this.plannedBisectAt;
        }
        return this.estimateMature() ? null : this.lastSampleAt + SAMPLE_INTERVAL_MS;
    }

    /** Records that a request starts now. Call only when `allowance(now) > 0`. */
    dispatch(now: number): Ticket {
        const seq = ++this.lastSeq;
        if (this.headerless) {
            if (!this.fallback || now >= this.fallback.start + this.windowMs) this.fallback = { start: now, count: 0 };
            this.fallback.count++;
        } else if (this.window === null || now >= this.window.resetHi) {
            this.probeSeq = seq;
            this.lastSampleAt = now;
        } else if (this.sampleDue(now)) {
            this.sampleSeq = seq;
            this.lastSampleAt = now;
            this.plannedBisectAt = null;
        }
        return { seq, sentAt: now };
    }

    /** Folds in a response. A 429 pauses everyone for its Retry-After. */
    observe(ticket: Ticket, now: number, response: ObservedResponse): void {
        if (this.probeSeq === ticket.seq) this.probeSeq = null;
        if (this.sampleSeq === ticket.seq) this.sampleSeq = null;
        if (response.policy) this.policy = { ...response.policy };
        if (response.status === 429) {
            // Blocked: the counters in this answer describe the block, not a window. Start over
            // with a probe once the pause is over.
            this.pause(now + (response.retryAfterSeconds ?? 1) * 1000);
            this.window = null;
            this.plannedBisectAt = null;
            return;
        }
        const rl = response.rateLimit;
        if (!rl) {
            if (this.window === null && !this.headerless) {
                this.headerless = true;
                this.fallback = { start: ticket.sentAt, count: this.lastSeq - ticket.seq + 1 };
            }
            return;
        }
        this.headerless = false;
        // The server computed t = ceil((reset - its time) / 1 s) at some moment between sending and now.
        const lo = ticket.sentAt + (rl.resetSeconds - 1) * 1000;
        const hi = now + rl.resetSeconds * 1000;
        const w = this.window;
        if (w === null || lo >= w.resetHi) {
            this.window = { remaining: rl.remaining, observedSeq: ticket.seq, observedAt: now, firstSeq: ticket.seq, resetLo: lo, resetHi: hi };
            this.plannedBisectAt = null;
            return;
        }
        if (hi <= w.resetLo) return; // a late answer from a window that is already over
        const [oldLo, oldHi] = [w.resetLo, w.resetHi];
        w.resetLo = Math.max(w.resetLo, lo);
        w.resetHi = Math.max(w.resetLo, Math.min(w.resetHi, hi));
        if (w.resetLo !== oldLo || w.resetHi !== oldHi) this.plannedBisectAt = null;
        if (ticket.seq > w.observedSeq) {
            w.remaining = rl.remaining;
            w.observedSeq = ticket.seq;
            w.observedAt = now;
        }
        if (ticket.seq < w.firstSeq) w.firstSeq = ticket.seq;
    }

    /** A request ended without a usable response (connection error, timeout). */
    abandon(ticket: Ticket): void {
        if (this.probeSeq === ticket.seq) this.probeSeq = null;
        if (this.sampleSeq === ticket.seq) this.sampleSeq = null;
    }

    pause(until: number): void {
        this.pausedUntil = Math.max(this.pausedUntil, until);
    }

    /** The next moment the allowance can grow without a response arriving, if any. */
    nextChangeAt(now: number): number | null {
        const candidates: number[] = [];
        if (this.pausedUntil > now) candidates.push(this.pausedUntil);
        if (this.headerless && this.fallback) candidates.push(this.fallback.start + this.windowMs);
        const w = this.window;
        if (w && w.resetHi > now) {
            candidates.push(w.resetHi);
            const sampleAt = this.nextSampleAt(now);
            if (sampleAt !== null && this.rawRoom() >= 1) candidates.push(sampleAt);
            // Requests held back for bisecting are released once there is no time left to bisect.
            if (this.bisecting(now)) candidates.push((w.resetLo + w.resetHi) / 2 - 1000 + 1);
        }
        const future = candidates.filter((t) => t > now);
        return future.length === 0 ? null : Math.min(...future);
    }

    /** For reports and tests. */
    snapshot(now: number): {
        allowance: number;
        remaining: number | null;
        othersProjected: number;
        resetInMs: number | null;
        resetUncertaintyMs: number | null;
        pausedForMs: number;
        quota: number;
        windowSeconds: number;
    } {
        const w = this.window;
        return {
            allowance: this.allowance(now),
            othersProjected: Math.round(this.projectedOthers() * 10) / 10,
            remaining: w ? w.remaining - (this.lastSeq - w.observedSeq) : null,
            resetInMs: w ? Math.max(0, w.resetHi - now) : null,
            resetUncertaintyMs: w ? w.resetHi - w.resetLo : null,
            pausedForMs: Math.max(0, this.pausedUntil - now),
            quota: this.policy.quota,
            windowSeconds: this.policy.windowSeconds,
        };
    }
}
