import { expect } from "chai";
import { startEmulator, type RunningEmulator } from "../../../emulator/index";
import { BEARER, hostnamePath, KEY_HEADERS, send } from "../../fixtures/emulator/http-client";

describe("emulator authentication", () => {
    let emulator: RunningEmulator;
    const path = hostnamePath("app.example.com");

    before(async () => {
        emulator = await startEmulator({
            credentials: { tokens: ["first-token", "second-token"], keys: [{ email: "ops@example.com", key: "ops-key" }] },
        });
    });
    after(() => emulator.stop());
    beforeEach(() => emulator.control.reset());

    it("accepts any configured bearer token", async () => {
        for (const token of ["first-token", "second-token"]) {
            expect((await send(`${emulator.url}${path}`, { headers: { Authorization: `Bearer ${token}` } })).status).to.equal(200);
        }
    });

    it("accepts a configured email and key pair", async () => {
        const response = await send(`${emulator.url}${path}`, { headers: { "X-Auth-Email": "ops@example.com", "X-Auth-Key": "ops-key" } });
        expect(response.status).to.equal(200);
    });

    it("answers 401 / 10000 without credentials", async () => {
        const response = await send(`${emulator.url}${path}`);
        expect(response.status).to.equal(401);
        expect(response.json()).to.deep.equal({
            success: false,
            errors: [{ code: 10000, message: "Authentication error" }],
            messages: [],
            result: null,
        });
    });

    it("answers 403 / 9109 for a token it does not know", async () => {
        const response = await send(`${emulator.url}${path}`, { headers: BEARER });
        expect(response.status).to.equal(403);
        expect(response.json()).to.deep.include({ errors: [{ code: 9109, message: "Invalid access token" }] });
    });

    it("answers 403 / 9109 for a key it does not know", async () => {
        const response = await send(`${emulator.url}${path}`, { headers: KEY_HEADERS });
        expect(response.status).to.equal(403);
        expect((response.json() as { errors: Array<{ code: number }> }).errors[0].code).to.equal(9109);
    });

    it("answers 400 / 6003 for an Authorization header that is not a bearer token", async () => {
        const response = await send(`${emulator.url}${path}`, { headers: { Authorization: "first-token" } });
        expect(response.status).to.equal(400);
        expect((response.json() as { errors: Array<{ code: number }> }).errors[0].code).to.equal(6003);
    });

    it("checks credentials before routing, so an unknown route without credentials is a 401", async () => {
        expect((await send(`${emulator.url}/no/such/route`)).status).to.equal(401);
        expect((await send(`${emulator.url}${hostnamePath("app.example.com", "BAD")}`)).status).to.equal(401);
    });

    it("logs the kind of credential and a label, never the secret", async () => {
        await send(`${emulator.url}${path}`, { headers: { Authorization: "Bearer second-token" } });
        await send(`${emulator.url}${path}`, { headers: { "X-Auth-Email": "ops@example.com", "X-Auth-Key": "ops-key" } });
        await send(`${emulator.url}${path}`, { headers: { Authorization: "Bearer made-up" } });
        await send(`${emulator.url}${path}`);
        expect(emulator.log.entries().map((e) => [e.auth, e.credential, e.status])).to.deep.equal([
            ["token", "token#2", 200],
            ["key", "key#1", 200],
            ["token", "unrecognised", 403],
            ["none", undefined, 401],
        ]);
    });
});
