import { expect } from "chai";
import { startEmulator, type RunningEmulator } from "../../../emulator/index";
import { BEARER, hostnamePath, KEY_HEADERS, send, type ReceivedResponse } from "../../fixtures/emulator/http-client";

/** 37 lowercase hex: the shape of a legacy Global API Key. */
const KEY_SHAPED = "0123456789abcdef0123456789abcdef01234";

function errorsOf(response: ReceivedResponse): unknown {
    return (response.json() as { errors: unknown }).errors;
}

describe("emulator authentication", () => {
    let emulator: RunningEmulator;
    const path = hostnamePath("app.example.com");
    const get = (headers: Record<string, string>): Promise<ReceivedResponse> => send(`${emulator.url}${path}`, { headers });

    before(async () => {
        emulator = await startEmulator({
            credentials: { tokens: ["first-token", "second-token"], keys: [{ email: "ops@example.com", key: "ops-key" }] },
        });
    });
    after(() => emulator.stop());
    beforeEach(() => emulator.control.reset());

    it("accepts any configured bearer token", async () => {
        for (const token of ["first-token", "second-token"]) {
            expect((await get({ Authorization: `Bearer ${token}` })).status).to.equal(200);
        }
    });

    it("accepts a configured email and key pair, whatever the key's shape", async () => {
        expect((await get({ "X-Auth-Email": "ops@example.com", "X-Auth-Key": "ops-key" })).status).to.equal(200);
    });

    it("answers 400 / 9106 without credentials, in Cloudflare's envelope", async () => {
        const response = await send(`${emulator.url}${path}`);
        expect(response.status).to.equal(400);
        expect(response.json()).to.deep.equal({
            success: false,
            errors: [{ code: 9106, message: "Missing X-Auth-Key, X-Auth-Email or Authorization headers" }],
            messages: [],
            result: null,
        });
    });

    it("answers 403 / 9109 'Invalid access token' for a token it does not know", async () => {
        const response = await get(BEARER);
        expect(response.status).to.equal(403);
        expect(errorsOf(response)).to.deep.equal([{ code: 9109, message: "Invalid access token" }]);
    });

    it("answers 403 / 9103 for a well-formed key and e-mail it does not know", async () => {
        const response = await get({ "X-Auth-Email": "ops@example.com", "X-Auth-Key": KEY_SHAPED });
        expect(response.status).to.equal(403);
        expect(errorsOf(response)).to.deep.equal([{ code: 9103, message: "Unknown X-Auth-Key or X-Auth-Email" }]);
    });

    it("answers 400 / 6003 chaining 6103 for an unknown key of the wrong shape", async () => {
        const response = await get(KEY_HEADERS);
        expect(response.status).to.equal(400);
        expect(errorsOf(response)).to.deep.equal([
            {
                code: 6003,
                message: "Invalid request headers",
                error_chain: [{ code: 6103, message: "Invalid format for X-Auth-Key header" }],
            },
        ]);
    });

    it("answers 400 / 6003 chaining 6102 and 6103 when both key headers are malformed", async () => {
        const response = await get({ "X-Auth-Email": "not-an-address", "X-Auth-Key": "first-token" });
        expect(response.status).to.equal(400);
        expect(errorsOf(response)).to.deep.equal([
            {
                code: 6003,
                message: "Invalid request headers",
                error_chain: [
                    { code: 6102, message: "Invalid format for X-Auth-Email header" },
                    { code: 6103, message: "Invalid format for X-Auth-Key header" },
                ],
            },
        ]);
    });

    const malformed: Array<[string, string]> = [
        ["an Authorization header that is not a bearer token", "first-token"],
        ["a Global API Key sent as a token", `Bearer ${KEY_SHAPED}`],
        ["the configured API key sent as a token", "Bearer ops-key"],
    ];
    for (const [what, header] of malformed) {
        it(`answers 400 / 6003 chaining 6111 for ${what}`, async () => {
            const response = await get({ Authorization: header });
            expect(response.status).to.equal(400);
            expect(errorsOf(response)).to.deep.equal([
                {
                    code: 6003,
                    message: "Invalid request headers",
                    error_chain: [{ code: 6111, message: "Invalid format for Authorization header" }],
                },
            ]);
        });
    }

    it("checks credentials before routing, so an unknown route without credentials is a 400 / 9106", async () => {
        expect((await send(`${emulator.url}/no/such/route`)).status).to.equal(400);
        expect((await send(`${emulator.url}${hostnamePath("app.example.com", "BAD")}`)).status).to.equal(400);
        expect(errorsOf(await send(`${emulator.url}/no/such/route`))).to.deep.equal([
            { code: 9106, message: "Missing X-Auth-Key, X-Auth-Email or Authorization headers" },
        ]);
    });

    it("logs the kind of credential, a label and the user, never the secret", async () => {
        await get({ Authorization: "Bearer second-token" });
        await get({ "X-Auth-Email": "ops@example.com", "X-Auth-Key": "ops-key" });
        await get({ Authorization: "Bearer made-up" });
        await send(`${emulator.url}${path}`);
        const entries = emulator.log.entries();
        expect(entries.map((e) => [e.auth, e.credential, e.status])).to.deep.equal([
            ["token", "token#2", 200],
            ["key", "key#1", 200],
            ["token", "unrecognised", 403],
            ["none", undefined, 400],
        ]);
        expect(entries[0].user).to.match(/^[0-9a-f]{32}$/);
        expect(entries[1].user)
            .to.match(/^[0-9a-f]{32}$/)
            .and.not.equal(entries[0].user);
        expect(JSON.stringify(entries)).to.not.include("second-token").and.not.include("ops-key");
    });
});
