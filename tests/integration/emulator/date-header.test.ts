import { expect } from "chai";

import { startEmulator } from "../../../emulator/index";
import { BEARER, hostnamePath, send } from "../../fixtures/emulator/http-client";

describe("the emulator's Date header", () => {
    it("follows the emulator's own clock, so a client's clock-skew check can be tested against it", async () => {
        const tenMinutesAgo = Date.parse("2026-01-15T12:00:00Z");
        const emulator = await startEmulator({ now: () => tenMinutesAgo });
        try {
            const response = await send(`${emulator.url}${hostnamePath("app.example.com")}`, { headers: BEARER });
            expect(response.status).to.equal(200);
            expect(response.headers.date).to.equal("Thu, 15 Jan 2026 12:00:00 GMT");
        } finally {
            await emulator.stop();
        }
    });

    it("is still sent on answers the emulator refuses", async () => {
        const emulator = await startEmulator({ now: () => Date.parse("2030-06-01T00:00:00Z") });
        try {
            const response = await send(`${emulator.url}${hostnamePath("app.example.com")}`);
            expect(response.status).to.equal(400);
            expect(response.headers.date).to.equal("Sat, 01 Jun 2030 00:00:00 GMT");
        } finally {
            await emulator.stop();
        }
    });
});
