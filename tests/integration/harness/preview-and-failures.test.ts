import { expect } from "chai";
import * as path from "path";
import { StackHarness } from "../../support/engine";
import { assertOk, callsFor, disposeAll, echoStack, echoUrn, FIXTURES, methods, stepOf, track } from "./support";

describe("engine harness: preview", function () {
    afterEach(disposeAll);

    it("previews a new stack with Check only: no Create, unknown outputs, no state", async function () {
        const stack = echoStack();

        const result = assertOk(await stack.preview());

        expect(methods(result)).to.deep.equal(["Configure", "Check"]);
        expect(stepOf(result, "alpha")).to.include({ op: "create" });
        expect(result.outputs.greetings).to.deep.equal(["<computed>"]);
        expect(result.outputs.ids).to.deep.equal(["<computed>"]);
        expect(result.state.resources).to.deep.equal([]);
    });

    it("reads resources looked up with .get during preview", async function () {
        const stack = echoStack({ lookupId: "ext-9" });

        const result = assertOk(await stack.preview());

        const urn = "urn:pulumi:dev::harness-echo::pulumi-nodejs:dynamic/harness:Echo::looked-up";
        expect(callsFor(result, urn)).to.deep.equal(["Read"]);
        expect(result.outputs.externalReadCount).to.equal(1);
        expect(methods(result)).to.not.include("Create");
    });

    it("previews a change with Check and Diff but never Update, and leaves state alone", async function () {
        const stack = echoStack();
        assertOk(await stack.up());
        const before = stack.state;
        stack.setConfig("harness-echo:label", "v2");

        const result = assertOk(await stack.preview());

        expect(callsFor(result, echoUrn("alpha"))).to.deep.equal(["Check", "Diff"]);
        expect(stepOf(result, "alpha")).to.include({ op: "update" });
        expect(stack.state).to.deep.equal(before);
    });
});

describe("engine harness: failures", function () {
    afterEach(disposeAll);

    it("fails the operation on check failures and names the property, without creating anything", async function () {
        const stack = echoStack({ size: "0" });

        const result = await stack.up();

        expect(result.ok).to.equal(false);
        expect(result.checkFailures).to.deep.equal([{ urn: echoUrn("alpha"), property: "size", reason: "size must be a positive number" }]);
        expect(result.error).to.contain(
            `${echoUrn("alpha")}: pulumi-nodejs:dynamic/harness:Echo resource 'alpha': property size value {0} has a problem: size must be a positive number`,
        );
        expect(methods(result)).to.not.include("Create");
    });

    it("fails the operation with the provider's message when create throws, keeping what succeeded", async function () {
        const stack = echoStack({ names: JSON.stringify(["alpha"]) });
        assertOk(await stack.up());
        stack.setConfig("harness-echo:names", JSON.stringify(["alpha", "gamma"]));
        stack.setConfig("harness-echo:failOn", "gamma");

        const result = await stack.up();

        expect(result.ok).to.equal(false);
        expect(result.error).to.equal(`${echoUrn("gamma")}: refusing to create gamma: failOn is set`);
        expect(result.hostCalls.find((call) => call.method === "Create")).to.deep.include({
            ok: false,
            error: "refusing to create gamma: failOn is set",
        });
        expect(result.state.resources.map((resource) => resource.name))
            .to.include("alpha")
            .and.not.include("gamma");
        // The stack outputs stay those of the last successful update.
        expect(result.outputs.ids).to.deep.equal(["echo-alpha-1"]);
    });

    it("refuses custom resources of providers it has no plugin for, naming the package", async function () {
        const stack = track(new StackHarness({ programDir: path.join(FIXTURES, "foreign") }));

        const result = await stack.up();

        expect(result.ok).to.equal(false);
        expect(result.error).to.contain("urn:pulumi:dev::harness-foreign::harness:index:Wrapper$cloudflare:index/zone:Zone::zone");
        expect(result.error).to.contain("needs the 'cloudflare' provider plugin");
        expect(result.hostCalls).to.deep.equal([]);
        // The component and the explicit provider resource were fine.
        expect(result.steps.map((step) => `${step.op} ${step.type}`)).to.include.members([
            "create harness:index:Wrapper",
            "create pulumi:providers:cloudflare",
        ]);
    });

    it("fails the operation when the program throws, quoting the error like the language host", async function () {
        const stack = track(new StackHarness({ programDir: path.join(FIXTURES, "broken"), config: { "harness-broken:mode": "loud" } }));

        const result = await stack.up();

        expect(result.ok).to.equal(false);
        expect(result.error).to.contain("urn:pulumi:dev::harness-broken::pulumi:pulumi:Stack::harness-broken-dev");
        expect(result.error).to.contain("failed with an unhandled exception");
        expect(result.error).to.contain("the program broke on purpose (mode=loud)");
    });

    it("leaves the working directory, environment and config of the process as they were", async function () {
        const cwd = process.cwd();
        const env = { ...process.env };
        const stack = track(new StackHarness({ programDir: path.join(FIXTURES, "broken") }));

        await stack.up();

        expect(process.cwd()).to.equal(cwd);
        expect(process.env).to.deep.equal(env);
    });
});
