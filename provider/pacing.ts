/**
 * The request budget: how many requests may start now without crossing Cloudflare's limit.
 *
 * Cloudflare allows a quota of requests per window per token (1200 per 300 s). Every other tool
 * using the token shares it, and crossing it blocks the token for the whole penalty period.
 * Reacting to 429s is therefore too late. Instead, every response's `Ratelimit` header (`r`
 * remaining, `t` whole seconds to reset) is folded in here, and requests are released only while
 * the estimate says there is room:
 *
 *   room = remaining at the newest answer
 *        - our requests sent after the answered one (the server may have counted them already)
 *        - what other clients are projected to spend before the reset
 *        - a small safety margin
 *
 * Other clients are projected at their rate since our first answer in the window (so a burst
 * they spent before we arrived is not taken for a steady pace), or, early in a window, at their
 * rate over the previous one (so a steady neighbour keeps its share from the window's first
 * request). Both count one request more than seen, erring high; a tenth of the projection is
 * held back and released by samples whose answers sharpen it. With neither measurement yet, what
 * they spent in the window so far stands in, and a quarter of the window is held back until
 * measured, for a neighbour not seen yet.
 *
 * The projection can only be corrected by answers. While it is still a guess and leaves no room,
 * up to three requests a window are sent as samples, so a wrong guess cannot hold reads until the
 * reset (up to 300 s); once measured, a sample goes only while a fraction of a request is left.
 *
 * `t` has whole-second resolution, so the reset time is only known to within a second: it lies
 * in (resetLo, resetHi]. Waiting for resetHi would waste up to a second per window, and that
 * adds up with short windows. So while the interval is wide, a few requests of the window's
 * budget are held back and sent one at a time at moments chosen to bisect it. Each is still a
 * real read from the queue; only its timing changes.
 *
 * Before the first response, one probe request goes alone. When the window is certainly over,
 * one probe learns the new window. If a server sends no headers at all, or stops sending them
 * (a proxy that strips them), we fall back to the policy last advertised (Cloudflare's
 * documented 1200 per 300 s unless told otherwise) once the known window has ended, counting our
 * own requests, at full concurrency.
 *
 * A small fleet does not wait to measure its neighbours: when the caller says how many reads
 * are coming and they take at most a quarter of the budget the server says is left, they go at
 * once, even if a neighbour's burst just before our first answer would otherwise be projected
 * over the whole window (a measured pace is always respected).
 *
 * Every wait this module can cause is bounded: the headers are clamped where they are parsed
 * (ratelimit-headers.ts), the reset again to the window here, and a pause to an hour.
 *
 * Pure: time is passed in and nothing is scheduled here. `limiter.ts` does the waiting.
 */
import { WINDOW_SECONDS_RANGE, type RateLimitPolicy, type RateLimitStatus } from "./ratelimit-headers";

export const DOCUMENTED_POLICY: Readonly<RateLimitPolicy> = Object.freeze({ quota: 1200, windowSeconds: 300 });

/** Stop bisecting once the reset is known to within this. */
const RESET_PRECISION_MS = 50;
/** Requests held back per window for bisecting its reset time. */
const BISECTION_REQUESTS = 4;
/** A guess at others' rate from a window that has barely begun counts at least this much of it. */
const GUESS_MIN_SPAN_MS = 250;
/** Others' rate in a window is measured once our answers in it span at least this long. */
const RATE_SPAN_MS = 500;
/** Before the first rate measurement, samples go this often while the guess leaves no room. */
const FIRST_SAMPLE_INTERVAL_MS = 200;
/** After it, this often. */
const SAMPLE_INTERVAL_MS = 500;
/** Samples a window may spend while the projection leaves no room. */
const SAMPLES_PER_WINDOW = 3;
/** Share of neighbours' projected spend held back until answers confirm it. */
const NEIGHBOUR_HOLD_BACK = 0.1;
/** Share of the room held back until this window has measured its neighbours. */
const UNMEASURED_HOLD_BACK = 0.25;
/** In a window's last stretch there is no time left to learn from samples. */
const LAST_CALL_MS = 1000;
/** A known demand at most this share of the budget left goes at once, before neighbours are measured. */
const SMALL_FLEET_SHARE = 0.25;
/** The longest pause a 429's Retry-After can impose; Cloudflare's block is 300 s. */
export const MAX_PAUSE_MS = WINDOW_SECONDS_RANGE.max * 1000;

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
    /** Sequence number of the request whose answer gave `remaining`, and when that answer came. */
    observedSeq: number;
    observedAt: number;
    /** Our first request seen in this window; our requests since then are not "others". */
    firstSeq: number;
    /** The reset lies in (resetLo, resetHi]. */
    resetLo: number;
    resetHi: number;
    /** Our first answer in this window, and others' count and the budget then: where their rate is measured from. */
    firstObservedAt: number;
    othersAtFirst: number;
    remainingAtFirst: number;
    /** Samples spent in this window while the projection left no room. */
    samples: number;
}

export class RequestBudget {
    private policy: RateLimitPolicy;
    private lastSeq = 0;
    private window: WindowEstimate | null = null;
    /** Other clients' rate over the previous window, in requests per ms, if it was measured. */
    private othersPreviousRate: number | null = null;
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
     * other clients, and leaves a newcomer a little room before it shows up in `remaining`. A
     * tiny quota still allows one request per window, so reads always make progress.
     */
    private get margin(): number {
        return Math.min(Math.max(2, Math.ceil(this.policy.quota * 0.01)), this.policy.quota - 1);
    }

    /** How long every request must still wait because of a 429. */
    pausedFor(now: number): number {
        return Math.max(0, this.pausedUntil - now);
    }

    /**
     * How many requests may start at `now`. `demand` is how many are waiting: when all of them
     * fit, nothing is held back, because there is no next window to time and nothing left to learn.
     */
    allowance(now: number, demand = Number.POSITIVE_INFINITY): number {
        if (now < this.pausedUntil) return 0;
        if (this.headerless) {
            if (!this.fallback || now >= this.fallback.start + this.windowMs) return this.policy.quota - this.margin;
            return Math.max(0, this.policy.quota - this.margin - this.fallback.count);
        }
        const w = this.window;
        if (w === null || now >= w.resetHi) return this.probeSeq === null ? 1 : 0;
        if (this.fitsBeforeMeasuring(demand)) return Math.floor(this.rawRoom());
        const room = Math.max(0, Math.floor(this.room()));
        if (room > 0) {
            if (demand <= room) return room;
            const held = Math.min(room, this.heldBack(now));
            return room - held + (held > 0 && this.sampleDue(now) ? 1 : 0);
        }
        // No whole request of room by the projection, which only answers can correct. While it is
        // a guess or last window's rate, spend a few samples on it. Once this window has measured
        // its neighbours, only while a fraction of a request is left: the projection counts one
        // request more than seen, so that fraction is ours to learn with.
        if (this.rawRoom() < 1 || !this.sampleDue(now)) return 0;
        if (this.othersRateThisWindow() === null) return w.samples < SAMPLES_PER_WINDOW ? 1 : 0;
        return this.room() > 0 ? 1 : 0;
    }

    /**
     * A demand the caller knows (a CLI run announces its targets) that takes at most a quarter of
     * what the server says is left needs no measurement of the neighbours: it leaves them three
     * quarters, as the share held back for an unseen neighbour does. Only while their pace is a
     * guess; a pace measured in this window or the last one is always respected.
     */
    private fitsBeforeMeasuring(demand: number): boolean {
        if (!Number.isFinite(demand) || this.othersRateThisWindow() !== null || this.othersPreviousRate !== null) return false;
        return demand <= SMALL_FLEET_SHARE * Math.floor(this.rawRoom());
    }

    /**
     * Requests kept back from the room, released as answers confirm them: a few to bisect the
     * reset, and against neighbours whose projection is still uncertain. Until this window has
     * measured them, that is a quarter of the budget the window had when we first saw it (a
     * neighbour may have just appeared, or just left); after, a tenth of their projected spend.
     * In the window's last second there is nothing left to learn and everything goes.
     */
    private heldBack(now: number): number {
        const w = this.window;
        if (w === null || w.resetHi - now < LAST_CALL_MS) return 0;
        const neighbours =
            this.othersRateThisWindow() === null ? w.remainingAtFirst * UNMEASURED_HOLD_BACK : this.projectedOthers() * NEIGHBOUR_HOLD_BACK;
        return (this.bisecting(now) ? BISECTION_REQUESTS : 0) + Math.ceil(neighbours);
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
     * Others' spend from the newest answer until the reset. It counts from the answer, not from
     * now, because what they spent since then is not in `remaining` yet: time passing makes no
     * room, answers do.
     */
    private projectedOthers(): number {
        const w = this.window;
        if (w === null) return 0;
        return this.othersRate() * Math.max(0, w.resetHi - w.observedAt);
    }

    /**
     * Others' rate in requests per ms (see the top of this file). With no measurement at all, what
     * they have spent in the window so far over the shortest time it can have lasted (it started
     * no later than resetHi - window), but at least a quarter of a second: high for a burst, which
     * the first measurement corrects; nothing if they have spent nothing, the held-back quarter
     * covering a neighbour not seen yet.
     */
    private othersRate(): number {
        const w = this.window;
        if (w === null) return 0;
        const measured = this.othersRateThisWindow();
        if (measured !== null) return measured;
        if (this.othersPreviousRate !== null) return this.othersPreviousRate;
        return this.othersUsed() / Math.max(w.observedAt - (w.resetHi - this.windowMs), GUESS_MIN_SPAN_MS);
    }

    /**
     * Since our first answer in this window, once that spans long enough to mean something,
     * counting one request more than seen: a steady neighbour's requests are discrete, and
     * guessing one too few near the end of a window is what makes it cross the quota.
     */
    private othersRateThisWindow(): number | null {
        const w = this.window;
        if (w === null) return null;
        const span = w.observedAt - w.firstObservedAt;
        if (span < RATE_SPAN_MS) return null;
        return (Math.max(0, this.othersUsed() - w.othersAtFirst) + 1) / span;
    }

    /** Requests the server counted in this window that were not ours, as of the newest answer. */
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

    private sampleDue(now: number): boolean {
        const at = this.nextSampleAt(now);
        return at !== null && now >= at;
    }

    /**
     * When to send the next sampling request, if any. While bisecting: a request whose server
     * time lands `m` whole seconds before the interval's midpoint answers t = m if the reset is
     * at or before the midpoint, and m + 1 if after, halving the interval. The moment is planned
     * once per interval, so a timer firing a little late still sends it rather than planning the
     * next one a second on. Otherwise: often before others' rate is first measured, then at the
     * pace that measures it.
     */
    private nextSampleAt(now: number): number | null {
        const w = this.window;
        if (w === null || this.sampleSeq !== null) return null;
        const measured = this.othersRateThisWindow() !== null || this.othersPreviousRate !== null;
        const paced = this.lastSampleAt + (measured ? SAMPLE_INTERVAL_MS : FIRST_SAMPLE_INTERVAL_MS);
        if (!this.bisecting(now)) return paced;
        if (this.plannedBisectAt === null) {
            const mid = (w.resetLo + w.resetHi) / 2;
            this.plannedBisectAt = mid - Math.floor((mid - now) / 1000) * 1000;
        }
        // Learning the neighbours' pace comes first while nothing is measured: it is what holds the room.
        return measured ? this.plannedBisectAt : Math.min(this.plannedBisectAt, paced);
    }

    /** Records that a request starts now. Call only when `allowance(now) > 0`. */
    dispatch(now: number): Ticket {
        const seq = ++this.lastSeq;
        const w = this.window;
        if (this.headerless) {
            if (!this.fallback || now >= this.fallback.start + this.windowMs) this.fallback = { start: now, count: 0 };
            this.fallback.count++;
        } else if (w === null || now >= w.resetHi) {
            this.probeSeq = seq;
            this.lastSampleAt = now;
        } else if (this.sampleDue(now)) {
            this.sampleSeq = seq;
            this.lastSampleAt = now;
            this.plannedBisectAt = null;
            if (Math.floor(this.room()) + 1 <= 0) w.samples++;
        }
        return { seq, sentAt: now };
    }

    /** Folds in a response. A 429 pauses everyone for its Retry-After. */
    observe(ticket: Ticket, now: number, response: ObservedResponse): void {
        if (this.probeSeq === ticket.seq) this.probeSeq = null;
        if (this.sampleSeq === ticket.seq) this.sampleSeq = null;
        if (response.policy) this.policy = { ...response.policy };
        const rl = response.rateLimit;
        if (response.status === 429) {
            this.pause(now, (response.retryAfterSeconds ?? 1) * 1000);
            // A 429 that still reports budget left (a throttle, not the quota's block) says true
            // things about the window; one that reports none describes the block, not a window.
            if (!rl || rl.remaining === 0) return;
        }
        if (!rl) {
            // No window known, or the known one certainly over when this request left (a proxy
            // stripping the headers after the first answer): count our own requests from here.
            // An answer without headers inside the known window changes nothing; our requests
            // are already counted against it.
            const w = this.window;
            if (!this.headerless && (w === null || ticket.sentAt >= w.resetHi)) {
                if (w !== null) this.othersPreviousRate = this.othersRateThisWindow() ?? this.othersPreviousRate;
                this.window = null;
                this.headerless = true;
                this.fallback = { start: ticket.sentAt, count: this.lastSeq - ticket.seq + 1 };
            }
            return;
        }
        this.headerless = false;
        // Parsing bounds t by the advertised window; bound it by the one in force as well.
        const resetSeconds = Math.min(rl.resetSeconds, this.policy.windowSeconds);
        // The server computed t = ceil((reset - its time) / 1 s) at some moment between sending and now.
        const lo = ticket.sentAt + (resetSeconds - 1) * 1000;
        const hi = now + resetSeconds * 1000;
        const w = this.window;
        if (w === null || lo >= w.resetHi) {
            if (w !== null) this.othersPreviousRate = this.othersRateThisWindow() ?? this.othersPreviousRate;
            this.window = {
                remaining: rl.remaining,
                observedSeq: ticket.seq,
                observedAt: now,
                firstSeq: ticket.seq,
                resetLo: lo,
                resetHi: hi,
                firstObservedAt: now,
                othersAtFirst: 0,
                remainingAtFirst: rl.remaining,
                samples: 0,
            };
            this.window.othersAtFirst = this.othersUsed();
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

    /** Pauses every request for `ms` from `now`: never longer than MAX_PAUSE_MS, whatever a Retry-After said. */
    pause(now: number, ms: number): void {
        const bounded = Number.isNaN(ms) ? MAX_PAUSE_MS : Math.min(Math.max(0, ms), MAX_PAUSE_MS);
        this.pausedUntil = Math.max(this.pausedUntil, now + bounded);
    }

    /**
     * The next moment the allowance can grow without a response arriving, if any: only moments
     * that can release a request, so that when nothing can go before the reset, the reset is what
     * this says. The limiter judges how long a read would wait from it.
     */
    nextChangeAt(now: number): number | null {
        if (this.pausedUntil > now) return this.pausedUntil;
        if (this.headerless) return this.fallback ? Math.max(now + 1, this.fallback.start + this.windowMs) : null;
        const w = this.window;
        if (w === null || w.resetHi <= now) return null; // a probe is due, or its answer is awaited
        const candidates: number[] = [w.resetHi];
        if (this.rawRoom() >= 1) {
            const room = this.room();
            const sampleAt = this.nextSampleAt(now);
            const sampleCanGo = room >= 1 || (this.othersRateThisWindow() === null ? w.samples < SAMPLES_PER_WINDOW : room > 0);
            if (sampleAt !== null && sampleCanGo) candidates.push(sampleAt);
            // Requests held back are released once there is no time left to bisect, and in the last stretch.
            if (room >= 1) {
                if (this.bisecting(now)) candidates.push((w.resetLo + w.resetHi) / 2 - 1000 + 1);
                if (w.resetHi - LAST_CALL_MS > now) candidates.push(w.resetHi - LAST_CALL_MS + 1);
            }
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
            remaining: w ? w.remaining - (this.lastSeq - w.observedSeq) : null,
            othersProjected: Math.round(this.projectedOthers() * 10) / 10,
            resetInMs: w ? Math.max(0, w.resetHi - now) : null,
            resetUncertaintyMs: w ? w.resetHi - w.resetLo : null,
            pausedForMs: this.pausedFor(now),
            quota: this.policy.quota,
            windowSeconds: this.policy.windowSeconds,
        };
    }
}
