/**
 * The secrets sweep: every fault of the matrix, once with a recognisable fake API token and once
 * with a fake global API key + e-mail, through the provider host (a stack of every hostname, read
 * on `up` and then, with the faults in place, on `refresh`) and through the CLI (JSON and JUnit
 * reports). Neither secret may appear in state, stack outputs, error messages, the host's stderr,
 * the CLI's stdout/stderr or any report file.
 *
 * The host side and the CLI side use separate emulators so they can run at the same time.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { expect } from "chai";

import { SECRET_SIG, SIG_KEY } from "../../support/engine/properties";
import type { OperationResult } from "../../support/engine";
import type { JsonReport } from "../../../provider/cli/format-json";
import { ensureBuilt } from "../cli/support";
import {
    applyDataRow,
    applyRow,
    DATA_ROWS,
    dataRowHostname,
    expectNamesCredential,
    expectNoSecrets,
    FAKE_KEY,
    FAKE_TOKEN,
    FAST_TUNING,
    FAULT_ROWS,
    fleetStack,
    MISSING_ALLOWED_HOSTNAME,
    once,
    operationText,
    rowHostname,
    rowTuning,
    runCheck,
    startHardeningEmulator,
    target,
    ZONE,
    type CredentialKind,
    type FaultRow,
    type HardeningEmulator,
    type RawTarget,
} from "../../support/hardening";

/**
 * Rows that get a run of their own: the deadline rows need their own tuning, and a 429 pauses
 * every read on the token (as Cloudflare's block does), so among other reads it would change
 * their outcome rather than just its own row's.
 */
const SEPARATE = new Set(["throttled-once", "throttled-always", "throttled-for-an-hour", "deadline-hang", "deadline-retries"]);
const SHARED_ROWS = FAULT_ROWS.filter((row) => !SEPARATE.has(row.id));
const SEPARATE_ROWS = FAULT_ROWS.filter((row) => SEPARATE.has(row.id));
/** Enough room for every hostname of the sweep to be read at once. */
const WIDE = 64;
/** The whole fleet with every fault takes a few seconds; a stall must fail the test, not the suite's time budget. */
const STALL_MS = 30_000;

/** A place something is shown or kept, and what it holds. */
interface Exposure {
    where: string;
    text: string;
}

function sharedTargets(): RawTarget[] {
    return [
        ...[...SHARED_ROWS.map(rowHostname), ...DATA_ROWS.map(dataRowHostname)].map((hostname) => ({
            name: hostname,
            zoneId: ZONE,
            hostname,
        })),
        { name: MISSING_ALLOWED_HOSTNAME, zoneId: ZONE, hostname: MISSING_ALLOWED_HOSTNAME, allowMissing: true },
    ];
}

/**
 * The credential given as a stack config secret is sealed wherever state keeps it (the default
 * provider's inputs and outputs hold the whole stack config) and opens to the very secret.
 */
function expectSealed(kind: CredentialKind, result: OperationResult, reveal: (value: unknown) => unknown): void {
    const secretKey = kind === "token" ? "cloudflare:apiToken" : "cloudflare:apiKey";
    const secret = kind === "token" ? FAKE_TOKEN : FAKE_KEY;
    const provider = result.state.resources.find((resource) => resource.type === "pulumi:providers:pulumi-nodejs");
    for (const side of ["inputs", "outputs"] as const) {
        const sealed = provider?.[side][secretKey] as Record<string, unknown> | undefined;
        expect(sealed, `${secretKey} in the provider's ${side}`).to.include({ [SIG_KEY]: SECRET_SIG });
        expect(sealed).to.have.property("ciphertext").that.is.a("string");
        expect(reveal(sealed)).to.equal(secret);
    }
}

/** The error line of one hostname in an operation's diagnostics. */
function errorLineOf(result: OperationResult, hostname: string): string {
    return (result.error ?? "").split("\n").find((line) => line.includes(`::${hostname}: `)) ?? "";
}

function expectRowError(line: string, row: FaultRow, kind: CredentialKind, via: "stack" | "cli"): void {
    if (row.expect.outcome !== "error") return;
    expect(line, `${row.fault}: no error reported`).to.not.equal("");
    for (const pattern of row.expect.message) expect(line, row.fault).to.match(pattern);
    if (row.expect.namesCredentialSource) expectNamesCredential(line, kind, via, row.fault);
}

describe("secrets sweep: no credential anywhere, through every fault", function () {
    this.timeout(240_000);
    let hostSide: HardeningEmulator;
    let cliSide: HardeningEmulator;
    let dir: string;

    before(async function () {
        ensureBuilt();
        [hostSide, cliSide] = await Promise.all([startHardeningEmulator(), startHardeningEmulator()]);
        dir = mkdtempSync(join(tmpdir(), "aop-hardening-"));
    });
    after(async () => {
        await Promise.all([hostSide?.emulator.stop(), cliSide?.emulator.stop()]);
        if (dir) rmSync(dir, { recursive: true, force: true });
    });

    /** Every fault through the provider host with `kind` credentials; returns everything the operations showed or kept. */
    async function throughTheHost(kind: CredentialKind): Promise<Exposure[]> {
        const { emulator } = hostSide;
        emulator.control.reset();
        const exposures: Exposure[] = [];
        const keep = (where: string, result: OperationResult): void =>
            void exposures.push({ where: `${kind}: ${where}`, text: operationText(result) });

        const stack = fleetStack(emulator, sharedTargets(), {
            credential: kind,
            parallel: WIDE,
            tuning: { ...FAST_TUNING, concurrency: WIDE },
            hostCallTimeoutMs: STALL_MS,
        });
        try {
            const first = await stack.up();
            keep("up of every hostname", first);
            expect(first.ok, first.error).to.equal(true);
            expectSealed(kind, first, (value) => stack.revealSecrets(value));
            // The provider read every hostname with exactly this credential, so it did reach the provider.
            expect(new Set(emulator.log.entries().map((entry) => entry.credential))).to.deep.equal(new Set([`${kind}#1`]));

            // A fresh rate-limit window: the up's requests must not hold the refresh back (see fleet-pacing.test.ts).
            emulator.control.reset();
            for (const row of SHARED_ROWS) applyRow(emulator, row);
            for (const row of DATA_ROWS) applyDataRow(hostSide, row);
            // Refresh reads every resource at once, so one failure does not cancel the others.
            const refreshed = await stack.refresh();
            keep("refresh with every fault", refreshed);
            expect(refreshed.ok).to.equal(false);
            // A vanished association leaves state on refresh (Pulumi's convention); every other fault fails it.
            for (const row of SHARED_ROWS.filter((r) => r.id !== "not-found"))
                expectRowError(errorLineOf(refreshed, rowHostname(row)), row, kind, "stack");
            expect(errorLineOf(refreshed, rowHostname(FAULT_ROWS.find((r) => r.id === "not-found") as FaultRow))).to.equal("");
            const outputs = new Map(refreshed.state.resources.map((resource) => [resource.name, resource.outputs]));
            expect(
                outputs.get(dataRowHostname(DATA_ROWS.find((row) => row.id === "unknown-statuses") as (typeof DATA_ROWS)[number])),
            ).to.include({ status: "quarantined_by_ai" });
            expect(outputs.get(MISSING_ALLOWED_HOSTNAME)).to.include({ found: false });
        } finally {
            await stack.dispose();
        }

        for (const row of SEPARATE_ROWS) {
            emulator.control.reset();
            applyRow(emulator, row);
            const hostname = rowHostname(row);
            const result = await once(
                fleetStack(emulator, [{ name: hostname, zoneId: ZONE, hostname }], { credential: kind, tuning: rowTuning(row) }),
                "up",
            );
            keep(`up with ${row.fault}`, result);
            expectRowError(errorLineOf(result, hostname), row, kind, "stack");
        }
        return exposures;
    }

    /** Every fault through the CLI with `kind` credentials, with JSON and JUnit reports; returns all output and every report. */
    async function throughTheCli(kind: CredentialKind): Promise<Exposure[]> {
        const { emulator } = cliSide;
        const exposures: Exposure[] = [];
        const targets = [...SHARED_ROWS.map(rowHostname), ...DATA_ROWS.map(dataRowHostname), MISSING_ALLOWED_HOSTNAME].map(target);

        for (const format of ["json", "junit"] as const) {
            emulator.control.reset();
            for (const row of SHARED_ROWS) applyRow(emulator, row);
            for (const row of DATA_ROWS) applyDataRow(cliSide, row);
            const file = join(dir, `${kind}-every-fault.${format === "json" ? "json" : "xml"}`);
            // As wide as the fleet: every target is requested even after a 401 stops the run from starting new ones.
            const run = await runCheck(emulator, [...targets, "--format", format, "--output", file, "--concurrency", String(WIDE)], {
                credential: kind,
                timeoutMs: STALL_MS,
            });
            const report = readFileSync(file, "utf8");
            exposures.push(
                { where: `${kind}: stdout of check --format ${format}`, text: run.stdout },
                { where: `${kind}: stderr of check --format ${format}`, text: run.stderr },
                { where: `${kind}: ${format} report of every fault`, text: report },
            );
            expect(run.code, run.stderr).to.equal(3);
            if (format === "json") {
                const byHostname = new Map((JSON.parse(report) as JsonReport).targets.map((t) => [t.hostname, t]));
                for (const row of SHARED_ROWS) {
                    const result = byHostname.get(rowHostname(row));
                    expect(result, `${row.fault} in the report`).to.not.equal(undefined);
                    if (!result) continue;
                    if (row.id === "not-found") expect(result.result, row.fault).to.equal("missing");
                    else if (row.expect.outcome === "healthy")
                        expect(result.result, `${row.fault}: ${JSON.stringify(result.error)}`).to.equal("healthy");
                    else {
                        expect(result.error?.name, row.fault).to.equal(row.expect.errorName);
                        expectRowError(result.error?.message ?? "", row, kind, "cli");
                    }
                }
            } else {
                for (const row of SHARED_ROWS)
                    if (row.expect.outcome === "error" && row.id !== "not-found")
                        expect(report).to.contain(`<error type="${row.expect.errorName}"`);
            }
        }

        for (const row of SEPARATE_ROWS) {
            emulator.control.reset();
            applyRow(emulator, row);
            const file = join(dir, `${kind}-${row.id}.json`);
            const run = await runCheck(emulator, [target(rowHostname(row)), "--format", "json", "--output", file], {
                credential: kind,
                tuning: rowTuning(row),
            });
            const report = readFileSync(file, "utf8");
            exposures.push(
                { where: `${kind}: stdout of check with ${row.fault}`, text: run.stdout },
                { where: `${kind}: stderr of check with ${row.fault}`, text: run.stderr },
                { where: `${kind}: report of check with ${row.fault}`, text: report },
            );
            expect(run.code, run.stderr).to.equal(row.expect.outcome === "healthy" ? 0 : 3);
            expectRowError((JSON.parse(report) as JsonReport).targets[0].error?.message ?? "", row, kind, "cli");
        }
        return exposures;
    }

    it("never shows the API token, nor the global API key, in state, outputs, errors, host stderr, CLI output or report files, and keeps them sealed in state as config secrets", async () => {
        const exposures: Exposure[] = [];
        for (const kind of ["token", "key"] as const) {
            // One side at a time: the host side runs the program in this process, whose event loop also answers for the
            // CLI side's emulator, and the fault rows' 0.5 s request timeout leaves no room for that contention.
            exposures.push(...(await throughTheHost(kind)));
            exposures.push(...(await throughTheCli(kind)));
        }
        // Every place was looked at, for both credentials: a sweep that ran nothing would pass too.
        expect(exposures.filter((e) => e.where.startsWith("token:"))).to.have.length(exposures.length / 2);
        expect(exposures.length).to.equal(2 * (2 + SEPARATE_ROWS.length + 2 * 3 + SEPARATE_ROWS.length * 3));
        for (const exposure of exposures) expectNoSecrets(exposure.text, exposure.where);
    });
});
