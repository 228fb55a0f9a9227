// Cloudflare's two API limits, pure apart from the injected clock:
// - per user (1200 requests per 300 s, "cumulative regardless of whether the request is made via
//   the dashboard, API key, or API token", https://developers.cloudflare.com/fundamentals/api/reference/limits/):
//   a fixed window per budget that opens at its first counted request, and a penalty block once
//   the quota is exceeded ("all API calls for the next five minutes will be blocked");
// - per client IP (200 requests per second, same page): a sliding one-second window.

import type { RateLimitState } from "./types";

export interface RateLimitPolicy {
    quota: number;
    windowSeconds: number;
    penaltySeconds: number;
}

export const DEFAULT_RATE_LIMIT: RateLimitPolicy = { quota: 1200, windowSeconds: 300, penaltySeconds: 300 };

export type RateLimitDecision =
    | { allowed: true; remaining: number; resetSeconds: number }
    | {
          allowed: false;
          /** "over-quota": this request tripped the block; "blocked": a block was already running. */
          reason: "over-quota" | "blocked";
          remaining: 0;
          resetSeconds: number;
          retryAfterSeconds: number;
      };

interface Bucket {
    windowStart: number | null;
    used: number;
    blockedUntil: number | null;
}

export class RateLimiter {
    private readonly buckets = new Map<string, Bucket>();

    constructor(
        readonly policy: RateLimitPolicy,
        private readonly now: () => number,
    ) {}

    /** Counts one request against `budget` (unless it is blocked) and says whether it may proceed. */
    hit(budget: string): RateLimitDecision {
        const t = this.now();
        const bucket = this.settle(budget, t);
        if (bucket.blockedUntil !== null) {
            // Requests during a block are answered but not counted.
            const seconds = ceilSeconds(bucket.blockedUntil - t);
            return { allowed: false, reason: "blocked", remaining: 0, resetSeconds: seconds, retryAfterSeconds: seconds };
        }
        if (bucket.windowStart === null) {
            bucket.windowStart = t;
            bucket.used = 0;
        }
        bucket.used += 1;
        if (bucket.used > this.policy.quota) {
            bucket.blockedUntil = t + this.policy.penaltySeconds * 1000;
            const seconds = Math.ceil(this.policy.penaltySeconds);
            return { allowed: false, reason: "over-quota", remaining: 0, resetSeconds: seconds, retryAfterSeconds: seconds };
        }
        return {
            allowed: true,
            remaining: this.policy.quota - bucket.used,
            resetSeconds: ceilSeconds(bucket.windowStart + this.policy.windowSeconds * 1000 - t),
        };
    }

    /** Headers values for a request that is not counted (unknown credential or none). */
    untracked(): { remaining: number; resetSeconds: number } {
        return { remaining: this.policy.quota, resetSeconds: Math.ceil(this.policy.windowSeconds) };
    }

    /** The state of `budget`, reported for the credential labelled `credential`. */
    state(budget: string, credential: string = budget): RateLimitState {
        const t = this.now();
        const bucket = this.settle(budget, t);
        const blocked = bucket.blockedUntil !== null;
        return {
            credential,
            budget,
            quota: this.policy.quota,
            windowSeconds: this.policy.windowSeconds,
            penaltySeconds: this.policy.penaltySeconds,
            used: bucket.used,
            remaining: blocked ? 0 : Math.max(0, this.policy.quota - bucket.used),
            resetAt: bucket.windowStart === null ? null : bucket.windowStart + this.policy.windowSeconds * 1000,
            blockedUntil: bucket.blockedUntil,
        };
    }

    reset(): void {
        this.buckets.clear();
    }

    /**
     * Expires a finished block or window before looking at the bucket. A block
     * ends with a clean slate: the next request opens a fresh window, so a
     * penalty shorter than the window cannot chain into another block.
     */
    private settle(budget: string, t: number): Bucket {
        let bucket = this.buckets.get(budget);
        if (bucket === undefined) {
            bucket = { windowStart: null, used: 0, blockedUntil: null };
            this.buckets.set(budget, bucket);
        }
        if (bucket.blockedUntil !== null && t >= bucket.blockedUntil) {
            bucket.blockedUntil = null;
            bucket.windowStart = null;
            bucket.used = 0;
        }
        if (bucket.blockedUntil === null && bucket.windowStart !== null && t >= bucket.windowStart + this.policy.windowSeconds * 1000) {
            bucket.windowStart = null;
            bucket.used = 0;
        }
        return bucket;
    }
}

export const DEFAULT_CLIENT_IP_LIMIT = 200;

export type ClientIpDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/**
 * At most `requestsPerSecond` requests from one client address in any one-second span. Refused
 * requests are not counted, and nothing is blocked beyond the span: Cloudflare documents the
 * limit but not how it is enforced, so this is the mildest reading (see the README's errata).
 */
export class ClientIpLimiter {
    /** The times of the last `requestsPerSecond` admitted requests per address, oldest first. */
    private readonly recent = new Map<string, number[]>();

    constructor(
        readonly requestsPerSecond: number,
        private readonly now: () => number,
    ) {}

    hit(address: string): ClientIpDecision {
        const t = this.now();
        let times = this.recent.get(address);
        if (times === undefined) {
            times = [];
            this.recent.set(address, times);
        }
        if (times.length >= this.requestsPerSecond) {
            const oldest = times[0];
            if (t - oldest < 1000) return { allowed: false, retryAfterSeconds: ceilSeconds(oldest + 1000 - t) };
            times.shift();
        }
        times.push(t);
        return { allowed: true };
    }

    reset(): void {
        this.recent.clear();
    }
}

function ceilSeconds(ms: number): number {
    return Math.max(0, Math.ceil(ms / 1000));
}

/** `Ratelimit` / `Ratelimit-Policy` header values, as Cloudflare formats them. */
export function rateLimitHeaders(policy: RateLimitPolicy, remaining: number, resetSeconds: number): Record<string, string> {
    return {
        Ratelimit: `"default";r=${remaining};t=${resetSeconds}`,
        "Ratelimit-Policy": `"burst";q=${policy.quota};w=${policy.windowSeconds}`,
    };
}
