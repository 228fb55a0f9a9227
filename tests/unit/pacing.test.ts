import { expect } from "chai";

import { RequestBudget } from "../../provider/pacing";
import { parseRateLimit, parseRateLimitPolicy } from "../../provider/ratelimit-headers";

describe("rate-limit headers", () => {
    it("reads remaining and reset from Ratelimit", () => {
        expect(parseRateLimit('"default";r=1197;t=283')).to.deep.equal({ remaining: 1197, resetSeconds: 283 });
    });

    it("reads quota and window from Ratelimit-Policy", () => {
        expect(parseRateLimitPolicy('"burst";q=1200;w=300')).to.deep.equal({ quota: 1200, windowSeconds: 300 });
    });

    it("takes the most restrictive of several items", () => {
        expect(parseRateLimit('"a";r=50;t=10, "b";r=5;t=200')).to.deep.equal({ remaining: 5, resetSeconds: 200 });
        expect(parseRateLimitPolicy('"a";q=100;w=10, "b";q=1200;w=300')).to.deep.equal({ quota: 1200, windowSeconds: 300 });
    });

    it("ignores absent or malformed headers", () => {
        expect(parseRateLimit(undefined)).to.equal(null);
        expect(parseRateLimit('"default";r=abc;t=1')).to.equal(null);
        expect(parseRateLimitPolicy('"x";q=10;w=0')).to.equal(null);
    });
});

describe("request budget", () => {
    const policy = { quota: 200, windowSeconds: 5 };
    const ok = (remaining: number, resetSeconds: number) => ({ status: 200, rateLimit: { remaining, resetSeconds }, policy, retryAfterSeconds: null });

    it("sends one probe alone before it has heard from the server", () => {
        const budget = new RequestBudget();
        expect(budget.allowance(0)).to.equal(1);
        budget.dispatch(0);
        expect(budget.allowance(1)).to.equal(0);
    });

    it("opens up to the advertised remaining budget minus a margin after the probe", () => {
        const budget = new RequestBudget();
        const probe = budget.dispatch(0);
        budget.observe(probe, 20, ok(199, 5));
        // 199 remaining, 2 (1%) kept back.
        expect(budget.allowance(20)).to.equal(197);
    });

    it("counts its own requests sent after the observed one", () => {
        const budget = new RequestBudget();
        budget.observe(budget.dispatch(0), 20, ok(199, 5));
        for (let i = 0; i < 10; i++) budget.dispatch(21);
        expect(budget.allowance(22)).to.equal(187);
    });

    it("stops when the window's budget is spent and probes again once it has certainly reset", () => {
        const budget = new RequestBudget();
        budget.observe(budget.dispatch(0), 20, ok(2, 5));
        expect(budget.allowance(30)).to.equal(0);
        expect(budget.nextChangeAt(30)).to.equal(5020);
        expect(budget.allowance(5020)).to.equal(1);
        const probe = budget.dispatch(5020);
        expect(budget.allowance(5021)).to.equal(0);
        budget.observe(probe, 5040, ok(199, 5));
        expect(budget.allowance(5040)).to.equal(197);
    });

    it("narrows the reset time as whole-second answers arrive", () => {
        const budget = new RequestBudget();
        budget.observe(budget.dispatch(0), 20, ok(150, 5)); // reset in (4000, 5020]
        budget.observe(budget.dispatch(900), 920, ok(149, 4)); // reset in (3900, 4920]
        expect(budget.snapshot(1000).resetInMs).to.equal(3920);
    });

    it("leaves room for what other clients have been spending", () => {
        const budget = new RequestBudget(policy);
        budget.observe(budget.dispatch(0), 20, ok(199, 5));
        // Two seconds later the server says 150 left although we sent only one more: others used 48.
        const ticket = budget.dispatch(2000);
        budget.observe(ticket, 2020, ok(150, 3));
        // Others spend ~24/s; ~3 s remain, so about 72 are kept for them (plus the margin).
        const allowance = budget.allowance(2020);
        expect(allowance).to.be.within(70, 80);
    });

    it("pauses everyone after a 429 for the Retry-After period", () => {
        const budget = new RequestBudget();
        const t = budget.dispatch(0);
        budget.observe(t, 10, { status: 429, rateLimit: { remaining: 0, resetSeconds: 300 }, policy: null, retryAfterSeconds: 3 });
        expect(budget.allowance(2000)).to.equal(0);
        expect(budget.nextChangeAt(2000)).to.equal(3010);
    });

    it("falls back to the documented 1200 per 300 s when the server sends no headers", () => {
        const budget = new RequestBudget();
        budget.observe(budget.dispatch(0), 10, { status: 200, rateLimit: null, policy: null, retryAfterSeconds: null });
        expect(budget.allowance(10)).to.equal(1200 - 12 - 1);
        for (let i = 0; i < 1187; i++) budget.dispatch(20);
        expect(budget.allowance(30)).to.equal(0);
        expect(budget.allowance(300_001)).to.equal(1188);
    });

    it("frees the probe slot when the probe fails without an answer", () => {
        const budget = new RequestBudget();
        const probe = budget.dispatch(0);
        budget.abandon(probe);
        expect(budget.allowance(1)).to.equal(1);
    });

    it("ignores a late answer from a window that is already over", () => {
        const budget = new RequestBudget();
        const old = budget.dispatch(0);
        budget.observe(budget.dispatch(6000), 6020, ok(199, 5));
        budget.observe(old, 6030, ok(3, 1));
        expect(budget.allowance(6030)).to.equal(197);
    });
});
