/**
 * docs/recipes/drift-gate.md, run from its own text: the workflow's pulumi/actions step and the
 * recipe's `pulumi preview` and `pulumi refresh` lines are carried out through the engine harness,
 * on the stack of docs/recipes/README.md against the emulator.
 *
 * What cannot run here: the Pulumi CLI and the action (the harness stands in for them), GitHub's
 * scheduler.
 */
import { expect } from "chai";

import { startEmulator, type RunningEmulator } from "../../../emulator/index";
import type { StackHarness } from "../../support/engine";
import { carryOut, fromActionStep, fromCommandLine, type CarriedOut, type PulumiRun } from "../../support/recipes/pulumi-commands";
import { Recipe } from "../../support/recipes/recipe";
import { recipeSeed } from "../../support/recipes/seed";
import { RecipeStackProject } from "../../support/recipes/stack-project";
import { parseWorkflow, scheduleCrons, stepEnvironment, stepsUsing } from "../../support/recipes/workflow";
import { FAKE_TOKEN } from "../../support/scripted-server";

const WORKFLOW = ".github/workflows/aop-drift.yml";
const ZONE = "023e105f4ecef8ad9ca31a8372d0c353";

describe("recipe: drift gate (docs/recipes/drift-gate.md)", function () {
    this.timeout(180_000);
    const recipe = Recipe.load("drift-gate");
    const workflow = parseWorkflow(recipe.file(WORKFLOW), WORKFLOW);
    const actionSteps = stepsUsing(workflow, "pulumi/actions");
    const commands = recipe.shellCommands();

    function theStep(): PulumiRun {
        expect(actionSteps, "pulumi/actions steps").to.have.length(1);
        return fromActionStep(actionSteps[0].step);
    }

    /** The recipe's one `pulumi <command>` line. */
    function theLine(command: "preview" | "refresh"): PulumiRun {
        const lines = commands.filter((line) => line.startsWith(`pulumi ${command} `));
        expect(lines, `pulumi ${command} lines`).to.have.length(1);
        return fromCommandLine(lines[0]);
    }

    it("runs a preview with expect-no-changes, an input of pulumi/actions, on a daily schedule and not on pull requests", () => {
        expect(theStep()).to.deep.include({ command: "preview", expectNoChanges: true, refresh: false, policyPacks: [] });
        expect(scheduleCrons(workflow)).to.have.length(1);
        expect(scheduleCrons(workflow)[0]).to.match(/^\d{1,2} \d{1,2} \* \* \*$/);
        expect(Object.keys(workflow.on)).to.not.include("pull_request");
    });

    it("gives the same preview on the command line as in the workflow, and refreshes the same stack", () => {
        expect(theLine("preview")).to.deep.equal(theStep());
        expect(theLine("refresh")).to.deep.include({ command: "refresh", stack: theStep().stack });
    });

    describe("through the engine harness, after a pulumi up", () => {
        let emulator: RunningEmulator;
        let project: RecipeStackProject;
        let stack: StackHarness;
        const runs: CarriedOut[] = [];
        const carry = async (run: PulumiRun): Promise<CarriedOut> => {
            const carried = await carryOut(run, stack);
            runs.push(carried);
            return carried;
        };

        before(async () => {
            project = new RecipeStackProject(Recipe.load("README"), "prod");
            emulator = await startEmulator({
                seed: recipeSeed({ [ZONE]: { hostnames: { "app.example.com": "healthy", "api.example.com": "deploying" } } }),
                credentials: { tokens: [FAKE_TOKEN] },
            });
            const { job, step } = actionSteps[0];
            const env = stepEnvironment(workflow, job, step, {
                secrets: { CLOUDFLARE_API_TOKEN: FAKE_TOKEN, PULUMI_ACCESS_TOKEN: "pulumi-access-token-not-used-here" },
            });
            stack = project.harness({ env: { CLOUDFLARE_API_TOKEN: env.CLOUDFLARE_API_TOKEN, CLOUDFLARE_BASE_URL: emulator.url } });
            const deployed = await stack.up();
            expect(deployed.ok, deployed.error).to.equal(true);
        });

        after(async () => {
            await stack?.dispose();
            await emulator?.stop();
            project?.dispose();
        });

        describe("when nothing changed at Cloudflare", () => {
            let outcome: CarriedOut;
            before(async () => {
                emulator.log.clear();
                outcome = await carry(theStep());
            });

            it("passes, proposing no change", () => {
                expect(outcome.ok, outcome.error).to.equal(true);
                expect(outcome.changes).to.deep.equal([]);
            });

            it("reads each hostname once, with GET only", () => {
                expect(
                    emulator.log.entries().map((entry) => `${entry.method} ${decodeURIComponent(entry.path).split("/").pop()}`),
                ).to.have.members(["GET app.example.com", "GET api.example.com"]);
            });
        });

        describe("when Cloudflare finished deploying api.example.com since the last up", () => {
            let outcome: CarriedOut;
            before(async () => {
                emulator.control.setHostname(ZONE, { hostname: "api.example.com", status: "active" });
                outcome = await carry(theStep());
            });

            it("fails with the CLI's expect-no-changes error, proposing an update of api.example.com alone", () => {
                expect(outcome.ok).to.equal(false);
                expect(outcome.error).to.equal("error: no changes were expected but changes were proposed");
                expect(outcome.changes).to.deep.equal(["api.example.com"]);
                expect(outcome.result.steps.find((step) => step.name === "api.example.com")?.op).to.equal("update");
            });

            it("leaves the stack as it was: a preview writes nothing", () => {
                const recorded = stack.state.resources.find((resource) => resource.name === "api.example.com");
                expect(recorded?.outputs.status).to.equal("pending_deployment");
            });
        });

        describe("after the recipe's pulumi refresh", () => {
            let refreshed: CarriedOut;
            let next: CarriedOut;
            let previous: Record<string, unknown> = {};
            const outputsOf = (name: string): Record<string, unknown> =>
                stack.state.resources.find((resource) => resource.name === name)?.outputs ?? {};
            before(async () => {
                previous = outputsOf("api.example.com");
                refreshed = await carry(theLine("refresh"));
                next = await carry(theStep());
            });

            it("records Cloudflare's current state, in which only the status and the verdict of api.example.com changed", () => {
                expect(refreshed.ok, refreshed.error).to.equal(true);
                const current = outputsOf("api.example.com");
                const changed = Object.keys(current).filter((key) => JSON.stringify(current[key]) !== JSON.stringify(previous[key]));
                expect(changed).to.have.members(["status", "healthy", "problems", "problemCodes"]);
                expect(current).to.include({ status: "active", healthy: true });
            });

            it("passes the next drift check", () => {
                expect(next.ok, next.error).to.equal(true);
                expect(next.changes).to.deep.equal([]);
            });
        });

        describe("when an association is disabled since the last up", () => {
            let outcome: CarriedOut;
            before(async () => {
                emulator.control.setHostname(ZONE, { hostname: "app.example.com", enabled: false });
                outcome = await carry(theLine("preview"));
            });

            it("fails, proposing an update of app.example.com alone", () => {
                expect(outcome.ok).to.equal(false);
                expect(outcome.error).to.equal("error: no changes were expected but changes were proposed");
                expect(outcome.changes).to.deep.equal(["app.example.com"]);
            });
        });

        describe("in every run", () => {
            it("sent Cloudflare nothing but GET, and never put the token in state or on the host's stderr", () => {
                expect(emulator.log.entries().every((entry) => entry.method === "GET")).to.equal(true);
                for (const run of runs) {
                    expect(JSON.stringify(run.result.state)).to.not.contain(FAKE_TOKEN);
                    expect(run.result.hostStderr).to.not.contain(FAKE_TOKEN);
                }
            });
        });
    });

    describe("the recipe as a whole", () => {
        it("has no code block that no test above used", () => {
            expect(recipe.unusedBlocks()).to.deep.equal([]);
        });
    });
});
