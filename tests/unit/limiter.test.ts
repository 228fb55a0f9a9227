import { expect } from "chai";

import {
    ClientRequestRate,
    CLIENT_IP_RATE,
    LimiterPausedError,
    MAX_TIMER_MS,
    QueueWaitTooLongError,
    RequestLimiter,
    type ObservedResponse,
} from "../../provider/limiter";
import { DEFAULT_TUNING } from "../../provider/settings";
import { settle, VirtualTime } from "../support/pacing-simulation";

const blocked = { status: 429, rateLimit: { remaining: 0, resetSeconds: 3600 }, policy: null, retryAfterSeconds: 3600 };

describe("the shared limiter", () => {
    it("gives up at once on queued requests when a 429 pauses the token for longer than they may wait", async () => {
        const limiter = new RequestLimiter({ concurrency: 2 });
        let release!: () => void;
        const first = limiter.schedule(async (lease) => {
            await new Promise<void>((resolve) => (release = resolve));
            lease.observe(blocked);
        });
        // Queued behind the probe, willing to wait out a pause of a minute at most.
        const second = limiter.schedule(() => Promise.resolve("sent"), { maxPauseMs: 60_000 });
        const started = Date.now();
        await new Promise((resolve) => setImmediate(resolve));
        release();
        await first;
        try {
            await second;
            expect.fail("the queued request should give up");
        } catch (error) {
            expect(error).to.be.instanceOf(LimiterPausedError);
            expect((error as LimiterPausedError).pausedForMs).to.be.greaterThan(3_590_000);
        }
        expect(Date.now() - started).to.be.below(1000);
    });

    it("lets requests without a limit wait the pause out", async () => {
        const limiter = new RequestLimiter({ concurrency: 1 });
        await limiter.schedule((lease) => {
            lease.observe({ ...blocked, retryAfterSeconds: 1, rateLimit: { remaining: 0, resetSeconds: 1 } });
            return Promise.resolve();
        });
        const started = Date.now();
        expect(await limiter.schedule(() => Promise.resolve("sent"))).to.equal("sent");
        expect(Date.now() - started).to.be.within(900, 2500);
    });
});

/** Virtual time that also records every delay the limiter asks for. */
class RecordingTime extends VirtualTime {
    readonly delays: number[] = [];

    override setTimeout(callback: () => void, ms: number): unknown {
        this.delays.push(ms);
        return super.setTimeout(callback, ms);
    }
}

interface Read {
    /** When the request was sent (virtual ms), or the error it was refused with. */
    sentAt?: number;
    error?: Error;
    settledAt?: number;
}

/**
 * Schedules `count` reads on `limiter` (virtual time `time`), each answered after `latencyMs`
 * with `answer(index)`, and runs virtual time until all have settled.
 */
async function run(
    limiter: RequestLimiter,
    time: VirtualTime,
    count: number,
    answer: (index: number) => ObservedResponse,
    options: { latencyMs?: number; maxWaitMs?: number; maxPauseMs?: number; limitMs?: number } = {},
): Promise<Read[]> {
    const reads: Read[] = Array.from({ length: count }, () => ({}));
    let sent = 0;
    let settled = 0;
    for (const read of reads) {
        limiter
            .schedule(
                async (lease) => {
                    read.sentAt = time.now();
                    const index = sent++;
                    await time.sleep(options.latencyMs ?? 20);
                    lease.observe(answer(index));
                },
                { maxWaitMs: options.maxWaitMs, maxPauseMs: options.maxPauseMs },
            )
            .then(
                () => undefined,
                (error: Error) => (read.error = error),
            )
            .finally(() => {
                read.settledAt = time.now();
                settled++;
            });
    }
    await settle();
    while (settled < count && time.now() < (options.limitMs ?? 10 * 3_600_000) && time.step()) await settle();
    expect(settled, `reads settled by ${time.now()} ms`).to.equal(count);
    return reads;
}

const DOCUMENTED = { quota: 1200, windowSeconds: 300 };
const spent = (resetSeconds: number): ObservedResponse => ({
    status: 200,
    rateLimit: { remaining: 0, resetSeconds },
    policy: DOCUMENTED,
    retryAfterSeconds: null,
});

describe("the limiter bounds every wait for budget", () => {
    it("waits out a 30 s reset when one wait may last the default 330 s", async () => {
        const time = new VirtualTime();
        const limiter = new RequestLimiter({ concurrency: 2, timers: time });
        const reads = await run(limiter, time, 2, () => spent(30), { maxWaitMs: DEFAULT_TUNING.maxQueueWaitMs });
        expect(reads.map((r) => r.error)).to.deep.equal([undefined, undefined]);
        expect(reads[1].sentAt).to.be.within(30_000, 31_100);
    });

    it("refuses at once a read whose next wait for budget is longer than it may wait, saying how long", async () => {
        const time = new VirtualTime();
        const limiter = new RequestLimiter({ concurrency: 4, timers: time });
        const reads = await run(limiter, time, 4, () => spent(30), { maxWaitMs: 5_000 });
        expect(reads[0].error).to.equal(undefined);
        for (const read of reads.slice(1)) {
            expect(read.error).to.be.instanceOf(QueueWaitTooLongError);
            const error = read.error as QueueWaitTooLongError;
            expect(error.waitMs).to.be.within(29_000, 30_100);
            expect(error.maxWaitMs).to.equal(5_000);
            expect(read.sentAt).to.equal(undefined);
            expect(read.settledAt, "refused as soon as the budget was known to be spent").to.be.below(100);
        }
    });

    it("bounds each wait, not a read's time in the queue: a fleet larger than a window waits window after window", async () => {
        const time = new VirtualTime();
        const limiter = new RequestLimiter({ concurrency: 2, timers: time });
        // Every window allows one request (the probe): the third read waits two windows of 30 s.
        const reads = await run(limiter, time, 3, () => spent(30), { maxWaitMs: 35_000 });
        expect(reads.map((r) => r.error)).to.deep.equal([undefined, undefined, undefined]);
        expect(reads[2].sentAt).to.be.above(60_000);
    });

    it("with r=0;t=1e308 and the default setting, the next read goes after one window, and no timer exceeds 2^31-1 ms", async () => {
        const time = new RecordingTime();
        const limiter = new RequestLimiter({ concurrency: 2, timers: time });
        // As the client would pass it on if parsing did not clamp: the budget bounds it by the window.
        const reads = await run(limiter, time, 2, () => ({ ...spent(1e308), policy: null }), { maxWaitMs: DEFAULT_TUNING.maxQueueWaitMs });
        expect(reads.map((r) => r.error)).to.deep.equal([undefined, undefined]);
        expect(reads[1].sentAt).to.be.within(300_000, 301_100);
        expect(Math.max(...time.delays)).to.be.at.most(MAX_TIMER_MS);
    });

    it("never sets a timer beyond 2^31-1 ms, whatever Retry-After said, for reads that may wait forever", async () => {
        const time = new RecordingTime();
        const limiter = new RequestLimiter({ concurrency: 2, timers: time });
        const reads = await run(
            limiter,
            time,
            2,
            (index) =>
                index === 0 ? { status: 429, rateLimit: null, policy: null, retryAfterSeconds: Number.POSITIVE_INFINITY } : spent(1),
            {},
        );
        expect(reads[1].error).to.equal(undefined);
        // The pause is bounded to an hour: the second read went after it, not never.
        expect(reads[1].sentAt).to.be.within(3_600_000, 3_601_100);
        expect(Math.max(...time.delays)).to.be.at.most(MAX_TIMER_MS);
    });
});

describe("the limiter after the first answer", () => {
    /** The probe's answer: a neighbour spent 100 of this 300 s window just before we arrived. */
    const afterBurst = (): ObservedResponse => ({
        status: 200,
        rateLimit: { remaining: 1099, resetSeconds: 299 },
        policy: DOCUMENTED,
        retryAfterSeconds: null,
    });

    it("sends an announced small fleet at full concurrency right after the probe, without measuring a neighbour's burst first", async () => {
        const time = new VirtualTime();
        const limiter = new RequestLimiter({ concurrency: 8, timers: time });
        const done = limiter.announce(20);
        const reads = await run(limiter, time, 20, afterBurst, { latencyMs: 100 });
        done();
        const last = Math.max(...reads.map((r) => r.settledAt ?? 0));
        // The probe, then ceil(19 / 8) = 3 round trips of 100 ms.
        expect(last).to.be.below(100 * (1 + 3) + 30);
        expect(limiter.stats.maxInFlight).to.equal(8);
    });

    it("without the announcement, holds the same fleet back until the burst is measured", async () => {
        const time = new VirtualTime();
        const limiter = new RequestLimiter({ concurrency: 8, timers: time });
        const reads = await run(limiter, time, 20, afterBurst, { latencyMs: 100 });
        expect(Math.max(...reads.map((r) => r.settledAt ?? 0))).to.be.above(100 * (1 + 3) + 30);
    });
});

describe("the per-client-IP rate", () => {
    const plenty = (): ObservedResponse => ({
        status: 200,
        rateLimit: null,
        policy: { quota: 1_000_000, windowSeconds: 300 },
        retryAfterSeconds: null,
    });

    /** The most request starts in any window of `spanMs`. */
    function busiest(starts: number[], spanMs: number): number {
        const sorted = [...starts].sort((a, b) => a - b);
        let most = 0;
        for (let i = 0, j = 0; i < sorted.length; i++) {
            while (sorted[i] - sorted[j] >= spanMs) j++;
            most = Math.max(most, i - j + 1);
        }
        return most;
    }

    it("keeps one limiter under Cloudflare's 200 requests per second per IP, with a margin", async () => {
        const time = new VirtualTime();
        const limiter = new RequestLimiter({ concurrency: 64, timers: time });
        const reads = await run(limiter, time, 1000, plenty, { latencyMs: 5 });
        const starts = reads.map((r) => r.sentAt ?? Number.NaN);
        expect(busiest(starts, 1000)).to.be.at.most(CLIENT_IP_RATE.requests);
        expect(CLIENT_IP_RATE.requests).to.be.below(200);
        // ...and uses that rate, not less: 1000 reads at 180 per second take about 5.5 s.
        expect(Math.max(...starts)).to.be.within(5_000, 6_000);
    });

    it("shares one window between the limiters of different tokens in the process", async () => {
        const time = new VirtualTime();
        const window = new ClientRequestRate();
        const a = new RequestLimiter({ concurrency: 64, timers: time, clientRate: window });
        const b = new RequestLimiter({ concurrency: 64, timers: time, clientRate: window });
        const [readsA, readsB] = await Promise.all([
            run(a, time, 300, plenty, { latencyMs: 5 }),
            run(b, time, 300, plenty, { latencyMs: 5 }),
        ]);
        const starts = [...readsA, ...readsB].map((r) => r.sentAt ?? Number.NaN);
        expect(busiest(starts, 1000)).to.be.at.most(CLIENT_IP_RATE.requests);
    });

    it("does not slow a fleet that stays under the rate", async () => {
        const time = new VirtualTime();
        const limiter = new RequestLimiter({ concurrency: 8, timers: time });
        // 8 in flight at 100 ms: 80 per second, well under the cap, so 100 reads take the probe and 13 round trips.
        const reads = await run(limiter, time, 100, plenty, { latencyMs: 100 });
        expect(Math.max(...reads.map((r) => r.settledAt ?? 0))).to.be.below(100 * (1 + 13) + 60);
    });
});
