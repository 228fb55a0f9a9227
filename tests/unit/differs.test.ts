/**
 * The provider's diff decision (`differs`) over recorded outputs: it compares Cloudflare's fields
 * and the verdict's problem codes, never the wording of the messages. The outputs 0.1.0 wrote come
 * from tests/fixtures/outputs-0.1.0 (see its README): they have `problems` but no `problemCodes`.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";

import { expect } from "chai";

import { InvalidResponseError } from "../../provider/errors";
import { differs } from "../../provider/handler";
import { buildOutputs, mapHostnameStatus } from "../../provider/mapping";
import type { StatusInputs, StatusOutputs } from "../../provider/types";

interface WrittenBy010 {
    apiResult: Record<string, unknown> | null;
    now: string;
    expiryWarningDays: number;
    outputs: Partial<StatusOutputs>;
}

const WRITTEN_BY_010 = JSON.parse(readFileSync(join(__dirname, "../fixtures/outputs-0.1.0/outputs.json"), "utf8")) as Record<
    string,
    WrittenBy010
>;

const DAY_MS = 24 * 60 * 60 * 1000;

/** What this version's provider reads for the same answer, `laterDays` after 0.1.0 did. */
function freshFor(written: WrittenBy010, apiResult = written.apiResult, laterDays = 0): StatusOutputs {
    const inputs: StatusInputs = {
        zoneId: written.outputs.zoneId ?? "",
        hostname: written.outputs.hostname ?? "",
        allowMissing: true,
        expiryWarningDays: written.expiryWarningDays,
    };
    const fields = apiResult === null ? null : mapHostnameStatus(apiResult);
    if (fields instanceof InvalidResponseError) throw fields;
    return buildOutputs(inputs, fields, new Date(Date.parse(written.now) + laterDays * DAY_MS));
}

describe("the provider's diff", () => {
    it("reads outputs written by 0.1.0: they have problems but no problemCodes", () => {
        expect(Object.keys(WRITTEN_BY_010)).to.have.length.greaterThan(5);
        for (const { outputs } of Object.values(WRITTEN_BY_010)) {
            expect(outputs).to.have.property("problems");
            expect(outputs).to.not.have.property("problemCodes");
        }
    });

    for (const [name, written] of Object.entries(WRITTEN_BY_010)) {
        it(`shows no change for a ${name} hostname written by 0.1.0 when Cloudflare's answer is the same`, () => {
            expect(differs(written.outputs, freshFor(written))).to.equal(false);
        });
    }

    it("shows no change while the days of a 0.1.0 'expires in' message count down", () => {
        const written = WRITTEN_BY_010["expiring-in-35-days-warned-at-60"];
        const fresh = freshFor(written, written.apiResult, 3);
        expect(fresh.problems).to.not.deep.equal(written.outputs.problems);
        expect(differs(written.outputs, fresh)).to.equal(false);
    });

    it("shows a change when the verdict of a 0.1.0 read changed, though Cloudflare's fields and `healthy` did not", () => {
        // Still deploying, and years on its certificate (notAfter 2030-06-01) is inside the 30-day window.
        const written = WRITTEN_BY_010["pending-deployment"];
        const later = freshFor(written, written.apiResult, (Date.parse("2030-05-20T00:00:00Z") - Date.parse(written.now)) / DAY_MS);
        expect(written.outputs.problems).to.deep.equal(["status is pending_deployment"]);
        expect(later.problemCodes).to.deep.equal(["status", "expiring"]);
        expect(later.healthy).to.equal(written.outputs.healthy);
        expect(differs(written.outputs, later)).to.equal(true);
    });

    it("shows a change when a 0.1.0 hostname became unhealthy", () => {
        const written = WRITTEN_BY_010.healthy;
        expect(differs(written.outputs, freshFor(written, { ...written.apiResult, status: "pending_deployment" }))).to.equal(true);
    });

    it("compares codes, not wording: a reworded message is no change, a new code is", () => {
        const written = WRITTEN_BY_010["pending-deployment"];
        const fresh = freshFor(written);
        expect(differs({ ...fresh, problems: ["the association is still being deployed"] }, fresh)).to.equal(false);
        expect(differs({ ...fresh, problemCodes: ["cert-status"] }, fresh)).to.equal(true);
    });
});
