import { expect } from "chai";
import { startEmulator, type RunningEmulator } from "../../../emulator/index";
import { hostnamePath, hostnamesPath, send, ZONE } from "../../fixtures/emulator/http-client";

const SECRET_TOKEN = "tok_7f3a9c1e5b2d4f6a8c0e";
const SECRET_KEY = "key_1b3d5f7a9c2e4f6b8d0a";

describe("emulator request log", () => {
    let emulator: RunningEmulator;

    before(async () => {
        emulator = await startEmulator({ credentials: { tokens: [SECRET_TOKEN], keys: [{ email: "ops@example.com", key: SECRET_KEY }] } });
    });
    after(() => emulator.stop());
    beforeEach(() => emulator.control.reset());

    it("records method, raw path with query, route, zone, hostname, auth label and status", async () => {
        await send(`${emulator.url}${hostnamePath("app%2Eexample.com")}?x=1`, { headers: { Authorization: `Bearer ${SECRET_TOKEN}` } });
        const [entry] = emulator.log.entries();
        expect(entry).to.deep.equal({
            seq: 1,
            time: entry.time,
            method: "GET",
            path: `/client/v4${hostnamePath("app%2Eexample.com")}?x=1`,
            route: "hostname-status",
            zoneId: ZONE,
            hostname: "app.example.com",
            auth: "token",
            credential: "token#1",
            user: entry.user,
            status: 200,
        });
        expect(entry.user).to.match(/^[0-9a-f]{32}$/);
    });

    it("names each route", async () => {
        const headers = { Authorization: `Bearer ${SECRET_TOKEN}` };
        await send(`${emulator.url}${hostnamesPath()}/certificates`, { headers });
        await send(`${emulator.url}${hostnamesPath()}`, { method: "PUT", headers, body: { config: [] } });
        await send(`${emulator.url}/elsewhere`, { headers });
        expect(emulator.log.entries().map((e) => e.route)).to.deep.equal(["hostname-certificates", "hostnames-put", "unknown"]);
    });

    it("never contains a configured secret, even when a client puts one in the URL", async () => {
        await send(`${emulator.url}${hostnamePath("app.example.com")}`, { headers: { Authorization: `Bearer ${SECRET_TOKEN}` } });
        await send(`${emulator.url}${hostnamePath("app.example.com")}`, {
            headers: { "X-Auth-Email": "ops@example.com", "X-Auth-Key": SECRET_KEY },
        });
        await send(`${emulator.url}${hostnamePath("app.example.com")}?token=${SECRET_TOKEN}&key=${SECRET_KEY}`, {
            headers: { Authorization: `Bearer ${SECRET_TOKEN}` },
        });
        await send(`${emulator.url}${hostnamePath(SECRET_TOKEN)}`, { headers: { Authorization: `Bearer ${SECRET_TOKEN}x` } });
        const serialized = JSON.stringify(emulator.log.entries());
        expect(emulator.log.entries()).to.have.length(4);
        expect(serialized).to.not.include(SECRET_TOKEN);
        expect(serialized).to.not.include(SECRET_KEY);
        const admin = await send(`${emulator.origin}/__emulator/log`);
        expect(admin.text).to.not.include(SECRET_TOKEN).and.not.include(SECRET_KEY);
    });

    it("leaves admin requests out", async () => {
        await send(`${emulator.origin}/__emulator/health`);
        await send(`${emulator.origin}/__emulator/log`);
        expect(emulator.log.entries()).to.deep.equal([]);
    });

    it("orders entries by arrival even when answers finish out of order", async () => {
        const headers = { Authorization: `Bearer ${SECRET_TOKEN}` };
        emulator.control.injectFault({ kind: "latency", ms: 200 });
        const slow = send(`${emulator.url}${hostnamePath("app.example.com")}`, { headers });
        await new Promise((resolve) => setTimeout(resolve, 50));
        await send(`${emulator.url}${hostnamePath("b.example.com")}`, { headers });
        await slow;
        expect(emulator.log.entries().map((e) => [e.seq, e.hostname])).to.deep.equal([
            [1, "app.example.com"],
            [2, "b.example.com"],
        ]);
    });

    it("empties on clear", async () => {
        await send(`${emulator.url}/x`);
        emulator.log.clear();
        expect(emulator.log.entries()).to.deep.equal([]);
    });
});
