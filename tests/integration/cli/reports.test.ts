/**
 * The monitoring and GitHub outputs of the built CLI against the emulator: `--format prometheus`,
 * atomic `--output`, the job summary appended to GITHUB_STEP_SUMMARY and `--format github`'s
 * annotations, each read back with a parser that is not ours.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { expect } from "chai";

import type { RunningEmulator } from "../../../emulator/index";
import type { JsonReport } from "../../../provider/cli/format-json";
import { printable } from "../../../provider/text";
import { renderGfm, tablesIn, textOf } from "../../unit/cli/markdown-table";
import { byLabel, parseExposition, valuesOf } from "../../unit/cli/prometheus-text";
import { annotations, workflowCommands } from "../../unit/cli/workflow-commands";
import { DEPLOYING, DISABLED, EXPIRING, FLEET, HEALTHY, startCliEmulator, tokenEnv, UNKNOWN, ZONE } from "./emulator-fixture";
import { ensureBuilt, expectNoSecrets, FAKE_TOKEN, RunRecorder } from "./support";

const visible = (cellHtml: string): string => textOf(cellHtml).replace(/\u2060/g, "");

/** A status string no real API sends: every character the three formats must escape, and a forged command. */
const HOSTILE_STATUS = 'pend"ing\\ | *bold* [x](https://evil.example) a@b.example\n::error title=AOP forged::forged } fake_metric 1';

describe("aop-status check: Prometheus, job summary and GitHub annotations (built CLI against the emulator)", function () {
    this.timeout(30_000);
    let emulator: RunningEmulator;
    let dir: string;
    const cli = new RunRecorder();

    before(async function () {
        this.timeout(120_000);
        ensureBuilt();
        emulator = await startCliEmulator();
    });
    after(async () => {
        await emulator?.stop();
    });
    beforeEach(() => {
        emulator.control.reset();
        dir = mkdtempSync(join(tmpdir(), "aop-status-reports-"));
    });
    afterEach(() => {
        expect(emulator.log.entries().every((e) => e.method === "GET")).to.equal(true);
        cli.expectNoSecretsSoFar();
        rmSync(dir, { recursive: true, force: true });
    });

    describe("--format prometheus", () => {
        it("writes a file the Prometheus text parser reads, renamed into place with nothing left beside it", async () => {
            const file = join(dir, "textfile", "aop.prom");
            const run = await cli.run(
                ["check", HEALTHY, DEPLOYING, DISABLED, EXPIRING, UNKNOWN, "--format", "prometheus", "--output", file],
                {
                    env: tokenEnv(emulator),
                },
            );
            expect(run.code, run.stderr).to.equal(1);
            expect(run.stdout).to.match(/^TARGET\s+STATUS/m);
            expect(run.stdout).to.contain(`prometheus report written to ${file}`);
            expect(readdirSync(join(dir, "textfile"))).to.deep.equal(["aop.prom"]);
            const text = readFileSync(file, "utf8");
            expectNoSecrets(text, "the Prometheus file");
            const samples = parseExposition(text);
            expect(samples.every((s) => s.type === "GAUGE" && s.help !== "" && s.timestamp === undefined)).to.equal(true);
            const host = (target: string): string => target.split("/")[1];
            expect(valuesOf(samples, "cloudflare_aop_hostname_read_success")).to.deep.equal({
                [host(HEALTHY)]: 1,
                [host(DEPLOYING)]: 1,
                [host(DISABLED)]: 1,
                [host(EXPIRING)]: 1,
                [host(UNKNOWN)]: 1,
            });
            expect(valuesOf(samples, "cloudflare_aop_hostname_healthy")).to.deep.equal({
                [host(HEALTHY)]: 1,
                [host(DEPLOYING)]: 0,
                [host(DISABLED)]: 0,
                [host(EXPIRING)]: 0,
                [host(UNKNOWN)]: 0,
            });
            expect(valuesOf(samples, "cloudflare_aop_hostname_found")[host(UNKNOWN)]).to.equal(0);
            expect(valuesOf(samples, "cloudflare_aop_hostname_enabled")).to.deep.equal({
                [host(HEALTHY)]: 1,
                [host(DEPLOYING)]: 1,
                [host(DISABLED)]: 0,
                [host(EXPIRING)]: 1,
            });
            expect(byLabel(samples, "cloudflare_aop_hostname_status_info").get(host(DEPLOYING))?.labels).to.deep.equal({
                zone_id: ZONE,
                hostname: host(DEPLOYING),
                status: "pending_deployment",
                cert_status: "active",
            });
            // The demo certificate of expiring.example.com ends about 12 days after the emulator started.
            const daysLeft =
                (valuesOf(samples, "cloudflare_aop_hostname_certificate_not_after_timestamp_seconds")[host(EXPIRING)] * 1000 - Date.now()) /
                86_400_000;
            expect(daysLeft).to.be.within(11, 13);
            const started = byLabel(samples, "cloudflare_aop_report_timestamp_seconds", "command").get("check")?.value ?? 0;
            expect(started * 1000).to.be.closeTo(Date.now(), 60_000);
        });

        it("replaces the previous file, so a collector reading it sees one run or the next", async () => {
            const file = join(dir, "aop.prom");
            writeFileSync(file, "# the previous run\n");
            const run = await cli.run(["check", HEALTHY, "--format", "prometheus", "--output", file], { env: tokenEnv(emulator) });
            expect(run.code, run.stderr).to.equal(0);
            expect(readFileSync(file, "utf8")).to.match(/^# HELP cloudflare_aop_hostname_read_success /);
            expect(readdirSync(dir)).to.deep.equal(["aop.prom"]);
        });

        it("prints to stdout without --output, and gives every target read_success 0 alone when nothing could be read", async () => {
            const run = await cli.run(["check", HEALTHY, DEPLOYING, "--format", "prometheus"], {
                env: { CLOUDFLARE_BASE_URL: emulator.url },
            });
            expect(run.code).to.equal(3);
            const samples = parseExposition(run.stdout);
            expect(
                samples
                    .filter((s) => s.name !== "cloudflare_aop_report_timestamp_seconds")
                    .map((s) => [s.name, s.labels.hostname, s.value]),
            ).to.deep.equal([
                ["cloudflare_aop_hostname_read_success", "healthy.example.com", 0],
                ["cloudflare_aop_hostname_read_success", "deploying.example.com", 0],
            ]);
            expect(emulator.log.entries()).to.deep.equal([]);
        });

        it("exits 2 with the usual message when --output cannot be written, and leaves no temporary file", async () => {
            const target = join(dir, "taken");
            mkdirSync(target);
            const run = await cli.run(["check", HEALTHY, "--format", "prometheus", "--output", target], { env: tokenEnv(emulator) });
            expect(run.code).to.equal(2);
            expect(run.stderr).to.contain(`aop-status: cannot write --output ${JSON.stringify(target)} (EISDIR)`);
            expect(readdirSync(dir)).to.deep.equal(["taken"]);
            expect(readdirSync(target)).to.deep.equal([]);
        });

        it("keeps a hostile status from the API inside its label, as the JSON report shows it", async () => {
            const mutate = (): void =>
                emulator.control.injectFault({
                    kind: "mutate",
                    count: "always",
                    result: { enabled: true, status: HOSTILE_STATUS, cert_status: "active" },
                });
            mutate();
            const json = await cli.run(["check", DEPLOYING, "--format", "json"], { env: tokenEnv(emulator) });
            const status = (JSON.parse(json.stdout) as JsonReport).targets[0].outputs?.status;
            expect(status).to.be.a("string");
            emulator.control.reset();
            mutate();
            const run = await cli.run(["check", DEPLOYING, "--format", "prometheus"], { env: tokenEnv(emulator) });
            expect(run.code).to.equal(1);
            expect(run.stdout).to.not.match(/^fake_metric/m);
            const labels = byLabel(parseExposition(run.stdout), "cloudflare_aop_hostname_status_info").get("deploying.example.com")?.labels;
            expect(labels?.status).to.equal(status);
        });
    });

    describe("the job summary (GITHUB_STEP_SUMMARY)", () => {
        it("is appended whatever the format, after what the step wrote before, with counts and the targets needing attention", async () => {
            const summary = join(dir, "step_summary");
            writeFileSync(summary, "## Earlier step output\n\n");
            const run = await cli.run(["check", HEALTHY, DEPLOYING, UNKNOWN, "--format", "json"], {
                env: tokenEnv(emulator, { GITHUB_STEP_SUMMARY: summary }),
            });
            expect(run.code).to.equal(1);
            JSON.parse(run.stdout); // stdout is still the JSON report alone
            const markdown = readFileSync(summary, "utf8");
            expect(
                markdown.startsWith("## Earlier step output\n\n### ❌ Authenticated Origin Pulls: 2 of 3 targets need attention\n"),
            ).to.equal(true);
            const [counts, targets] = tablesIn(renderGfm(markdown));
            expect(counts.rows).to.deep.equal([["3", "1", "1", "1", "0"]]);
            expect(targets.rows.map((row) => [visible(row[0]), visible(row[2]), visible(row[4])])).to.deep.equal([
                ["nobody.example.com", "missing", "hostname has no per-hostname AOP association (Cloudflare returned 404 with code 1404)"],
                ["deploying.example.com", "unhealthy", "status is pending_deployment"],
            ]);
        });

        it("is not written with --no-step-summary", async () => {
            const summary = join(dir, "step_summary");
            writeFileSync(summary, "");
            const run = await cli.run(["check", DEPLOYING, "--no-step-summary"], {
                env: tokenEnv(emulator, { GITHUB_STEP_SUMMARY: summary }),
            });
            expect(run.code).to.equal(1);
            expect(readFileSync(summary, "utf8")).to.equal("");
        });

        it("is a warning on stderr when it cannot be written, and changes neither the report nor the exit code", async () => {
            const summary = join(dir, "missing-folder", "step_summary");
            const run = await cli.run(["check", HEALTHY], { env: tokenEnv(emulator, { GITHUB_STEP_SUMMARY: summary }) });
            expect(run.code).to.equal(0);
            expect(run.stdout).to.contain("1 target: 1 healthy");
            expect(run.stderr).to.contain(
                `aop-status: warning: cannot append the job summary to GITHUB_STEP_SUMMARY ${JSON.stringify(summary)} (ENOENT)`,
            );
        });

        it("is written when no credentials are set, every target an error, and never holds the token the API echoed", async () => {
            const summary = join(dir, "step_summary");
            const none = await cli.run(["check", HEALTHY, DEPLOYING], {
                env: { CLOUDFLARE_BASE_URL: emulator.url, GITHUB_STEP_SUMMARY: summary },
            });
            expect(none.code).to.equal(3);
            const [counts, targets] = tablesIn(renderGfm(readFileSync(summary, "utf8")));
            expect(counts.rows).to.deep.equal([["2", "0", "0", "0", "2"]]);
            expect(targets.rows.map((row) => visible(row[4]))).to.satisfy((cells: string[]) =>
                cells.every((c) => c.startsWith("CredentialsError: ")),
            );

            rmSync(summary);
            emulator.control.injectFault({
                kind: "status",
                status: 400,
                errorCode: 6003,
                message: `Invalid request headers: ${FAKE_TOKEN}`,
                count: "always",
            });
            const echoed = await cli.run(["check", HEALTHY], {
                env: tokenEnv(emulator, { GITHUB_STEP_SUMMARY: summary, AOP_STATUS_MAX_RETRIES: "0" }),
            });
            expect(echoed.code).to.equal(3);
            const [, echoedTargets] = tablesIn(renderGfm(readFileSync(summary, "utf8")));
            expect(visible(echoedTargets.rows[0][4])).to.contain("Invalid request headers: [redacted]");
            // Escaping puts a backslash before each "-" of the token: read it without them.
            expectNoSecrets(readFileSync(summary, "utf8").replace(/\\/g, ""), "the job summary");
        });

        it("keeps a hostile status from the API in one cell, without markup or links", async () => {
            const summary = join(dir, "step_summary");
            emulator.control.injectFault({
                kind: "mutate",
                count: "always",
                result: { enabled: true, status: HOSTILE_STATUS, cert_status: "active" },
            });
            const run = await cli.run(["check", DEPLOYING, "--format", "json"], {
                env: tokenEnv(emulator, { GITHUB_STEP_SUMMARY: summary }),
            });
            expect(run.code).to.equal(1);
            const status = (JSON.parse(run.stdout) as JsonReport).targets[0].outputs?.status ?? "";
            const [, targets] = tablesIn(renderGfm(readFileSync(summary, "utf8")));
            expect(targets.rows).to.have.length(1);
            expect(targets.rows[0]).to.have.length(5);
            const problems = visible(targets.rows[0][4]);
            // The health rules quote the status with its control characters as visible escapes.
            expect(problems).to.contain(`status is ${printable(status)}`);
        });
    });

    describe("--format github", () => {
        it("prints the table and one annotation per target needing attention, worst first, that the runner parses", async () => {
            const run = await cli.run(
                ["check", HEALTHY, DEPLOYING, DISABLED, EXPIRING, UNKNOWN, "--format", "github", "--no-step-summary"],
                {
                    env: tokenEnv(emulator),
                },
            );
            expect(run.code).to.equal(1);
            expect(run.stdout).to.match(/^TARGET\s+STATUS/m);
            expect(annotations(run.stdout).map((a) => [a.command, a.properties.title, a.data])).to.deep.equal([
                ["error", "AOP disabled.example.com", "hostname AOP is disabled"],
                [
                    "error",
                    "AOP nobody.example.com",
                    "hostname has no per-hostname AOP association (Cloudflare returned 404 with code 1404)",
                ],
                ["error", "AOP deploying.example.com", "status is pending_deployment"],
                [
                    "error",
                    "AOP expiring.example.com",
                    annotations(run.stdout)[3]?.data.match(/^certificate expires in 1[12] days \(\d{4}-\d{2}-\d{2}\)$/)?.[0],
                ],
            ]);
        });

        it("prints at most 10 errors, then a notice with the count of the rest", async () => {
            emulator.control.injectFault({
                kind: "mutate",
                count: "always",
                result: { enabled: true, status: "pending_deployment", cert_status: "active" },
            });
            const targets = [
                HEALTHY,
                DEPLOYING,
                DISABLED,
                EXPIRING,
                ...FLEET,
                `${ZONE}/one-more.example.com`,
                `${ZONE}/and-another.example.com`,
            ];
            const run = await cli.run(["check", ...targets, "--format", "github"], { env: tokenEnv(emulator) });
            expect(run.code).to.equal(1);
            const found = annotations(run.stdout);
            expect(found.filter((a) => a.command === "error")).to.have.length(10);
            expect(found.map((a) => a.command).slice(10)).to.deep.equal(["notice"]);
            expect(found[10].data).to.match(/^2 more targets need attention \(2 more errors\) but are not annotated/);
        });

        it("makes a hostname missing with --allow-missing a warning", async () => {
            const run = await cli.run(["check", HEALTHY, UNKNOWN, "--allow-missing", "--format", "github"], { env: tokenEnv(emulator) });
            expect(run.code).to.equal(0);
            expect(annotations(run.stdout).map((a) => [a.command, a.properties.title])).to.deep.equal([
                ["warning", "AOP nobody.example.com"],
            ]);
        });

        it("turns a hostile status into data, never into a second command", async () => {
            emulator.control.injectFault({
                kind: "mutate",
                count: "always",
                result: { enabled: true, status: HOSTILE_STATUS, cert_status: "active" },
            });
            const run = await cli.run(["check", DEPLOYING, "--format", "github"], { env: tokenEnv(emulator) });
            expect(run.code).to.equal(1);
            const commands = workflowCommands(run.stdout);
            expect(commands.map((c) => [c.command, c.properties.title])).to.deep.equal([["error", "AOP deploying.example.com"]]);
        });

        it("refuses --output, since workflow commands only work on stdout, and sends nothing", async () => {
            const run = await cli.run(["check", HEALTHY, "--format", "github", "--output", join(dir, "x.txt")], {
                env: tokenEnv(emulator),
            });
            expect(run.code).to.equal(2);
            expect(run.stderr).to.contain("--format github writes workflow commands to stdout");
            expect(emulator.log.entries()).to.deep.equal([]);
            expect(readdirSync(dir)).to.deep.equal([]);
        });
    });
});
