/**
 * The fault matrix through the real provider host: for each fault the emulator can produce, a
 * `pulumi up` of the repository's root stack must end the way the row says, in bounded time, with
 * the number of requests that proves retries did or did not happen, and with no credential
 * anywhere in state, outputs, errors or the host's stderr. Each row gets an up of its own, except
 * where several rows can share one without affecting each other (the 5xx rows, the odd results).
 */
import { expect } from "chai";

import { HOSTS } from "../../support/stacks";
import {
    aopResourcesIn,
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
    once,
    operationText,
    rootStack,
    rowHostname,
    rowTuning,
    SERVER_ERRORS,
    sinceLastRequestMs,
    spreadMs,
    startHardeningEmulator,
    ZONE,
    type FaultRow,
    type HardeningEmulator,
} from "../../support/hardening";
import type { OperationResult } from "../../support/engine";

const SERVER_ERROR_ROWS = SERVER_ERRORS.map((status) => FAULT_ROWS.find((row) => row.id === `http-${status}-twice`) as FaultRow);

/** A whole `up` (host start, program, reads, host stop) with the fast tuning; the defaults would take minutes on a hang. */
const UP_BOUND_MS = 15_000;

describe("fault matrix: pulumi up of the root stack through the real provider host", function () {
    this.timeout(60_000);
    let hardening: HardeningEmulator;

    before(async () => {
        hardening = await startHardeningEmulator();
    });
    after(async () => {
        await hardening?.emulator.stop();
    });
    beforeEach(() => hardening.emulator.control.reset());

    /** An up of the root stack watching `hostnames`, with everything it shows checked for secrets. */
    async function up(
        hostnames: string[],
        options: { tuning?: FaultRow["tuning"]; tuningVia?: "config" | "env"; allowMissing?: boolean } = {},
    ): Promise<OperationResult> {
        const result = await once(
            rootStack(hardening.emulator, {
                hostnames,
                tuning: options.tuning ?? FAST_TUNING,
                tuningVia: options.tuningVia,
                allowMissing: options.allowMissing,
            }),
            "up",
        );
        expectNoSecrets(operationText(result), `up of ${hostnames.join(", ")}`);
        expect(result.durationMs, "duration of the up").to.be.below(UP_BOUND_MS);
        return result;
    }

    function expectRow(row: FaultRow, result: OperationResult): void {
        const hostname = rowHostname(row);
        const requests = hardening.requestsFor(hostname);
        const expected = row.expect;
        if (expected.outcome === "healthy") {
            expect(result.ok, result.error).to.equal(true);
            const [resource] = aopResourcesIn(result);
            expect(resource.outputs).to.include({ found: true, healthy: true, status: "active", hostname });
            expectRequestCount(requests, expected.requests, row.fault);
        } else {
            expect(result.ok, "the up should have failed").to.equal(false);
            const error = result.error ?? "";
            for (const pattern of expected.message) expect(error).to.match(pattern);
            expect(error).to.contain(`hostname ${hostname}`).and.contain(`zone ${ZONE}`);
            if (expected.namesCredentialSource) expectNamesCredential(error, "token", "stack");
            // Errors are shown as their message, never as a stack or an object dump.
            expect(error)
                .to.not.match(/\n\s+at /)
                .and.not.match(/AxiosError|config\.headers/);
            expect(aopResourcesIn(result), "a failed read leaves nothing in state").to.have.length(0);
            expectRequestCount(requests, expected.requests, row.fault);
        }
        if (expected.minSpreadMs !== undefined)
            expect(spreadMs(requests), "time from the first to the last request").to.be.at.least(expected.minSpreadMs);
        if (expected.outcome === "error" && expected.settlesWithinMs !== undefined) {
            expect(sinceLastRequestMs(requests), "time from the last request to the end of the up").to.be.below(expected.settlesWithinMs);
        }
    }

    for (const row of FAULT_ROWS.filter((r) => !SERVER_ERROR_ROWS.includes(r))) {
        it(`${row.behaviour} (${row.fault})`, async () => {
            applyRow(hardening.emulator, row);
            const result = await up([rowHostname(row)], { tuning: rowTuning(row) });
            expectRow(row, result);
        });
    }

    it("takes the deadline from AOP_STATUS_DEADLINE_SECONDS in the host's environment too", async () => {
        const row = FAULT_ROWS.find((r) => r.id === "deadline-hang") as FaultRow;
        applyRow(hardening.emulator, row);
        const result = await up([rowHostname(row)], { tuning: rowTuning(row), tuningVia: "env" });
        expectRow(row, result);
    });

    it("reports found: false, and no error, for a hostname without an association when allowMissing is set", async () => {
        const result = await up([MISSING_ALLOWED_HOSTNAME], { allowMissing: true });
        expect(result.ok, result.error).to.equal(true);
        const [resource] = aopResourcesIn(result);
        expect(resource.id).to.equal(`${ZONE}/${MISSING_ALLOWED_HOSTNAME}`);
        expect(resource.outputs).to.include({ found: false, healthy: false, enabled: null, status: null, certificate: null });
        expect(resource.outputs.problems).to.deep.equal([
            "hostname has no per-hostname AOP association (Cloudflare returned 404 with code 1404)",
        ]);
        expect(hardening.requestsFor(MISSING_ALLOWED_HOSTNAME).map((entry) => entry.status)).to.deep.equal([404]);
    });

    // A 429 whose Retry-After exceeds aopStatus:maxRetryAfterSeconds pauses the whole token for
    // that long, so every read still waiting on it gives up at once with the reason, instead of
    // holding the deployment for an hour.
    it("does not let one hostname's Retry-After of an hour stall the other hostnames of the deployment", async () => {
        const row = FAULT_ROWS.find((r) => r.id === "throttled-for-an-hour") as FaultRow;
        applyRow(hardening.emulator, row);
        const stack = rootStack(hardening.emulator, {
            hostnames: [rowHostname(row), HOSTS.healthy.hostname],
            tuning: { ...FAST_TUNING, deadlineSeconds: 3 },
        });
        const started = Date.now();
        let timer: NodeJS.Timeout | undefined;
        const stalled = new Promise<"stalled">((resolve) => (timer = setTimeout(() => resolve("stalled"), UP_BOUND_MS)));
        try {
            const result = await Promise.race([stack.up(), stalled]);
            expect(result, "the up was still running after 15 s").to.not.equal("stalled");
            const finished = result as OperationResult;
            expect(finished.ok).to.equal(false);
            expect(finished.error).to.match(/it asked to wait 3600 s/);
            expect(Date.now() - started).to.be.below(UP_BOUND_MS);
        } finally {
            clearTimeout(timer);
            await stack.dispose();
        }
    });
});

describe("fault matrix: HTTP 500, 502, 503 and 504 through the provider host, one up for all four", function () {
    this.timeout(60_000);
    let hardening: HardeningEmulator;
    let result: OperationResult;

    /** No 429 among them, so the four reads can share an up (and its host start) without affecting each other. */
    before(async () => {
        hardening = await startHardeningEmulator();
        for (const row of SERVER_ERROR_ROWS) applyRow(hardening.emulator, row);
        result = await once(rootStack(hardening.emulator, { hostnames: SERVER_ERROR_ROWS.map(rowHostname) }), "up");
    });
    after(async () => {
        await hardening?.emulator.stop();
    });

    for (const [index, row] of SERVER_ERROR_ROWS.entries()) {
        it(`${row.behaviour} (${row.fault})`, () => {
            expect(result.ok, result.error).to.equal(true);
            expect(result.durationMs, "duration of the up").to.be.below(UP_BOUND_MS);
            expectNoSecrets(operationText(result), "the up");
            const resource = aopResourcesIn(result).find((r) => r.outputs.hostname === rowHostname(row));
            expect(resource?.outputs).to.include({ found: true, healthy: true, status: "active" });
            const status = SERVER_ERRORS[index];
            expect(hardening.requestsFor(rowHostname(row)).map((entry) => entry.status)).to.deep.equal([status, status, 200]);
        });
    }
});

describe("fault matrix: results Cloudflare should not send, through the provider host", function () {
    this.timeout(60_000);
    let hardening: HardeningEmulator;
    let result: OperationResult;

    /** One up reads every odd result at once; each test then looks at its own resource. */
    before(async () => {
        hardening = await startHardeningEmulator();
        for (const row of DATA_ROWS) applyDataRow(hardening, row);
        result = await once(rootStack(hardening.emulator, { hostnames: DATA_ROWS.map(dataRowHostname) }), "up");
    });
    after(async () => {
        await hardening?.emulator.stop();
    });

    function outputsOf(id: string): Record<string, unknown> {
        const hostname = dataRowHostname(DATA_ROWS.find((row) => row.id === id) as (typeof DATA_ROWS)[number]);
        const resource = aopResourcesIn(result).find((r) => r.outputs.hostname === hostname);
        expect(resource, `${hostname} in state`).to.not.equal(undefined);
        return resource?.outputs ?? {};
    }

    it("tolerates all of them: the up succeeds in bounded time, one request each, nothing leaks", () => {
        expect(result.ok, result.error).to.equal(true);
        expect(result.durationMs).to.be.below(UP_BOUND_MS);
        for (const row of DATA_ROWS) expect(hardening.requestsFor(dataRowHostname(row)), row.fault).to.have.length(1);
        expectNoSecrets(operationText(result), "the up of odd results");
    });

    it("maps missing fields to null and judges them, instead of failing", () => {
        const outputs = outputsOf("missing-fields");
        expect(outputs).to.include({
            found: true,
            status: "active",
            enabled: null,
            certStatus: null,
            certId: null,
            certificate: null,
            healthy: false,
        });
        expect(outputs.problems).to.deep.equal([
            "hostname AOP association is voided (enabled is null)",
            "certificate status is missing",
            "no certificate PEM was returned",
        ]);
    });

    it("ignores fields the API spec does not have", () => {
        const outputs = outputsOf("extra-fields");
        expect(outputs).to.include({ found: true, healthy: true, status: "active" });
        expect(outputs).to.not.have.any.keys("surprise", "rollout_wave", "rolloutWave", "cert_chain");
    });

    it("passes unknown status and cert_status values through and reports them as problems", () => {
        const outputs = outputsOf("unknown-statuses");
        expect(outputs).to.include({ found: true, status: "quarantined_by_ai", certStatus: "rotating", healthy: false });
        expect(outputs.problems).to.deep.equal(["status is quarantined_by_ai", "certificate status is rotating"]);
    });

    for (const [id, problem] of [
        ["malformed-pem", /^certificate PEM could not be parsed/],
        ["not-a-pem", /^certificate is not a PEM/],
        ["absent-pem", /^no certificate PEM was returned$/],
    ] as const) {
        const row = DATA_ROWS.find((r) => r.id === id) as (typeof DATA_ROWS)[number];
        it(`keeps found: true with empty certificate fields and a problem for ${row.fault}`, () => {
            const outputs = outputsOf(id);
            expect(outputs).to.include({
                found: true,
                healthy: false,
                certFingerprintSha256: null,
                certNotBefore: null,
                certNotAfter: null,
                certSubject: null,
            });
            expect(outputs.certSans).to.deep.equal([]);
            expect((outputs.problems as string[]).filter((p) => problem.test(p))).to.have.length(1);
        });
    }
});
