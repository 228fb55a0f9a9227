/**
 * docs/recipes/pulumi-esc.md, run from its own text: the ESC environment is evaluated as `esc open`
 * would (the subset in tests/support/recipes/esc.ts), its `pulumiConfig` becomes the stack's config
 * for the stack of docs/recipes/README.md in the engine harness, and its `environmentVariables`
 * the environment of the recipe's `esc run … -- npx aop-status check …`, run through the built CLI.
 * Both against the emulator, and neither with any other source of the token.
 *
 * What cannot run here: Pulumi ESC and Pulumi Cloud (the environment is evaluated locally), the
 * Pulumi CLI (the harness stands in for it).
 */
import { expect } from "chai";

import { startEmulator, type RunningEmulator } from "../../../emulator/index";
import type { StackHarness } from "../../support/engine";
import { EscEnvironment } from "../../support/recipes/esc";
import { fillPlaceholder, Recipe, TOKEN_PLACEHOLDER } from "../../support/recipes/recipe";
import { recipeSeed } from "../../support/recipes/seed";
import { CLI_BIN, runnerShellArgs, runScriptFile, Sandbox } from "../../support/recipes/shell";
import { RecipeStackProject } from "../../support/recipes/stack-project";
import { FAKE_TOKEN } from "../../support/scripted-server";

const ZONE = "023e105f4ecef8ad9ca31a8372d0c353";

describe("recipe: Pulumi ESC (docs/recipes/pulumi-esc.md)", function () {
    this.timeout(120_000);
    const recipe = Recipe.load("pulumi-esc");
    const stackRecipe = Recipe.load("README");
    const definition = recipe.blocksWith("esc-environment");
    /** The environment as ESC would open it, with the fake token where the reader puts theirs. */
    const environment = (): EscEnvironment => {
        expect(definition, "ESC environment definitions").to.have.length(1);
        return new EscEnvironment(fillPlaceholder(definition[0].text, TOKEN_PLACEHOLDER, FAKE_TOKEN));
    };
    const envName = (): string => definition[0].meta["esc-environment"];

    let emulator: RunningEmulator;

    before(async () => {
        emulator = await startEmulator({
            seed: recipeSeed({ [ZONE]: { hostnames: { "app.example.com": "healthy", "api.example.com": "healthy" } } }),
            credentials: { tokens: [FAKE_TOKEN] },
        });
    });

    after(async () => {
        await emulator?.stop();
    });

    afterEach(() => {
        expect(emulator.log.entries().every((entry) => entry.method === "GET")).to.equal(true);
    });

    describe("the environment", () => {
        it("gives the stack the secret config key cloudflare:apiToken, the key the provider reads", () => {
            expect(environment().pulumiConfig("aop-monitor")).to.deep.equal({
                config: {},
                secretConfig: { "cloudflare:apiToken": FAKE_TOKEN },
            });
        });

        it("gives esc run the variable CLOUDFLARE_API_TOKEN, the one the CLI reads", () => {
            expect(environment().environmentVariables()).to.deep.equal({ CLOUDFLARE_API_TOKEN: FAKE_TOKEN });
        });

        it("keeps the token itself a secret, written once", () => {
            expect(environment().open("cloudflare.apiToken")).to.deep.equal({ value: FAKE_TOKEN, secret: true });
            expect(definition[0].text.split(TOKEN_PLACEHOLDER)).to.have.length(2);
        });

        it("is the one the stack imports and esc run opens", () => {
            const [org, ...rest] = envName().split("/");
            expect(org).to.match(/^[\w.-]+$/);
            expect(rest).to.have.length(2);
            const lines = recipe.shellCommands();
            // `pulumi config env add` takes the environment without the organization.
            expect(lines.filter((line) => line.startsWith("pulumi config env add"))).to.deep.equal([
                `pulumi config env add ${rest.join("/")} --stack prod`,
            ]);
            expect(lines.filter((line) => line.startsWith("esc run ")).map((line) => line.split(/\s+/)[2])).to.deep.equal([envName()]);
        });
    });

    describe("the stack, with the environment's pulumiConfig as its only credential", () => {
        let project: RecipeStackProject;
        const stacks: StackHarness[] = [];
        const harness = (secretConfig: Record<string, string>, config: Record<string, string>): StackHarness => {
            // The base URL is the one thing the test adds: the emulator in place of api.cloudflare.com.
            const stack = project.harness({ config, secretConfig, env: { CLOUDFLARE_BASE_URL: emulator.url } });
            stacks.push(stack);
            return stack;
        };

        before(() => {
            project = new RecipeStackProject(stackRecipe, "prod");
        });

        after(async () => {
            await Promise.all(stacks.map((stack) => stack.dispose()));
            project?.dispose();
        });

        it("deploys: the provider reads the secret config key, and the token reaches neither state nor outputs", async () => {
            const { config, secretConfig } = environment().pulumiConfig("aop-monitor");
            const stack = harness(secretConfig, config);
            const result = await stack.up();
            expect(result.ok, result.error).to.equal(true);
            expect(result.outputs.unhealthy).to.deep.equal([]);
            expect(
                result.state.resources.filter((r) => r.type.endsWith(":AuthenticatedOriginPullStatus")).map((r) => r.outputs.healthy),
            ).to.deep.equal([true, true]);
            for (const text of [JSON.stringify(result.state), JSON.stringify(result.outputsPlain), result.hostStderr]) {
                expect(text).to.not.contain(FAKE_TOKEN);
            }
        });

        it("fails without it, saying how to set the credential: nothing else supplied the token", async () => {
            const result = await harness({}, {}).up();
            expect(result.ok).to.equal(false);
            expect(result.error).to.contain("No Cloudflare credentials found").and.contain("cloudflare:apiToken");
        });
    });

    describe("esc run … -- npx aop-status check, with the environment's environmentVariables", () => {
        let sandbox: Sandbox;
        const escRun = (): { env: string; command: string } => {
            const lines = recipe.shellCommands().filter((line) => line.startsWith("esc run "));
            expect(lines).to.have.length(1);
            const match = /^esc run (\S+) -- (.*)$/.exec(lines[0]);
            if (!match) throw new Error(`not an esc run command: ${lines[0]}`);
            expect(match[2]).to.match(new RegExp(`^npx ${CLI_BIN} `));
            return { env: match[1], command: match[2] };
        };
        /** `esc run` exports environmentVariables over the caller's environment, then runs the command. */
        const run = (variables: Record<string, string>) =>
            runScriptFile(runnerShellArgs(undefined), `${escRun().command}\n`, {
                cwd: sandbox.workspace,
                env: { PATH: sandbox.path(), HOME: sandbox.dir("home"), CLOUDFLARE_BASE_URL: emulator.url, ...variables },
            });

        before(() => {
            sandbox = new Sandbox();
            // The targets file of the scheduled-check recipe, which the command names.
            sandbox.writeWorkspaceFile("targets.txt", Recipe.load("scheduled-check").file("targets.txt"));
        });

        after(() => sandbox?.dispose());

        it("checks every hostname with the exported token: exit code 0, both healthy", async () => {
            const result = await run(environment().environmentVariables());
            expect(result.code, result.stderr).to.equal(0);
            expect(result.stdout)
                .to.match(/app\.example\.com\s+active/)
                .and.match(/api\.example\.com\s+active/);
            expect(result.stdout + result.stderr).to.not.contain(FAKE_TOKEN);
        });

        it("cannot check anything without them: exit code 3, naming CLOUDFLARE_API_TOKEN", async () => {
            const result = await run({});
            expect(result.code).to.equal(3);
            expect(result.stdout + result.stderr).to.contain("CLOUDFLARE_API_TOKEN");
        });
    });

    describe("the recipe as a whole", () => {
        it("has no code block that no test above used", () => {
            expect(recipe.unusedBlocks()).to.deep.equal([]);
        });
    });
});
