/**
 * `--credentials-env PREFIX`: the CLI's way to read a second Cloudflare account, as
 * `configNamespace` is the stack's. Two emulators stand for two accounts, each with its own token,
 * base URL and zone, so a run that used the wrong variables fails instead of passing by accident.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { expect } from "chai";

import { demoSeed, startEmulator, type RunningEmulator } from "../../../emulator/index";
import { startCliEmulator, tokenEnv, ZONE } from "./emulator-fixture";
import { ensureBuilt, runCli } from "./support";

const SECOND_ZONE = "5f1e2d3c4b5a69788796a5b4c3d2e1f0";
const SECOND_TOKEN = "cli-second-account-SECRET-9d2c71";
const SECOND = `${SECOND_ZONE}/deploying.example.com`;
const SECOND_HEALTHY = `${SECOND_ZONE}/healthy.example.com`;

describe("aop-status --credentials-env (built CLI against two emulators)", function () {
    this.timeout(60_000);
    let first: RunningEmulator;
    let second: RunningEmulator;
    let folder: string;

    /** The first account in CLOUDFLARE_*, the second in SECOND_*: only the flag says which to use. */
    const bothAccounts = (): Record<string, string> => tokenEnv(first, { SECOND_API_TOKEN: SECOND_TOKEN, SECOND_BASE_URL: second.url });
    const requests = (emulator: RunningEmulator): string[] =>
        emulator.log.entries().map((entry) => `${entry.method} ${entry.zoneId ?? "-"} ${entry.credential ?? "-"}`);

    before(async function () {
        this.timeout(120_000);
        ensureBuilt();
        first = await startCliEmulator();
        second = await startEmulator({
            seed: { zones: { [SECOND_ZONE]: demoSeed().zones[ZONE] } },
            credentials: { tokens: [SECOND_TOKEN] },
        });
        folder = mkdtempSync(join(tmpdir(), "aop-credentials-env-"));
    });
    after(async () => {
        await Promise.all([first?.stop(), second?.stop()]);
        if (folder) rmSync(folder, { recursive: true, force: true });
    });
    beforeEach(() => {
        first.log.clear();
        second.log.clear();
    });

    it("reads PREFIX_API_TOKEN and PREFIX_BASE_URL instead of the CLOUDFLARE_ ones, for check and get", async () => {
        const check = await runCli(["check", "--credentials-env", "SECOND", SECOND, SECOND_HEALTHY], { env: bothAccounts() });
        expect(check.code, check.stderr).to.equal(1);
        expect(check.stdout).to.match(/deploying\.example\.com.*pending_deployment/);
        const get = await runCli(["--credentials-env", "SECOND", "get", SECOND_HEALTHY, "--format", "json"], { env: bothAccounts() });
        expect(get.code, get.stderr).to.equal(0);
        expect(JSON.parse(get.stdout)).to.include({ zoneId: SECOND_ZONE, status: "active" });
        expect(requests(second)).to.deep.equal(Array(3).fill(`GET ${SECOND_ZONE} token#1`));
        expect(requests(first)).to.deep.equal([]);
    });

    it("accepts the prefix with a trailing underscore", async () => {
        const run = await runCli(["check", "--credentials-env", "SECOND_", SECOND_HEALTHY], { env: bothAccounts() });
        expect(run.code, run.stderr).to.equal(0);
        expect(requests(second)).to.have.length(1);
    });

    it("never falls back to CLOUDFLARE_API_TOKEN, and names the variables it lacks", async () => {
        const run = await runCli(["check", "--credentials-env", "SECOND", SECOND], {
            env: tokenEnv(first, { SECOND_BASE_URL: second.url }),
        });
        expect(run.code).to.equal(3);
        expect(run.stderr).to.contain("SECOND_API_TOKEN").and.contain("SECOND_API_KEY + SECOND_EMAIL");
        expect(run.stderr).to.not.contain("CLOUDFLARE_API_TOKEN");
        expect(requests(first)).to.deep.equal([]);
        expect(requests(second)).to.deep.equal([]);
    });

    it("refuses a prefix that is not an environment variable prefix, with exit 2 and nothing sent", async () => {
        for (const prefix of ["second", "SECOND-ACCOUNT", "1SECOND", ""]) {
            const run = await runCli(["check", "--credentials-env", prefix, SECOND], { env: bothAccounts() });
            expect(run.code, `${prefix}: ${run.stderr}`).to.equal(2);
            expect(run.stderr).to.contain("--credentials-env");
        }
        expect(requests(second)).to.deep.equal([]);
    });

    it("scrubs the prefixed token from everything it writes: streams, --output report and job summary", async () => {
        const report = join(folder, "report.json");
        const summary = join(folder, "summary.md");
        // A slip of the shell: the token itself given as a target.
        const run = await runCli(
            ["check", "--credentials-env", "SECOND", SECOND_HEALTHY, SECOND_TOKEN, "--format", "json", "--output", report],
            {
                env: { ...bothAccounts(), GITHUB_STEP_SUMMARY: summary },
            },
        );
        expect(run.code).to.equal(2);
        expect(run.stderr).to.contain("[redacted]");
        for (const text of [run.stdout, run.stderr]) expect(text).to.not.contain(SECOND_TOKEN);

        const valid = await runCli(["check", "--credentials-env", "SECOND", SECOND_HEALTHY, "--format", "json", "--output", report], {
            env: { ...bothAccounts(), GITHUB_STEP_SUMMARY: summary },
        });
        expect(valid.code, valid.stderr).to.equal(0);
        for (const text of [valid.stdout, valid.stderr, readFileSync(report, "utf8"), readFileSync(summary, "utf8")]) {
            expect(text).to.not.contain(SECOND_TOKEN);
        }
    });

    it("says in --help how to read another account", async () => {
        const run = await runCli(["--help"]);
        expect(run.code).to.equal(0);
        expect(run.stdout).to.contain("--credentials-env <prefix>").and.contain("PREFIX_API_TOKEN");
    });
});
