import { expect } from "chai";
import fc from "fast-check";
import { ClientIpLimiter, RateLimiter, rateLimitHeaders, type RateLimitPolicy } from "../../../emulator/rate-limit";
import { ManualClock } from "../../fixtures/emulator/http-client";

const POLICY: RateLimitPolicy = { quota: 3, windowSeconds: 10, penaltySeconds: 20 };

function limiter(policy: RateLimitPolicy = POLICY): { limiter: RateLimiter; clock: ManualClock } {
    const clock = new ManualClock(1_000_000);
    return { limiter: new RateLimiter(policy, clock.now), clock };
}

describe("rate limiter", () => {
    it("opens a window at the first request and counts down the remaining budget", () => {
        const { limiter: l } = limiter();
        expect(l.hit("token#1")).to.deep.equal({ allowed: true, remaining: 2, resetSeconds: 10 });
        expect(l.hit("token#1")).to.deep.equal({ allowed: true, remaining: 1, resetSeconds: 10 });
    });

    it("reports seconds to reset as the ceiling of the time left in the window", () => {
        const { limiter: l, clock } = limiter();
        l.hit("token#1");
        clock.advance(2_100);
        expect(l.hit("token#1")).to.include({ resetSeconds: 8 });
        clock.advance(7_899);
        expect(l.hit("token#1")).to.include({ resetSeconds: 1 });
    });

    it("rejects the request over the quota and blocks the credential for the penalty from that moment", () => {
        const { limiter: l, clock } = limiter();
        for (let i = 0; i < 3; i += 1) expect(l.hit("token#1").allowed).to.equal(true);
        clock.advance(500);
        expect(l.hit("token#1")).to.deep.equal({
            allowed: false,
            reason: "over-quota",
            remaining: 0,
            resetSeconds: 20,
            retryAfterSeconds: 20,
        });
        expect(l.state("token#1").blockedUntil).to.equal(clock.current + 20_000);
    });

    it("answers requests during a block with the seconds left, without counting them", () => {
        const { limiter: l, clock } = limiter();
        for (let i = 0; i < 4; i += 1) l.hit("token#1");
        clock.advance(5_500);
        const decision = l.hit("token#1");
        expect(decision).to.deep.include({ allowed: false, reason: "blocked", retryAfterSeconds: 15 });
        expect(l.state("token#1").used).to.equal(4);
    });

    it("keeps the block even after the window would have ended", () => {
        const { limiter: l, clock } = limiter();
        for (let i = 0; i < 4; i += 1) l.hit("token#1");
        clock.advance(15_000);
        expect(l.hit("token#1")).to.include({ allowed: false, reason: "blocked" });
    });

    it("starts a fresh window with a full budget once the block ends", () => {
        const { limiter: l, clock } = limiter();
        for (let i = 0; i < 4; i += 1) l.hit("token#1");
        clock.advance(20_000);
        expect(l.hit("token#1")).to.deep.equal({ allowed: true, remaining: 2, resetSeconds: 10 });
    });

    it("starts a new window at the first request after the previous window ended", () => {
        const { limiter: l, clock } = limiter();
        l.hit("token#1");
        l.hit("token#1");
        clock.advance(10_000);
        expect(l.state("token#1")).to.include({ used: 0, remaining: 3, resetAt: null });
        clock.advance(3_000);
        expect(l.hit("token#1")).to.deep.equal({ allowed: true, remaining: 2, resetSeconds: 10 });
        expect(l.state("token#1").resetAt).to.equal(clock.current + 10_000);
    });

    it("keeps separate budgets per credential", () => {
        const { limiter: l } = limiter();
        for (let i = 0; i < 4; i += 1) l.hit("token#1");
        expect(l.hit("key#1")).to.include({ allowed: true, remaining: 2 });
    });

    it("forgets every budget and block on reset", () => {
        const { limiter: l } = limiter();
        for (let i = 0; i < 4; i += 1) l.hit("token#1");
        l.reset();
        expect(l.state("token#1")).to.include({ used: 0, remaining: 3, blockedUntil: null });
    });

    it("never lets more than the quota through in any window, whatever the request timing", () => {
        fc.assert(
            fc.property(fc.array(fc.integer({ min: 0, max: 4_000 }), { minLength: 1, maxLength: 60 }), (gaps) => {
                const { limiter: l, clock } = limiter();
                const allowedAt: number[] = [];
                for (const gap of gaps) {
                    clock.advance(gap);
                    const decision = l.hit("token#1");
                    if (decision.allowed) {
                        allowedAt.push(clock.current);
                        expect(l.state("token#1").used).to.be.at.most(3);
                    }
                    expect(decision.remaining).to.be.at.least(0);
                }
                // Windows are anchored at requests, so any 10 s span overlaps at most two windows.
                for (const start of allowedAt) {
                    expect(allowedAt.filter((t) => t >= start && t < start + 10_000).length).to.be.at.most(3 * 2);
                }
            }),
        );
    });

    it("formats Cloudflare's Ratelimit and Ratelimit-Policy headers", () => {
        expect(rateLimitHeaders({ quota: 1200, windowSeconds: 300, penaltySeconds: 300 }, 1199, 300)).to.deep.equal({
            Ratelimit: '"default";r=1199;t=300',
            "Ratelimit-Policy": '"burst";q=1200;w=300',
        });
    });
});

describe("per-client-IP limiter", () => {
    function ipLimiter(perSecond = 3): { limiter: ClientIpLimiter; clock: ManualClock } {
        const clock = new ManualClock(5_000_000);
        return { limiter: new ClientIpLimiter(perSecond, clock.now), clock };
    }

    it("lets the limit through within a second and refuses the next with Retry-After 1", () => {
        const { limiter: l } = ipLimiter();
        for (let i = 0; i < 3; i += 1) expect(l.hit("127.0.0.1")).to.deep.equal({ allowed: true });
        expect(l.hit("127.0.0.1")).to.deep.equal({ allowed: false, retryAfterSeconds: 1 });
    });

    it("admits again once the oldest admitted request is a second old, without a block", () => {
        const { limiter: l, clock } = ipLimiter();
        for (let i = 0; i < 3; i += 1) {
            l.hit("127.0.0.1");
            clock.advance(100);
        }
        clock.advance(699); // 999 ms after the first
        expect(l.hit("127.0.0.1").allowed).to.equal(false);
        clock.advance(1);
        expect(l.hit("127.0.0.1").allowed).to.equal(true);
    });

    it("does not count refused requests", () => {
        const { limiter: l, clock } = ipLimiter(2);
        l.hit("127.0.0.1");
        l.hit("127.0.0.1");
        for (let i = 0; i < 50; i += 1) l.hit("127.0.0.1");
        clock.advance(1_000);
        expect(l.hit("127.0.0.1").allowed).to.equal(true);
        expect(l.hit("127.0.0.1").allowed).to.equal(true);
    });

    it("keeps addresses apart and forgets everything on reset", () => {
        const { limiter: l } = ipLimiter(1);
        l.hit("127.0.0.1");
        expect(l.hit("192.0.2.1").allowed).to.equal(true);
        expect(l.hit("127.0.0.1").allowed).to.equal(false);
        l.reset();
        expect(l.hit("127.0.0.1").allowed).to.equal(true);
    });

    it("never admits more than the limit in any one-second span, whatever the timing", () => {
        fc.assert(
            fc.property(fc.array(fc.integer({ min: 0, max: 600 }), { minLength: 1, maxLength: 120 }), (gaps) => {
                const { limiter: l, clock } = ipLimiter(5);
                const admitted: number[] = [];
                for (const gap of gaps) {
                    clock.advance(gap);
                    if (l.hit("127.0.0.1").allowed) admitted.push(clock.current);
                }
                for (const start of admitted) expect(admitted.filter((t) => t >= start && t < start + 1_000).length).to.be.at.most(5);
            }),
        );
    });
});
