import { expect } from "chai";

import type { RunningEmulator } from "../../../emulator/index";
import type { OperationResult, StackHarness } from "../../support/engine";
import { FAKE_TOKEN } from "../../support/scripted-server";
import { aopResources, aopSteps, everythingVisible, hostCallCounts, HOSTS, stackFor, startTestEmulator, ZONE } from "../../support/stacks";

const hostnames = [HOSTS.healthy.hostname, HOSTS.deploying.hostname, HOSTS.disabled.hostname, HOSTS.expiring.hostname];

describe("the root monitoring stack, through the real provider host", function () {
    this.timeout(120_000);
    let emulator: RunningEmulator;
    let stack: StackHarness;
    /** Every operation's result, checked for leaks at the end. */
    const results: OperationResult[] = [];
    const run = async (operation: "up" | "preview" | "refresh"): Promise<OperationResult> => {
        const result = await stack[operation]();
        results.push(result);
        return result;
    };

    before(async () => {
        emulator = await startTestEmulator();
        stack = stackFor(".", emulator, { "aop-status:zoneId": ZONE, "aop-status:hostnames": JSON.stringify(hostnames) });
    });
    after(async () => {
        await stack.dispose();
        await emulator.stop();
    });

    it("creates one resource per hostname on the first up and exports each status and a summary", async () => {
        emulator.log.clear();
        const result = await run("up");
        expect(result.ok, result.error).to.equal(true);
        expect(aopSteps(result)).to.have.deep.members(hostnames.map((name) => ({ name, op: "create" })));
        expect(hostCallCounts(result)).to.deep.equal({ Configure: 1, Check: 4, Create: 4 });
        const statuses = result.outputs.hostnameStatus as Record<
            string,
            { healthy: boolean; status: string; problems: string[]; daysUntilExpiry: number }
        >;
        expect(statuses[HOSTS.healthy.hostname]).to.include({ healthy: true, status: "active" });
        expect(statuses[HOSTS.deploying.hostname].problems).to.deep.equal(["status is pending_deployment"]);
        expect(statuses[HOSTS.disabled.hostname].problems).to.deep.equal(["hostname AOP is disabled"]);
        expect(statuses[HOSTS.expiring.hostname].problems[0]).to.match(/^certificate expires in 12 days/);
        expect(result.outputs.summary).to.deep.equal({
            total: 4,
            healthy: 1,
            unhealthy: [HOSTS.deploying.hostname, HOSTS.disabled.hostname, HOSTS.expiring.hostname],
        });
        expect(emulator.log.entries().map((e) => `${e.method} ${e.status}`)).to.deep.equal(Array(4).fill("GET 200"));
    });

    it("records the <zoneId>/<hostname> id and a thin __provider without secrets in state", () => {
        const resources = aopResources(stack.state);
        expect(resources.map((r) => r.id)).to.have.members(hostnames.map((h) => `${ZONE}/${h}`));
        for (const resource of resources) {
            const provider = resource.outputs.__provider as string;
            expect(Buffer.byteLength(provider)).to.be.at.most(4096);
            expect(provider).to.contain('"pulumi-cloudflare-aop-status"').and.contain("/handler");
            expect(resource.inputs.__provider).to.equal(provider);
        }
        expect(JSON.stringify(stack.state)).to.not.contain(FAKE_TOKEN);
    });

    it("shows no changes on a second up when nothing changed at Cloudflare, with one GET per resource", async () => {
        emulator.log.clear();
        const result = await run("up");
        expect(result.ok, result.error).to.equal(true);
        expect(aopSteps(result).map((s) => s.op)).to.deep.equal(["same", "same", "same", "same"]);
        expect(hostCallCounts(result)).to.deep.equal({ Configure: 1, Check: 4, Diff: 4 });
        expect(emulator.log.entries()).to.have.length(4);
    });

    it("shows a status change at Cloudflare as drift in preview, and as an update on the next up that reuses the diff's GET", async () => {
        emulator.control.setHostname(ZONE, { hostname: HOSTS.deploying.hostname, status: "active" });
        const preview = await run("preview");
        expect(preview.ok, preview.error).to.equal(true);
        expect(aopSteps(preview).find((s) => s.name === HOSTS.deploying.hostname)?.op).to.equal("update");
        expect(preview.hostCalls.some((call) => call.method === "Update" || call.method === "Create")).to.equal(false);

        emulator.log.clear();
        const result = await run("up");
        expect(result.ok, result.error).to.equal(true);
        const ops = Object.fromEntries(aopSteps(result).map((s) => [s.name, s.op]));
        expect(ops).to.deep.equal({
            [HOSTS.healthy.hostname]: "same",
            [HOSTS.deploying.hostname]: "update",
            [HOSTS.disabled.hostname]: "same",
            [HOSTS.expiring.hostname]: "same",
        });
        expect(emulator.log.entries()).to.have.length(4);
        const statuses = result.outputs.hostnameStatus as Record<string, { healthy: boolean; status: string }>;
        expect(statuses[HOSTS.deploying.hostname]).to.include({ status: "active", healthy: true });
        expect((result.outputs.summary as { healthy: number }).healthy).to.equal(2);
    });

    it("re-reads every resource on refresh", async () => {
        emulator.control.setHostname(ZONE, { hostname: HOSTS.healthy.hostname, enabled: false });
        emulator.log.clear();
        const result = await run("refresh");
        expect(result.ok, result.error).to.equal(true);
        expect(hostCallCounts(result).Read).to.equal(4);
        expect(emulator.log.entries()).to.have.length(4);
        const healthy = aopResources(result.state).find((r) => r.name === HOSTS.healthy.hostname);
        expect(healthy?.outputs).to.include({ enabled: false, healthy: false });
    });

    it("drops a hostname removed from config with a delete step that sends nothing to Cloudflare", async () => {
        stack.setConfig("aop-status:hostnames", JSON.stringify(hostnames.slice(1)));
        emulator.log.clear();
        const result = await run("up");
        expect(result.ok, result.error).to.equal(true);
        expect(aopSteps(result).find((s) => s.name === hostnames[0])?.op).to.equal("delete");
        expect(result.hostCalls.filter((call) => call.method === "Delete").every((call) => call.ok)).to.equal(true);
        expect(emulator.log.entries().map((e) => e.method)).to.deep.equal(["GET", "GET", "GET"]);
        expect(aopResources(result.state).map((r) => r.name)).to.not.include(hostnames[0]);
    });

    it("never lets the token reach state, outputs, errors or the host's stderr in any of those operations", () => {
        expect(results.length).to.be.at.least(5);
        for (const result of results) expect(everythingVisible(result)).to.not.contain(FAKE_TOKEN);
    });
});

describe("the root stack with bad input or no credentials", function () {
    this.timeout(120_000);
    let emulator: RunningEmulator;
    before(async () => {
        emulator = await startTestEmulator();
    });
    after(() => emulator.stop());

    it("rejects a bad hostname at preview, naming the property, without any request", async () => {
        const stack = stackFor(".", emulator, {
            "aop-status:zoneId": ZONE,
            "aop-status:hostnames": JSON.stringify(["ok.example.com", "../settings"]),
        });
        try {
            emulator.log.clear();
            const result = await stack.preview();
            expect(result.ok).to.equal(false);
            expect(result.checkFailures.map((f) => f.property)).to.deep.equal(["hostname"]);
            expect(result.error).to.contain("hostname must not contain '/'");
            expect(emulator.log.entries()).to.have.length(0);
        } finally {
            await stack.dispose();
        }
    });

    it("reads the token from the environment when stack config has none", async () => {
        const stack = stackFor(
            ".",
            emulator,
            { "aop-status:zoneId": ZONE, "aop-status:hostnames": JSON.stringify([HOSTS.healthy.hostname]) },
            {
                secretConfig: {},
                env: { CLOUDFLARE_API_TOKEN: FAKE_TOKEN },
            },
        );
        try {
            const result = await stack.up();
            expect(result.ok, result.error).to.equal(true);
            expect(everythingVisible(result)).to.not.contain(FAKE_TOKEN);
        } finally {
            await stack.dispose();
        }
    });

    it("fails the up with instructions when there are no credentials at all", async () => {
        const stack = stackFor(
            ".",
            emulator,
            { "aop-status:zoneId": ZONE, "aop-status:hostnames": JSON.stringify([HOSTS.healthy.hostname]) },
            {
                secretConfig: {},
                env: { CLOUDFLARE_API_TOKEN: undefined, CLOUDFLARE_API_KEY: undefined, CLOUDFLARE_EMAIL: undefined },
            },
        );
        try {
            emulator.log.clear();
            const result = await stack.up();
            expect(result.ok).to.equal(false);
            expect(result.error)
                .to.contain("No Cloudflare credentials found")
                .and.contain("pulumi config set --secret cloudflare:apiToken");
            expect(emulator.log.entries()).to.have.length(0);
        } finally {
            await stack.dispose();
        }
    });

    it("fails the up with a clear message naming the credential source when the token is wrong", async () => {
        const stack = stackFor(
            ".",
            emulator,
            { "aop-status:zoneId": ZONE, "aop-status:hostnames": JSON.stringify([HOSTS.healthy.hostname]) },
            {
                secretConfig: { "cloudflare:apiToken": "wrong-token-0000" },
            },
        );
        try {
            const result = await stack.up();
            expect(result.ok).to.equal(false);
            expect(result.error).to.contain("HTTP 403").and.contain("[9109]").and.contain("stack config cloudflare:apiToken");
            expect(everythingVisible(result)).to.not.contain("wrong-token-0000");
        } finally {
            await stack.dispose();
        }
    });
});
