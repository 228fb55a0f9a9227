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
    const answer = (remaining: number, resetSeconds: number, status = 200) => ({ status, rateLimit: { remaining, resetSeconds }, policy, retryAfterSeconds: null });

    /** A budget that has probed at 0 ms and heard back at 20 ms that the window resets in 5 s. */
    function probed(remaining = 199): RequestBudget {
        const budget = new RequestBudget(policy);
        budget.observe(budget.dispatch(0), 20, answer(remaining, 5));
        return budget;
    }

    /** Sends one request at `at` and hears back 20 ms later. */
    function roundTrip(budget: RequestBudget, at: number, remaining: number, resetSeconds: number): void {
        budget.observe(budget.dispatch(at), at + 20, answer(remaining, resetSeconds));
    }

    it("sends one probe alone before it has heard from the server", () => {
        const budget = new RequestBudget();
        expect(budget.allowance(0)).to.equal(1);
        budget.dispatch(0);
        expect(budget.allowance(1)).to.equal(0);
    });

    it("right after the probe, keeps room for a neighbour it may not have seen yet", () => {
        const budget = probed();
        // One unseen request per the ~100 ms observed projects ~50 over the window; 2 (1%) is the margin.
        expect(budget.allowance(20)).to.be.within(140, 150);
    });

    it("once a second of the window shows no neighbour, opens up to everything but the margin", () => {
        const budget = probed();
        roundTrip(budget, 1100, 198, 4);
        expect(budget.allowance(1120, 196)).to.equal(196);
    });

    it("counts its own requests sent after the observed one", () => {
        const budget = probed();
        roundTrip(budget, 1100, 198, 4);
        for (let i = 0; i < 10; i++) budget.dispatch(1121);
        expect(budget.allowance(1122, 186)).to.equal(186);
    });

    it("releases everything that is waiting when all of it fits, and otherwise holds a few back", () => {
        const budget = probed();
        roundTrip(budget, 1100, 198, 4);
        expect(budget.allowance(1120, 196)).to.equal(196);
        expect(budget.allowance(1120, 500)).to.equal(192);
    });

    it("stops when the window's budget is spent and probes again once it has certainly reset", () => {
        const budget = probed(2);
        expect(budget.allowance(30)).to.equal(0);
        expect(budget.nextChangeAt(30)).to.be.at.most(5020);
        expect(budget.allowance(5020)).to.equal(1);
        const probe = budget.dispatch(5020);
        expect(budget.allowance(5021)).to.equal(0);
        budget.observe(probe, 5040, answer(199, 5));
        expect(budget.allowance(5040)).to.be.greaterThan(100);
    });

    it("narrows the reset time as whole-second answers arrive", () => {
        const budget = probed(150); // reset in (4000, 5020]
        roundTrip(budget, 900, 149, 4); // reset in (3900, 4920]
        expect(budget.snapshot(1000).resetInMs).to.equal(3920);
        expect(budget.snapshot(1000).resetUncertaintyMs).to.equal(920);
    });

    it("holds a few requests back while the reset is uncertain and sends one at the moment that halves the uncertainty", () => {
        const budget = probed();
        roundTrip(budget, 1100, 198, 4); // reset in (4100, 5020], midpoint 4560
        const waiting = 500;
        const open = budget.allowance(1120, waiting);
        expect(open).to.equal(196 - 4);
        for (let i = 0; i < open; i++) budget.dispatch(1120);
        expect(budget.allowance(1130, waiting)).to.equal(0);
        // The latest whole number of seconds before the midpoint that is not in the past: 4560 - 3000.
        expect(budget.nextChangeAt(1130)).to.equal(1560);
        expect(budget.allowance(1560, waiting)).to.equal(1);
        const bisecting = budget.dispatch(1560);
        // t = 3 means the reset is at or before 1580 + 3000, about half the old interval.
        budget.observe(bisecting, 1580, answer(3, 3));
        expect(budget.snapshot(1580).resetUncertaintyMs).to.equal(4580 - 4100);
    });

    it("still sends the planned bisecting request when the timer fires late", () => {
        const budget = probed();
        roundTrip(budget, 1100, 198, 4);
        for (let i = 0; i < 192; i++) budget.dispatch(1120);
        expect(budget.nextChangeAt(1130)).to.equal(1560);
        expect(budget.allowance(1563, 500)).to.equal(1);
    });

    it("leaves room for what other clients have been spending", () => {
        const budget = probed();
        // Two seconds in, 150 left although we sent only one more: others used 48, about 24/s.
        roundTrip(budget, 2000, 150, 3);
        // About 3 s remain, so about 72 are kept for them, plus the margin.
        expect(budget.allowance(2020)).to.be.within(70, 80);
    });

    it("pauses everyone after a 429 for the Retry-After period, then learns the window again", () => {
        const budget = new RequestBudget();
        const ticket = budget.dispatch(0);
        budget.observe(ticket, 10, { status: 429, rateLimit: { remaining: 0, resetSeconds: 300 }, policy: null, retryAfterSeconds: 3 });
        expect(budget.allowance(2000)).to.equal(0);
        expect(budget.nextChangeAt(2000)).to.equal(3010);
        expect(budget.allowance(3010)).to.equal(1);
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
        const budget = new RequestBudget(policy);
        const old = budget.dispatch(0);
        const fresh = budget.dispatch(6000);
        budget.observe(fresh, 6020, answer(199, 5));
        const before = budget.allowance(6030);
        budget.observe(old, 6030, answer(3, 1));
        expect(budget.allowance(6030)).to.equal(before);
    });
});
