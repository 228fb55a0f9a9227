/**
 * docs/recipes/policy-gate.md, run from its own text: the workflow's pulumi/actions step is read
 * into the CLI run it makes, the stack of docs/recipes/README.md is deployed through the engine
 * harness against the emulator with the step's environment, and the installed policy package runs
 * in the real analyzer with the recipe's config file, configured as the Pulumi CLI configures it.
 *
 * What cannot run here: the Pulumi CLI and the action themselves (the harness and the analyzer stand
 * in for them), and GitHub.
 */
import { existsSync, readFileSync, realpathSync } from "node:fs";
import { join } from "node:path";

import { expect } from "chai";

import { startEmulator, type RunningEmulator } from "../../../emulator/index";
import { AnalyzerProcess } from "../policy/analyzer-process";
import { analyzeStackRequest, diagnosticsOf, failsTheRun, type Diagnostic } from "../../support/analyze-stack";
import type { StackHarness } from "../../support/engine";
import { configureRequest, parsePolicyPackConfig, reconcilePolicyPackConfig } from "../../support/policy-pack-config";
import { carryOut, fromActionStep, fromCommandLine, type PulumiRun } from "../../support/recipes/pulumi-commands";
import { Recipe, REPO_ROOT } from "../../support/recipes/recipe";
import { copyHostname, recipeSeed } from "../../support/recipes/seed";
import { RecipeStackProject } from "../../support/recipes/stack-project";
import { parseWorkflow, stepEnvironment, stepsUsing } from "../../support/recipes/workflow";
import { FAKE_TOKEN } from "../../support/scripted-server";

const WORKFLOW = ".github/workflows/aop-policy-gate.yml";
const POLICY_PACKAGE = JSON.parse(readFileSync(join(REPO_ROOT, "policy", "package.json"), "utf8")) as {
    name: string;
    main: string;
    files: string[];
};

describe("recipe: policy gate (docs/recipes/policy-gate.md)", function () {
    this.timeout(180_000);
    const recipe = Recipe.load("policy-gate");
    const stackRecipe = Recipe.load("README");
    const workflow = parseWorkflow(recipe.file(WORKFLOW), WORKFLOW);
    const actionSteps = stepsUsing(workflow, "pulumi/actions");

    function theRun(): PulumiRun {
        expect(actionSteps, "pulumi/actions steps").to.have.length(1);
        return fromActionStep(actionSteps[0].step);
    }

    it("uses pulumi/actions' own inputs: a preview of the stack, refreshed first, with policyPacks and policyPackConfigs", () => {
        // fromActionStep refuses any input pulumi/actions' action.yml does not declare.
        const run = theRun();
        expect(run).to.deep.include({ command: "preview", refresh: true, expectNoChanges: false });
        expect(run.policyPacks).to.deep.equal([`node_modules/${POLICY_PACKAGE.name}`]);
        expect(run.policyPackConfigs).to.have.length(1);
        expect(recipe.filePaths(), "the recipe shows the config file").to.include(run.policyPackConfigs[0]);
    });

    it("gives the same preview on the command line as in the workflow", () => {
        const lines = recipe.shellCommands().filter((line) => line.startsWith("pulumi "));
        expect(lines).to.have.length(1);
        expect(fromCommandLine(lines[0])).to.deep.equal(theRun());
    });

    it("points at the policy package as npm installs it: PulumiPolicy.yaml and the built pack, both in the published files", () => {
        const packDir = join(REPO_ROOT, theRun().policyPacks[0]);
        expect(existsSync(join(packDir, "PulumiPolicy.yaml"))).to.equal(true);
        expect(realpathSync(packDir)).to.equal(realpathSync(join(REPO_ROOT, "policy")));
        expect(POLICY_PACKAGE.files).to.include("PulumiPolicy.yaml");
        expect(POLICY_PACKAGE.files.some((entry) => POLICY_PACKAGE.main.startsWith(`${entry}/`))).to.equal(true);
        expect(existsSync(join(packDir, POLICY_PACKAGE.main)), "the built pack (npm run build)").to.equal(true);
        const installs = recipe.shellCommands().filter((line) => line.startsWith("npm install"));
        expect(installs).to.deep.equal([`npm install --save-dev ${POLICY_PACKAGE.name}`]);
    });

    describe("run through the real analyzer, against a stack deployed through the engine harness", () => {
        const ZONE = "023e105f4ecef8ad9ca31a8372d0c353";
        let emulator: RunningEmulator;
        let project: RecipeStackProject;
        let stack: StackHarness;
        let analyzer: AnalyzerProcess;
        let hostnames: string[];

        /** The step as the action runs it, then the pack over the stack the preview ends with. */
        async function runTheStep(): Promise<{ ok: boolean; diagnostics: Diagnostic[] }> {
            const carried = await carryOut(theRun(), stack);
            expect(carried.ok, carried.error).to.equal(true);
            expect(carried.changes, "the preview after a refresh proposes no changes, so the pack sees every output").to.deep.equal([]);
            const diagnostics = diagnosticsOf(await analyzer.analyzeStack(analyzeStackRequest(stack.state, (s) => stack.revealSecrets(s))));
            return { ok: !failsTheRun(diagnostics), diagnostics };
        }

        before(async () => {
            project = new RecipeStackProject(stackRecipe, "prod");
            hostnames = JSON.parse(project.stackFile.config["aop-monitor:hostnames"]) as string[];
            expect(hostnames).to.deep.equal(["app.example.com", "api.example.com"]);
            expect(project.stackFile.config["aop-monitor:zoneId"]).to.equal(ZONE);
            emulator = await startEmulator({
                seed: recipeSeed({
                    [ZONE]: {
                        hostnames: {
                            "app.example.com": "healthy",
                            // Still deploying, and its certificate expires in 12 days.
                            "api.example.com": { like: "expiring", patch: { status: "pending_deployment" } },
                        },
                    },
                }),
                credentials: { tokens: [FAKE_TOKEN] },
            });
            const { job, step } = actionSteps[0];
            const env = stepEnvironment(workflow, job, step, {
                secrets: { CLOUDFLARE_API_TOKEN: FAKE_TOKEN, PULUMI_ACCESS_TOKEN: "pulumi-access-token-not-used-here" },
            });
            expect(env.CLOUDFLARE_API_TOKEN).to.equal(FAKE_TOKEN);
            // The one thing the test adds: the emulator in place of api.cloudflare.com.
            stack = project.harness({ env: { CLOUDFLARE_API_TOKEN: env.CLOUDFLARE_API_TOKEN, CLOUDFLARE_BASE_URL: emulator.url } });
            const deployed = await stack.up();
            expect(deployed.ok, deployed.error).to.equal(true);

            analyzer = await AnalyzerProcess.start(join(REPO_ROOT, theRun().policyPacks[0]));
            const { config, errors } = reconcilePolicyPackConfig(
                await analyzer.getAnalyzerInfo(),
                parsePolicyPackConfig(recipe.file(theRun().policyPackConfigs[0])),
            );
            expect(errors, "the Pulumi CLI would refuse the config").to.deep.equal([]);
            await analyzer.configure(configureRequest(config));
        });

        after(async () => {
            await analyzer?.stop();
            await stack?.dispose();
            await emulator?.stop();
            project?.dispose();
        });

        afterEach(() => {
            expect(emulator.log.entries().every((entry) => entry.method === "GET")).to.equal(true);
            expect(JSON.stringify(stack.state)).to.not.contain(FAKE_TOKEN);
        });

        it("configures the pack with the config file's expiryWarningDays, not the deprecated minDaysToExpiry", async () => {
            const file = parsePolicyPackConfig(recipe.file(theRun().policyPackConfigs[0]));
            expect(file["aop-certificate-not-expiring"]?.properties).to.have.property("expiryWarningDays", 21);
            expect(JSON.stringify(file)).to.not.contain("minDaysToExpiry");
            const { config } = reconcilePolicyPackConfig(await analyzer.getAnalyzerInfo(), file);
            expect(Object.fromEntries(Object.entries(config).map(([policy, entry]) => [policy, entry.enforcementLevel]))).to.deep.equal({
                "aop-hostname-enabled": "mandatory",
                "aop-status-active": "mandatory",
                "aop-certificate-not-expiring": "mandatory",
                "aop-certificate-pinned": "mandatory",
            });
        });

        // The scenarios run in order on one stack, as the workflow would run day after day.
        describe("with app.example.com healthy, and api.example.com still deploying on a certificate 12 days from expiry", () => {
            let outcome: { ok: boolean; diagnostics: Diagnostic[] };
            before(async () => {
                outcome = await runTheStep();
            });

            it("fails the preview on api.example.com alone: not active, and expiring within the 21 days the config sets", () => {
                expect(outcome.ok).to.equal(false);
                expect(outcome.diagnostics.map((d) => `${d.level} ${d.policy} ${d.resource}`)).to.deep.equal([
                    "mandatory aop-status-active api.example.com",
                    "mandatory aop-certificate-not-expiring api.example.com",
                ]);
                const expiry = outcome.diagnostics.find((d) => d.policy === "aop-certificate-not-expiring");
                expect(expiry?.message).to.match(
                    /api\.example\.com \(zone [0-9a-f]{32}\): certificate expires in 12 days \(\d{4}-\d{2}-\d{2}\), fewer than the 21 the policy requires/,
                );
            });

            it("reports exactly the message the recipe shows", () => {
                const active = outcome.diagnostics.find((d) => d.policy === "aop-status-active");
                expect(`${active?.message}\n`).to.equal(recipe.block("example", "aop-status-active").text);
            });
        });

        describe("once Cloudflare has finished and api.example.com has a certificate far from expiry", () => {
            let outcome: { ok: boolean; diagnostics: Diagnostic[] };
            before(async () => {
                copyHostname(emulator.control, ZONE, "app.example.com", "api.example.com");
                outcome = await runTheStep();
            });

            it("passes the preview without a word", () => {
                expect(outcome.diagnostics).to.deep.equal([]);
                expect(outcome.ok).to.equal(true);
            });
        });

        describe("when someone disables app.example.com after the last run", () => {
            let stale: Diagnostic[];
            let outcome: { ok: boolean; diagnostics: Diagnostic[] };
            before(async () => {
                emulator.control.setHostname(ZONE, { hostname: "app.example.com", enabled: false });
                stale = diagnosticsOf(await analyzer.analyzeStack(analyzeStackRequest(stack.state, (s) => stack.revealSecrets(s))));
                outcome = await runTheStep();
            });

            it("fails the preview on app.example.com, because refresh: true reads it again", () => {
                expect(outcome.ok).to.equal(false);
                expect(outcome.diagnostics.map((d) => `${d.level} ${d.policy} ${d.resource}`)).to.deep.equal([
                    "mandatory aop-hostname-enabled app.example.com",
                ]);
            });

            it("would pass without the refresh: the pack alone judges the outputs recorded at the last run", () => {
                expect(stale).to.deep.equal([]);
            });
        });

        describe("after every run", () => {
            it("leaves nothing on the pack's stderr", () => {
                expect(analyzer.stderr).to.equal("");
            });
        });
    });

    describe("the recipe as a whole", () => {
        it("has no code block that no test above used", () => {
            expect(recipe.unusedBlocks()).to.deep.equal([]);
        });
    });
});
