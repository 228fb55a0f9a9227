import { expect } from "chai";
import { AOP_STATUSES } from "../../../emulator/types";
import { DELETION_STATUSES, isSettled, statusAt, type TransitionDelays } from "../../../emulator/status-machine";

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

    it("ends a deployment flagged to time out in deployment_timed_out, after the same phases", () => {
        const deploy = { kind: "deploy" as const, startedAt: 0, timesOut: true };
        expect(statusAt(deploy, 0, DELAYS)).to.equal("initializing");
        expect(statusAt(deploy, 1_000, DELAYS)).to.equal("pending_deployment");
        expect(statusAt(deploy, 3_000, DELAYS)).to.equal("deployment_timed_out");
        expect(isSettled(deploy, 3_000, DELAYS)).to.equal(true);
    });

    it("ends a deletion flagged to time out in deletion_timed_out", () => {
        const remove = { kind: "delete" as const, startedAt: 0, timesOut: true };
        expect(statusAt(remove, 499, DELAYS)).to.equal("pending_deletion");
        expect(statusAt(remove, 500, DELAYS)).to.equal("deletion_timed_out");
    });

    it("reaches every status of the spec's enum through some transition", () => {
        const reached = new Set<string>();
        for (const kind of ["deploy", "delete"] as const) {
            for (const timesOut of [false, true]) {
                for (let t = 0; t <= 4_000; t += 250) reached.add(statusAt({ kind, startedAt: 0, timesOut }, t, DELAYS));
            }
        }
        expect([...reached].sort()).to.deep.equal([...AOP_STATUSES].sort());
    });

    it("counts both ways a deletion can end among the deletion statuses", () => {
        expect(DELETION_STATUSES).to.have.members(["pending_deletion", "deleted", "deletion_timed_out"]);
    });

    it("says a transition is settled once it reached its final status", () => {
        expect(isSettled({ kind: "deploy", startedAt: 0 }, 2_999, DELAYS)).to.equal(false);
        expect(isSettled({ kind: "deploy", startedAt: 0 }, 3_000, DELAYS)).to.equal(true);
        expect(isSettled({ kind: "delete", startedAt: 0 }, 500, DELAYS)).to.equal(true);
    });
});
