/**
 * Upgrades are quiet. tests/fixtures/state-0.1.0 holds checkpoints that 0.1.0 (commit 7f315b1)
 * wrote for the root stack and the basic example, and the data its emulator served then (see the
 * README there). Each stack here starts from such a checkpoint, runs under this version through
 * the real provider host, against an emulator serving the same data, and must show:
 *  - no change in a preview or an up while Cloudflare's answer is the same;
 *  - an update exactly where Cloudflare's answer changed;
 *  - the outputs added since 0.1.0 (`problemCodes`, `configNamespace`) after a refresh, with the
 *    verdict 0.1.0 recorded;
 *  - a refresh that runs the `__provider` 0.1.0 stored, which loads `…/handler` by name.
 */
import { readFileSync } from "node:fs";
import path from "node:path";

import { expect } from "chai";

import { startEmulator, type RunningEmulator, type SeedDocument } from "../../../emulator/index";
import { recordedProblemCodes } from "../../../provider/health";
import { StackHarness, type OperationResult, type RecordedResource, type RecordedState } from "../../support/engine";
import { aopResources, aopSteps, everythingVisible, hostCallCounts, REPO_ROOT, ZONE } from "../../support/stacks";

const FIXTURE = path.join(REPO_ROOT, "tests", "fixtures", "state-0.1.0");

interface Generated {
    commit: string;
    packageVersion: string;
    token: string;
    stacks: {
        "root-stack.json": { hostnames: string[]; allowMissing: boolean };
        "basic-example.json": { hostname: string };
    };
}

function fixture<T>(file: string): T {
    return JSON.parse(readFileSync(path.join(FIXTURE, file), "utf8")) as T;
}

const generated = fixture<Generated>("generated.json");
const TOKEN = generated.token;

/** The data 0.1.0's emulator served, and statuses that stay put (no deployment is in flight). */
function startSameCloudflare(): Promise<RunningEmulator> {
    return startEmulator({
        seed: fixture<SeedDocument>("emulator-data.json"),
        credentials: { tokens: [TOKEN] },
        transitions: { initializingMs: 3_600_000, pendingDeploymentMs: 3_600_000, pendingDeletionMs: 3_600_000 },
    });
}

function rootStack(emulator: RunningEmulator): StackHarness {
    const { hostnames, allowMissing } = generated.stacks["root-stack.json"];
    return new StackHarness({
        programDir: REPO_ROOT,
        config: {
            "aop-status:zoneId": ZONE,
            "aop-status:hostnames": JSON.stringify(hostnames),
            "aop-status:allowMissing": String(allowMissing),
        },
        // As 0.1.0 ran it: the token in the environment, so the checkpoint holds no secret.
        env: { CLOUDFLARE_API_TOKEN: TOKEN, CLOUDFLARE_BASE_URL: emulator.url, CLOUDFLARE_API_KEY: undefined, CLOUDFLARE_EMAIL: undefined },
        checkpoint: fixture<RecordedState>("root-stack.json"),
    });
}

function byName(state: RecordedState): Map<string, RecordedResource> {
    return new Map(aopResources(state).map((resource) => [resource.name, resource]));
}

describe("upgrading from 0.1.0: a stack whose state 0.1.0 wrote", function () {
    this.timeout(180_000);
    const old = fixture<RecordedState>("root-stack.json");
    const oldResources = byName(old);
    const hostnames = generated.stacks["root-stack.json"].hostnames;
    let emulator: RunningEmulator;
    const stacks: StackHarness[] = [];
    const results: OperationResult[] = [];

    const start = (): StackHarness => {
        const stack = rootStack(emulator);
        stacks.push(stack);
        return stack;
    };
    const run = async (stack: StackHarness, operation: "up" | "preview" | "refresh"): Promise<OperationResult> => {
        const result = await stack[operation]();
        results.push(result);
        expect(result.ok, result.error).to.equal(true);
        return result;
    };

    before(async () => {
        emulator = await startSameCloudflare();
    });
    after(async () => {
        await Promise.all(stacks.map((stack) => stack.dispose()));
        await emulator?.stop();
    });

    it("was written by 0.1.0 at commit 7f315b1, and holds no secret", () => {
        expect(generated).to.include({ commit: "7f315b1e67dc3072bed92e33ada26e66a2bc2051", packageVersion: "0.1.0" });
        expect([...oldResources.keys()]).to.have.members(hostnames);
        for (const resource of oldResources.values()) {
            expect(resource.outputs).to.not.have.property("problemCodes");
            expect(resource.outputs).to.not.have.property("configNamespace");
        }
        expect(JSON.stringify(old)).to.not.contain("ciphertext");
    });

    it("shows no change in a preview while Cloudflare's answer is the same", async () => {
        emulator.control.reset();
        const result = await run(start(), "preview");
        expect(aopSteps(result)).to.have.deep.members(hostnames.map((name) => ({ name, op: "same" })));
        expect(result.steps.filter((step) => step.op !== "same")).to.deep.equal([]);
        expect(hostCallCounts(result)).to.deep.equal({ Configure: 1, Check: hostnames.length, Diff: hostnames.length });
        expect(emulator.log.entries().map((entry) => entry.method)).to.deep.equal(Array(hostnames.length).fill("GET"));
    });

    it("shows no change in an up either, and leaves 0.1.0's outputs as they were", async () => {
        emulator.control.reset();
        const stack = start();
        const result = await run(stack, "up");
        expect(result.steps.filter((step) => step.op !== "same")).to.deep.equal([]);
        for (const [name, resource] of byName(stack.state)) {
            expect(resource.outputs, name).to.deep.equal(oldResources.get(name)?.outputs);
        }
    });

    it("shows a change at Cloudflare as an update of that hostname alone", async () => {
        emulator.control.reset();
        emulator.control.setHostname(ZONE, { hostname: "deploying.example.com", status: "active" });
        const result = await run(start(), "preview");
        const changed = aopSteps(result).filter((step) => step.op !== "same");
        expect(changed).to.deep.equal([{ name: "deploying.example.com", op: "update" }]);
    });

    it("brings in the outputs added since 0.1.0 on refresh, with the verdict 0.1.0 recorded, through the __provider 0.1.0 stored", async () => {
        emulator.control.reset();
        const stack = start();
        const recordedShims = new Set([...byName(stack.state).values()].map((resource) => resource.outputs.__provider));
        // The refresh runs what state holds: 0.1.0's serialized shim, which loads `pulumi-cloudflare-aop-status/handler` by name.
        expect([...recordedShims]).to.deep.equal([oldResources.get("healthy.example.com")?.outputs.__provider]);

        const result = await run(stack, "refresh");
        expect(hostCallCounts(result)).to.deep.equal({ Configure: 1, Read: hostnames.length });
        expect(result.hostStderr).to.equal("");
        for (const [name, resource] of byName(stack.state)) {
            const before = oldResources.get(name)?.outputs ?? {};
            expect(resource.outputs.configNamespace, name).to.equal("cloudflare");
            expect(resource.outputs.problemCodes, name).to.deep.equal(recordedProblemCodes(before));
            // The verdict, not its wording: "expired 3660 days ago" says another number every day.
            expect(resource.outputs.healthy, name).to.equal(before.healthy);
            expect(resource.outputs.problems, name).to.have.length((before.problems as unknown[]).length);
        }
        expect(byName(stack.state).get("app.example.com")?.outputs.problemCodes).to.deep.equal(["expired"]);
        expect(byName(stack.state).get("missing.example.com")?.outputs).to.include({ found: false });

        // And the refreshed state is as quiet as the old one.
        const preview = await run(stack, "preview");
        expect(preview.steps.filter((step) => step.op !== "same")).to.deep.equal([]);
    });

    it("never lets the token reach state, outputs or the host's stderr", () => {
        expect(results.length).to.be.at.least(5);
        for (const result of results) expect(everythingVisible(result)).to.not.contain(TOKEN);
    });
});

describe("upgrading from 0.1.0: the basic example, with a .get lookup in its state", function () {
    this.timeout(180_000);
    let emulator: RunningEmulator;
    let stack: StackHarness;

    before(async () => {
        emulator = await startSameCloudflare();
        stack = new StackHarness({
            programDir: path.join(REPO_ROOT, "examples", "basic"),
            config: { "aop-basic:zoneId": ZONE, "aop-basic:hostname": generated.stacks["basic-example.json"].hostname },
            env: {
                CLOUDFLARE_API_TOKEN: TOKEN,
                CLOUDFLARE_BASE_URL: emulator.url,
                CLOUDFLARE_API_KEY: undefined,
                CLOUDFLARE_EMAIL: undefined,
            },
            checkpoint: fixture<RecordedState>("basic-example.json"),
        });
    });
    after(async () => {
        await stack?.dispose();
        await emulator?.stop();
    });

    it("previews the resource as unchanged and reads the lookup again, as every preview does", async () => {
        const result = await stack.preview();
        expect(result.ok, result.error).to.equal(true);
        expect(aopSteps(result)).to.have.deep.members([
            { name: "app", op: "same" },
            { name: "app-lookup", op: "read" },
        ]);
        expect(result.outputs).to.include({ status: "active", lookedUpStatus: "active", functionStatus: "active", healthy: true });
    });

    it("refreshes both the registered resource and the external lookup 0.1.0 recorded", async () => {
        const result = await stack.refresh();
        expect(result.ok, result.error).to.equal(true);
        expect(hostCallCounts(result)).to.deep.equal({ Configure: 1, Read: 2 });
        for (const resource of aopResources(stack.state)) {
            expect(resource.outputs, resource.name).to.include({ found: true, configNamespace: "cloudflare" });
            expect(resource.outputs.problemCodes, resource.name).to.deep.equal([]);
        }
        expect(aopResources(stack.state).find((resource) => resource.name === "app-lookup")?.external).to.equal(true);
    });
});
