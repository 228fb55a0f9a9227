import { readFileSync } from "node:fs";
import { join } from "node:path";

import { expect } from "chai";

import { assess, chainProblems, daysUntil, PROBLEM_CODES, recordedProblemCodes, type HealthFacts } from "../../provider/health";
import { HOSTILE_C1, HOSTILE_ISSUER, HOSTILE_STATUS } from "../support/hostile-text";

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

    it("quotes the codes of Cloudflare's 404 in the missing problem, since the real body of that answer is undocumented", () => {
        const problem = (notFoundCodes?: number[]): string =>
            assess(facts({ found: false, notFoundCodes }), { expiryWarningDays: 30, now: NOW }).problems[0].message;
        expect(problem([1404])).to.equal("hostname has no per-hostname AOP association (Cloudflare returned 404 with code 1404)");
        expect(problem([1404, 1000])).to.equal(
            "hostname has no per-hostname AOP association (Cloudflare returned 404 with code 1404, 1000)",
        );
        expect(problem()).to.equal("hostname has no per-hostname AOP association (Cloudflare returned 404)");
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

    it("flags a chain certificate that has expired, naming its subject, while the leaf is fine", () => {
        const chain = [{ position: 2, subject: "CN=Example Intermediate", notAfter: "2016-11-22T16:43:01.000Z", problem: null }];
        const result = assess(facts({ chain }), { expiryWarningDays: 30, now: NOW });
        expect(result.healthy).to.equal(false);
        expect(result.problems).to.deep.equal([
            { code: "chain-expired", message: "chain certificate CN=Example Intermediate expired 2016-11-22" },
        ]);
    });

    it("flags a chain certificate inside the warning window, and passes one beyond it", () => {
        const chain = [
            { position: 2, subject: "CN=Soon", notAfter: "2026-12-09T12:00:00.000Z", problem: null },
            { position: 3, subject: "CN=Later", notAfter: "2027-12-09T12:00:00.000Z", problem: null },
        ];
        expect(assess(facts({ chain }), { expiryWarningDays: 30, now: NOW }).problems).to.deep.equal([
            { code: "chain-expiring", message: "chain certificate CN=Soon expires in 12 days (2026-12-09)" },
        ]);
        expect(assess(facts({ chain }), { expiryWarningDays: 7, now: NOW }).healthy).to.equal(true);
    });

    it("flags a chain block that could not be read, and a chain longer than is inspected", () => {
        const chain = [{ position: 2, subject: null, notAfter: null, problem: "could not be parsed (bad base64)" }];
        expect(chainProblems(chain, 3, 30, NOW)).to.deep.equal([
            { code: "chain-unreadable", message: "chain certificate 2 of the PEM could not be parsed (bad base64)" },
            { code: "chain-too-long", message: "certificate PEM holds 5 certificates; only the first 2 were checked" },
        ]);
    });

    it("quotes a status from Cloudflare with its control characters made visible", () => {
        expect(messages(facts({ status: HOSTILE_STATUS, certStatus: HOSTILE_C1 }))).to.deep.equal([
            "status is active\\x1b[2J\\x1b]0;pwned\\x07",
            "certificate status is active\\x9b2J",
        ]);
        const chain = [{ position: 2, subject: `CN=${HOSTILE_ISSUER}`, notAfter: "2016-11-22T00:00:00.000Z", problem: null }];
        expect(messages(facts({ chain }))).to.deep.equal(["chain certificate CN=x\\r\\nINJECTED LINE: all healthy expired 2016-11-22"]);
    });

    it("gives every problem a code from PROBLEM_CODES", () => {
        const chain = [
            { position: 2, subject: "CN=a", notAfter: "2016-01-01T00:00:00Z", problem: null },
            { position: 3, subject: "CN=b", notAfter: "2026-12-01T00:00:00Z", problem: null },
            { position: 4, subject: null, notAfter: null, problem: "could not be parsed" },
        ];
        const codes = [
            facts({ found: false }),
            facts({
                enabled: false,
                status: "x",
                certStatus: "y",
                certNotBefore: "2030-01-01T00:00:00Z",
                daysUntilExpiry: 3,
                chain,
                chainOmitted: 1,
            }),
            facts({ enabled: null, certificateProblem: "no certificate PEM was returned", daysUntilExpiry: -3 }),
            facts({ certificateProblem: "certificate PEM could not be parsed (bad)" }),
        ].flatMap((f) => assess(f, { expiryWarningDays: 30, now: NOW }).problems.map((p) => p.code));
        expect([...new Set(codes)].sort()).to.deep.equal([...PROBLEM_CODES].sort());
    });
});

describe("problem codes recorded in outputs", () => {
    it("are read from problemCodes when the outputs have them, whatever the messages say", () => {
        expect(recordedProblemCodes({ problems: ["reworded in a later version"], problemCodes: ["status"] })).to.deep.equal(["status"]);
        expect(recordedProblemCodes({ problems: [], problemCodes: [] })).to.deep.equal([]);
    });

    it("are recovered from the messages of state written by 0.1.0, which has no problemCodes", () => {
        const written = JSON.parse(readFileSync(join(__dirname, "../fixtures/outputs-0.1.0/outputs.json"), "utf8")) as Record<
            string,
            { outputs: { problems: string[] } }
        >;
        const recovered = Object.fromEntries(Object.entries(written).map(([name, { outputs }]) => [name, recordedProblemCodes(outputs)]));
        expect(recovered).to.deep.equal({
            healthy: [],
            "pending-deployment": ["status"],
            "cert-initializing": ["cert-status"],
            disabled: ["disabled"],
            voided: ["voided"],
            "expiring-in-35-days-warned-at-60": ["expiring"],
            "expired-sample": ["expired"],
            "no-certificate": ["no-certificate"],
            "bad-certificate": ["bad-certificate"],
            "not-yet-valid": ["not-yet-valid"],
            "not-found": ["not-found"],
        });
    });

    it("count anything but a string as nothing", () => {
        expect(recordedProblemCodes({ problemCodes: ["status", 3, null] })).to.deep.equal(["status"]);
        expect(recordedProblemCodes({ problems: "status is deleted" })).to.deep.equal([]);
        expect(recordedProblemCodes({})).to.deep.equal([]);
    });
});
