/**
 * The real limiter and budget on a virtual clock, against a model of Cloudflare's fixed-window
 * limit and a neighbour spending the same token: minutes of pacing checked in milliseconds.
 */
import { expect } from "chai";

import { simulatePacing, simulateSecondBatch, type SimulationOptions } from "../support/pacing-simulation";

const BENCH: SimulationOptions = {
    requests: 1000,
    concurrency: 8,
    latencyMs: 20,
    quota: 200,
    windowMs: 5000,
    penaltyMs: 5000,
    otherClientPerSecond: 10,
};

describe("pacing, simulated against a fixed-window limit", function () {
    this.timeout(30_000);

    for (const feeding of ["pool", "queue"] as const) {
        it(`reads 1000 hostnames beside a steady neighbour with no 429 for anyone, within 1.1x of the bound (${feeding})`, async () => {
            const result = await simulatePacing({ ...BENCH, feeding });
            expect(result.ours429).to.equal(0);
            expect(result.others429).to.equal(0);
            expect(result.maxCountedPerWindow).to.be.at.most(200);
            expect(result.wallMs / result.boundMs).to.be.at.most(1.1);
        });
    }

    it("never blocks a neighbour that was already taking three quarters of the budget, and still uses its own share", async () => {
        // A neighbour that starts in the very same instant with that share cannot be seen coming:
        // the quarter held back until measured covers a smaller one (the bench's 25 %, above).
        const result = await simulatePacing({ ...BENCH, otherClientPerSecond: 30, ourStartMs: 6500, feeding: "pool" });
        expect(result.ours429 + result.others429).to.equal(0);
        expect(result.wallMs / result.boundMs).to.be.at.most(1.25);
    });

    it("uses every window up to the margin when nobody else is spending", async () => {
        const result = await simulatePacing({ ...BENCH, otherClientPerSecond: 0, feeding: "pool" });
        expect(result.ours429).to.equal(0);
        const full = result.windows.slice(0, -1);
        expect(full.every((w) => w.ours >= 196 && w.ours <= 200)).to.equal(true);
    });

    it("survives a neighbour that appears mid-window with at most one block, and none after it", async () => {
        const result = await simulatePacing({ ...BENCH, otherClientStartMs: 1300, feeding: "pool" });
        // The first window was spent before the neighbour existed; what is left is its penalty.
        expect(result.others429).to.be.at.most(BENCH.penaltyMs / 100);
        expect(result.ours429).to.be.at.most(3);
        const afterBlock = result.windows.slice(2);
        expect(afterBlock.every((w) => w.ours + w.others <= 200)).to.equal(true);
        expect(result.wallMs / result.boundMs).to.be.at.most(1.2);
    });

    it("scales linearly: 5000 reads take no more than 1.1x the bound", async () => {
        const result = await simulatePacing({ ...BENCH, requests: 5000, feeding: "queue" });
        expect(result.ours429 + result.others429).to.equal(0);
        expect(result.wallMs / result.boundMs).to.be.at.most(1.1);
    });

    it("finishes a small fleet in one burst", async () => {
        const result = await simulatePacing({ ...BENCH, requests: 100, feeding: "pool" });
        expect(result.windows).to.have.length(1);
        expect(result.wallMs).to.be.below(1000);
    });

    it("sends an announced small fleet beside a steady neighbour at full concurrency, with no 429 for anyone", async () => {
        // 40 reads fit in a quarter of the ~197 left after the probe: no measuring first.
        const result = await simulatePacing({ ...BENCH, requests: 40, feeding: "pool", announce: true });
        expect(result.ours429 + result.others429).to.equal(0);
        expect(result.maxInFlight).to.equal(BENCH.concurrency);
        // The probe, then ceil(39 / 8) round trips, and a few ms of timer lateness.
        expect(result.wallMs).to.be.below(BENCH.latencyMs * (1 + Math.ceil(39 / 8)) + 30);
    });

    for (const otherClientPerSecond of [10, 30]) {
        it(`announcing a fleet larger than a quarter of the budget changes nothing: no 429 beside a neighbour at ${otherClientPerSecond}/s`, async () => {
            const result = await simulatePacing({ ...BENCH, otherClientPerSecond, ourStartMs: 6500, feeding: "pool", announce: true });
            expect(result.ours429 + result.others429).to.equal(0);
            expect(result.wallMs / result.boundMs).to.be.at.most(1.25);
        });
    }

    it("returns to full concurrency once the known window has ended, when answers stop carrying Ratelimit (a proxy strips them)", async () => {
        // Issue 11, item 7: one read with headers, then 80 after the window without them. Before
        // the fix every later read was a probe of its own: one in flight, 80 × 52 ms = 4.2 s.
        const result = await simulateSecondBatch({
            ...BENCH,
            quota: 1200,
            windowMs: 300_000,
            latencyMs: 52,
            otherClientPerSecond: 0,
            headersOnFirst: 1,
            first: 1,
            gapMs: 301_000,
            requests: 80,
        });
        expect(result.secondMaxInFlight).to.equal(8);
        expect(result.secondWallMs).to.be.below(1000);
        expect(result.ours429).to.equal(0);
    });
});
