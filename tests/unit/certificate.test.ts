import { readFileSync } from "node:fs";
import { join } from "node:path";

import { expect } from "chai";

import { inspectCertificate, normalizeFingerprint } from "../../provider/certificate";
import { SAMPLE_PEM } from "../support/scripted-server";

const fixture = (name: string): string => readFileSync(join(__dirname, "../fixtures/certs", name), "utf8");

describe("certificate inspection", () => {
    it("reads fingerprint, validity, subject and SANs the way openssl reports them", () => {
        const inspection = inspectCertificate(fixture("valid-2026.pem"));
        expect(inspection.ok).to.equal(true);
        // Expected values come from `openssl x509 -noout -fingerprint -sha256 -dates -subject -ext subjectAltName`.
        expect(inspection.details).to.deep.equal({
            certFingerprintSha256: "84:C2:B9:92:68:53:AA:2C:C0:8C:D4:79:F8:B0:E9:9B:C3:D4:59:5D:26:C1:EC:D2:2E:C5:D5:86:A2:E3:74:F5",
            certNotBefore: "2026-01-01T00:00:00.000Z",
            certNotAfter: "2027-01-01T00:00:00.000Z",
            certSubject: "C=US, O=Example Corp, CN=app.example.com",
            certSans: ["app.example.com", "*.app.example.com"],
        });
    });

    it("gives an empty SAN list for a certificate without the extension", () => {
        const inspection = inspectCertificate(fixture("no-sans-2030.pem"));
        expect(inspection.details.certSans).to.deep.equal([]);
        expect(inspection.details.certNotAfter).to.equal("2030-06-01T12:00:00.000Z");
    });

    it("trusts the PEM of the spec's sample, which expired in 2016 whatever expires_on says", () => {
        const inspection = inspectCertificate(SAMPLE_PEM);
        expect(inspection.details.certNotBefore).to.equal("2016-08-24T16:43:01.000Z");
        expect(inspection.details.certNotAfter).to.equal("2016-11-22T16:43:01.000Z");
        expect(inspection.details.certSubject).to.equal("C=AU, ST=Some-State, O=Internet Widgits Pty Ltd");
    });

    for (const [label, value, reason] of [
        ["null", null, /no certificate PEM/],
        ["an empty string", "", /no certificate PEM/],
        ["a number", 42, /not a PEM string/],
        ["text without a PEM header", "hello", /not a PEM/],
        ["a truncated PEM", SAMPLE_PEM.slice(0, 200) + "\n-----END CERTIFICATE-----\n", /could not be parsed/],
        ["a PEM with garbage base64", "-----BEGIN CERTIFICATE-----\n!!!!\n-----END CERTIFICATE-----\n", /could not be parsed/],
    ] as Array<[string, unknown, RegExp]>) {
        it(`reports ${label} as a reason with empty details instead of throwing`, () => {
            const inspection = inspectCertificate(value);
            expect(inspection.ok).to.equal(false);
            if (!inspection.ok) expect(inspection.reason).to.match(reason);
            expect(inspection.details).to.deep.equal({
                certFingerprintSha256: null,
                certNotBefore: null,
                certNotAfter: null,
                certSubject: null,
                certSans: [],
            });
        });
    }

    it("compares fingerprints without case or separators", () => {
        expect(normalizeFingerprint("84:C2:b9")).to.equal("84c2b9");
    });
});
