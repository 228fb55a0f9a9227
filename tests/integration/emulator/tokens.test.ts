// Users, scoped tokens, the verify endpoints and GET /user, over real loopback HTTP.

import { expect } from "chai";
import { sampleSeed, SAMPLE_ZONE_ID, startEmulator, type RunningEmulator, type SeedDocument, type UserSeed } from "../../../emulator/index";
import {
    certificatesPath,
    hostnamePath,
    hostnamesPath,
    ManualClock,
    send,
    type ReceivedResponse,
} from "../../fixtures/emulator/http-client";

const OTHER_ZONE = "0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b";
const UNKNOWN_ZONE = "ffffffffffffffffffffffffffffffff";
const ACCOUNT = "acc0acc0acc0acc0acc0acc0acc0acc0";
const OPS = "11111111111111111111111111111111";
const CI = "22222222222222222222222222222222";

const USERS: UserSeed[] = [
    {
        id: OPS,
        email: "ops@example.com",
        key: "0123456789abcdef0123456789abcdef01234",
        tokens: [
            { id: "10000000000000000000000000000001", value: "ops-everything" },
            { id: "10000000000000000000000000000002", value: "ops-read-sample", zones: [SAMPLE_ZONE_ID], permission: "read" },
        ],
    },
    {
        id: CI,
        tokens: [
            { id: "20000000000000000000000000000001", value: "ci-dns-only", permission: "none" },
            { id: "20000000000000000000000000000002", value: "ci-disabled", status: "disabled" },
            { id: "20000000000000000000000000000003", value: "ci-marked-expired", status: "expired" },
            {
                id: "20000000000000000000000000000004",
                value: "ci-expiring",
                expires_on: "2030-01-01T00:10:00Z",
                not_before: "2029-01-01T00:00:00Z",
            },
            { id: "20000000000000000000000000000005", value: "ci-not-yet", not_before: "2030-02-01T00:00:00Z" },
            { id: "20000000000000000000000000000006", value: "ci-office", condition: { request_ip: { in: ["192.0.2.0/24"] } } },
            { id: "20000000000000000000000000000007", value: "ci-loopback", condition: { request_ip: { in: ["127.0.0.0/8", "::1/128"] } } },
            { id: "20000000000000000000000000000008", value: "ci-account", account: ACCOUNT, zones: [SAMPLE_ZONE_ID], permission: "read" },
        ],
    },
];

function seed(): SeedDocument {
    const document = sampleSeed();
    document.zones[OTHER_ZONE] = { hostnames: [{ hostname: "other.example.com", status: "active" }] };
    return document;
}

const bearer = (token: string): Record<string, string> => ({ Authorization: `Bearer ${token}` });
const OPS_KEY = { "X-Auth-Email": "ops@example.com", "X-Auth-Key": "0123456789abcdef0123456789abcdef01234" };

function body(response: ReceivedResponse): {
    success: boolean;
    errors: Array<{ code: number; message: string }>;
    messages: unknown;
    result: unknown;
} {
    return response.json() as { success: boolean; errors: Array<{ code: number; message: string }>; messages: unknown; result: unknown };
}

describe("emulator tokens, users and their scope", () => {
    const clock = new ManualClock(Date.parse("2030-01-01T00:00:00Z"));
    let emulator: RunningEmulator;
    const call = (path: string, headers: Record<string, string>, method = "GET", payload?: object): Promise<ReceivedResponse> =>
        send(`${emulator.url}${path}`, { headers, method, body: payload });

    before(async () => {
        emulator = await startEmulator({ seed: seed(), users: USERS, now: clock.now, rateLimit: { quota: 20 } });
    });
    after(() => emulator.stop());
    beforeEach(() => emulator.control.reset());

    describe("scope", () => {
        it("lets an all-zones token and the key read every zone", async () => {
            expect((await call(hostnamePath("other.example.com", OTHER_ZONE), bearer("ops-everything"))).status).to.equal(200);
            expect((await call(hostnamePath("other.example.com", OTHER_ZONE), OPS_KEY)).status).to.equal(200);
        });

        it("answers 403 / 10000 'Authentication error' for a zone the token does not cover", async () => {
            expect((await call(hostnamePath("app.example.com"), bearer("ops-read-sample"))).status).to.equal(200);
            const response = await call(hostnamePath("other.example.com", OTHER_ZONE), bearer("ops-read-sample"));
            expect(response.status).to.equal(403);
            expect(body(response)).to.deep.equal({
                success: false,
                errors: [{ code: 10000, message: "Authentication error" }],
                messages: [],
                result: null,
            });
        });

        it("answers 10000 for an unknown zone outside the token's zones, and 1001 to a token that covers every zone", async () => {
            expect(body(await call(certificatesPath(UNKNOWN_ZONE), bearer("ops-read-sample"))).errors[0].code).to.equal(10000);
            const unknown = await call(certificatesPath(UNKNOWN_ZONE), bearer("ops-everything"));
            expect(unknown.status).to.equal(404);
            expect(body(unknown).errors).to.deep.equal([{ code: 1001, message: "Invalid zone identifier" }]);
        });

        it("answers 10000 to a token without the permission, and to a read token's PUT", async () => {
            expect(body(await call(hostnamePath("app.example.com"), bearer("ci-dns-only"))).errors[0].code).to.equal(10000);
            const put = await call(hostnamesPath(), bearer("ops-read-sample"), "PUT", { config: [] });
            expect(put.status).to.equal(403);
            expect(body(put).errors[0].code).to.equal(10000);
            expect((await call(hostnamesPath(), bearer("ops-everything"), "PUT", { config: [] })).status).to.equal(200);
        });

        it("lets an account-owned token read the zones it covers", async () => {
            expect((await call(hostnamePath("app.example.com"), bearer("ci-account"))).status).to.equal(200);
            expect((await call(hostnamePath("other.example.com", OTHER_ZONE), bearer("ci-account"))).status).to.equal(403);
        });
    });

    describe("token state", () => {
        for (const token of ["ci-disabled", "ci-marked-expired", "ci-not-yet"]) {
            it(`answers 403 / 9109 'Invalid access token' to ${token}`, async () => {
                const response = await call(hostnamePath("app.example.com"), bearer(token));
                expect(response.status).to.equal(403);
                expect(body(response).errors).to.deep.equal([{ code: 9109, message: "Invalid access token" }]);
            });
        }

        it("refuses a token once its expires_on has passed", async () => {
            expect((await call(hostnamePath("app.example.com"), bearer("ci-expiring"))).status).to.equal(200);
            clock.advance(10 * 60_000);
            try {
                expect(body(await call(hostnamePath("app.example.com"), bearer("ci-expiring"))).errors[0].code).to.equal(9109);
            } finally {
                clock.advance(-10 * 60_000);
            }
        });

        it("answers 403 / 9109 naming 127.0.0.1 to an IP-restricted token used from loopback", async () => {
            const response = await call(hostnamePath("app.example.com"), bearer("ci-office"));
            expect(response.status).to.equal(403);
            expect(body(response).errors).to.deep.equal([{ code: 9109, message: "Cannot use the access token from location: 127.0.0.1" }]);
            expect((await call(hostnamePath("app.example.com"), bearer("ci-loopback"))).status).to.equal(200);
        });
    });

    describe("GET /user/tokens/verify", () => {
        it("reports an active token's id and status with Cloudflare's note", async () => {
            const response = await call("/user/tokens/verify", bearer("ops-everything"));
            expect(response.status).to.equal(200);
            expect(body(response)).to.deep.equal({
                success: true,
                errors: [],
                messages: [{ code: 10000, message: "This API Token is valid and active", type: null }],
                result: { id: "10000000000000000000000000000001", status: "active" },
            });
        });

        it("reports expires_on and not_before when the token has them", async () => {
            expect(body(await call("/user/tokens/verify", bearer("ci-expiring"))).result).to.deep.equal({
                id: "20000000000000000000000000000004",
                status: "active",
                expires_on: "2030-01-01T00:10:00Z",
                not_before: "2029-01-01T00:00:00Z",
            });
        });

        it("reports a disabled or expired token's status instead of refusing it", async () => {
            expect(body(await call("/user/tokens/verify", bearer("ci-disabled")))).to.deep.include({
                success: true,
                messages: [],
                result: { id: "20000000000000000000000000000002", status: "disabled" },
            });
            expect(body(await call("/user/tokens/verify", bearer("ci-marked-expired"))).result).to.deep.include({ status: "expired" });
        });

        for (const [what, headers] of [
            ["an unknown token", bearer("never-issued")],
            ["an account-owned token (the client should try the account endpoint)", bearer("ci-account")],
            ["a key, which is not a token", OPS_KEY],
        ] as const) {
            it(`answers 401 / 1000 'Invalid API Token' to ${what}`, async () => {
                const response = await call("/user/tokens/verify", headers);
                expect(response.status).to.equal(401);
                expect(body(response).errors).to.deep.equal([{ code: 1000, message: "Invalid API Token" }]);
            });
        }

        it("still refuses an IP-restricted token from the wrong address with the location 9109", async () => {
            const response = await call("/user/tokens/verify", bearer("ci-office"));
            expect(response.status).to.equal(403);
            expect(body(response).errors[0].message).to.equal("Cannot use the access token from location: 127.0.0.1");
        });
    });

    describe("GET /accounts/{account_id}/tokens/verify", () => {
        it("verifies a token owned by that account", async () => {
            const response = await call(`/accounts/${ACCOUNT}/tokens/verify`, bearer("ci-account"));
            expect(response.status).to.equal(200);
            expect(body(response).result).to.deep.equal({ id: "20000000000000000000000000000008", status: "active" });
        });

        it("answers 401 / 1000 to a user token and to another account's id", async () => {
            expect((await call(`/accounts/${ACCOUNT}/tokens/verify`, bearer("ops-everything"))).status).to.equal(401);
            expect(body(await call(`/accounts/${OTHER_ZONE}/tokens/verify`, bearer("ci-account"))).errors[0].code).to.equal(1000);
        });

        it("answers 400 / 7003 quoting the whole path for an account id that cannot be one", async () => {
            const response = await call("/accounts/not-an-account/tokens/verify", bearer("ci-account"));
            expect(response.status).to.equal(400);
            expect(body(response).errors).to.deep.equal([
                {
                    code: 7003,
                    message:
                        "Could not route to /client/v4/accounts/not-an-account/tokens/verify, perhaps your object identifier is invalid?",
                },
            ]);
        });
    });

    describe("GET /user", () => {
        it("answers the user behind a key or a user token", async () => {
            for (const headers of [OPS_KEY, bearer("ops-read-sample")]) {
                const response = await call("/user", headers);
                expect(response.status).to.equal(200);
                expect(body(response).result).to.deep.include({ id: OPS, email: "ops@example.com", suspended: false });
            }
        });

        it("answers 403 / 9109 to an account-owned token, which has no user", async () => {
            const response = await call("/user", bearer("ci-account"));
            expect(response.status).to.equal(403);
            expect(body(response).errors).to.deep.equal([{ code: 9109, message: "Unauthorized to access requested resource" }]);
        });
    });

    describe("one budget per user", () => {
        it("makes the key and every token of a user draw on one budget", async () => {
            emulator.control.consumeQuota({ count: 19, credential: { token: "ops-read-sample" } });
            expect((await call(hostnamePath("app.example.com"), OPS_KEY)).headers.ratelimit).to.equal('"default";r=0;t=300');
            const limited = await call(hostnamePath("app.example.com"), bearer("ops-everything"));
            expect(limited.status).to.equal(429);
            expect(body(limited).errors).to.deep.equal([{ code: 971, message: "Please wait and consider throttling your request speed" }]);
            expect((await call(hostnamePath("app.example.com"), bearer("ci-loopback"))).status).to.equal(200);
        });

        it("gives an account-owned token a budget of its own", async () => {
            emulator.control.consumeQuota({ count: 25, user: CI });
            expect((await call(hostnamePath("app.example.com"), bearer("ci-loopback"))).status).to.equal(429);
            expect((await call(hostnamePath("app.example.com"), bearer("ci-account"))).status).to.equal(200);
        });

        it("does not count requests refused for their credential", async () => {
            await call(hostnamePath("app.example.com"), bearer("ci-disabled"));
            await call(hostnamePath("app.example.com"), bearer("ci-office"));
            expect(emulator.control.rateLimitState({ user: CI })).to.include({ used: 0, budget: `user ${CI}` });
        });

        it("reports and spends a user's budget through the admin API", async () => {
            const admin = `${emulator.origin}/__emulator`;
            const consumed = await send(`${admin}/quota/consume`, { method: "POST", body: { count: 3, user: OPS } });
            expect((consumed.json() as { state: unknown }).state).to.include({ credential: "key#1", budget: `user ${OPS}`, used: 3 });
            const state = await send(`${admin}/quota?credential=token%232`);
            expect((state.json() as { state: unknown }).state).to.include({ credential: "token#2", budget: `user ${OPS}`, used: 3 });
        });
    });
});
