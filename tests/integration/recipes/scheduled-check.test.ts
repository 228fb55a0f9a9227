/**
 * docs/recipes/scheduled-check.md, run from its own text: every `aop-status` command in the recipe
 * (the daily workflow's, the weekly workflow's and the cron line's) runs through the built CLI
 * against the emulator, as its runner would run it: a workflow step with `bash -e` and GitHub's
 * variables, the cron line with `/bin/sh -c` and the cron file's PATH, its absolute paths pointed at
 * a temporary folder.
 *
 * What cannot run here: GitHub's scheduler and runner (the step runs in bash as the runner would
 * run it), cron itself, node_exporter (the Prometheus file is read with the parser the CLI's tests
 * use, parse-prometheus-text-format).
 */
import { closeSync, openSync, readdirSync, readFileSync, readSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";

import { expect } from "chai";

import { startEmulator, type RunningEmulator } from "../../../emulator/index";
import { annotations } from "../../unit/cli/workflow-commands";
import { renderGfm, tablesIn, textOf } from "../../unit/cli/markdown-table";
import { parseExposition, valuesOf } from "../../unit/cli/prometheus-text";
import { fillPlaceholder, Recipe, TOKEN_PLACEHOLDER } from "../../support/recipes/recipe";
import { EXPIRED_CERTIFICATE_ID, recipeSeed } from "../../support/recipes/seed";
import { CLI_BIN, MAIN_PACKAGE, runnerShellArgs, runScriptFile, runShCommand, Sandbox, type ShellRun } from "../../support/recipes/shell";
import { parseWorkflow, runSteps, scheduleCrons, stepEnvironment, stepsUsing, type Workflow } from "../../support/recipes/workflow";
import { FAKE_TOKEN } from "../../support/scripted-server";

const DAILY = ".github/workflows/aop-status-daily.yml";
const WEEKLY = ".github/workflows/aop-scan-weekly.yml";
const CRON_FILE = "/etc/cron.d/aop-status";
const ENV_FILE = "/etc/aop-status/env";
const ZONE = "023e105f4ecef8ad9ca31a8372d0c353";

/** The `aop-status …` (or `npx aop-status …`) command in a line, up to the line's end; undefined when it runs none. */
function aopStatusInvocation(line: string): string | undefined {
    if (line.trim().startsWith("#")) return undefined;
    const match = new RegExp(`(?:^|[\\s;&|])((?:npx\\s+)?${CLI_BIN}\\s.*)$`).exec(line);
    return match?.[1].trim();
}

/** Every `aop-status` command in the recipe's code blocks: workflows, cron file, shell lines. */
function aopStatusCommands(recipe: Recipe): string[] {
    return recipe.blocks.flatMap((block) => block.text.split("\n")).flatMap((line) => aopStatusInvocation(line) ?? []);
}

describe("recipe: scheduled check (docs/recipes/scheduled-check.md)", function () {
    this.timeout(120_000);
    const recipe = Recipe.load("scheduled-check");
    const daily = parseWorkflow(recipe.file(DAILY), DAILY);
    const weekly = parseWorkflow(recipe.file(WEEKLY), WEEKLY);
    /** The commands the tests below ran, to show that none of the recipe's was left out. */
    const exercised = new Set<string>();

    let emulator: RunningEmulator;
    let sandbox: Sandbox;

    before(async () => {
        emulator = await startEmulator({
            seed: recipeSeed({
                [ZONE]: { hostnames: { "app.example.com": "healthy", "api.example.com": "deploying" }, withExpiredCertificate: true },
            }),
            credentials: { tokens: [FAKE_TOKEN] },
        });
        sandbox = new Sandbox();
        for (const [path, text] of recipe.files()) if (!path.startsWith("/")) sandbox.writeWorkspaceFile(path, text);
    });

    after(async () => {
        await emulator?.stop();
        sandbox?.dispose();
    });

    afterEach(() => {
        expect(emulator.log.entries().every((entry) => entry.method === "GET")).to.equal(true);
        emulator.control.reset();
    });

    /**
     * Runs the workflow's one step that calls aop-status, as the runner would: its shell, the
     * workspace as the working folder, GitHub's variables and the step's env (secrets filled in).
     * The emulator's URL is the one thing the test adds.
     */
    async function runWorkflowStep(workflow: Workflow): Promise<ShellRun & { summary: string }> {
        const steps = runSteps(workflow).filter(({ step }) => step.run.includes(CLI_BIN));
        expect(steps, `${workflow.name}: steps running ${CLI_BIN}`).to.have.length(1);
        const { job, step } = steps[0];
        const summary = join(sandbox.dir("runner", workflow.name.replace(/\W+/g, "-")), "step-summary.md");
        writeFileSync(summary, "");
        const env = {
            PATH: sandbox.path(),
            HOME: sandbox.dir("home"),
            CI: "true",
            GITHUB_ACTIONS: "true",
            GITHUB_WORKSPACE: sandbox.workspace,
            GITHUB_STEP_SUMMARY: summary,
            RUNNER_TEMP: sandbox.dir("runner-temp"),
            ...stepEnvironment(workflow, job, step, { secrets: { CLOUDFLARE_API_TOKEN: FAKE_TOKEN } }),
            CLOUDFLARE_BASE_URL: emulator.url,
        };
        for (const line of step.run.split("\n")) {
            const invocation = aopStatusInvocation(line);
            if (invocation) exercised.add(invocation);
        }
        const run = await runScriptFile(runnerShellArgs(step.shell), step.run, { cwd: sandbox.workspace, env });
        expect(run.stdout + run.stderr).to.not.contain(FAKE_TOKEN);
        return { ...run, summary: readFileSync(summary, "utf8") };
    }

    describe("the workflows", () => {
        it("run daily and weekly on a schedule, can be started by hand, and set the other steps up as the test does", () => {
            expect(scheduleCrons(daily)).to.have.length(1);
            expect(scheduleCrons(daily)[0], "every day").to.match(/^\d{1,2} \d{1,2} \* \* \*$/);
            expect(scheduleCrons(weekly)).to.have.length(1);
            expect(scheduleCrons(weekly)[0], "one day a week").to.match(/^\d{1,2} \d{1,2} \* \* [0-6]$/);
            for (const workflow of [daily, weekly]) {
                expect(Object.keys(workflow.on)).to.have.members(["schedule", "workflow_dispatch"]);
                // Everything but the aop-status step is the checkout and install the sandbox stands in for.
                const others = workflow.jobs.flatMap((job) => job.steps).filter((step) => !step.run?.includes(CLI_BIN));
                expect(others.map((step) => step.uses?.split("@")[0] ?? step.run)).to.deep.equal([
                    "actions/checkout",
                    "actions/setup-node",
                    "npm ci",
                ]);
                expect(stepsUsing(workflow, "actions/setup-node")[0].step.with).to.deep.include({ "node-version": 20 });
            }
        });

        it("install the package whose bin they run", () => {
            expect(recipe.shellCommands().filter((line) => /^(sudo )?npm install/.test(line))).to.deep.equal([
                `npm install --save-dev ${MAIN_PACKAGE}`,
                `sudo npm install --global ${MAIN_PACKAGE}`,
            ]);
        });
    });

    describe("daily: aop-status check --format github", () => {
        let run: ShellRun & { summary: string };
        before(async () => {
            run = await runWorkflowStep(daily);
        });

        it("fails the step with exit code 1 while api.example.com is deploying", () => {
            expect(run.code, run.stderr).to.equal(1);
        });

        it("prints the table and one error annotation, for api.example.com, that the runner reads", () => {
            expect(run.stdout).to.match(/^TARGET\s+STATUS/m);
            expect(annotations(run.stdout).map((a) => `${a.command} ${a.properties.title}: ${a.data}`)).to.deep.equal([
                "error AOP api.example.com: status is pending_deployment",
            ]);
        });

        it("adds a job summary whose table, as GitHub renders it, lists api.example.com alone", () => {
            const tables = tablesIn(renderGfm(run.summary));
            const attention = tables.find((table) => table.header.map(textOf).includes("Hostname"));
            expect(attention?.rows.map((row) => textOf(row[0]))).to.deep.equal(["api.example.com"]);
            expect(attention?.rows[0].map(textOf)).to.include("status is pending_deployment");
        });

        it("passes with exit code 0 and no annotation once every hostname is healthy", async () => {
            emulator.control.setHostname(ZONE, { hostname: "api.example.com", status: "active" });
            const healthy = await runWorkflowStep(daily);
            expect(healthy.code, healthy.stderr).to.equal(0);
            expect(annotations(healthy.stdout)).to.deep.equal([]);
        });
    });

    describe("weekly: aop-status scan --format github", () => {
        // These fail, not skip, while `aop-status scan` does not exist: the recipe must not ship without it.
        it("fails the step with exit code 1 on the zone's expired certificate: one error annotation and a job summary row that name it", async () => {
            const run = await runWorkflowStep(weekly);
            expect(run.code, `${run.stdout}\n${run.stderr}`).to.equal(1);
            const errors = annotations(run.stdout).filter((a) => a.command === "error");
            expect(errors).to.have.length(1);
            expect(`${errors[0].properties.title} ${errors[0].data}`)
                .to.contain(EXPIRED_CERTIFICATE_ID)
                .and.match(/expired/);
            const rows = tablesIn(renderGfm(run.summary)).flatMap((table) => table.rows.map((row) => row.map(textOf).join(" | ")));
            expect(rows.filter((row) => row.includes(EXPIRED_CERTIFICATE_ID))).to.have.length(1);
        });

        it("passes with exit code 0 once the expired certificate is deleted", async () => {
            // The emulator cannot delete a certificate, so it starts again without it.
            await emulator.stop();
            emulator = await startEmulator({
                seed: recipeSeed({ [ZONE]: { hostnames: { "app.example.com": "healthy", "api.example.com": "deploying" } } }),
                credentials: { tokens: [FAKE_TOKEN] },
            });
            const run = await runWorkflowStep(weekly);
            expect(run.code, `${run.stdout}\n${run.stderr}`).to.equal(0);
            expect(annotations(run.stdout).filter((a) => a.command === "error")).to.deep.equal([]);
        });
    });

    describe("hourly: the cron job that writes node_exporter's textfile", () => {
        const collectorPath = "/var/lib/node_exporter/textfile_collector";
        let paths: Record<string, string>;
        let cron: { env: Record<string, string>; schedule: string[]; user: string; command: string };

        /** The recipe's absolute paths, pointed at the sandbox. Each must appear in the recipe. */
        function mapPaths(text: string): string {
            let mapped = text;
            for (const [from, to] of Object.entries(paths)) mapped = mapped.split(from).join(to);
            return mapped;
        }

        before(() => {
            paths = {
                "/usr/local/bin": sandbox.bin,
                "/etc/aop-status": sandbox.dir("etc", "aop-status"),
                [collectorPath]: sandbox.dir("var", "lib", "node_exporter", "textfile_collector"),
            };
            const text = recipe.file(CRON_FILE);
            for (const path of Object.keys(paths)) expect(text + recipe.markdown, path).to.contain(path);
            // A crontab line: environment assignments, then "m h dom mon dow user command" (cron.d adds the user).
            const lines = text.split("\n").filter((line) => line.trim() !== "" && !line.trim().startsWith("#"));
            const env: Record<string, string> = {};
            const jobs = lines.filter((line) => {
                const assignment = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(line);
                if (assignment) env[assignment[1]] = assignment[2];
                return !assignment;
            });
            expect(jobs).to.have.length(1);
            const fields = jobs[0].trim().split(/\s+/);
            cron = { env, schedule: fields.slice(0, 5), user: fields[5], command: fields.slice(6).join(" ") };
            writeFileSync(join(paths["/etc/aop-status"], "targets.txt"), recipe.file("targets.txt"));
            writeFileSync(
                join(paths["/etc/aop-status"], "env"),
                // The one thing the test adds: the emulator in place of api.cloudflare.com.
                `${fillPlaceholder(recipe.file(ENV_FILE), TOKEN_PLACEHOLDER, FAKE_TOKEN)}export CLOUDFLARE_BASE_URL='${emulator.url}'\n`,
            );
        });

        function runTheCronLine(): Promise<ShellRun> {
            exercised.add(aopStatusInvocation(cron.command) ?? cron.command);
            const command = mapPaths(cron.command);
            // Every absolute path left must be inside the sandbox.
            for (const [path] of command.matchAll(/(?<![\w.-])\/[\w./-]+/g)) {
                if (path !== "/dev/null") expect(path.startsWith(sandbox.root), `${path} is outside the sandbox`).to.equal(true);
            }
            // What cron gives a job: its own small environment plus the cron file's assignments (PATH here).
            const env = {
                HOME: sandbox.dir("home", cron.user),
                LOGNAME: cron.user,
                SHELL: "/bin/sh",
                PATH: "/usr/bin:/bin",
                ...Object.fromEntries(Object.entries(cron.env).map(([name, value]) => [name, mapPaths(value)])),
            };
            return runShCommand(command, { cwd: env.HOME, env });
        }

        it("is a valid cron.d file: hourly, with a user, no % (which cron turns into a newline), a name cron reads, both bin folders on the PATH", () => {
            expect(cron.schedule).to.have.length(5);
            expect(cron.schedule[0]).to.match(/^\d{1,2}$/);
            expect(cron.schedule.slice(1)).to.deep.equal(["*", "*", "*", "*"]);
            expect(cron.user).to.match(/^[a-z_][a-z0-9_-]*$/);
            expect(cron.command).to.not.contain("%");
            expect(cron.env.PATH?.split(":")).to.include.members(["/usr/local/bin", "/usr/bin"]);
            expect(CRON_FILE.split("/").pop(), "run-parts names: no dot").to.match(/^[A-Za-z0-9_-]+$/);
        });

        it("writes aop.prom into the collector's folder, which the Prometheus text parser reads, and prints nothing", async () => {
            const run = await runTheCronLine();
            expect(run.code, run.stderr).to.equal(1);
            expect(run.stdout).to.equal("");
            expect(run.stderr).to.equal("");
            const file = join(paths[collectorPath], "aop.prom");
            expect(readdirSync(paths[collectorPath])).to.deep.equal(["aop.prom"]);
            const text = readFileSync(file, "utf8");
            expect(text).to.not.contain(FAKE_TOKEN);
            const samples = parseExposition(text);
            expect(valuesOf(samples, "cloudflare_aop_hostname_healthy")).to.deep.equal({ "app.example.com": 1, "api.example.com": 0 });
            expect(valuesOf(samples, "cloudflare_aop_hostname_read_success")).to.deep.equal({ "app.example.com": 1, "api.example.com": 1 });
        });

        it("replaces the file atomically: a collector that opened the old one reads it whole, and nothing is left beside it", async () => {
            const file = join(paths[collectorPath], "aop.prom");
            const first = await runTheCronLine();
            expect(first.code, first.stderr).to.equal(1);
            const previous = readFileSync(file, "utf8");
            const inode = statSync(file).ino;
            const reader = openSync(file, "r");
            try {
                emulator.control.setHostname(ZONE, { hostname: "api.example.com", status: "active" });
                const run = await runTheCronLine();
                expect(run.code, run.stderr).to.equal(0);
                expect(statSync(file).ino, "a new file renamed into place").to.not.equal(inode);
                const buffer = Buffer.alloc(previous.length + 1024);
                const read = readSync(reader, buffer, 0, buffer.length, 0);
                expect(buffer.subarray(0, read).toString("utf8")).to.equal(previous);
            } finally {
                closeSync(reader);
            }
            expect(readdirSync(paths[collectorPath])).to.deep.equal(["aop.prom"]);
            expect(valuesOf(parseExposition(readFileSync(file, "utf8")), "cloudflare_aop_hostname_healthy")).to.deep.equal({
                "app.example.com": 1,
                "api.example.com": 1,
            });
        });

        it("writes into the folder the recipe tells node_exporter to read", () => {
            const flag = /--collector\.textfile\.directory=(\S+?)`/.exec(recipe.markdown);
            expect(flag?.[1]).to.equal(collectorPath);
            expect(cron.command).to.contain(`--output ${collectorPath}/`);
        });
    });

    describe("the recipe as a whole", () => {
        it("has no aop-status command that a test above did not run", () => {
            expect([...exercised].sort()).to.deep.equal([...new Set(aopStatusCommands(recipe))].sort());
        });

        it("has no code block that no test above used", () => {
            expect(recipe.unusedBlocks()).to.deep.equal([]);
        });
    });
});
