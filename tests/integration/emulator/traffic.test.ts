import { expect } from "chai";

import { processTraffic, startEmulator, type RunningEmulator } from "../../../emulator/index";
import { clientOf } from "../../../emulator/traffic";
import { BEARER, hostnamePath, hostnamesPath, send } from "../../fixtures/emulator/http-client";

const count = (client: string, method: string): number =>
    processTraffic().find((entry) => entry.client === client && entry.method === method)?.count ?? 0;

describe("emulator traffic tally", () => {
    let emulator: RunningEmulator;
    before(async () => {
        emulator = await startEmulator();
    });
    after(() => emulator.stop());

    it("names the client by the User-Agent's product token", () => {
        expect(clientOf("pulumi-cloudflare-aop-status/0.1.0 (node/20.20.2)")).to.equal("pulumi-cloudflare-aop-status");
        expect(clientOf("curl/8.5.0")).to.equal("curl");
        expect(clientOf(undefined)).to.equal("other");
        expect(clientOf("no slash here")).to.equal("other");
    });

    it("records the User-Agent in the request log", async () => {
        await send(`${emulator.url}${hostnamePath("app.example.com")}`, { headers: { ...BEARER, "User-Agent": "tally-test/1.0" } });
        expect(emulator.log.entries().at(-1)?.userAgent).to.equal("tally-test/1.0");
    });

    it("counts requests per client and method, and keeps counting after the log is cleared", async () => {
        const gets = count("tally-test", "GET");
        const puts = count("tally-test", "PUT");
        await send(`${emulator.url}${hostnamePath("app.example.com")}`, { headers: { ...BEARER, "User-Agent": "tally-test/1.0" } });
        emulator.log.clear();
        await send(`${emulator.url}${hostnamesPath()}`, {
            method: "PUT",
            headers: { ...BEARER, "User-Agent": "tally-test/1.0" },
            body: { config: [] },
        });
        expect(count("tally-test", "GET")).to.equal(gets + 1);
        expect(count("tally-test", "PUT")).to.equal(puts + 1);
    });
});
