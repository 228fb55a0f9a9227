import { expect } from "chai";
import { startEmulator, type RunningEmulator } from "../../../emulator/index";
import { API_KEY, BEARER, EMAIL, hostnamePath, KEY_HEADERS, ManualClock, send, TOKEN } from "../../fixtures/emulator/http-client";

describe("emulator rate limit", () => {
    const clock = new ManualClock();
    let emulator: RunningEmulator;
    const get = (headers: Record<string, string> = BEARER, path = hostnamePath("app.example.com")) =>
        send(`${emulator.url}${path}`, { headers });

    before(async () => {
        emulator = await startEmulator({ rateLimit: { quota: 5, windowSeconds: 60, penaltySeconds: 120 }, now: clock.now });
    });
    after(() => emulator.stop());
    beforeEach(() => emulator.control.reset());

    it("counts down r and reports the window in the Ratelimit headers", async () => {
        const first = await get();
        expect(first.headers.ratelimit).to.equal('"default";r=4;t=60');
        expect(first.headers["ratelimit-policy"]).to.equal('"burst";q=5;w=60');
        clock.advance(12_500);
        expect((await get()).headers.ratelimit).to.equal('"default";r=3;t=48');
    });

    it("counts requests that fail for other reasons", async () => {
        await get(BEARER, hostnamePath("missing.example.com"));
        await get(BEARER, "/no/route");
        expect(emulator.control.rateLimitState().used).to.equal(2);
    });

    it("answers 429 / 971 with Retry-After once the quota is exceeded, and blocks for the penalty", async () => {
        for (let i = 0; i < 5; i += 1) expect((await get()).status).to.equal(200);
        const tripped = await get();
        expect(tripped.status).to.equal(429);
        expect(tripped.headers["retry-after"]).to.equal("120");
        expect(tripped.headers.ratelimit).to.equal('"default";r=0;t=120');
        expect(tripped.json()).to.deep.equal({
            success: false,
            errors: [{ code: 971, message: "Please wait and consider throttling your request speed" }],
            messages: [],
            result: null,
        });

        clock.advance(30_400);
        const blocked = await get();
        expect(blocked.status).to.equal(429);
        expect(blocked.headers["retry-after"]).to.equal("90");

        clock.advance(89_600);
        expect((await get()).status).to.equal(200);
    });

    it("does not count requests made during the block", async () => {
        emulator.control.consumeQuota({ count: 6 });
        for (let i = 0; i < 3; i += 1) await get();
        expect(emulator.control.rateLimitState()).to.include({ used: 6, remaining: 0 });
    });

    it("keeps the budget of each credential separate", async () => {
        emulator.control.consumeQuota({ count: 6, credential: { token: TOKEN } });
        expect((await get(BEARER)).status).to.equal(429);
        expect((await get(KEY_HEADERS)).status).to.equal(200);
    });

    it("lets consumeQuota trip the block exactly as real requests would", async () => {
        const state = emulator.control.consumeQuota({ count: 5, credential: { email: EMAIL, key: API_KEY } });
        expect(state).to.include({ credential: "key#1", used: 5, remaining: 0, blockedUntil: null });
        expect((await get(KEY_HEADERS)).status).to.equal(429);
        expect(emulator.control.rateLimitState({ email: EMAIL, key: API_KEY }).blockedUntil).to.equal(clock.current + 120_000);
    });

    it("marks rate-limited requests in the log", async () => {
        emulator.control.consumeQuota({ count: 6 });
        await get();
        expect(emulator.log.entries()[0]).to.include({ status: 429, rateLimited: true });
    });

    it("does not rate-limit requests without a recognised credential", async () => {
        emulator.control.consumeQuota({ count: 6 });
        expect((await get({})).status).to.equal(401);
        expect((await get({ Authorization: "Bearer stranger" })).status).to.equal(403);
    });

    it("gives a fresh window after the previous one ended", async () => {
        emulator.control.consumeQuota({ count: 5 });
        clock.advance(60_000);
        expect((await get()).headers.ratelimit).to.equal('"default";r=4;t=60');
    });
});
