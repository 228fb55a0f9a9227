import { expect } from "chai";
import { startEmulator, type RunningEmulator } from "../../../emulator/index";
import {
    BEARER,
    ClientTimeoutError,
    ConnectionClosedError,
    hostnamePath,
    hostnamesPath,
    send,
    ZONE,
} from "../../fixtures/emulator/http-client";

describe("emulator faults", () => {
    let emulator: RunningEmulator;
    const path = hostnamePath("app.example.com");
    const get = (timeoutMs = 2000) => send(`${emulator.url}${path}`, { headers: BEARER, timeoutMs });

    before(async () => {
        emulator = await startEmulator();
    });
    after(() => emulator.stop());
    beforeEach(() => emulator.control.reset());

    it("answers a status fault with a JSON failure envelope and optional Retry-After", async () => {
        emulator.control.injectFault({ kind: "status", status: 503, retryAfterSeconds: 7 });
        const response = await get();
        expect(response.status).to.equal(503);
        expect(response.headers["retry-after"]).to.equal("7");
        expect(response.headers.ratelimit).to.match(/^"default";r=\d+;t=\d+$/);
        expect(response.json()).to.deep.equal({
            success: false,
            errors: [{ code: 1000, message: "503 Service Unavailable" }],
            messages: [],
            result: null,
        });
    });

    it("uses the given error code and message, and Cloudflare's codes by default for 429 and 401", async () => {
        emulator.control.injectFault({ kind: "status", status: 500, errorCode: 10042, message: "Boom" });
        emulator.control.injectFault({ kind: "status", status: 429 });
        emulator.control.injectFault({ kind: "status", status: 401 });
        expect((await get()).json()).to.deep.include({ errors: [{ code: 10042, message: "Boom" }] });
        expect((await get()).json()).to.deep.include({
            errors: [{ code: 971, message: "Please wait and consider throttling your request speed" }],
        });
        expect((await get()).json()).to.deep.include({ errors: [{ code: 10000, message: "Authentication error" }] });
    });

    it("serves Cloudflare's HTML error page for an html fault", async () => {
        emulator.control.injectFault({ kind: "html" });
        emulator.control.injectFault({ kind: "html", status: 504 });
        const bad = await get();
        expect(bad.status).to.equal(502);
        expect(bad.headers["content-type"]).to.equal("text/html");
        expect(bad.text).to.include("<title>502 Bad Gateway</title>").and.include("cloudflare");
        expect((await get()).text).to.include("504 Gateway Timeout");
    });

    it("sends a truncated body for an invalid-json fault", async () => {
        emulator.control.injectFault({ kind: "invalid-json" });
        const response = await get();
        expect(response.status).to.equal(200);
        expect(() => {
            JSON.parse(response.text);
        }).to.throw(SyntaxError);
    });

    it("sends 200 with success:false for a success-false fault", async () => {
        emulator.control.injectFault({ kind: "success-false" });
        const response = await get();
        expect(response.status).to.equal(200);
        expect(response.json()).to.deep.include({ success: false, result: null });
    });

    it("sends 200 with success:true and result:null for a result-null fault", async () => {
        emulator.control.injectFault({ kind: "result-null" });
        expect((await get()).json()).to.deep.equal({ success: true, errors: [], messages: [], result: null });
    });

    it("sends a custom result for a mutate fault", async () => {
        const result = { hostname: "app.example.com", status: "quantum", enabled: "yes", certificate: "-----BEGIN CERTIFICATE-----\nnope" };
        emulator.control.injectFault({ kind: "mutate", result });
        expect((await get()).json()).to.deep.equal({ success: true, errors: [], messages: [], result });
    });

    it("closes the connection without an answer for a drop fault", async () => {
        emulator.control.injectFault({ kind: "drop" });
        const started = Date.now();
        const error = await get().then(
            () => undefined,
            (e: unknown) => e,
        );
        expect(error).to.be.instanceOf(ConnectionClosedError);
        expect(Date.now() - started).to.be.lessThan(1000);
        expect(emulator.log.entries()[0]).to.include({ status: 0, fault: "drop" });
    });

    it("never answers for a hang fault, until the client gives up", async () => {
        emulator.control.injectFault({ kind: "hang" });
        const error = await get(300).then(
            () => undefined,
            (e: unknown) => e,
        );
        expect(error).to.be.instanceOf(ClientTimeoutError);
        expect(emulator.log.entries()[0]).to.include({ status: 0, fault: "hang" });
        expect((await get()).status).to.equal(200);
    });

    it("delays matching requests for a latency fault and then answers normally", async () => {
        emulator.control.injectFault({ kind: "latency", ms: 250 });
        const started = Date.now();
        const response = await get();
        expect(Date.now() - started).to.be.at.least(240);
        expect(response.status).to.equal(200);
        expect(emulator.log.entries()[0]).to.include({ fault: "latency", status: 200 });
    });

    it("applies a fault to `count` requests and keeps an `always` fault until cleared", async () => {
        emulator.control.injectFault({ kind: "status", status: 502, count: 2 });
        expect([(await get()).status, (await get()).status, (await get()).status]).to.deep.equal([502, 502, 200]);
        emulator.control.injectFault({ kind: "status", status: 500, count: "always" });
        for (let i = 0; i < 4; i += 1) expect((await get()).status).to.equal(500);
        emulator.control.clearFaults();
        expect((await get()).status).to.equal(200);
    });

    it("only hits requests matching its hostname or zone", async () => {
        emulator.control.injectFault({ kind: "status", status: 503, match: { hostname: "other.example.com" } });
        emulator.control.injectFault({ kind: "status", status: 504, match: { zoneId: ZONE } });
        expect((await get()).status).to.equal(504);
        expect((await send(`${emulator.url}${hostnamePath("other.example.com")}`, { headers: BEARER })).status).to.equal(503);
    });

    it("does not apply a faulted PUT", async () => {
        emulator.control.injectFault({ kind: "status", status: 500 });
        const body = { config: [{ hostname: "new.example.com", cert_id: ZONE, enabled: true }] };
        expect((await send(`${emulator.url}${hostnamesPath()}`, { method: "PUT", headers: BEARER, body })).status).to.equal(500);
        expect((await send(`${emulator.url}${hostnamePath("new.example.com")}`, { headers: BEARER })).status).to.equal(404);
    });

    it("counts faulted requests against the rate limit and logs the fault", async () => {
        emulator.control.injectFault({ kind: "html", count: 3 });
        for (let i = 0; i < 3; i += 1) await get();
        expect(emulator.control.rateLimitState().used).to.equal(3);
        expect(emulator.log.entries().map((e) => e.fault)).to.deep.equal(["html", "html", "html"]);
    });

    it("lets authentication and the rate limit answer before a fault is used", async () => {
        emulator.control.injectFault({ kind: "drop" });
        expect((await send(`${emulator.url}${path}`)).status).to.equal(400);
        expect(emulator.control.pendingFaults()).to.have.length(1);
    });

    it("drops messages and result from a status fault's body when asked, as Cloudflare sometimes sends a 10000", async () => {
        emulator.control.injectFault({
            kind: "status",
            status: 403,
            errorCode: 10000,
            message: "Authentication error",
            omit: ["messages", "result"],
        });
        const response = await get();
        expect(response.status).to.equal(403);
        expect(response.json()).to.deep.equal({ success: false, errors: [{ code: 10000, message: "Authentication error" }] });
    });

    it("drops messages and result from a real error answer with a bare-errors fault, and leaves successes alone", async () => {
        emulator.control.injectFault({ kind: "bare-errors", count: 2 });
        expect((await send(`${emulator.url}${hostnamePath("missing.example.com")}`, { headers: BEARER })).json()).to.deep.equal({
            success: false,
            errors: [{ code: 1404, message: "No hostname AOP association found for missing.example.com" }],
        });
        expect((await get()).json()).to.include.keys("messages", "result");
        emulator.control.injectFault({ kind: "bare-errors", omit: ["result"] });
        expect((await send(`${emulator.url}${hostnamePath("missing.example.com")}`, { headers: BEARER })).json()).to.have.keys(
            "success",
            "errors",
            "messages",
        );
    });

    it("keeps a time-out fault for the next PUT, however many reads come first", async () => {
        emulator.control.injectFault({ kind: "time-out" });
        expect((await get()).status).to.equal(200);
        const body = { config: [{ hostname: "app.example.com", cert_id: ZONE, enabled: false }] };
        expect((await send(`${emulator.url}${hostnamesPath()}`, { method: "PUT", headers: BEARER, body })).status).to.equal(200);
        expect(emulator.control.pendingFaults()).to.deep.equal([]);
        expect(emulator.log.entries().map((e) => e.fault)).to.deep.equal([undefined, "time-out"]);
    });

    it("adds the configured latency before every API answer", async () => {
        emulator.control.setLatency(200);
        const started = Date.now();
        await get();
        expect(Date.now() - started).to.be.at.least(190);
    });

    it("applies a fault posted through the admin API", async () => {
        const response = await send(`${emulator.origin}/__emulator/faults`, {
            method: "POST",
            body: { kind: "status", status: 409, count: "always" },
        });
        expect(response.status).to.equal(200);
        expect((await get()).status).to.equal(409);
        expect((await get()).status).to.equal(409);
    });
});
