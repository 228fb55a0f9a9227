import { expect } from "chai";
import { isSettled, statusAt, type TransitionDelays } from "../../../emulator/status-machine";

const DELAYS: TransitionDelays = { initializingMs: 1_000, pendingDeploymentMs: 2_000, pendingDeletionMs: 500 };

describe("status machine", () => {
    it("reports initializing, then pending_deployment, then active for a deployment", () => {
        const deploy = { kind: "deploy" as const, startedAt: 10_000 };
        expect(statusAt(deploy, 10_000, DELAYS)).to.equal("initializing");
        expect(statusAt(deploy, 10_999, DELAYS)).to.equal("initializing");
        expect(statusAt(deploy, 11_000, DELAYS)).to.equal("pending_deployment");
        expect(statusAt(deploy, 12_999, DELAYS)).to.equal("pending_deployment");
        expect(statusAt(deploy, 13_000, DELAYS)).to.equal("active");
    });

    it("reports pending_deletion, then deleted for a voided association", () => {
        const remove = { kind: "delete" as const, startedAt: 0 };
        expect(statusAt(remove, 499, DELAYS)).to.equal("pending_deletion");
        expect(statusAt(remove, 500, DELAYS)).to.equal("deleted");
    });

    it("skips phases whose delay is zero", () => {
        const instant = { initializingMs: 0, pendingDeploymentMs: 0, pendingDeletionMs: 0 };
        expect(statusAt({ kind: "deploy", startedAt: 5 }, 5, instant)).to.equal("active");
        expect(statusAt({ kind: "delete", startedAt: 5 }, 5, instant)).to.equal("deleted");
    });

    it("says a transition is settled once it reached its final status", () => {
        expect(isSettled({ kind: "deploy", startedAt: 0 }, 2_999, DELAYS)).to.equal(false);
        expect(isSettled({ kind: "deploy", startedAt: 0 }, 3_000, DELAYS)).to.equal(true);
        expect(isSettled({ kind: "delete", startedAt: 0 }, 500, DELAYS)).to.equal(true);
    });
});
