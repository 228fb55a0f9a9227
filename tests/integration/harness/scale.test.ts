import { expect } from "chai";
import { StackHarness } from "../../support/engine";
import { assertOk, disposeAll, FLEET_DIR, track } from "./support";

describe("engine harness: many resources", function () {
    this.timeout(120_000);
    afterEach(disposeAll);

    it("runs creates concurrently but never more at once than the parallel setting", async function () {
        const stack = track(
            new StackHarness({
                programDir: FLEET_DIR,
                config: { "harness-fleet:count": "40", "harness-fleet:delayMs": "20" },
                parallel: 4,
            }),
        );

        const result = assertOk(await stack.up());

        expect(result.outputs.memberCount).to.equal(40);
        // The host saw several creates in flight, and never more than four.
        expect(result.outputs.maxInFlight).to.be.within(2, 4);
    });

    it("creates 1000 dynamic resources in one up", async function () {
        const stack = track(new StackHarness({ programDir: FLEET_DIR, config: { "harness-fleet:count": "1000" } }));

        const result = assertOk(await stack.up());

        const members = result.steps.filter((step) => step.type === "pulumi-nodejs:dynamic/harness:Member");
        expect(members).to.have.length(1000);
        expect(members.every((step) => step.op === "create")).to.equal(true);
        expect(result.hostCalls.filter((call) => call.method === "Check" && call.ok)).to.have.length(1000);
        expect(result.hostCalls.filter((call) => call.method === "Create" && call.ok)).to.have.length(1000);
        expect(result.outputs.memberCount).to.equal(1000);
        expect(result.state.resources).to.have.length(1002);
        console.log(`        (1000 resources: up took ${result.durationMs} ms)`);
    });
});
