/**
 * The fault matrix through the built CLI: for each fault the emulator can produce,
 * `aop-status check TARGET --format json` must exit with the documented code and report the
 * outcome the row says, in bounded time, with the number of requests that proves retries did or
 * did not happen, and with no credential in stdout or stderr.
 */
import { expect } from "chai";

import { ensureBuilt, type CliRun } from "../cli/support";
import { HOSTS } from "../../support/stacks";
import {
    applyDataRow,
    applyRow,
    DATA_ROWS,
    dataRowHostname,
    expectNamesCredential,
    expectNoSecrets,
    expectRequestCount,
    FAST_TUNING,
    FAULT_ROWS,
    MISSING_ALLOWED_HOSTNAME,
    parseJsonReport,
    rowHostname,
    rowToken,
    rowTuning,
    runCheck,
    sinceLastRequestMs,
    spreadMs,
    startHardeningEmulator,
    target,
    ZONE,
    type FaultRow,
    type HardeningEmulator,
} from "../../support/hardening";
import type { RequestLogEntry } from "../../../emulator/index";
import type { JsonReport, JsonTarget } from "../../../provider/cli/format-json";

/**
 * A whole CLI run (process start to exit) with the fast tuning; the defaults would take minutes
 * on a hang. The rows run as some twenty processes at once, so on a busy machine start-up alone
 * can take seconds: the bound is generous, and the rows about time assert their own tighter bounds.
 */
const RUN_BOUND_MS = 20_000;

/** Exit codes from the CLI's README. */
const EXIT = { healthy: 0, unhealthy: 1, usage: 2, failure: 3 } as const;

describe("fault matrix: aop-status check against the emulator", function () {
    this.timeout(30_000);
    let hardening: HardeningEmulator;
    /** One run per row, all at once: each row has its own hostname and its own token (so its own rate-limit budget). */
    const rowRuns = new Map<string, { run: CliRun; report: JsonReport; requests: RequestLogEntry[]; endedAt: number }>();
    const ROWS = FAULT_ROWS.filter((r) => r.id !== "not-found");

    before(async function () {
        this.timeout(120_000);
        ensureBuilt();
        hardening = await startHardeningEmulator({ extraTokens: ROWS.map(rowToken) });
        for (const row of ROWS) applyRow(hardening.emulator, row);
        const running: Array<Promise<void>> = [];
        for (const row of ROWS) {
            running.push(
                runCheck(hardening.emulator, [target(rowHostname(row)), "--format", "json"], {
                    tuning: rowTuning(row),
                    token: rowToken(row),
                }).then((run) => {
                    rowRuns.set(row.id, { run, report: parseJsonReport(run), requests: [], endedAt: Date.now() });
                }),
            );
            // Spawning blocks this process's event loop, which is also the emulator's: a pause between
            // spawns keeps the emulator's timestamps close to when requests really arrived.
            await new Promise((resolve) => setTimeout(resolve, 30));
        }
        await Promise.all(running);
        for (const row of ROWS) (rowRuns.get(row.id) as { requests: RequestLogEntry[] }).requests = hardening.requestsFor(rowHostname(row));
    });
    after(async () => {
        await hardening?.emulator.stop();
    });
    beforeEach(() => hardening.emulator.control.reset());

    /** `check --format json` of `targets`, bounded and checked for secrets. */
    async function check(
        targets: string[],
        options: { tuning?: FaultRow["tuning"]; extraArgs?: string[] } = {},
    ): Promise<{ run: CliRun; report: JsonReport }> {
        const run = await runCheck(hardening.emulator, [...targets, "--format", "json", ...(options.extraArgs ?? [])], {
            tuning: options.tuning ?? FAST_TUNING,
        });
        expectNoSecrets(run.stdout, "stdout");
        expectNoSecrets(run.stderr, "stderr");
        expect(run.durationMs, "duration of the CLI run").to.be.below(RUN_BOUND_MS);
        return { run, report: parseJsonReport(run) };
    }

    function only(report: JsonReport): JsonTarget {
        expect(report.targets).to.have.length(1);
        return report.targets[0];
    }

    for (const row of ROWS) {
        it(`${row.behaviour} (${row.fault})`, () => {
            const { run, report, requests, endedAt } = rowRuns.get(row.id) as NonNullable<ReturnType<typeof rowRuns.get>>;
            const hostname = rowHostname(row);
            expectNoSecrets(run.stdout, "stdout", [rowToken(row)]);
            expectNoSecrets(run.stderr, "stderr", [rowToken(row)]);
            expect(run.durationMs, "duration of the CLI run").to.be.below(RUN_BOUND_MS);
            const result = only(report);
            const expected = row.expect;
            if (expected.outcome === "healthy") {
                expect(run.code, run.stderr).to.equal(EXIT.healthy);
                expect(result).to.include({ result: "healthy", healthy: true, error: null });
                expect(run.stderr).to.equal("");
            } else {
                expect(run.code, run.stdout).to.equal(EXIT.failure);
                expect(result).to.include({ result: "error", healthy: false, outputs: null });
                expect(result.error?.name).to.equal(expected.errorName);
                const message = result.error?.message ?? "";
                for (const pattern of expected.message) expect(message).to.match(pattern);
                expect(message).to.contain(`hostname ${hostname}`).and.contain(`zone ${ZONE}`);
                if (expected.namesCredentialSource) expectNamesCredential(message, "token", "cli");
                // One line on stderr saying what kind of failure kept the target from being checked.
                expect(run.stderr).to.contain(`aop-status: 1 of 1 target could not be checked: ${expected.errorName}: `);
                expect(run.stderr).to.not.match(/\n\s+at /);
                if (expected.settlesWithinMs !== undefined) {
                    expect(sinceLastRequestMs(requests, endedAt), "time from the last request to the end of the run").to.be.below(
                        expected.settlesWithinMs,
                    );
                }
            }
            expectRequestCount(requests, expected.requests, row.fault);
            if (expected.minSpreadMs !== undefined)
                expect(spreadMs(requests), "time from the first to the last request").to.be.at.least(expected.minSpreadMs);
        });
    }

    for (const status of [500, 502, 503, 504]) {
        it(`retries HTTP ${status} once and succeeds (HTTP ${status} once, then success)`, async () => {
            const hostname = HOSTS.healthy.hostname;
            hardening.emulator.control.injectFault({ kind: "status", status, match: { hostname } });
            const { run, report } = await check([target(hostname)]);
            expect(run.code, run.stderr).to.equal(EXIT.healthy);
            expect(only(report)).to.include({ result: "healthy" });
            expect(hardening.requestsFor(hostname).map((entry) => entry.status)).to.deep.equal([status, 200]);
        });
    }

    it("reports a hostname without an association (404) as missing and exits 1, with found: false in the outputs", async () => {
        const row = FAULT_ROWS.find((r) => r.id === "not-found") as FaultRow;
        applyRow(hardening.emulator, row);
        const { run, report } = await check([target(rowHostname(row))]);
        expect(run.code, run.stderr).to.equal(EXIT.unhealthy);
        const result = only(report);
        expect(result).to.include({ result: "missing", healthy: false, error: null });
        expect(result.outputs).to.include({ found: false, enabled: null, status: null });
        expect(result.problems).to.deep.equal(["hostname has no per-hostname AOP association (Cloudflare returned 404 with code 1404)"]);
        expect(run.stdout).to.not.contain("[1404]");
        expect(hardening.requestsFor(rowHostname(row)).map((entry) => entry.status)).to.deep.equal([404]);
    });

    it("with --allow-missing reports the 404 as missing with found: false and exits 0", async () => {
        const { run, report } = await check([target(MISSING_ALLOWED_HOSTNAME)], { extraArgs: ["--allow-missing"] });
        expect(run.code, run.stderr).to.equal(EXIT.healthy);
        expect(report.settings.allowMissing).to.equal(true);
        const result = only(report);
        expect(result).to.include({ result: "missing", error: null });
        expect(result.outputs).to.include({ found: false });
        expect(hardening.requestsFor(MISSING_ALLOWED_HOSTNAME)).to.have.length(1);
    });

    // As through the provider host: the other target's read gives up at once instead of waiting
    // out the hour, and the run ends.
    it("does not let one target's Retry-After of an hour keep the run from ending", async () => {
        const row = FAULT_ROWS.find((r) => r.id === "throttled-for-an-hour") as FaultRow;
        applyRow(hardening.emulator, row);
        const run = await runCheck(hardening.emulator, [target(rowHostname(row)), target(HOSTS.healthy.hostname), "--format", "json"], {
            tuning: { ...FAST_TUNING, deadlineSeconds: 3 },
            timeoutMs: RUN_BOUND_MS,
        });
        expect(run.code).to.equal(EXIT.failure);
        expect(parseJsonReport(run).targets[0].error?.message).to.match(/it asked to wait 3600 s/);
    });
});

describe("fault matrix: results Cloudflare should not send, through aop-status check", function () {
    this.timeout(30_000);
    let hardening: HardeningEmulator;
    let run: CliRun;
    let report: JsonReport;

    /** One run reads every odd result at once; each test then looks at its own row of the report. */
    before(async function () {
        this.timeout(120_000);
        ensureBuilt();
        hardening = await startHardeningEmulator();
        for (const row of DATA_ROWS) applyDataRow(hardening, row);
        run = await runCheck(hardening.emulator, [...DATA_ROWS.map((row) => target(dataRowHostname(row))), "--format", "json"]);
        report = parseJsonReport(run);
    });
    after(async () => {
        await hardening?.emulator.stop();
    });

    function resultOf(id: string): JsonTarget {
        const hostname = dataRowHostname(DATA_ROWS.find((row) => row.id === id) as (typeof DATA_ROWS)[number]);
        const result = report.targets.find((t) => t.hostname === hostname);
        expect(result, `${hostname} in the report`).to.not.equal(undefined);
        return result as JsonTarget;
    }

    it("tolerates all of them: no target errors, the run exits 1 for the unhealthy ones, in bounded time, one request each", () => {
        expect(run.code, run.stderr).to.equal(EXIT.unhealthy);
        expect(report.summary).to.include({ total: DATA_ROWS.length, errors: 0, healthy: 1, unhealthy: DATA_ROWS.length - 1 });
        expect(run.durationMs).to.be.below(RUN_BOUND_MS);
        for (const row of DATA_ROWS) expect(hardening.requestsFor(dataRowHostname(row)), row.fault).to.have.length(1);
        expectNoSecrets(run.stdout + run.stderr, "output of the run");
    });

    it("maps missing fields to null and judges them, instead of failing", () => {
        const result = resultOf("missing-fields");
        expect(result.outputs).to.include({ found: true, status: "active", enabled: null, certStatus: null, certificate: null });
        expect(result.problems).to.deep.equal([
            "hostname AOP association is voided (enabled is null)",
            "certificate status is missing",
            "no certificate PEM was returned",
        ]);
    });

    it("ignores fields the API spec does not have", () => {
        const result = resultOf("extra-fields");
        expect(result).to.include({ result: "healthy" });
        expect(result.outputs).to.not.have.any.keys("surprise", "rollout_wave", "rolloutWave", "cert_chain");
    });

    it("passes unknown status and cert_status values through and reports them as problems", () => {
        const result = resultOf("unknown-statuses");
        expect(result.outputs).to.include({ status: "quarantined_by_ai", certStatus: "rotating" });
        expect(result.problems).to.deep.equal(["status is quarantined_by_ai", "certificate status is rotating"]);
        expect(run.stdout).to.contain("quarantined_by_ai");
    });

    for (const [id, problem] of [
        ["malformed-pem", /^certificate PEM could not be parsed/],
        ["not-a-pem", /^certificate is not a PEM/],
        ["absent-pem", /^no certificate PEM was returned$/],
    ] as const) {
        const row = DATA_ROWS.find((r) => r.id === id) as (typeof DATA_ROWS)[number];
        it(`keeps found: true with empty certificate fields and a problem for ${row.fault}`, () => {
            const result = resultOf(id);
            expect(result).to.include({ result: "unhealthy", error: null });
            expect(result.outputs).to.include({
                found: true,
                certFingerprintSha256: null,
                certNotBefore: null,
                certNotAfter: null,
                certSubject: null,
            });
            expect(result.outputs?.certSans).to.deep.equal([]);
            expect(result.problems.filter((p) => problem.test(p))).to.have.length(1);
        });
    }
});
