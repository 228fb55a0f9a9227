import { expect } from "chai";
import { OperationResult, StackHarness } from "../../support/engine";
import { assertOk, callsFor, disposeAll, ECHO_DIR, echoStack, echoUrn, methods, TOKEN, TOKEN_FINGERPRINT } from "./support";

describe("engine harness: the first up of a new stack", function () {
    let stack: StackHarness;
    let result: OperationResult;

    before(async function () {
        stack = echoStack({ names: JSON.stringify(["alpha", "beta"]), greeting: "hi" }, { env: { HARNESS_ECHO_MARKER: "marker-7" } });
        result = assertOk(await stack.up());
    });

    after(disposeAll);

    it("sends Configure first and only once", function () {
        expect(methods(result)[0]).to.equal("Configure");
        expect(methods(result).filter((method) => method === "Configure")).to.have.length(1);
    });

    it("configures the host with the stack config, secrets unwrapped, and the project name set", function () {
        // The provider hashes the token it reads in configure: the host saw the plain value.
        expect(result.outputs.tokenFingerprint).to.equal(TOKEN_FINGERPRINT);
        // `config.get("greeting")` without a namespace resolves through PULUMI_NODEJS_PROJECT.
        expect(result.outputs.hostProject).to.equal("harness-echo");
        expect(result.outputs.greetings).to.deep.equal(["hi, alpha", "hi, beta"]);
    });

    it("calls Check then Create for each new resource", function () {
        expect(callsFor(result, echoUrn("alpha"))).to.deep.equal(["Check", "Create"]);
        expect(callsFor(result, echoUrn("beta"))).to.deep.equal(["Check", "Create"]);
    });

    it("reports a create step for the stack, the component, the default provider and each resource", function () {
        expect(result.steps.map((step) => `${step.op} ${step.type}`)).to.have.members([
            "create pulumi:pulumi:Stack",
            "create harness:index:EchoGroup",
            "create pulumi:providers:pulumi-nodejs",
            "create pulumi-nodejs:dynamic/harness:Echo",
            "create pulumi-nodejs:dynamic/harness:Echo",
        ]);
    });

    it("starts the host in the program folder", function () {
        expect(result.outputs.hostCwd).to.equal(ECHO_DIR);
    });

    it("passes the extra environment to both the program and the host, then restores it", function () {
        expect(result.outputs.programMarker).to.equal("marker-7");
        expect(result.outputs.hostMarker).to.equal("marker-7");
        expect(process.env.HARNESS_ECHO_MARKER).to.equal(undefined);
    });

    it("captures what the host prints on stderr", function () {
        expect(result.hostStderr).to.contain("[echo] configured project=harness-echo greeting=hi");
        expect(result.hostStderr).to.contain("[echo] create alpha");
    });

    it("returns the stack outputs with secrets masked, and in plain text on request", function () {
        expect(result.outputs.secretLabel).to.equal("[secret]");
        expect(result.outputsPlain.secretLabel).to.equal("v1");
        expect(result.outputs.ids).to.deep.equal(["echo-alpha-1", "echo-beta-1"]);
    });

    it("records resources under the URNs the engine builds, with the default provider referenced", function () {
        const alpha = result.state.resources.find((resource) => resource.urn === echoUrn("alpha"));
        const provider = result.state.resources.find((resource) => resource.type === "pulumi:providers:pulumi-nodejs");
        expect(alpha, "alpha in state").to.not.equal(undefined);
        expect(provider?.urn).to.equal("urn:pulumi:dev::harness-echo::pulumi:providers:pulumi-nodejs::default");
        expect(alpha?.provider).to.equal(`${provider?.urn}::${provider?.id}`);
        expect(alpha?.parent).to.equal("urn:pulumi:dev::harness-echo::harness:index:EchoGroup::group");
        expect(alpha?.id).to.equal("echo-alpha-1");
        expect(alpha?.inputs.__provider).to.be.a("string").and.contain("exports.handler");
        expect(alpha?.outputs.version).to.equal(1);
    });

    it("never writes a secret in plain text to state", function () {
        const text = JSON.stringify(stack.state);
        expect(text).to.not.contain(TOKEN);
        const alpha = stack.state.resources.find((resource) => resource.urn === echoUrn("alpha"));
        // The token input was a secret, so the echoed output is marked secret too (annotateSecrets).
        expect(alpha?.inputs.token).to.have.property("ciphertext");
        expect(alpha?.outputs.token).to.have.property("ciphertext");
        expect(stack.revealSecrets(alpha?.outputs.token)).to.equal(TOKEN);
    });

    it("keeps secret stack config sealed in the default provider's inputs", function () {
        const provider = stack.state.resources.find((resource) => resource.type === "pulumi:providers:pulumi-nodejs");
        expect(provider?.inputs["harness-echo:greeting"]).to.equal("hi");
        expect(provider?.inputs["harness-echo:token"]).to.have.property("ciphertext");
    });
});
