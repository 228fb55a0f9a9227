/**
 * Bounded time for a fleet: whatever the limiter decides about Cloudflare's budget, a read of
 * many hostnames must not sit in its queue until the rate-limit window resets (300 s), because
 * nothing else bounds a queued read (the read's deadline only starts with its first attempt).
 *
 * Each guards a stall this suite found (a 429 mistaken for a new window; another process's
 * earlier requests taken for a neighbour's steady pace, projected over the whole window). Each is
 * written to fail within seconds rather than hang.
 */
import { expect } from "chai";

import { ensureBuilt } from "../cli/support";
import {
    aopResourcesIn,
    DATA_ROWS,
    dataRowHostname,
    FAST_TUNING,
    FAULT_ROWS,
    fleetStack,
    rowHostname,
    runCheck,
    startHardeningEmulator,
    target,
    ZONE,
    type HardeningEmulator,
} from "../../support/hardening";

/** Healthy hostnames the emulator knows (every row's hostname is healthy until the row is applied). */
const FLEET = [...FAULT_ROWS.map(rowHostname), ...DATA_ROWS.map(dataRowHostname)].slice(0, 12);
/** Seconds, not minutes: each of these fleets needs well under a second of API time. */
const BOUND_MS = 15_000;

describe("fleet pacing: the shared limiter never holds reads until the rate-limit window resets", function () {
    this.timeout(60_000);
    let hardening: HardeningEmulator;

    before(async function () {
        this.timeout(120_000);
        ensureBuilt();
        hardening = await startHardeningEmulator();
    });
    after(async () => {
        await hardening?.emulator.stop();
    });
    beforeEach(() => hardening.emulator.control.reset());

    // A 429 that still reports budget left pauses the token for its Retry-After, and the window's
    // picture, our own requests in it included, survives it.
    it("holds a fleet back for about a second, not until the window resets, after a 429 with Retry-After: 1 mid-run", async () => {
        const { emulator } = hardening;
        emulator.control.injectFault({ kind: "status", status: 429, retryAfterSeconds: 1, match: { hostname: FLEET[3] } });
        const run = await runCheck(emulator, [...FLEET.map(target), "--concurrency", "2"], { timeoutMs: BOUND_MS });
        expect(run.code, run.stderr).to.equal(0);
        expect(emulator.log.entries()).to.have.length(FLEET.length + 1);
    });

    // The first run's requests are in the window when the second starts: a burst that has stopped,
    // which the second run must measure as such within a second instead of projecting it onward.
    it("finishes a second check of the same hostnames started right after the first", async () => {
        const { emulator } = hardening;
        const first = await runCheck(emulator, FLEET.map(target), { timeoutMs: BOUND_MS });
        expect(first.code, first.stderr).to.equal(0);
        const second = await runCheck(emulator, FLEET.map(target), { timeoutMs: BOUND_MS });
        expect(second.code, second.stderr).to.equal(0);
        expect(emulator.log.entries()).to.have.length(2 * FLEET.length);
    });

    // The same through the provider host: refresh's host process follows the up's.
    it("refreshes a stack right after its up without waiting for the rate-limit window to reset", async () => {
        const { emulator } = hardening;
        const stack = fleetStack(
            emulator,
            FLEET.map((hostname) => ({ name: hostname, zoneId: ZONE, hostname })),
            { tuning: FAST_TUNING, hostCallTimeoutMs: BOUND_MS },
        );
        try {
            const up = await stack.up();
            expect(up.ok, up.error).to.equal(true);
            const refreshed = await stack.refresh();
            expect(refreshed.ok, refreshed.error).to.equal(true);
            expect(refreshed.durationMs).to.be.below(BOUND_MS);
            expect(aopResourcesIn(refreshed)).to.have.length(FLEET.length);
            expect(emulator.log.entries()).to.have.length(2 * FLEET.length);
        } finally {
            await stack.dispose();
        }
    });
});
