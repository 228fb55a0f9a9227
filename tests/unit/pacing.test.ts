import { expect } from "chai";

import { RequestBudget } from "../../provider/pacing";
import { parseRateLimit, parseRateLimitHeaders, parseRateLimitPolicy } from "../../provider/ratelimit-headers";

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

    it("clamps the reset to the policy's window, and to an hour without one", () => {
        expect(parseRateLimitHeaders('"default";r=0;t=1e308', '"burst";q=1200;w=300').rateLimit).to.deep.equal({
            remaining: 0,
            resetSeconds: 300,
        });
        expect(parseRateLimitHeaders('"default";r=0;t=2200000', undefined).rateLimit).to.deep.equal({ remaining: 0, resetSeconds: 3600 });
        expect(parseRateLimit('"default";r=100;t=1e308')).to.deep.equal({ remaining: 100, resetSeconds: 3600 });
        expect(parseRateLimit('"default";r=5;t=0')).to.deep.equal({ remaining: 5, resetSeconds: 0 });
    });

    it("clamps the window to between 1 s and an hour", () => {
        expect(parseRateLimitPolicy('"burst";q=1;w=1e308')).to.deep.equal({ quota: 1, windowSeconds: 3600 });
        expect(parseRateLimitPolicy('"x";q=10;w=0')).to.deep.equal({ quota: 10, windowSeconds: 1 });
        expect(parseRateLimitPolicy('"x";q=10;w=0.2')).to.deep.equal({ quota: 10, windowSeconds: 1 });
    });

    it("counts an item with a quota below one request, or any non-finite or negative value, as absent", () => {
        expect(parseRateLimitPolicy('"burst";q=0;w=300')).to.equal(null);
        expect(parseRateLimitPolicy('"burst";q=0.5;w=300')).to.equal(null);
        expect(parseRateLimitPolicy('"burst";q=1e400;w=300')).to.equal(null);
        expect(parseRateLimitPolicy('"burst";q=1200;w=Infinity')).to.equal(null);
        expect(parseRateLimit('"default";r=1e999;t=30')).to.equal(null);
        expect(parseRateLimit('"default";r=-1;t=30')).to.equal(null);
        expect(parseRateLimit('"default";r=10;t=NaN')).to.equal(null);
        // A bad item does not hide a good one beside it.
        expect(parseRateLimitPolicy('"a";q=0;w=1, "b";q=1200;w=300')).to.deep.equal({ quota: 1200, windowSeconds: 300 });
    });

    it("never reports more remaining than the policy's quota", () => {
        expect(parseRateLimitHeaders('"default";r=1e300;t=30', '"burst";q=1200;w=300').rateLimit).to.deep.equal({
            remaining: 1200,
            resetSeconds: 30,
        });
    });

    it("ignores absent or malformed headers", () => {
        expect(parseRateLimit(undefined)).to.equal(null);
        expect(parseRateLimit('"default";r=abc;t=1')).to.equal(null);
        expect(parseRateLimitPolicy('"x";q=10;w=abc')).to.equal(null);
    });
});

describe("request budget", () => {
    const policy = { quota: 200, windowSeconds: 5 };
    const answer = (remaining: number, resetSeconds: number, status = 200) => ({
        status,
        rateLimit: { remaining, resetSeconds },
        policy,
        retryAfterSeconds: null,
    });
    const OPEN_ENDED = Number.POSITIVE_INFINITY;

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

    it("right after the probe, holds a quarter of the window back for neighbours it has not measured yet", () => {
        const budget = probed();
        // 197 usable; a quarter of the 199 (50) and 4 for bisecting the reset wait for answers.
        expect(budget.allowance(20, OPEN_ENDED)).to.equal(143);
        expect(budget.allowance(20, 5)).to.equal(197);
    });

    it("right after the probe, takes a neighbour's spend so far as a pace until it has measured one, for a fleet larger than a quarter of what is left", () => {
        const budget = new RequestBudget(policy);
        // 20 requests by someone else in the window's first ~100 ms: a burst, or a neighbour at 200/s.
        budget.observe(budget.dispatch(0), 20, answer(179, 5));
        expect(budget.allowance(20, 100)).to.equal(0);
        expect(budget.allowance(20, OPEN_ENDED)).to.equal(0);
    });

    it("lets a known fleet of at most a quarter of what is left go at once, without measuring a neighbour's burst first", () => {
        const budget = new RequestBudget(policy);
        budget.observe(budget.dispatch(0), 20, answer(179, 5));
        // 177 usable by the server's count: 44 is a quarter of it, 45 is not.
        expect(budget.allowance(20, 44)).to.equal(177);
        expect(budget.allowance(20, 45)).to.equal(0);
    });

    it("respects a measured neighbour's pace even for a small fleet", () => {
        const budget = probed();
        // Others spent 150 in 2 s (75/s), measured between our answers: 3 s more would take 225.
        roundTrip(budget, 2000, 48, 3);
        expect(budget.allowance(2020, 5)).to.equal(0);
    });

    it("once a few seconds of the window show no neighbour, opens up to all but the margin", () => {
        const budget = probed();
        roundTrip(budget, 3900, 198, 2);
        expect(budget.allowance(3920, 1)).to.be.within(194, 196);
    });

    it("counts its own requests sent after the observed one", () => {
        const budget = probed();
        roundTrip(budget, 3900, 198, 2);
        const before = budget.allowance(3920, 1);
        for (let i = 0; i < 10; i++) budget.dispatch(3921);
        expect(budget.allowance(3922, 1)).to.equal(before - 10);
    });

    it("releases everything that is waiting when all of it fits, and otherwise holds some back", () => {
        const budget = probed();
        expect(budget.allowance(20, 5)).to.be.greaterThan(budget.allowance(20, OPEN_ENDED));
    });

    it("stops when the window's budget is spent and probes again once it has certainly reset", () => {
        const budget = probed(2);
        expect(budget.allowance(30)).to.equal(0);
        expect(budget.nextChangeAt(30)).to.be.at.most(5020);
        expect(budget.allowance(5020)).to.equal(1);
        const probe = budget.dispatch(5020);
        expect(budget.allowance(5021)).to.equal(0);
        budget.observe(probe, 5040, answer(199, 5));
        expect(budget.allowance(5040, 5)).to.be.greaterThan(100);
    });

    it("narrows the reset time as whole-second answers arrive", () => {
        const budget = probed(150); // reset in (4000, 5020]
        roundTrip(budget, 900, 149, 4); // reset in (3900, 4920]
        expect(budget.snapshot(1000).resetInMs).to.equal(3920);
        expect(budget.snapshot(1000).resetUncertaintyMs).to.equal(920);
    });

    it("sends a held-back request at the moment that halves the uncertainty about the reset", () => {
        const budget = probed();
        roundTrip(budget, 1100, 198, 4); // reset in (4100, 5020], midpoint 4560
        while (budget.allowance(1120, OPEN_ENDED) > 0) budget.dispatch(1120);
        // The latest whole number of seconds before the midpoint that is not in the past: 4560 - 3000.
        expect(budget.nextChangeAt(1130)).to.equal(1560);
        expect(budget.allowance(1560, OPEN_ENDED)).to.equal(1);
        const bisecting = budget.dispatch(1560);
        // t = 3 means the reset is at or before 1580 + 3000, about half the old interval.
        budget.observe(bisecting, 1580, answer(3, 3));
        expect(budget.snapshot(1580).resetUncertaintyMs).to.equal(4580 - 4100);
    });

    it("still sends the planned bisecting request when the timer fires late", () => {
        const budget = probed();
        roundTrip(budget, 1100, 198, 4);
        while (budget.allowance(1120, OPEN_ENDED) > 0) budget.dispatch(1120);
        expect(budget.nextChangeAt(1130)).to.equal(1560);
        expect(budget.allowance(1563, OPEN_ENDED)).to.equal(1);
    });

    it("leaves room for what other clients have been spending", () => {
        const budget = probed();
        // Two seconds in, 150 left although we sent only one more: others used 48, about 24/s.
        roundTrip(budget, 2000, 150, 3);
        // About 3 s remain, so about 74 are kept for them, plus the margin.
        expect(budget.allowance(2020, 1)).to.be.within(70, 80);
    });

    it("forgets a neighbour's burst that has stopped within a second, instead of holding reads until the reset", () => {
        const budget = new RequestBudget();
        // A new process; another tool spent 12 requests of this 300 s window a moment ago.
        budget.observe(budget.dispatch(0), 20, {
            status: 200,
            rateLimit: { remaining: 1187, resetSeconds: 300 },
            policy: null,
            retryAfterSeconds: null,
        });
        // A fleet of 400 is more than a quarter of what is left: it waits for the burst to be measured.
        const fleet = 400;
        expect(budget.allowance(20, fleet)).to.equal(0);
        let now = 20;
        for (let i = 0; i < 4 && budget.allowance(now, fleet) === 0; i++) {
            now = budget.nextChangeAt(now) ?? now + 1;
            if (budget.allowance(now, fleet) > 0)
                budget.observe(budget.dispatch(now), now + 20, {
                    status: 200,
                    rateLimit: { remaining: 1186 - i, resetSeconds: 300 },
                    policy: null,
                    retryAfterSeconds: null,
                });
            now += 20;
        }
        expect(now).to.be.below(1000);
        expect(budget.allowance(now, fleet)).to.be.greaterThan(500);
    });

    it("pauses everyone after a 429 for the Retry-After period, then learns the window again", () => {
        const budget = new RequestBudget();
        const ticket = budget.dispatch(0);
        budget.observe(ticket, 10, { status: 429, rateLimit: { remaining: 0, resetSeconds: 300 }, policy: null, retryAfterSeconds: 3 });
        expect(budget.allowance(2000)).to.equal(0);
        expect(budget.pausedFor(2000)).to.equal(1010);
        expect(budget.nextChangeAt(2000)).to.equal(3010);
        expect(budget.allowance(3010)).to.equal(1);
    });

    it("keeps its picture of the window through a 429 that still reports budget left", () => {
        const budget = probed();
        budget.observe(budget.dispatch(100), 120, {
            status: 429,
            rateLimit: { remaining: 197, resetSeconds: 5 },
            policy,
            retryAfterSeconds: 1,
        });
        expect(budget.allowance(500, 5)).to.equal(0);
        // After the pause there is no new probe to wait for: the window is still known.
        expect(budget.allowance(1120, 5)).to.be.greaterThan(50);
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
