import { readFileSync } from "node:fs";
import { join } from "node:path";

import { expect } from "chai";

import { InvalidResponseError, NotFoundError } from "../../provider/errors";
import { buildOutputs, mapHostnameStatus, outputsFor, toOutputs } from "../../provider/mapping";
import type { StatusInputs } from "../../provider/types";
import { sampleResult } from "../support/scripted-server";

const INPUTS: StatusInputs = {
    zoneId: "023e105f4ecef8ad9ca31a8372d0c353",
    hostname: "app.example.com",
    allowMissing: false,
    expiryWarningDays: 30,
};
const NOW = new Date("2026-11-27T12:00:00Z");
const VALID_PEM = readFileSync(join(__dirname, "../fixtures/certs/valid-2026.pem"), "utf8");
const CHAIN_PEM = readFileSync(join(__dirname, "../fixtures/certs/chain-expired-intermediate.pem"), "utf8");

describe("mapping", () => {
    it("maps every snake_case field of the spec's example to camelCase", () => {
        const fields = mapHostnameStatus(sampleResult());
        expect(fields).to.deep.include({
            certId: "023e105f4ecef8ad9ca31a8372d0c353",
            certStatus: "active",
            certUpdatedAt: "2100-01-01T05:20:00Z",
            certUploadedOn: "2019-10-28T18:11:23.37411Z",
            createdAt: "2100-01-01T05:20:00Z",
            enabled: true,
            expiresOn: "2100-01-01T05:20:00Z",
            issuer: "GlobalSign",
            serialNumber: "6743787633689793699141714808227354901",
            signature: "SHA256WithRSA",
            status: "active",
            updatedAt: "2100-01-01T05:20:00Z",
        });
    });

    it("keeps enabled null as null: the API voids the association that way", () => {
        expect(mapHostnameStatus(sampleResult({ enabled: null }))).to.include({ enabled: null });
    });

    it("tolerates missing and extra fields", () => {
        const fields = mapHostnameStatus({ status: "active", brand_new_field: { nested: true } });
        expect(fields).to.include({ status: "active", certId: null, enabled: null });
        expect(fields).to.not.have.property("brand_new_field");
    });

    it("passes unknown status values through", () => {
        expect(mapHostnameStatus(sampleResult({ status: "warp_speed", cert_status: "pending_quantum" }))).to.include({
            status: "warp_speed",
            certStatus: "pending_quantum",
        });
    });

    it("keeps a numeric serial number as text and drops values of the wrong shape", () => {
        expect(mapHostnameStatus(sampleResult({ serial_number: 1234, issuer: { x: 1 }, enabled: "yes" }))).to.include({
            serialNumber: "1234",
            issuer: null,
            enabled: null,
        });
    });

    for (const [label, result] of [
        ["null", null],
        ["an array", []],
        ["a string", "oops"],
        ["a number", 7],
    ] as Array<[string, unknown]>) {
        it(`returns a typed error, not a throw, when result is ${label}`, () => {
            const error = mapHostnameStatus(result, { zoneId: INPUTS.zoneId, hostname: INPUTS.hostname });
            expect(error).to.be.instanceOf(InvalidResponseError);
            expect((error as Error).message).to.contain("app.example.com");
        });
    }

    it("derives certificate details, days until expiry and health from the PEM", () => {
        const outputs = toOutputs(INPUTS, sampleResult({ certificate: VALID_PEM }), NOW);
        expect(outputs).to.not.be.instanceOf(InvalidResponseError);
        expect(outputs).to.deep.include({
            found: true,
            certNotAfter: "2027-01-01T00:00:00.000Z",
            daysUntilExpiry: 34,
            healthy: true,
            problems: [],
            problemCodes: [],
            certSans: ["app.example.com", "*.app.example.com"],
        });
    });

    it("believes the PEM over expires_on when they disagree", () => {
        const outputs = buildOutputs(INPUTS, mapHostnameStatus(sampleResult()) as never, NOW);
        expect(outputs.expiresOn).to.equal("2100-01-01T05:20:00Z");
        expect(outputs.daysUntilExpiry).to.be.lessThan(0);
        expect(outputs.healthy).to.equal(false);
        expect(outputs.problems[0]).to.match(/^certificate expired \d+ days ago \(2016-11-22\)$/);
    });

    it("falls back to expires_on and reports a problem when there is no PEM", () => {
        const outputs = buildOutputs(
            INPUTS,
            mapHostnameStatus(sampleResult({ certificate: undefined, expires_on: "2026-12-09T12:00:00Z" })) as never,
            NOW,
        );
        expect(outputs).to.deep.include({ found: true, daysUntilExpiry: 12, certFingerprintSha256: null, certSans: [] });
        expect(outputs.problems).to.deep.equal(["no certificate PEM was returned", "certificate expires in 12 days (2026-12-09)"]);
        expect(outputs.problemCodes).to.deep.equal(["no-certificate", "expiring"]);
    });

    it("keeps each problem's code next to its message, index by index", () => {
        const fields = mapHostnameStatus(sampleResult({ certificate: VALID_PEM, enabled: null, status: "pending_deployment" })) as never;
        const outputs = buildOutputs({ ...INPUTS, expiryWarningDays: 60 }, fields, NOW);
        expect(outputs.problems).to.deep.equal([
            "hostname AOP association is voided (enabled is null)",
            "status is pending_deployment",
            "certificate expires in 34 days (2027-01-01)",
        ]);
        expect(outputs.problemCodes).to.deep.equal(["voided", "status", "expiring"]);
        expect(buildOutputs({ ...INPUTS, allowMissing: true }, null, NOW).problemCodes).to.deep.equal(["not-found"]);
        expect(buildOutputs(INPUTS, mapHostnameStatus(sampleResult({ certificate: VALID_PEM })) as never, NOW).problemCodes).to.deep.equal(
            [],
        );
    });

    it("makes a hostname unhealthy when a certificate after the leaf has expired, while the cert* outputs stay the leaf's", () => {
        const outputs = buildOutputs(INPUTS, mapHostnameStatus(sampleResult({ certificate: CHAIN_PEM })) as never, NOW);
        expect(outputs).to.deep.include({
            certNotAfter: "2028-01-01T00:00:00.000Z",
            certSubject: "C=US, O=Example Corp, CN=chain.example.com",
            daysUntilExpiry: 399,
            healthy: false,
            problems: ["chain certificate CN=Example Intermediate expired 2016-11-22"],
            problemCodes: ["chain-expired"],
        });
        const later = buildOutputs(
            INPUTS,
            mapHostnameStatus(sampleResult({ certificate: CHAIN_PEM })) as never,
            new Date("2027-02-10T00:00:00Z"),
        );
        expect(later.problemCodes).to.deep.equal(["chain-expired", "chain-expiring"]);
        expect(later.problems[1]).to.equal("chain certificate CN=Example Root expires in 19 days (2027-03-01)");
    });

    it("keeps found true with a malformed PEM and says why", () => {
        const outputs = buildOutputs(
            INPUTS,
            mapHostnameStatus(sampleResult({ certificate: "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----" })) as never,
            NOW,
        );
        expect(outputs.found).to.equal(true);
        expect(outputs.certFingerprintSha256).to.equal(null);
        expect(outputs.problems[0]).to.match(/certificate PEM could not be parsed/);
    });

    it("quotes Cloudflare's code in the problem of a hostname found missing with allowMissing", () => {
        const error = new NotFoundError([{ code: 1404, message: "No hostname AOP association found" }], { zoneId: INPUTS.zoneId });
        const outputs = outputsFor({ ...INPUTS, allowMissing: true }, { found: false, error }, NOW);
        expect(outputs.problems).to.deep.equal(["hostname has no per-hostname AOP association (Cloudflare returned 404 with code 1404)"]);
        expect(outputs.problemCodes).to.deep.equal(["not-found"]);
        expect(() => outputsFor(INPUTS, { found: false, error }, NOW)).to.throw(NotFoundError);
    });

    it("gives found false with every field null for a missing hostname", () => {
        const outputs = buildOutputs({ ...INPUTS, allowMissing: true }, null, NOW);
        expect(outputs).to.deep.include({
            found: false,
            status: null,
            enabled: null,
            certificate: null,
            healthy: false,
            daysUntilExpiry: null,
        });
        expect(outputs.problems).to.have.length(1);
    });

    it("leaves a disabled association out of the verdict when told not to require it", () => {
        const fields = mapHostnameStatus(sampleResult({ certificate: VALID_PEM, enabled: false })) as never;
        expect(buildOutputs(INPUTS, fields, NOW).problems).to.deep.equal(["hostname AOP is disabled"]);
        expect(buildOutputs(INPUTS, fields, NOW, { requireEnabled: false })).to.include({ healthy: true });
    });

    it("echoes the validated inputs", () => {
        const outputs = buildOutputs(
            { ...INPUTS, expiryWarningDays: 400 },
            mapHostnameStatus(sampleResult({ certificate: VALID_PEM })) as never,
            NOW,
        );
        expect(outputs).to.include({
            zoneId: INPUTS.zoneId,
            hostname: "app.example.com",
            allowMissing: false,
            expiryWarningDays: 400,
            healthy: false,
        });
    });
});
