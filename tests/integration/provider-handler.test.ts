import { readFileSync } from "node:fs";
import { join } from "node:path";

import { expect } from "chai";

import { AuthenticatedOriginPullStatusProvider, differs } from "../../provider/handler";
import type { StatusInputs, StatusOutputs } from "../../provider/types";
import { envelope, failure, FAKE_TOKEN, sampleResult, ScriptedServer } from "../support/scripted-server";

const ZONE = "023e105f4ecef8ad9ca31a8372d0c353";
const VALID_PEM = readFileSync(join(__dirname, "../fixtures/certs/valid-2026.pem"), "utf8");
const INPUTS: StatusInputs = { zoneId: ZONE, hostname: "app.example.com", allowMissing: false, expiryWarningDays: 30 };

function configured(server: ScriptedServer, extra: Record<string, string> = {}): AuthenticatedOriginPullStatusProvider {
    const provider = new AuthenticatedOriginPullStatusProvider({});
    const values: Record<string, string> = {
        "cloudflare:apiToken": FAKE_TOKEN,
        "cloudflare:baseUrl": server.baseUrl,
        "aopStatus:maxRetries": "0",
        ...extra,
    };
    void provider.configure({ config: { get: (key: string) => values[key], require: (key: string) => values[key] } });
    return provider;
}

describe("the provider's resource operations", () => {
    let server: ScriptedServer;
    before(async () => {
        server = await ScriptedServer.start();
    });
    after(() => server.stop());
    beforeEach(() => {
        server.reset();
        server.reply(() => ({ body: envelope(sampleResult({ certificate: VALID_PEM })) }));
    });

    it("check normalises inputs and applies defaults without any HTTP request or credentials", async () => {
        const provider = new AuthenticatedOriginPullStatusProvider({});
        const result = await provider.check({} as StatusInputs, { zoneId: ZONE, hostname: "App.Example.com" } as StatusInputs);
        expect(result).to.deep.equal({ inputs: { ...INPUTS, configNamespace: "cloudflare" } });
        expect(server.requests).to.have.length(0);
    });

    it("check keeps a configNamespace and refuses one that is not a plain name, naming it", async () => {
        const provider = new AuthenticatedOriginPullStatusProvider({});
        const kept = await provider.check({} as StatusInputs, { ...INPUTS, configNamespace: "cloudflare-second" });
        expect(kept).to.deep.equal({ inputs: { ...INPUTS, configNamespace: "cloudflare-second" } });
        const refused = await provider.check({} as StatusInputs, { ...INPUTS, configNamespace: "second:apiToken" });
        expect(refused.failures?.map((f) => f.property)).to.deep.equal(["configNamespace"]);
        expect(server.requests).to.have.length(0);
    });

    it("check names each bad property", async () => {
        const provider = new AuthenticatedOriginPullStatusProvider({});
        const result = await provider.check({} as StatusInputs, { zoneId: "xyz", hostname: "../settings" } as unknown as StatusInputs);
        expect(result.failures?.map((f) => f.property)).to.deep.equal(["zoneId", "hostname"]);
        expect(server.requests).to.have.length(0);
    });

    it("create reads the status once and returns the <zoneId>/<hostname> id", async () => {
        const result = await configured(server).create(INPUTS);
        expect(result.id).to.equal(`${ZONE}/app.example.com`);
        expect(result.outs).to.include({
            found: true,
            status: "active",
            enabled: true,
            healthy: true,
            certNotAfter: "2027-01-01T00:00:00.000Z",
        });
        expect(server.requests.map((r) => r.method)).to.deep.equal(["GET"]);
    });

    it("fails create with a message that says how to set credentials when there are none", async () => {
        const provider = new AuthenticatedOriginPullStatusProvider({});
        await provider.configure({ config: { get: () => undefined, require: () => "" } });
        try {
            await provider.create(INPUTS);
            expect.fail("create should fail");
        } catch (error) {
            expect((error as Error).message)
                .to.contain("No Cloudflare credentials found")
                .and.contain("CLOUDFLARE_API_TOKEN");
        }
        expect(server.requests).to.have.length(0);
    });

    it("read takes everything it needs from the id, as `.get` requires", async () => {
        const result = await configured(server).read(`${ZONE}/APP.example.com`);
        expect(result.id).to.equal(`${ZONE}/app.example.com`);
        expect(result.props).to.include({
            zoneId: ZONE,
            hostname: "app.example.com",
            allowMissing: false,
            expiryWarningDays: 30,
            found: true,
        });
    });

    it("read rejects a malformed id without any request", async () => {
        try {
            await configured(server).read("not-an-id");
            expect.fail("read should fail");
        } catch (error) {
            expect((error as Error).message).to.match(/id must be "<zoneId>\/<hostname>"/);
        }
        expect(server.requests).to.have.length(0);
    });

    it("read keeps allowMissing from the recorded state during refresh", async () => {
        server.reply(() => ({ status: 404, body: failure(1404, "not found") }));
        const previous = { ...INPUTS, allowMissing: true } as StatusOutputs;
        const result = await configured(server).read(`${ZONE}/app.example.com`, previous);
        expect(result.props).to.include({ found: false, allowMissing: true });
    });

    it("read of a recorded resource whose association vanished returns no id, so a refresh drops it from state", async () => {
        server.reply(() => ({ status: 404, body: failure(1404, "No hostname AOP association found") }));
        const previous = { ...INPUTS, found: true, allowMissing: false } as StatusOutputs;
        const result = await configured(server).read(`${ZONE}/app.example.com`, previous);
        expect(result.id).to.equal("");
        expect(server.requests).to.have.length(1);
    });

    it("read of an id never recorded (a .get) fails with NotFoundError instead, as there is nothing to drop", async () => {
        server.reply(() => ({ status: 404, body: failure(1404, "No hostname AOP association found") }));
        try {
            await configured(server).read(`${ZONE}/app.example.com`, {});
            expect.fail("read should fail");
        } catch (error) {
            expect((error as Error).name).to.equal("NotFoundError");
        }
    });

    it("read still fails on a zone error during refresh, whatever allowMissing says", async () => {
        server.reply(() => ({ status: 404, body: failure(1001, "Invalid zone identifier") }));
        for (const allowMissing of [false, true]) {
            const previous = { ...INPUTS, found: true, allowMissing } as StatusOutputs;
            try {
                await configured(server).read(`${ZONE}/app.example.com`, previous);
                expect.fail("read should fail");
            } catch (error) {
                expect((error as Error).name).to.equal("ZoneNotFoundError");
            }
        }
    });

    it("diff replaces when the zone or hostname changes, without a request", async () => {
        const olds = (await configured(server).create(INPUTS)).outs as StatusOutputs;
        server.reset();
        const result = await configured(server).diff("id", olds, { ...INPUTS, hostname: "other.example.com" });
        expect(result).to.deep.include({ changes: true, replaces: ["hostname"] });
        expect(server.requests).to.have.length(0);
    });

    it("diff reports an update when only the other arguments change", async () => {
        const olds = (await configured(server).create(INPUTS)).outs as StatusOutputs;
        server.reset();
        expect(await configured(server).diff("id", olds, { ...INPUTS, expiryWarningDays: 60 })).to.deep.equal({ changes: true });
        expect(server.requests).to.have.length(0);
    });

    it("diff reports an update, without a request, when the config namespace changes", async () => {
        const olds = (await configured(server).create(INPUTS)).outs as StatusOutputs;
        server.reset();
        const result = await configured(server).diff("id", olds, { ...INPUTS, configNamespace: "cloudflare-second" });
        expect(result).to.deep.equal({ changes: true });
        expect(server.requests).to.have.length(0);
    });

    it("diff counts outputs without a config namespace (state written by 0.1.0) as the default one: no change", async () => {
        const provider = configured(server);
        const { configNamespace, ...olds } = (await provider.create(INPUTS)).outs as StatusOutputs & { configNamespace?: string };
        expect(configNamespace).to.equal("cloudflare");
        expect(await provider.diff(`${ZONE}/app.example.com`, olds, { ...INPUTS, configNamespace: "cloudflare" })).to.deep.equal({
            changes: false,
        });
    });

    it("diff reports no change when Cloudflare's state is unchanged", async () => {
        const provider = configured(server);
        const olds = (await provider.create(INPUTS)).outs as StatusOutputs;
        expect(await provider.diff(`${ZONE}/app.example.com`, olds, INPUTS)).to.deep.equal({ changes: false });
    });

    it("diff detects drift, and the update that follows reuses its GET", async () => {
        const provider = configured(server);
        const id = `${ZONE}/app.example.com`;
        const olds = (await provider.create(INPUTS)).outs as StatusOutputs;
        server.reset();
        server.reply(() => ({ body: envelope(sampleResult({ certificate: VALID_PEM, status: "pending_deployment" })) }));
        expect(await provider.diff(id, olds, INPUTS)).to.deep.equal({ changes: true });
        const updated = await provider.update(id, olds, INPUTS);
        expect(updated.outs).to.include({ status: "pending_deployment", healthy: false });
        expect(server.requests).to.have.length(1);
    });

    it("treats the days ticking down as no change, but crossing into the warning window as one", () => {
        const base = { ...INPUTS, found: true, enabled: true, status: "active", certStatus: "active", healthy: false } as StatusOutputs;
        const day1 = { ...base, daysUntilExpiry: 12, problems: ["certificate expires in 12 days (2026-12-09)"] };
        const day2 = { ...base, daysUntilExpiry: 11, problems: ["certificate expires in 11 days (2026-12-09)"] };
        expect(differs(day1, day2)).to.equal(false);
        const before = { ...base, healthy: true, daysUntilExpiry: 31, problems: [] };
        expect(differs(before, { ...base, daysUntilExpiry: 29, problems: ["certificate expires in 29 days (2026-12-26)"] })).to.equal(true);
    });

    it("has no delete, so destroying the resource has nothing to send", () => {
        expect((configured(server) as { delete?: unknown }).delete).to.equal(undefined);
    });
});
