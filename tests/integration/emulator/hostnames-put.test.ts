import { expect } from "chai";
import { startEmulator, type RunningEmulator } from "../../../emulator/index";
import { BEARER, hostnamePath, hostnamesPath, ManualClock, send, ZONE } from "../../fixtures/emulator/http-client";

interface Envelope {
    success: boolean;
    errors: Array<{ code: number; message: string }>;
    result: Array<Record<string, unknown>> | Record<string, unknown> | null;
}

describe("emulator PUT of hostname associations", () => {
    const clock = new ManualClock();
    let emulator: RunningEmulator;
    const put = async (body: unknown): Promise<{ status: number; body: Envelope }> => {
        const response = await send(`${emulator.url}${hostnamesPath()}`, { method: "PUT", headers: BEARER, body: body as object });
        return { status: response.status, body: response.json() as Envelope };
    };
    const status = async (hostname: string): Promise<Record<string, unknown>> =>
        ((await send(`${emulator.url}${hostnamePath(hostname)}`, { headers: BEARER })).json() as { result: Record<string, unknown> })
            .result;

    before(async () => {
        emulator = await startEmulator({
            now: clock.now,
            transitions: { initializingMs: 1_000, pendingDeploymentMs: 2_000, pendingDeletionMs: 3_000 },
        });
    });
    after(() => emulator.stop());
    beforeEach(() => emulator.control.reset());

    it("enables a new association and moves it from initializing to pending_deployment to active", async () => {
        const { status: code, body } = await put({ config: [{ hostname: "new.example.com", cert_id: ZONE, enabled: true }] });
        expect(code).to.equal(200);
        expect(body.success).to.equal(true);
        const [item] = body.result as Array<Record<string, unknown>>;
        expect(item).to.include({ id: ZONE, cert_id: ZONE, hostname: "new.example.com", enabled: true, status: "initializing" });
        clock.advance(1_000);
        expect((await status("new.example.com")).status).to.equal("pending_deployment");
        clock.advance(2_000);
        expect((await status("new.example.com")).status).to.equal("active");
    });

    it("disables an association, which redeploys it with enabled:false", async () => {
        await put({ config: [{ hostname: "app.example.com", cert_id: ZONE, enabled: false }] });
        expect(await status("app.example.com")).to.include({ enabled: false, status: "initializing" });
        clock.advance(3_000);
        expect(await status("app.example.com")).to.include({ enabled: false, status: "active" });
    });

    it("voids an association with enabled:null, which goes pending_deletion then deleted and stays readable", async () => {
        const { body } = await put({ config: [{ hostname: "app.example.com", cert_id: ZONE, enabled: null }] });
        expect((body.result as Array<Record<string, unknown>>)[0]).to.include({ enabled: null, status: "pending_deletion" });
        clock.advance(3_000);
        expect(await status("app.example.com")).to.include({ enabled: null, status: "deleted" });
    });

    it("ends the next PUT's deployment in deployment_timed_out after a time-out fault", async () => {
        emulator.control.injectFault({ kind: "time-out", match: { zoneId: ZONE } });
        await put({ config: [{ hostname: "app.example.com", cert_id: ZONE, enabled: false }] });
        clock.advance(1_000);
        expect(await status("app.example.com")).to.include({ status: "pending_deployment" });
        clock.advance(2_000);
        expect(await status("app.example.com")).to.include({ enabled: false, status: "deployment_timed_out" });
        await put({ config: [{ hostname: "app.example.com", cert_id: ZONE, enabled: true }] });
        clock.advance(3_000);
        expect(await status("app.example.com")).to.include({ enabled: true, status: "active" });
    });

    it("ends a deletion in deletion_timed_out for a hostname the seed flags to time out", async () => {
        emulator.control.setHostname(ZONE, { hostname: "app.example.com", emulator: { timeOut: true } });
        const { body } = await put({ config: [{ hostname: "app.example.com", cert_id: ZONE, enabled: null }] });
        expect((body.result as Array<Record<string, unknown>>)[0])
            .to.include({ status: "pending_deletion" })
            .and.not.have.property("emulator");
        clock.advance(3_000);
        expect(await status("app.example.com")).to.include({ enabled: null, status: "deletion_timed_out" });
    });

    it("answers every item of the body in order", async () => {
        const { body } = await put({
            config: [
                { hostname: "a.example.com", cert_id: ZONE, enabled: true },
                { hostname: "app.example.com", cert_id: ZONE, enabled: true },
            ],
        });
        expect((body.result as Array<Record<string, unknown>>).map((r) => [r.hostname, r.status])).to.deep.equal([
            ["a.example.com", "initializing"],
            ["app.example.com", "active"],
        ]);
    });

    it("answers 400 / 1415 for an unknown cert_id and applies none of the items", async () => {
        const { status: code, body } = await put({
            config: [
                { hostname: "a.example.com", cert_id: ZONE, enabled: true },
                { hostname: "b.example.com", cert_id: "ffffffffffffffffffffffffffffffff", enabled: true },
            ],
        });
        expect(code).to.equal(400);
        expect(body.errors).to.deep.equal([{ code: 1415, message: "Invalid certificate identifier: ffffffffffffffffffffffffffffffff" }]);
        expect((await send(`${emulator.url}${hostnamePath("a.example.com")}`, { headers: BEARER })).status).to.equal(404);
    });

    it("answers 400 / 1415 when cert_id is missing", async () => {
        const { body } = await put({ config: [{ hostname: "a.example.com", enabled: true }] });
        expect(body.errors[0].code).to.equal(1415);
    });

    it("answers 400 / 6007 for a body that is not JSON", async () => {
        const response = await send(`${emulator.url}${hostnamesPath()}`, { method: "PUT", headers: BEARER, body: "{config:" });
        expect(response.status).to.equal(400);
        expect((response.json() as Envelope).errors).to.deep.equal([{ code: 6007, message: "Malformed JSON in request body" }]);
    });

    it("answers 400 / 1400 for a body without a config array or with a bad item", async () => {
        for (const body of [
            {},
            { config: {} },
            { config: ["x"] },
            { config: [{ cert_id: ZONE, enabled: true }] },
            { config: [{ hostname: "a", cert_id: ZONE, enabled: "yes" }] },
        ]) {
            const answer = await put(body);
            expect(answer.status, JSON.stringify(body)).to.equal(400);
            expect(answer.body.errors[0].code, JSON.stringify(body)).to.equal(1400);
        }
    });

    it("answers 404 / 1001 for an unknown zone", async () => {
        const response = await send(`${emulator.url}${hostnamesPath("ffffffffffffffffffffffffffffffff")}`, {
            method: "PUT",
            headers: BEARER,
            body: { config: [] },
        });
        expect(response.status).to.equal(404);
    });
});
