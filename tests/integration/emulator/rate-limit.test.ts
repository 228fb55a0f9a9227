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

    it("makes the default token and key share one budget, since they belong to one user", async () => {
        emulator.control.consumeQuota({ count: 4, credential: { token: TOKEN } });
        expect((await get(KEY_HEADERS)).headers.ratelimit).to.equal('"default";r=0;t=60');
        expect((await get(BEARER)).status).to.equal(429);
        expect((await get(KEY_HEADERS)).status).to.equal(429);
    });

    it("lets consumeQuota trip the block exactly as real requests would", async () => {
        const state = emulator.control.consumeQuota({ count: 5, credential: { email: EMAIL, key: API_KEY } });
        expect(state).to.include({ credential: "key#1", used: 5, remaining: 0, blockedUntil: null });
        expect(state.budget).to.match(/^user [0-9a-f]{32}$/);
        expect((await get(KEY_HEADERS)).status).to.equal(429);
        expect(emulator.control.rateLimitState({ email: EMAIL, key: API_KEY }).blockedUntil).to.equal(clock.current + 120_000);
    });

    it("marks rate-limited requests in the log", async () => {
        emulator.control.consumeQuota({ count: 6 });
        await get();
        expect(emulator.log.entries()[0]).to.include({ status: 429, rateLimited: true, rateLimitedBy: "user" });
    });

    it("does not rate-limit requests without a recognised credential", async () => {
        emulator.control.consumeQuota({ count: 6 });
        expect((await get({})).status).to.equal(400);
        expect((await get({ Authorization: "Bearer stranger" })).status).to.equal(403);
    });

    it("gives a fresh window after the previous one ended", async () => {
        emulator.control.consumeQuota({ count: 5 });
        clock.advance(60_000);
        expect((await get()).headers.ratelimit).to.equal('"default";r=4;t=60');
    });
});

describe("emulator per-client-IP limit", () => {
    const clock = new ManualClock();
    const emulators: RunningEmulator[] = [];
    after(() => Promise.all(emulators.map((e) => e.stop())));

    async function start(options: Parameters<typeof startEmulator>[0]): Promise<RunningEmulator> {
        const emulator = await startEmulator({ now: clock.now, ...options });
        emulators.push(emulator);
        return emulator;
    }

    it("is on by default at Cloudflare's 200 requests per second, and answers the 201st with 429 / 971 and Retry-After", async () => {
        const emulator = await start({});
        const statuses: number[] = [];
        for (let i = 0; i < 201; i += 1)
            statuses.push((await send(`${emulator.url}${hostnamePath("app.example.com")}`, { headers: BEARER })).status);
        expect(statuses.slice(0, 200).every((s) => s === 200)).to.equal(true);
        const limited = await send(`${emulator.url}${hostnamePath("app.example.com")}`, { headers: BEARER });
        expect(limited.status).to.equal(429);
        expect(limited.headers["retry-after"]).to.equal("1");
        expect(limited.headers.ratelimit).to.equal(undefined);
        expect(limited.json()).to.deep.equal({
            success: false,
            errors: [{ code: 971, message: "Please wait and consider throttling your request speed" }],
            messages: [],
            result: null,
        });
        expect(emulator.log.entries().at(-1)).to.include({
            status: 429,
            rateLimited: true,
            rateLimitedBy: "client-ip",
            credential: "token#1",
        });
    });

    it("limits the address whatever the credential, without counting refused requests against the user", async () => {
        const emulator = await start({ clientIpLimit: { requestsPerSecond: 3 } });
        const get = (headers: Record<string, string>) => send(`${emulator.url}${hostnamePath("app.example.com")}`, { headers });
        for (let i = 0; i < 3; i += 1) await get(BEARER);
        expect((await get(KEY_HEADERS)).status).to.equal(429);
        expect((await get({})).status).to.equal(429);
        expect(emulator.control.rateLimitState()).to.include({ used: 3 });
        clock.advance(1_000);
        expect((await get(KEY_HEADERS)).status).to.equal(200);
    });

    it("can be turned off, for benchmarks of raw per-read cost", async () => {
        const emulator = await start({ clientIpLimit: false });
        for (let i = 0; i < 260; i += 1) {
            expect((await send(`${emulator.url}${hostnamePath("app.example.com")}`, { headers: BEARER })).status).to.equal(200);
        }
    });

    it("starts afresh on reset", async () => {
        const emulator = await start({ clientIpLimit: { requestsPerSecond: 1 } });
        await send(`${emulator.url}${hostnamePath("app.example.com")}`, { headers: BEARER });
        emulator.control.reset();
        expect((await send(`${emulator.url}${hostnamePath("app.example.com")}`, { headers: BEARER })).status).to.equal(200);
    });
});
