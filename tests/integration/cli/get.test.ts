import { expect } from "chai";

import type { RunningEmulator } from "../../../emulator/index";
import { OUTPUT_NAMES } from "../../../provider/types";
import { PACKAGE_VERSION } from "../../../provider/version";
import { HEALTHY, startCliEmulator, tokenEnv, UNKNOWN, ZONE } from "./emulator-fixture";
import { ensureBuilt, RunRecorder, WRONG_TOKEN } from "./support";

describe("aop-status get, --help and --version (built CLI against the emulator)", function () {
    this.timeout(30_000);
    let emulator: RunningEmulator;
    const cli = new RunRecorder();

    before(async function () {
        this.timeout(120_000);
        ensureBuilt();
        emulator = await startCliEmulator();
    });
    after(() => emulator?.stop());
    beforeEach(() => emulator.control.reset());
    afterEach(() => {
        expect(emulator.log.entries().every((e) => e.method === "GET")).to.equal(true);
        cli.expectNoSecretsSoFar();
    });

    it("prints every output, in the resource's order, as an aligned table, and exits 0 for a healthy hostname", async () => {
        const run = await cli.run(["get", HEALTHY], { env: tokenEnv(emulator) });
        expect(run.code, run.stderr).to.equal(0);
        const names = run.stdout
            .split("\n")
            .filter((line) => /^\S/.test(line))
            .map((line) => line.split(/\s+/)[0]);
        expect(names).to.deep.equal([...OUTPUT_NAMES]);
        expect(run.stdout).to.match(/^status\s+active$/m);
        expect(run.stdout).to.match(/^certSubject\s+CN=healthy\.example\.com/m);
        expect(run.stdout).to.match(/^daysUntilExpiry\s+36[45]$/m);
        expect(run.stdout).to.match(/^healthy\s+true$/m);
        // The PEM is summarised; its fingerprint and dates have rows of their own, the text is in --format json.
        expect(run.stdout).to.match(/^certificate\s+PEM of 1 certificate \(the text is in --format json\)$/m);
        expect(run.stdout).to.not.contain("BEGIN CERTIFICATE");
        expect(run.stdout).to.match(/^certFingerprintSha256\s+([0-9A-F]{2}:){31}[0-9A-F]{2}$/m);
        expect(emulator.log.entries()).to.have.length(1);
    });

    it("prints the outputs object with --format json, derived fields included", async () => {
        const run = await cli.run(["get", "--zone-id", ZONE, "deploying.example.com", "--format", "json"], { env: tokenEnv(emulator) });
        expect(run.code).to.equal(1);
        const outputs = JSON.parse(run.stdout) as Record<string, unknown>;
        expect(Object.keys(outputs)).to.deep.equal([...OUTPUT_NAMES]);
        expect(outputs).to.include({
            zoneId: ZONE,
            hostname: "deploying.example.com",
            found: true,
            status: "pending_deployment",
            healthy: false,
        });
        expect(outputs.problems).to.deep.equal(["status is pending_deployment"]);
        expect(outputs.problemCodes).to.deep.equal(["status"]);
        expect(outputs.certificate).to.match(/^-----BEGIN CERTIFICATE-----/);
        expect(outputs.certFingerprintSha256).to.match(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
        expect(outputs.certSans).to.deep.equal(["deploying.example.com"]);
    });

    it("exits 1 for a hostname that does not exist and shows found: false", async () => {
        const run = await cli.run(["get", UNKNOWN], { env: tokenEnv(emulator) });
        expect(run.code).to.equal(1);
        expect(run.stdout).to.match(/^found\s+false$/m);
    });

    it("exits 3 with the typed message, and no stack, when the token is refused", async () => {
        const run = await cli.run(["get", HEALTHY], { env: tokenEnv(emulator, { CLOUDFLARE_API_TOKEN: WRONG_TOKEN }) });
        expect(run.code).to.equal(3);
        expect(run.stdout).to.equal("");
        expect(run.stderr).to.match(/^aop-status: Cloudflare API returned HTTP 403: \[9109\] Invalid access token\./);
        expect(run.stderr).to.not.match(/\n\s+at |AxiosError|Authorization/);
    });

    it("exits 3 before any request when there are no credentials", async () => {
        const run = await cli.run(["get", HEALTHY], { env: { CLOUDFLARE_BASE_URL: emulator.url } });
        expect(run.code).to.equal(3);
        expect(run.stderr).to.contain("aop-status: No Cloudflare credentials found");
        expect(emulator.log.entries()).to.deep.equal([]);
    });

    it("exits 2 for an invalid target without a request", async () => {
        const run = await cli.run(["get", `${ZONE}/exa mple.com`], { env: tokenEnv(emulator) });
        expect(run.code).to.equal(2);
        expect(run.stderr).to.contain(`invalid target "${ZONE}/exa mple.com" (argument 1, field hostname)`);
        expect(emulator.log.entries()).to.deep.equal([]);
    });

    it("prints help with examples, exit codes and why credentials are not flags, exiting 0", async () => {
        const run = await cli.run(["--help"]);
        expect(run.code).to.equal(0);
        expect(run.stdout).to.contain("Usage: aop-status");
        expect(run.stdout).to.contain("Examples:");
        expect(run.stdout).to.contain("3  an API or credential error");
        expect(run.stdout).to.contain("There are deliberately no flags for them: command lines end up in shell");
        const check = await cli.run(["check", "--help"]);
        expect(check.code).to.equal(0);
        expect(check.stdout).to.contain("--targets-file");
        expect(check.stdout).to.contain("--no-require-enabled");
        expect(check.stdout).to.not.contain("--api-token");
    });

    it("prints the package version with --version", async () => {
        const run = await cli.run(["--version"]);
        expect(run.code).to.equal(0);
        expect(run.stdout.trim()).to.equal(PACKAGE_VERSION);
    });
});
