import { expect } from "chai";
import { assertOk, callsFor, disposeAll, echoStack, echoUrn, methods, stepOf } from "./support";

const TWO = JSON.stringify(["alpha", "beta"]);

describe("engine harness: later operations on the same stack", function () {
    afterEach(disposeAll);

    it("keeps state between runs and answers a second up without changes with Check, Diff and a same step", async function () {
        const stack = echoStack({ names: TWO });
        assertOk(await stack.up());
        const before = stack.state;

        const second = assertOk(await stack.up());

        expect(callsFor(second, echoUrn("alpha"))).to.deep.equal(["Check", "Diff"]);
        expect(methods(second)).to.not.include.members(["Create", "Update", "Delete"]);
        expect(
            second.steps.every((step) => step.op === "same"),
            JSON.stringify(second.steps),
        ).to.equal(true);
        expect(stack.state).to.deep.equal(before);
        expect(second.outputs.versions).to.deep.equal([1, 1]);
    });

    it("updates in place when Diff reports changes without replacements", async function () {
        const stack = echoStack({ names: TWO });
        assertOk(await stack.up());
        stack.setConfig("harness-echo:label", "v2");

        const result = assertOk(await stack.up());

        expect(callsFor(result, echoUrn("alpha"))).to.deep.equal(["Check", "Diff", "Update"]);
        expect(stepOf(result, "alpha")).to.include({ op: "update" });
        expect(stepOf(result, "alpha")?.diffKeys).to.deep.equal(["label"]);
        expect(result.outputs.versions).to.deep.equal([2, 2]);
        expect(result.outputs.ids).to.deep.equal(["echo-alpha-1", "echo-beta-1"]);
    });

    it("replaces when Diff names replacement keys: a fresh Check and Create, then Delete of the old resource last", async function () {
        const stack = echoStack({ names: TWO });
        assertOk(await stack.up());
        stack.setConfig("harness-echo:size", "2");

        const result = assertOk(await stack.up());

        expect(callsFor(result, echoUrn("alpha"))).to.deep.equal(["Check", "Diff", "Check", "Create", "Delete"]);
        expect(stepOf(result, "alpha")).to.deep.include({ op: "replace", diffKeys: ["size"] });
        const deletes = result.hostCalls.filter((call) => call.method === "Delete");
        expect(deletes.map((call) => call.id)).to.have.members(["echo-alpha-1", "echo-beta-1"]);
        // Create-before-delete: every Delete comes after every Create.
        const lastCreate = result.hostCalls.map((call) => call.method).lastIndexOf("Create");
        expect(result.hostCalls.findIndex((call) => call.method === "Delete")).to.be.greaterThan(lastCreate);
        expect(result.outputs.ids).to.deep.equal(["echo-alpha-2", "echo-beta-2"]);
    });

    it("deletes resources the program no longer declares and drops them from state", async function () {
        const stack = echoStack({ names: TWO });
        assertOk(await stack.up());
        stack.setConfig("harness-echo:names", JSON.stringify(["alpha"]));

        const result = assertOk(await stack.up());

        expect(callsFor(result, echoUrn("beta"))).to.deep.equal(["Delete"]);
        expect(stepOf(result, "beta")).to.include({ op: "delete" });
        expect(result.state.resources.map((resource) => resource.name)).to.not.include("beta");
        expect(result.hostStderr).to.contain("[echo] delete echo-beta-1");
    });

    it("reads a resource looked up with .get and records it as external, never deleting it", async function () {
        const stack = echoStack({ lookupId: "ext-42" });

        const read = assertOk(await stack.up());

        const urn = "urn:pulumi:dev::harness-echo::pulumi-nodejs:dynamic/harness:Echo::looked-up";
        expect(read.hostCalls.find((call) => call.urn === urn)).to.deep.include({ method: "Read", id: "ext-42", ok: true });
        expect(callsFor(read, urn)).to.deep.equal(["Read"]);
        expect(stepOf(read, "looked-up")).to.include({ op: "read" });
        const external = read.state.resources.find((resource) => resource.urn === urn);
        expect(external).to.deep.include({ id: "ext-42", external: true, custom: true });
        expect(read.outputs.externalReadCount).to.equal(1);

        stack.removeConfig("harness-echo:lookupId");
        const dropped = assertOk(await stack.up());
        expect(callsFor(dropped, urn)).to.deep.equal([]);
        expect(dropped.state.resources.map((resource) => resource.urn)).to.not.include(urn);
    });

    it("refreshes by reading every resource in state without running the program", async function () {
        const stack = echoStack({ names: TWO, lookupId: "ext-7" });
        assertOk(await stack.up());

        const result = assertOk(await stack.refresh());

        expect(methods(result)).to.deep.equal(["Configure", "Read", "Read", "Read"]);
        expect(result.steps.map((step) => `${step.op} ${step.name}`)).to.have.members([
            "refresh alpha",
            "refresh beta",
            "refresh looked-up",
        ]);
        const alpha = result.state.resources.find((resource) => resource.urn === echoUrn("alpha"));
        expect(alpha?.outputs.readCount).to.equal(1);
        expect(result.outputs.ids).to.deep.equal(["echo-alpha-1", "echo-beta-1"]);
    });

    it("refreshes with the provider config recorded at the last up, not the current config", async function () {
        const stack = echoStack({ greeting: "hi" });
        assertOk(await stack.up());
        stack.setConfig("harness-echo:greeting", "bonjour");

        const result = assertOk(await stack.refresh());

        const alpha = result.state.resources.find((resource) => resource.urn === echoUrn("alpha"));
        expect(alpha?.outputs.greeting).to.equal("hi, alpha");
        expect(result.hostStderr).to.contain("greeting=hi");
    });
});
