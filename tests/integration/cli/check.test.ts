import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { createServer, type AddressInfo } from "node:net";
import { join } from "node:path";

import { expect } from "chai";

import type { RunningEmulator } from "../../../emulator/index";
import type { JsonReport } from "../../../provider/cli/format-json";
import { OUTPUT_NAMES } from "../../../provider/types";
import { childrenNamed, parseXml } from "../../unit/cli/xml";
import { DEPLOYING, DISABLED, EXPIRING, FLEET, HEALTHY, startCliEmulator, tokenEnv, UNKNOWN, ZONE } from "./emulator-fixture";
import { ensureBuilt, expectNoSecrets, FAKE_EMAIL, FAKE_KEY, FAKE_TOKEN, RunRecorder, WRONG_TOKEN } from "./support";

describe("aop-status check (built CLI against the emulator)", function () {
    this.timeout(30_000);
    let emulator: RunningEmulator;
    let dir: string;
    const cli = new RunRecorder();

    before(async function () {
        this.timeout(120_000);
        ensureBuilt();
        emulator = await startCliEmulator();
        dir = mkdtempSync(join(tmpdir(), "aop-status-cli-"));
    });
    after(async () => {
        await emulator?.stop();
        if (dir) rmSync(dir, { recursive: true, force: true });
    });
    beforeEach(() => emulator.control.reset());
    afterEach(() => {
        // The CLI is read-only: whatever a test did, the emulator saw nothing but GETs.
        expect(emulator.log.entries().map((e) => e.method)).to.satisfy((methods: string[]) => methods.every((m) => m === "GET"));
        cli.expectNoSecretsSoFar();
    });

    it("exits 0 and prints a healthy row when every target is healthy", async () => {
        const run = await cli.run(["check", HEALTHY], { env: tokenEnv(emulator) });
        expect(run.code, run.stderr).to.equal(0);
        expect(run.stdout).to.match(/^TARGET\s+STATUS\s+CERT\s+ENABLED\s+EXPIRES\s+DAYS\s+HEALTH\s+PROBLEMS$/m);
        expect(run.stdout).to.match(
            new RegExp(`^${HEALTHY}\\s+active\\s+active\\s+yes\\s+\\d{4}-\\d{2}-\\d{2}\\s+36[45]\\s+healthy\\s+-$`, "m"),
        );
        expect(run.stdout).to.contain("1 target: 1 healthy, 0 unhealthy, 0 missing, 0 errors");
        expect(run.stderr).to.equal("");
        expect(run.stdout).to.not.include("\u001b[");
        expect(emulator.log.entries()).to.have.length(1);
    });

    it("exits 1 and names the problem when a hostname is still pending deployment", async () => {
        const run = await cli.run(["check", HEALTHY, DEPLOYING], { env: tokenEnv(emulator) });
        expect(run.code, run.stderr).to.equal(1);
        expect(run.stdout).to.match(new RegExp(`^${DEPLOYING}\\s+pending_deployment\\s.*UNHEALTHY\\s+status is pending_deployment$`, "m"));
    });

    it("exits 1 for a hostname Cloudflare does not know (404), and 0 when --allow-missing", async () => {
        const strict = await cli.run(["check", HEALTHY, UNKNOWN], { env: tokenEnv(emulator) });
        expect(strict.code, strict.stderr).to.equal(1);
        expect(strict.stdout).to.match(new RegExp(`^${UNKNOWN}\\s.*MISSING\\s+hostname has no per-hostname AOP association`, "m"));
        const lenient = await cli.run(["check", HEALTHY, UNKNOWN, "--allow-missing"], { env: tokenEnv(emulator) });
        expect(lenient.code, lenient.stderr).to.equal(0);
        expect(lenient.stdout).to.contain("missing (allowed)");
    });

    it("applies --expiry-warning-days (or --min-days) and --no-require-enabled as the resource applies expiryWarningDays and the enabled rule", async () => {
        const strict = await cli.run(["check", EXPIRING, DISABLED], { env: tokenEnv(emulator) });
        expect(strict.code).to.equal(1);
        expect(strict.stdout).to.match(/certificate expires in 1[12] days/);
        expect(strict.stdout).to.contain("hostname AOP is disabled");
        const relaxed = await cli.run(["check", EXPIRING, DISABLED, "--expiry-warning-days", "7", "--no-require-enabled"], {
            env: tokenEnv(emulator),
        });
        expect(relaxed.code, relaxed.stdout).to.equal(0);
        expect(relaxed.stdout).to.contain("2 targets: 2 healthy");
        expect(relaxed.stdout).to.contain("(expiry-warning-days 7, no-require-enabled)");
        // The 0.1.0 name still works, as an alias.
        const alias = await cli.run(["check", EXPIRING, "--min-days", "7"], { env: tokenEnv(emulator) });
        expect(alias.code, alias.stdout).to.equal(0);
        expect(alias.stdout).to.contain("(expiry-warning-days 7)");
    });

    it("reads a targets file with comments and blank lines, and bare hostnames with --zone-id", async () => {
        const file = join(dir, "targets.txt");
        writeFileSync(file, `# fleet\n\n${HEALTHY}   # main site\n  ${FLEET[0]}\n`);
        const run = await cli.run(["check", "--targets-file", file, "--zone-id", ZONE, "fleet-2.example.com"], { env: tokenEnv(emulator) });
        expect(run.code, run.stderr).to.equal(0);
        expect(run.stdout).to.contain("3 targets: 3 healthy");
        expect(
            emulator.log
                .entries()
                .map((e) => e.hostname)
                .sort(),
        ).to.deep.equal(["fleet-1.example.com", "fleet-2.example.com", "healthy.example.com"]);
    });

    it("reads the targets file from stdin with --targets-file -", async () => {
        const run = await cli.run(["check", "--targets-file", "-"], { env: tokenEnv(emulator), stdin: `${HEALTHY}\n# done\n` });
        expect(run.code, run.stderr).to.equal(0);
        expect(run.stdout).to.contain("1 target: 1 healthy");
    });

    it("exits 2 for an invalid target, naming it, its line and the field, and sends no request at all", async () => {
        const file = join(dir, "bad-targets.txt");
        writeFileSync(file, `${HEALTHY}\n# comment\nNOT-A-ZONE/app.example.com\n${ZONE}/bad_host!.example.com\n`);
        const run = await cli.run(["check", "--targets-file", file], { env: tokenEnv(emulator) });
        expect(run.code).to.equal(2);
        expect(run.stdout).to.equal("");
        expect(run.stderr).to.contain(
            `aop-status: invalid target "NOT-A-ZONE/app.example.com" (${file} line 3, field zoneId): target zone must be 32 lower-case hexadecimal characters`,
        );
        expect(run.stderr).to.contain(`(${file} line 4, field hostname)`);
        expect(run.stderr).to.not.match(/\n\s+at /);
        expect(emulator.log.entries()).to.deep.equal([]);
    });

    it("exits 2, not commander's 1, for usage errors, and sends nothing", async () => {
        for (const args of [
            ["check", "--bogus", HEALTHY],
            ["check", HEALTHY, "--min-days", "soon"],
            ["check", HEALTHY, "--format", "xml"],
            ["frobnicate"],
            [],
        ]) {
            const run = await cli.run(args, { env: tokenEnv(emulator) });
            expect(run.code, `aop-status ${args.join(" ")}: ${run.stderr}`).to.equal(2);
            expect(run.stderr).to.not.equal("");
        }
        expect(emulator.log.entries()).to.deep.equal([]);
    });

    it("never echoes the token, even when it is pasted where a target belongs", async () => {
        const run = await cli.run(["check", `zone/${FAKE_TOKEN}`, "--zone-id", ZONE, `${FAKE_TOKEN}!`], { env: tokenEnv(emulator) });
        expect(run.code).to.equal(2);
        expect(run.stderr).to.contain('invalid target "zone/[redacted]" (argument 1, field zoneId)');
        expect(run.stderr).to.contain("(argument 2, field hostname)");
        expect(run.stderr.toLowerCase()).to.not.contain(FAKE_TOKEN.toLowerCase());
        expect(emulator.log.entries()).to.deep.equal([]);
    });

    it("exits 2 and explains why when a credential is passed as a flag", async () => {
        const run = await cli.run(["check", HEALTHY, "--api-token", WRONG_TOKEN], { env: tokenEnv(emulator) });
        expect(run.code).to.equal(2);
        expect(run.stderr).to.contain("--api-token is not supported: credentials are read only from CLOUDFLARE_API_TOKEN");
        expect(emulator.log.entries()).to.deep.equal([]);
    });

    it("exits 3 when the token is refused (403), and stops instead of sending every other target with the same token", async () => {
        const run = await cli.run(["check", HEALTHY, DEPLOYING, ...FLEET, "--concurrency", "1"], {
            env: tokenEnv(emulator, { CLOUDFLARE_API_TOKEN: WRONG_TOKEN }),
        });
        expect(run.code).to.equal(3);
        expect(run.stdout).to.match(/AuthenticationError: Cloudflare API returned HTTP 403: \[9109\]/);
        expect(run.stdout).to.contain("NotCheckedError");
        expect(run.stderr).to.contain("aop-status: 8 of 8 targets could not be checked: AuthenticationError");
        expect(run.stderr).to.contain("stopped early");
        const requests = emulator.log.entries();
        expect(requests).to.have.length(1);
        expect(requests[0]).to.include({ status: 403, credential: "unrecognised" });
    });

    it("exits 3 without a single request when no credentials are set, and still writes the report", async () => {
        const report = join(dir, "no-credentials.xml");
        const run = await cli.run(["check", HEALTHY, DEPLOYING, "--format", "junit", "--output", report], {
            env: { CLOUDFLARE_BASE_URL: emulator.url },
        });
        expect(run.code).to.equal(3);
        expect(run.stderr).to.contain("aop-status: 2 of 2 targets could not be checked: CredentialsError: No Cloudflare credentials found");
        expect(emulator.log.entries()).to.deep.equal([]);
        const root = parseXml(readFileSync(report, "utf8"));
        expect(root.attributes).to.include({ tests: "2", errors: "2", failures: "0" });
    });

    it("exits 3 when the API cannot be reached", async () => {
        // A port that was free a moment ago: nothing listens there now.
        const server = createServer();
        await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
        const { port } = server.address() as AddressInfo;
        await new Promise<void>((resolve) => server.close(() => resolve()));
        const url = `http://127.0.0.1:${port}/client/v4`;
        const run = await cli.run(["check", HEALTHY], {
            env: tokenEnv(emulator, { CLOUDFLARE_BASE_URL: url, AOP_STATUS_MAX_RETRIES: "0" }),
        });
        expect(run.code).to.equal(3);
        expect(run.stdout).to.contain("ConnectionError: Could not reach the Cloudflare API: connection refused");
    });

    it("exits 3 rather than 1 when some targets fail with an API error and others are unhealthy", async () => {
        emulator.control.injectFault({ kind: "status", status: 500, count: "always", match: { hostname: "healthy.example.com" } });
        const run = await cli.run(["check", HEALTHY, DEPLOYING, FLEET[0]], { env: tokenEnv(emulator, { AOP_STATUS_MAX_RETRIES: "0" }) });
        expect(run.code).to.equal(3);
        expect(run.stdout).to.match(new RegExp(`^${HEALTHY}\\s.*ERROR\\s+CloudflareApiError: Cloudflare API returned HTTP 500`, "m"));
        expect(run.stdout).to.contain("UNHEALTHY");
        // An error about one hostname says nothing about the others: they were all still checked.
        expect(run.stdout).to.contain("3 targets: 1 healthy, 1 unhealthy, 0 missing, 1 error");
    });

    it("prints the documented JSON report with --format json", async () => {
        const run = await cli.run(["check", HEALTHY, DEPLOYING, UNKNOWN, "--format", "json"], { env: tokenEnv(emulator) });
        expect(run.code).to.equal(1);
        const report = JSON.parse(run.stdout) as JsonReport;
        expect(report.version).to.equal(1);
        expect(Date.parse(report.generatedAt)).to.be.closeTo(Date.now(), 60_000);
        expect(report.settings).to.deep.equal({ minDays: 30, expiryWarningDays: 30, requireEnabled: true, allowMissing: false });
        expect(report.summary).to.deep.equal({ total: 3, healthy: 1, unhealthy: 1, missing: 1, errors: 0 });
        expect(report.targets.map((t) => [t.target, t.result, t.healthy])).to.deep.equal([
            [HEALTHY, "healthy", true],
            [DEPLOYING, "unhealthy", false],
            [UNKNOWN, "missing", false],
        ]);
        const [healthy, deploying, unknown] = report.targets;
        expect(Object.keys(healthy.outputs ?? {})).to.deep.equal([...OUTPUT_NAMES]);
        expect(healthy.outputs).to.include({
            zoneId: ZONE,
            hostname: "healthy.example.com",
            found: true,
            enabled: true,
            status: "active",
            expiryWarningDays: 30,
        });
        expect(healthy.outputs?.certificate).to.match(/^-----BEGIN CERTIFICATE-----/);
        expect(deploying.problems).to.deep.equal(["status is pending_deployment"]);
        expect(deploying.problemCodes).to.deep.equal(["status"]);
        expect(unknown.problemCodes).to.deep.equal(["not-found"]);
        expect(unknown.outputs).to.include({ found: false, status: null });
        expect(report.targets.every((t) => t.error === null)).to.equal(true);
    });

    it("writes a JUnit file with --output and still prints the table to stdout", async () => {
        const file = join(dir, "reports", "aop-report.xml");
        const run = await cli.run(["check", HEALTHY, DEPLOYING, UNKNOWN, "--format", "junit", "--output", file], {
            env: tokenEnv(emulator),
        });
        expect(run.code).to.equal(1);
        expect(run.stdout).to.match(/^TARGET\s+STATUS/m);
        expect(run.stdout).to.contain(`junit report written to ${file}`);
        const text = readFileSync(file, "utf8");
        expectNoSecrets(text, "the JUnit report");
        const root = parseXml(text);
        expect(root.name).to.equal("testsuites");
        expect(root.attributes).to.include({ tests: "3", failures: "2", errors: "0" });
        const suite = childrenNamed(root, "testsuite")[0];
        expect(suite.attributes.name).to.equal(`zone ${ZONE}`);
        const cases = childrenNamed(suite, "testcase");
        expect(cases.map((c) => c.attributes.name)).to.deep.equal(["healthy.example.com", "deploying.example.com", "nobody.example.com"]);
        expect(childrenNamed(cases[0], "failure")).to.have.length(0);
        expect(childrenNamed(cases[1], "failure")[0].attributes).to.deep.equal({
            type: "unhealthy",
            message: "status is pending_deployment",
        });
        expect(childrenNamed(cases[2], "failure")[0].attributes.type).to.equal("missing");
    });

    it("prints JUnit XML to stdout without --output", async () => {
        const run = await cli.run(["check", HEALTHY, "--format", "junit"], { env: tokenEnv(emulator) });
        expect(run.code).to.equal(0);
        expect(parseXml(run.stdout).attributes).to.include({ tests: "1", failures: "0", errors: "0" });
    });

    it("reads targets concurrently, never more than --concurrency at a time", async () => {
        // Every answer takes 200 ms, so requests that arrive within 150 ms of each other were in flight together.
        emulator.control.setLatency(200);
        const inFlight = (): number => {
            const arrivals = emulator.log.entries().map((e) => e.time);
            return Math.max(...arrivals.map((t) => arrivals.filter((other) => other <= t && other > t - 150).length));
        };

        const serial = await cli.run(["check", ...FLEET, "--concurrency", "1"], { env: tokenEnv(emulator) });
        expect(serial.code).to.equal(0);
        expect(inFlight()).to.equal(1);
        // Over a second long, but stderr is not a terminal (and CI is set): no progress line in the log.
        expect(serial.durationMs).to.be.above(1200);
        expect(serial.stderr).to.equal("");

        // A fresh budget: otherwise the parallel run first measures whether the serial run's requests
        // in this window were a neighbour's steady pace (a few 200 ms samples), which is pacing, not concurrency.
        emulator.control.reset();
        emulator.control.setLatency(200);
        const parallel = await cli.run(["check", ...FLEET, "--concurrency", "3"], { env: tokenEnv(emulator) });
        expect(parallel.code).to.equal(0);
        expect(emulator.log.entries()).to.have.length(6);
        expect(inFlight()).to.equal(3);
        // Six 200 ms reads, three at a time (after the limiter's single probe), take well under six in a row.
        expect(parallel.durationMs).to.be.below(serial.durationMs - 200);
    });

    it("sends nothing but GETs of the hostname status endpoint", async () => {
        const run = await cli.run(["check", HEALTHY, DEPLOYING, DISABLED, EXPIRING, UNKNOWN, ...FLEET], { env: tokenEnv(emulator) });
        expect(run.code).to.equal(1);
        const requests = emulator.log.entries();
        expect(requests).to.have.length(11);
        for (const request of requests) {
            expect(request).to.include({ method: "GET", route: "hostname-status", zoneId: ZONE, auth: "token", credential: "token#1" });
            expect(request.path).to.match(new RegExp(`^/client/v4/zones/${ZONE}/origin_tls_client_auth/hostnames/[a-z0-9.-]+$`));
        }
    });

    it("works with a global API key from CLOUDFLARE_API_KEY and CLOUDFLARE_EMAIL", async () => {
        const run = await cli.run(["check", HEALTHY], {
            env: { CLOUDFLARE_BASE_URL: emulator.url, CLOUDFLARE_API_KEY: FAKE_KEY, CLOUDFLARE_EMAIL: FAKE_EMAIL },
        });
        expect(run.code, run.stderr).to.equal(0);
        expect(emulator.log.entries()[0]).to.include({ auth: "key", credential: "key#1" });
    });

    it("takes --base-url over CLOUDFLARE_BASE_URL, and rejects a bad one with exit 2", async () => {
        const run = await cli.run(["--base-url", emulator.url, "check", HEALTHY], {
            env: tokenEnv(emulator, { CLOUDFLARE_BASE_URL: "http://127.0.0.1:1/client/v4" }),
        });
        expect(run.code, run.stdout).to.equal(0);
        const bad = await cli.run(["check", HEALTHY, "--base-url", "ftp://127.0.0.1/"], { env: tokenEnv(emulator) });
        expect(bad.code).to.equal(2);
        expect(bad.stderr).to.contain('--base-url "ftp://127.0.0.1/" must use https');
        expect(emulator.log.entries()).to.have.length(1);
    });
});
