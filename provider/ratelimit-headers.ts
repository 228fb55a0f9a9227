/**
 * Parses Cloudflare's rate-limit headers (draft-ietf-httpapi-ratelimit-headers style):
 *   Ratelimit:        "default";r=1197;t=283     remaining requests, seconds until the window resets
 *   Ratelimit-Policy: "burst";q=1200;w=300       quota per window, window length in seconds
 * Several comma-separated items may appear; the most restrictive one wins.
 *
 * The values decide how long reads wait, so they are bounded here, whatever the server (or a
 * proxy in front of it) says: a window lasts 1 s to an hour, a reset is never further away than
 * one window, and an item with a non-finite number, a negative one, or a quota below one request
 * counts as absent. Pacing then falls back to what it knows (the documented 1200 per 300 s).
 */
export interface RateLimitStatus {
    remaining: number;
    resetSeconds: number;
}

export interface RateLimitPolicy {
    quota: number;
    windowSeconds: number;
}

/** The window lengths we believe: Cloudflare's is 300 s; an hour is already far beyond any real one. */
export const WINDOW_SECONDS_RANGE: Readonly<{ min: number; max: number }> = Object.freeze({ min: 1, max: 3600 });

function clamp(value: number, min: number, max: number): number {
    return Math.min(max, Math.max(min, value));
}

/** Each item's parameters; null for an item with a value that is not a finite, non-negative number. */
function items(header: string | undefined): Array<Map<string, number> | null> {
    if (!header) return [];
    return header.split(",").map((item) => {
        const params = new Map<string, number>();
        for (const part of item.split(";").slice(1)) {
            const [key, raw] = part.split("=", 2).map((s) => s.trim());
            if (!key || raw === undefined) continue;
            const value = raw === "" ? Number.NaN : Number(raw);
            if (!Number.isFinite(value) || value < 0) return null;
            params.set(key, value);
        }
        return params;
    });
}

/**
 * `Ratelimit`: the item with the fewest requests remaining. `t` is clamped to [0, windowSeconds]
 * (the policy's window when known, else the longest window we believe), `r` to the quota when known.
 */
export function parseRateLimit(header: string | undefined, policy?: RateLimitPolicy | null): RateLimitStatus | null {
    const windowSeconds = policy ? policy.windowSeconds : WINDOW_SECONDS_RANGE.max;
    let best: RateLimitStatus | null = null;
    for (const params of items(header)) {
        const remaining = params?.get("r");
        const reset = params?.get("t");
        if (remaining === undefined || reset === undefined) continue;
        const status = {
            remaining: Math.floor(policy ? Math.min(remaining, policy.quota) : remaining),
            resetSeconds: clamp(reset, 0, windowSeconds),
        };
        if (best === null || status.remaining < best.remaining) best = status;
    }
    return best;
}

/** `Ratelimit-Policy`: the item with the lowest rate. `w` is clamped to [1, 3600] s; `q` below 1 makes the item absent. */
export function parseRateLimitPolicy(header: string | undefined): RateLimitPolicy | null {
    let best: RateLimitPolicy | null = null;
    for (const params of items(header)) {
        const quota = params?.get("q");
        const window = params?.get("w");
        if (quota === undefined || window === undefined || quota < 1) continue;
        const policy = { quota: Math.floor(quota), windowSeconds: clamp(window, WINDOW_SECONDS_RANGE.min, WINDOW_SECONDS_RANGE.max) };
        if (best === null || policy.quota / policy.windowSeconds < best.quota / best.windowSeconds) best = policy;
    }
    return best;
}

/** Both headers of one response, the reset bounded by the policy's window. */
export function parseRateLimitHeaders(
    ratelimit: string | undefined,
    policy: string | undefined,
): { rateLimit: RateLimitStatus | null; policy: RateLimitPolicy | null } {
    const parsedPolicy = parseRateLimitPolicy(policy);
    return { rateLimit: parseRateLimit(ratelimit, parsedPolicy), policy: parsedPolicy };
}
