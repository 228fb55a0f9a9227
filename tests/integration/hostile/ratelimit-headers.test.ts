/**
 * Issue 11, item 1: odd rate-limit headers must not hang a read. Each case answers every request
 * with the header under test; the reads end within the setting that bounds one wait for budget
 * (aopStatus:maxQueueWaitSeconds), and Node never warns about a timer beyond its 32-bit limit.
 */
import { expect } from "chai";

import { DEFAULT_TUNING } from "../../../provider/settings";
import { isBudgetWaitError, type BudgetWaitError } from "../../../provider/errors";
import { envelope, sampleResult, ScriptedServer } from "../../support/scripted-server";
import { hostileClient, hostname, settleWithin, WarningWatch, ZONE, type Settled } from "./support";

// Fewer than the concurrency (4), as in the issue: the limiter then sleeps until the budget changes, which is
// where an unbounded reset became a timer past 2^31-1 ms (a 1 ms timer in a loop, a warning each time).
const READS = 3;

function budgetWaits(outcomes: Settled[]): BudgetWaitError[] {
    return outcomes.flatMap((outcome) => (!outcome.ok && isBudgetWaitError(outcome.error) ? [outcome.error] : []));
}

describe("hostile case 1: odd rate-limit headers never hang a read", function () {
    this.timeout(30_000);
    let server: ScriptedServer;
    let warnings: WarningWatch;

    before(async () => {
        server = await ScriptedServer.start();
    });
    after(() => server.stop());
    beforeEach(() => {
        server.reset();
        warnings = new WarningWatch("TimeoutOverflowWarning");
    });
    afterEach(async () => {
        const seen = await warnings.stop();
        expect(seen.map((w) => w.message)).to.deep.equal([]);
    });

    function answerWith(headers: Record<string, string>): void {
        server.reply(() => ({ status: 200, headers, body: envelope(sampleResult()), delayMs: 20 }));
    }

    async function readFleet(
        maxQueueWaitSeconds: number | undefined,
        limitMs: number,
    ): Promise<{ outcomes: Settled[]; elapsedMs: number }> {
        const client = hostileClient(
            server.baseUrl,
            maxQueueWaitSeconds === undefined ? {} : { maxQueueWaitMs: maxQueueWaitSeconds * 1000 },
        );
        const reads = Array.from({ length: READS }, (_, i) => client.getHostnameStatus(ZONE, hostname(i)));
        return settleWithin(reads, limitMs, "the fleet read");
    }

    /** One read is answered (the probe that learns the budget is spent); the others fail at once, saying why. */
    function expectOneReadThenBudgetWaits(outcomes: Settled[], waitSeconds: number, maxWaitSeconds: number): void {
        expect(outcomes.filter((o) => o.ok)).to.have.length(1);
        const waits = budgetWaits(outcomes);
        expect(waits, JSON.stringify(outcomes.map((o) => (o.ok ? "ok" : o.error.message)))).to.have.length(READS - 1);
        for (const error of waits) {
            expect(error.waitSeconds).to.be.within(waitSeconds - 1, waitSeconds);
            expect(error.maxWaitSeconds).to.equal(maxWaitSeconds);
            expect(error.message).to.contain("aopStatus:maxQueueWaitSeconds").and.contain("AOP_STATUS_MAX_QUEUE_WAIT_SECONDS");
            expect(error.message).to.contain(`would take ${error.waitSeconds} s`);
        }
        expect(server.requests, "requests sent").to.have.length(1);
    }

    it('Ratelimit: "default";r=0;t=1e308 — every read ends within maxQueueWaitSeconds, the reset counted as one window at most', async () => {
        answerWith({ ratelimit: '"default";r=0;t=1e308' });
        const { outcomes, elapsedMs } = await readFleet(3, 15_000);
        expect(elapsedMs).to.be.below(3_000);
        // No Ratelimit-Policy: the window is the documented 300 s, so that is the longest a reset can be.
        expectOneReadThenBudgetWaits(outcomes, 300, 3);
    });

    it('Ratelimit: "default";r=0;t=1e308 with "burst";q=1200;w=3600 — the longest window believed, and still bounded by the setting', async () => {
        answerWith({ ratelimit: '"default";r=0;t=1e308', "ratelimit-policy": '"burst";q=1200;w=1e308' });
        const { outcomes, elapsedMs } = await readFleet(undefined, 15_000);
        expect(elapsedMs, "at once, well within the default setting").to.be.below(3_000);
        expectOneReadThenBudgetWaits(outcomes, 3600, DEFAULT_TUNING.maxQueueWaitMs / 1000);
    });

    it('Ratelimit: "default";r=0;t=2200000 — clamped to the policy\'s window, then bounded by the setting', async () => {
        answerWith({ ratelimit: '"default";r=0;t=2200000', "ratelimit-policy": '"burst";q=1200;w=300' });
        const { outcomes, elapsedMs } = await readFleet(3, 15_000);
        expect(elapsedMs).to.be.below(3_000);
        expectOneReadThenBudgetWaits(outcomes, 300, 3);
    });

    it('Ratelimit: "default";r=100;t=1e308 — budget is left, so every read goes at once', async () => {
        answerWith({ ratelimit: '"default";r=100;t=1e308' });
        const { outcomes, elapsedMs } = await readFleet(3, 15_000);
        expect(
            outcomes.every((o) => o.ok),
            JSON.stringify(outcomes.map((o) => (o.ok ? "ok" : o.error.message))),
        ).to.equal(true);
        expect(elapsedMs).to.be.below(3_000);
        expect(server.requests).to.have.length(READS);
    });

    it('Ratelimit-Policy: "burst";q=1;w=1e308 — one request an hour at most, so the reads after the first fail at once', async () => {
        answerWith({ "ratelimit-policy": '"burst";q=1;w=1e308' });
        const { outcomes, elapsedMs } = await readFleet(3, 15_000);
        expect(elapsedMs).to.be.below(3_000);
        expectOneReadThenBudgetWaits(outcomes, 3600, 3);
    });

    it('Ratelimit-Policy: "burst";q=0;w=300 without Ratelimit — counts as absent, so the documented budget applies and nothing waits', async () => {
        answerWith({ "ratelimit-policy": '"burst";q=0;w=300' });
        const { outcomes, elapsedMs } = await readFleet(3, 15_000);
        expect(
            outcomes.every((o) => o.ok),
            JSON.stringify(outcomes.map((o) => (o.ok ? "ok" : o.error.message))),
        ).to.equal(true);
        expect(elapsedMs).to.be.below(3_000);
        expect(server.requests).to.have.length(READS);
    });

    it('Ratelimit: "default";r=0;t=30 with a 5 s setting — a plausible reset longer than the setting fails the waiting reads at once', async () => {
        answerWith({ ratelimit: '"default";r=0;t=30', "ratelimit-policy": '"burst";q=1200;w=300' });
        const { outcomes, elapsedMs } = await readFleet(5, 15_000);
        expect(elapsedMs).to.be.below(5_000);
        expectOneReadThenBudgetWaits(outcomes, 30, 5);
    });
});
