import { expect } from "chai";

import { assess, daysUntil, problemCode, verdictSignature, type HealthFacts } from "../../provider/health";

const NOW = new Date("2026-11-27T12:00:00Z");

/** A healthy hostname; each case changes one fact. */
function facts(overrides: Partial<HealthFacts> = {}): HealthFacts {
    return {
        found: true,
        enabled: true,
        status: "active",
        certStatus: "active",
        certificateProblem: null,
        certNotBefore: "2026-01-01T00:00:00Z",
        daysUntilExpiry: 200,
        expiryDate: "2027-06-15T00:00:00Z",
        ...overrides,
    };
}

const messages = (f: HealthFacts, days = 30): string[] => assess(f, { expiryWarningDays: days, now: NOW }).problems.map((p) => p.message);

describe("health rules", () => {
    it("finds nothing wrong with an enabled, active, long-lived association", () => {
        expect(assess(facts(), { expiryWarningDays: 30, now: NOW })).to.deep.equal({ healthy: true, problems: [] });
    });

    it("flags a disabled hostname", () => {
        expect(messages(facts({ enabled: false }))).to.deep.equal(["hostname AOP is disabled"]);
    });

    it("flags a voided association (enabled null)", () => {
        expect(messages(facts({ enabled: null }))).to.deep.equal(["hostname AOP association is voided (enabled is null)"]);
    });

    it("ignores enabled when told not to require it", () => {
        expect(assess(facts({ enabled: false }), { expiryWarningDays: 30, requireEnabled: false, now: NOW }).healthy).to.equal(true);
    });

    it("flags a pending status and passes unknown statuses through by name", () => {
        expect(messages(facts({ status: "pending_deployment" }))).to.deep.equal(["status is pending_deployment"]);
        expect(messages(facts({ certStatus: "quantum_flux" }))).to.deep.equal(["certificate status is quantum_flux"]);
    });

    it("flags a missing status", () => {
        expect(messages(facts({ status: null }))).to.deep.equal(["status is missing"]);
    });

    it("flags a certificate expiring inside the warning window, with days and date", () => {
        expect(messages(facts({ daysUntilExpiry: 12, expiryDate: "2026-12-09T12:00:00Z" }))).to.deep.equal([
            "certificate expires in 12 days (2026-12-09)",
        ]);
    });

    it("does not flag a certificate expiring exactly at the warning threshold", () => {
        expect(messages(facts({ daysUntilExpiry: 30 }))).to.deep.equal([]);
    });

    it("flags an expired certificate", () => {
        expect(messages(facts({ daysUntilExpiry: -1, expiryDate: "2026-11-26T00:00:00Z" }))).to.deep.equal([
            "certificate expired 1 day ago (2026-11-26)",
        ]);
    });

    it("flags a certificate that is not valid yet", () => {
        expect(messages(facts({ certNotBefore: "2027-01-01T00:00:00Z" }))).to.deep.equal(["certificate is not valid until 2027-01-01"]);
    });

    it("reports an unusable PEM as a problem", () => {
        expect(messages(facts({ certificateProblem: "no certificate PEM was returned", daysUntilExpiry: null }))).to.deep.equal([
            "no certificate PEM was returned",
        ]);
    });

    it("reports a missing hostname as the only problem", () => {
        expect(assess(facts({ found: false }), { expiryWarningDays: 30, now: NOW }).problems.map((p) => p.code)).to.deep.equal([
            "not-found",
        ]);
    });

    it("lists every problem at once", () => {
        const result = assess(facts({ enabled: false, status: "initializing", daysUntilExpiry: 3 }), { expiryWarningDays: 30, now: NOW });
        expect(result.healthy).to.equal(false);
        expect(result.problems.map((p) => p.code)).to.deep.equal(["disabled", "status", "expiring"]);
    });

    it("counts whole days, rounding down", () => {
        expect(daysUntil("2026-11-28T11:59:59Z", NOW)).to.equal(0);
        expect(daysUntil("2026-11-28T12:00:00Z", NOW)).to.equal(1);
        expect(daysUntil("2026-11-27T11:00:00Z", NOW)).to.equal(-1);
        expect(daysUntil("not a date", NOW)).to.equal(null);
    });

    it("recovers the code of every message it produces", () => {
        const all = [
            facts({ found: false }),
            facts({ enabled: false }),
            facts({ enabled: null }),
            facts({ status: "x", certStatus: "y" }),
            facts({ certificateProblem: "no certificate PEM was returned" }),
            facts({ certificateProblem: "certificate PEM could not be parsed (bad)" }),
            facts({ certNotBefore: "2030-01-01T00:00:00Z" }),
            facts({ daysUntilExpiry: -3 }),
            facts({ daysUntilExpiry: 3 }),
        ];
        for (const f of all) {
            for (const problem of assess(f, { expiryWarningDays: 30, now: NOW }).problems) {
                expect(problemCode(problem.message), problem.message).to.equal(problem.code);
            }
        }
    });

    it("keeps the verdict signature still while the days count down", () => {
        const today = messages(facts({ daysUntilExpiry: 12 }));
        const tomorrow = messages(facts({ daysUntilExpiry: 11 }));
        expect(today).to.not.deep.equal(tomorrow);
        expect(verdictSignature(today)).to.equal(verdictSignature(tomorrow));
        expect(verdictSignature(messages(facts({ daysUntilExpiry: -1 })))).to.not.equal(verdictSignature(today));
    });
});
