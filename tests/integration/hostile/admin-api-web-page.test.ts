/**
 * Issue 11, item 10: the emulator's admin API (which can inject faults and rewrite data) refuses
 * what any web page open in the developer's browser could send it: a cross-origin "simple"
 * request (text/plain, a form), anything carrying an Origin header, and a Host that is not a
 * loopback name (DNS rebinding).
 */
import { expect } from "chai";

import { startEmulator, type RunningEmulator } from "../../../emulator/index";
import { BEARER, hostnamePath, send } from "../../fixtures/emulator/http-client";

describe("hostile case 10: the emulator's admin API refuses what a web page could send", () => {
    let emulator: RunningEmulator;
    const api = (path: string) => send(`${emulator.url}${path}`, { headers: BEARER });

    before(async () => {
        emulator = await startEmulator();
    });
    after(() => emulator.stop());
    beforeEach(() => emulator.control.reset());

    const fault = JSON.stringify({ kind: "status", status: 503, count: "always" });

    it("answers 415 to a body that is not application/json (a cross-origin text/plain POST) and injects nothing", async () => {
        for (const type of ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x"]) {
            const response = await send(`${emulator.origin}/__emulator/faults`, {
                method: "POST",
                headers: { "Content-Type": type },
                body: fault,
            });
            expect(response.status, type).to.equal(415);
            expect((response.json() as { ok: boolean }).ok).to.equal(false);
        }
        expect(emulator.control.pendingFaults()).to.deep.equal([]);
        expect((await api(hostnamePath("app.example.com"))).status).to.equal(200);
    });

    it("answers 403 to any request with an Origin header, even a well-formed JSON one or a GET", async () => {
        const posted = await send(`${emulator.origin}/__emulator/faults`, {
            method: "POST",
            headers: { Origin: "https://evil.example", "Content-Type": "application/json" },
            body: fault,
        });
        expect(posted.status).to.equal(403);
        expect(emulator.control.pendingFaults()).to.deep.equal([]);
        const read = await send(`${emulator.origin}/__emulator/log`, { headers: { Origin: "null" } });
        expect(read.status).to.equal(403);
        expect(read.json()).to.deep.include({ ok: false });
    });

    it("answers 403 to a Host that is not a loopback name, as DNS rebinding would send", async () => {
        const response = await send(`${emulator.origin}/__emulator/snapshot`, {
            headers: { Host: `attacker.example:${emulator.port}` },
        });
        expect(response.status).to.equal(403);
        for (const host of [`localhost:${emulator.port}`, `127.0.0.1:${emulator.port}`]) {
            expect((await send(`${emulator.origin}/__emulator/health`, { headers: { Host: host } })).status, host).to.equal(200);
        }
    });

    it("still takes JSON with a charset, and bodiless POSTs without a content type", async () => {
        const withCharset = await send(`${emulator.origin}/__emulator/faults`, {
            method: "POST",
            headers: { "Content-Type": "application/json; charset=utf-8" },
            body: fault,
        });
        expect(withCharset.status).to.equal(200);
        expect((await send(`${emulator.origin}/__emulator/reset`, { method: "POST" })).status).to.equal(200);
        expect(emulator.control.pendingFaults()).to.deep.equal([]);
    });
});
