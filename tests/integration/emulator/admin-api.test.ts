import { expect } from "chai";
import { startEmulator, type RunningEmulator } from "../../../emulator/index";
import { BEARER, hostnamePath, send, TOKEN, ZONE } from "../../fixtures/emulator/http-client";

describe("emulator admin API", () => {
    let emulator: RunningEmulator;
    const admin = (method: string, path: string, body?: object) =>
        send(`${emulator.origin}/__emulator${path}`, { method, body }).then((r) => ({
            status: r.status,
            body: r.json() as Record<string, unknown>,
            type: r.headers["content-type"],
        }));
    const api = (path: string) => send(`${emulator.url}${path}`, { headers: BEARER });

    before(async () => {
        emulator = await startEmulator({ rateLimit: { quota: 10 } });
    });
    after(() => emulator.stop());
    beforeEach(() => emulator.control.reset());

    it("reports health with the URLs to use", async () => {
        const health = await admin("GET", "/health");
        expect(health.status).to.equal(200);
        expect(health.type).to.equal("application/json");
        expect(health.body).to.deep.equal({ ok: true, status: "up", url: emulator.url, origin: emulator.origin });
    });

    it("queues, lists and clears faults", async () => {
        const posted = await admin("POST", "/faults", {
            kind: "status",
            status: 503,
            count: "always",
            match: { hostname: "app.example.com" },
        });
        expect(posted.body.faults).to.deep.equal([
            { spec: { kind: "status", status: 503, count: "always", match: { hostname: "app.example.com" } }, remaining: "always" },
        ]);
        expect((await api(hostnamePath("app.example.com"))).status).to.equal(503);
        await admin("DELETE", "/faults");
        expect((await admin("GET", "/faults")).body.faults).to.deep.equal([]);
        expect((await api(hostnamePath("app.example.com"))).status).to.equal(200);
    });

    it("rejects a malformed fault with 400 and the reason", async () => {
        const answer = await admin("POST", "/faults", { kind: "meltdown" });
        expect(answer.status).to.equal(400);
        expect(answer.body).to.deep.include({ ok: false });
        expect((answer.body.error as { name: string }).name).to.equal("FaultSpecError");
    });

    it("sets latency", async () => {
        expect((await admin("PUT", "/latency", { ms: 150 })).body).to.deep.equal({ ok: true, latencyMs: 150 });
        const started = Date.now();
        await api(hostnamePath("app.example.com"));
        expect(Date.now() - started).to.be.at.least(140);
        expect((await admin("PUT", "/latency", { ms: -1 })).status).to.equal(400);
    });

    it("consumes quota for the default credential, a label, or a secret, and reports the state", async () => {
        const consumed = await admin("POST", "/quota/consume", { count: 4 });
        expect(consumed.body.state).to.include({ credential: "token#1", used: 4, remaining: 6 });
        await admin("POST", "/quota/consume", { count: 2, credential: "token#1" });
        await admin("POST", "/quota/consume", { count: 5, credential: { token: TOKEN } });
        const state = (await admin("GET", "/quota?credential=token%231")).body.state as { blockedUntil: number | null; remaining: number };
        expect(state.remaining).to.equal(0);
        expect(state.blockedUntil).to.be.a("number");
        expect((await api(hostnamePath("app.example.com"))).status).to.equal(429);
    });

    it("refuses to consume quota for a credential it does not have", async () => {
        expect((await admin("POST", "/quota/consume", { count: 1, credential: { token: "unknown" } })).status).to.equal(400);
        expect((await admin("POST", "/quota/consume", { count: 1, credential: "token#9" })).status).to.equal(400);
    });

    it("creates, patches and deletes hostname records", async () => {
        const created = await admin("PUT", `/zones/${ZONE}/hostnames/new.example.com`, { enabled: false, status: "pending_deployment" });
        expect(created.body.record).to.deep.equal({ enabled: false, hostname: "new.example.com", status: "pending_deployment" });
        const patched = await admin("PUT", `/zones/${ZONE}/hostnames/new.example.com`, { status: "active" });
        expect(patched.body.record).to.include({ enabled: false, status: "active" });
        expect(((await api(hostnamePath("new.example.com"))).json() as { result: unknown }).result).to.deep.equal(patched.body.record);
        expect((await admin("DELETE", `/zones/${ZONE}/hostnames/new.example.com`)).status).to.equal(200);
        expect((await api(hostnamePath("new.example.com"))).status).to.equal(404);
        expect((await admin("DELETE", `/zones/${ZONE}/hostnames/new.example.com`)).status).to.equal(404);
    });

    it("rejects an off-spec hostname patch with the problems listed", async () => {
        const answer = await admin("PUT", `/zones/${ZONE}/hostnames/app.example.com`, { status: "paused", colour: "red" });
        expect(answer.status).to.equal(400);
        expect((answer.body.error as { message: string }).message)
            .to.match(/status must be one of/)
            .and.match(/colour is not a known field/);
    });

    it("returns and clears the request log", async () => {
        await api(hostnamePath("app.example.com"));
        expect(((await admin("GET", "/log")).body.entries as unknown[]).length).to.equal(1);
        await admin("DELETE", "/log");
        expect((await admin("GET", "/log")).body.entries).to.deep.equal([]);
    });

    it("snapshots the data and resets everything to the start", async () => {
        await admin("PUT", `/zones/${ZONE}/hostnames/app.example.com`, { enabled: false });
        await admin("POST", "/faults", { kind: "drop", count: "always" });
        await admin("POST", "/quota/consume", { count: 11 });
        const snapshot = (await admin("GET", "/snapshot")).body.snapshot as {
            zones: Record<string, { hostnames: Array<{ enabled: boolean }> }>;
        };
        expect(snapshot.zones[ZONE].hostnames[0].enabled).to.equal(false);

        expect((await admin("POST", "/reset")).body).to.deep.equal({ ok: true });
        const answer = await api(hostnamePath("app.example.com"));
        expect(answer.status).to.equal(200);
        expect((answer.json() as { result: { enabled: boolean } }).result.enabled).to.equal(true);
        expect(emulator.log.entries()).to.have.length(1);
    });

    it("is never rate-limited and never logged", async () => {
        await admin("POST", "/quota/consume", { count: 11 });
        for (let i = 0; i < 5; i += 1) expect((await admin("GET", "/health")).status).to.equal(200);
        expect(emulator.log.entries()).to.deep.equal([]);
    });

    it("answers 404 JSON for an unknown admin route and 400 for a body that is not JSON", async () => {
        const missing = await admin("GET", "/nothing");
        expect(missing.status).to.equal(404);
        expect(missing.body).to.deep.include({ ok: false });
        const broken = await send(`${emulator.origin}/__emulator/faults`, { method: "POST", body: "{kind" });
        expect(broken.status).to.equal(400);
    });
});
