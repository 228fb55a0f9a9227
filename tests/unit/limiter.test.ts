import { expect } from "chai";

import { LimiterPausedError, RequestLimiter } from "../../provider/limiter";

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
        const second = limiter.schedule(async () => "sent", { maxPauseMs: 60_000 });
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
        await limiter.schedule(async (lease) =>
            lease.observe({ ...blocked, retryAfterSeconds: 1, rateLimit: { remaining: 0, resetSeconds: 1 } }),
        );
        const started = Date.now();
        expect(await limiter.schedule(async () => "sent")).to.equal("sent");
        expect(Date.now() - started).to.be.within(900, 2500);
    });
});
