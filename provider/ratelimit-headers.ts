/**
 * Parses Cloudflare's rate-limit headers (draft-ietf-httpapi-ratelimit-headers style):
 *   Ratelimit:        "default";r=1197;t=283     remaining requests, seconds until the window resets
 *   Ratelimit-Policy: "burst";q=1200;w=300       quota per window, window length in seconds
 * Several comma-separated items may appear; the most restrictive one wins.
 */
export interface RateLimitStatus {
    remaining: number;
    resetSeconds: number;
}

export interface RateLimitPolicy {
    quota: number;
    windowSeconds: number;
}

function items(header: string | undefined): Array<Map<string, number>> {
    if (!header) return [];
    return header.split(",").map((item) => {
        const params = new Map<string, number>();
        for (const part of item.split(";").slice(1)) {
            const [key, raw] = part.split("=", 2).map((s) => s.trim());
            const value = Number(raw);
            if (key && raw !== undefined && Number.isFinite(value) && value >= 0) params.set(key, value);
        }
        return params;
    });
}

export function parseRateLimit(header: string | undefined): RateLimitStatus | null {
    let best: RateLimitStatus | null = null;
    for (const params of items(header)) {
        const remaining = params.get("r");
        const resetSeconds = params.get("t");
        if (remaining === undefined || resetSeconds === undefined) continue;
        if (best === null || remaining < best.remaining) best = { remaining, resetSeconds };
    }
    return best;
}

export function parseRateLimitPolicy(header: string | undefined): RateLimitPolicy | null {
    let best: RateLimitPolicy | null = null;
    for (const params of items(header)) {
        const quota = params.get("q");
        const windowSeconds = params.get("w");
        if (quota === undefined || windowSeconds === undefined || windowSeconds === 0) continue;
        if (best === null || quota / windowSeconds < best.quota / best.windowSeconds) best = { quota, windowSeconds };
    }
    return best;
}
