/**
 * Runs the real RequestLimiter on a virtual clock against a model of Cloudflare's rate limit,
 * so pacing can be checked over many windows in milliseconds instead of minutes.
 *
 * The server model is the emulator's: a fixed window per token that starts at the first request
 * after the previous one ended; `Ratelimit: r=<remaining>;t=<ceil seconds to reset>` on every
 * answer; going over blocks the token for the penalty (429 with Retry-After, not counted).
 * Another client spends the same token's budget at a steady rate.
 */
import { RequestLimiter, type LimiterTimers } from "../../provider/limiter";

export interface SimulationOptions {
    requests: number;
    concurrency: number;
    latencyMs: number;
    quota: number;
    windowMs: number;
    penaltyMs: number;
    /** Requests per second that another tool spends from the same budget (0 for none). */
    otherClientPerSecond: number;
    /** When the other client starts. */
    otherClientStartMs?: number;
    /** When we start; later than the other client means it was already running. */
    ourStartMs?: number;
    /** Give up (a pacing bug) after this much virtual time. */
    limitMs?: number;
    /**
     * "queue": every read is scheduled at once, as the provider host sees a fleet's creates.
     * "pool": `concurrency` workers take targets one by one, as the CLI does.
     */
    feeding?: "queue" | "pool";
    /** The pool announces how many reads are coming, as the CLI does (`RequestLimiter.announce`). */
    announce?: boolean;
    /** Answers after this many carry no rate-limit headers, as behind a proxy that strips them. */
    headersOnFirst?: number;
    /** Called after every answer, for debugging a scenario. */
    trace?: (now: number, event: string, snapshot: ReturnType<RequestLimiter["snapshot"]>) => void;
}

export interface SimulationResult {
    wallMs: number;
    ours429: number;
    others429: number;
    /** Our requests, including retries after a 429. */
    ourRequests: number;
    /** The most requests (ours and others') any window counted. */
    maxCountedPerWindow: number;
    /** The fixed-window lower bound for our requests, given the other client's share. */
    boundMs: number;
    windows: Array<{ start: number; ours: number; others: number }>;
    /** The most requests the limiter had in flight at once. */
    maxInFlight?: number;
}

/**
 * A virtual clock. Timers fire up to 4 ms late, as real ones do on a busy machine: pacing that
 * only works when a timer fires at exactly the planned millisecond is a bug.
 */
export class VirtualTime implements LimiterTimers {
    private clock = 0;
    private nextId = 0;
    private seed = 12345;
    private readonly queue = new Map<number, { at: number; callback: () => void }>();

    now(): number {
        return this.clock;
    }

    setTimeout(callback: () => void, ms: number): unknown {
        const id = ++this.nextId;
        this.queue.set(id, { at: this.clock + Math.max(0, ms) + this.lateness(), callback });
        return id;
    }

    /** Deterministic, so a failing run can be replayed. */
    private lateness(): number {
        this.seed = (this.seed * 1103515245 + 12345) % 2147483648;
        return this.seed % 5;
    }

    clearTimeout(handle: unknown): void {
        this.queue.delete(handle as number);
    }

    sleep(ms: number): Promise<void> {
        return new Promise((resolve) => this.setTimeout(resolve, ms));
    }

    /** Runs the earliest timer; false when none is left. */
    step(): boolean {
        let first: [number, { at: number; callback: () => void }] | undefined;
        for (const entry of this.queue)
            if (!first || entry[1].at < first[1].at || (entry[1].at === first[1].at && entry[0] < first[0])) first = entry;
        if (!first) return false;
        this.queue.delete(first[0]);
        this.clock = Math.max(this.clock, first[1].at);
        first[1].callback();
        return true;
    }
}

class FixedWindowServer {
    private windowEnd = 0;
    private count = 0;
    private blockedUntil = 0;
    maxCounted = 0;
    /** Per window: when it started and how many requests each client had counted. */
    readonly windows: Array<{ start: number; ours: number; others: number }> = [];

    constructor(private readonly options: SimulationOptions) {}

    /** One request arriving at `now`; the answer the server would give. */
    arrive(now: number, ours: boolean): { status: number; remaining: number; resetSeconds: number; retryAfterSeconds: number | null } {
        if (now < this.blockedUntil) {
            return {
                status: 429,
                remaining: 0,
                resetSeconds: Math.ceil((this.blockedUntil - now) / 1000),
                retryAfterSeconds: Math.ceil((this.blockedUntil - now) / 1000),
            };
        }
        if (now >= this.windowEnd) {
            this.windowEnd = now + this.options.windowMs;
            this.count = 0;
            this.windows.push({ start: now, ours: 0, others: 0 });
        }
        this.count++;
        const current = this.windows[this.windows.length - 1];
        if (ours) current.ours++;
        else current.others++;
        this.maxCounted = Math.max(this.maxCounted, this.count);
        const resetSeconds = Math.ceil((this.windowEnd - now) / 1000);
        if (this.count > this.options.quota) {
            this.blockedUntil = now + this.options.penaltyMs;
            this.windowEnd = 0;
            return { status: 429, remaining: 0, resetSeconds, retryAfterSeconds: Math.ceil(this.options.penaltyMs / 1000) };
        }
        return { status: 200, remaining: this.options.quota - this.count, resetSeconds, retryAfterSeconds: null };
    }
}

/** Our share of each window is what the other client leaves; the last window needs only latency. */
export function fixedWindowBound(options: SimulationOptions): number {
    const othersPerWindow = (options.otherClientPerSecond * options.windowMs) / 1000;
    const ours = Math.max(1, options.quota - othersPerWindow);
    const fullWindows = Math.ceil(options.requests / ours) - 1;
    const tail = options.requests - fullWindows * ours;
    return fullWindows * options.windowMs + Math.ceil(tail / options.concurrency) * options.latencyMs;
}

export async function settle(): Promise<void> {
    // Let promise chains (the limiter's bulkhead, our tasks) run before virtual time moves on.
    for (let i = 0; i < 5; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}

export async function simulatePacing(options: SimulationOptions): Promise<SimulationResult> {
    const time = new VirtualTime();
    const server = new FixedWindowServer(options);
    const limiter = new RequestLimiter({ concurrency: options.concurrency, timers: time });
    const result: SimulationResult = {
        wallMs: 0,
        ours429: 0,
        others429: 0,
        ourRequests: 0,
        maxCountedPerWindow: 0,
        boundMs: fixedWindowBound(options),
        windows: [],
    };
    const limit = options.limitMs ?? 3_600_000;

    let done = 0;
    let answers = 0;
    const readOnce = (): Promise<void> =>
        limiter.schedule(async (lease) => {
            result.ourRequests++;
            const answer = server.arrive(time.now(), true);
            await time.sleep(options.latencyMs);
            const headers = options.headersOnFirst === undefined || answers++ < options.headersOnFirst;
            lease.observe({
                status: answer.status,
                rateLimit: headers ? { remaining: answer.remaining, resetSeconds: answer.resetSeconds } : null,
                policy: headers ? { quota: options.quota, windowSeconds: options.windowMs / 1000 } : null,
                retryAfterSeconds: answer.retryAfterSeconds,
            });
            options.trace?.(time.now(), `ours ${answer.status} r=${answer.remaining} t=${answer.resetSeconds}`, limiter.snapshot());
            if (answer.status === 429) {
                result.ours429++;
                throw new Error("429");
            }
        });
    const read = async (): Promise<void> => {
        for (;;) {
            try {
                await readOnce();
                done++;
                return;
            } catch {
                // The limiter pauses everyone for Retry-After; the retry queues behind that.
            }
        }
    };

    if (options.otherClientPerSecond > 0) {
        const every = 1000 / options.otherClientPerSecond;
        const drip = (): void => {
            if (done >= options.requests) return;
            if (server.arrive(time.now(), false).status === 429) result.others429++;
            time.setTimeout(drip, every);
        };
        time.setTimeout(drip, Math.max(0, options.otherClientStartMs ?? 0));
    }

    let next = 0;
    const worker = async (): Promise<void> => {
        while (next < options.requests) {
            next++;
            await read();
        }
    };
    let all: Promise<unknown> = Promise.resolve();
    const ourStart = options.ourStartMs ?? 0;
    const begin = (): void => {
        const announced = options.announce ? limiter.announce(options.requests) : () => undefined;
        all = (
            options.feeding === "pool"
                ? Promise.all(Array.from({ length: options.concurrency }, worker))
                : Promise.all(Array.from({ length: options.requests }, read))
        ).finally(announced);
    };
    if (ourStart > 0) time.setTimeout(begin, ourStart);
    else begin();
    await settle();
    while (done < options.requests && time.now() < limit && time.step()) await settle();
    if (done < options.requests) throw new Error(`simulation stalled at ${time.now()} ms with ${done}/${options.requests} done`);
    await all;
    result.wallMs = time.now() - ourStart;
    result.maxCountedPerWindow = server.maxCounted;
    result.windows = server.windows;
    result.maxInFlight = limiter.stats.maxInFlight;
    return result;
}

/**
 * Two batches on one limiter: `first` reads, then, once `gapMs` has passed, `second` reads, each
 * all scheduled at once. For pacing across windows (after a proxy starts stripping headers, say).
 * Returns the second batch's wall time and the most reads it had in flight.
 */
export async function simulateSecondBatch(
    options: SimulationOptions & { first: number; gapMs: number },
): Promise<{ secondWallMs: number; secondMaxInFlight: number; ours429: number }> {
    const time = new VirtualTime();
    const server = new FixedWindowServer(options);
    const limiter = new RequestLimiter({ concurrency: options.concurrency, timers: time });
    let answers = 0;
    let inFlight = 0;
    let maxInFlight = 0;
    let ours429 = 0;
    const read = (): Promise<void> =>
        limiter.schedule(async (lease) => {
            inFlight++;
            maxInFlight = Math.max(maxInFlight, inFlight);
            const answer = server.arrive(time.now(), true);
            await time.sleep(options.latencyMs);
            inFlight--;
            const headers = options.headersOnFirst === undefined || answers++ < options.headersOnFirst;
            if (answer.status === 429) ours429++;
            lease.observe({
                status: answer.status,
                rateLimit: headers ? { remaining: answer.remaining, resetSeconds: answer.resetSeconds } : null,
                policy: headers ? { quota: options.quota, windowSeconds: options.windowMs / 1000 } : null,
                retryAfterSeconds: answer.retryAfterSeconds,
            });
        });
    const runBatch = async (count: number): Promise<void> => {
        let done = 0;
        const batch = Promise.all(Array.from({ length: count }, read)).then(() => (done = count));
        await settle();
        while (done < count && time.now() < (options.limitMs ?? 3_600_000) && time.step()) await settle();
        if (done < count) throw new Error(`simulation stalled at ${time.now()} ms`);
        await batch;
    };
    await runBatch(options.first);
    const secondStart = time.now() + options.gapMs;
    time.setTimeout(() => undefined, options.gapMs);
    while (time.now() < secondStart && time.step()) await settle();
    maxInFlight = 0;
    const started = time.now();
    await runBatch(options.requests);
    return { secondWallMs: time.now() - started, secondMaxInFlight: maxInFlight, ours429 };
}
