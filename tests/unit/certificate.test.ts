import { readFileSync } from "node:fs";
import { join } from "node:path";

import { expect } from "chai";

import { X509Certificate } from "node:crypto";

import { inspectCertificate, MAX_CHAIN_CERTIFICATES, normalizeFingerprint, parseSubjectAltNames } from "../../provider/certificate";
import { SAMPLE_PEM } from "../support/scripted-server";

const fixture = (name: string): string => readFileSync(join(__dirname, "../fixtures/certs", name), "utf8");

/** "C=DE, O=Ex\\, Corp" → [["C", "DE"], ["O", "Ex, Corp"]]: RFC 4514 pairs unescaped (backslash-char and backslash-hex). */
function rdns(subject: string): Array<[string, string]> {
    return subject.split(/(?<!\\), /).map((rdn) => {
        const [type, ...value] = rdn.split("=");
        const raw = value.join("=");
        return [
            type,
            raw.replace(/\\([0-9A-Fa-f]{2}|.)/g, (_, escaped: string) =>
                escaped.length === 2 ? String.fromCharCode(parseInt(escaped, 16)) : escaped,
            ),
        ];
    });
}

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

    describe("a PEM with a chain", () => {
        const CHAIN = fixture("chain-expired-intermediate.pem");

        it("describes the leaf alone in the cert* details, so they agree with each other", () => {
            const inspection = inspectCertificate(CHAIN);
            expect(inspection.ok).to.equal(true);
            expect(inspection.details).to.deep.include({
                certNotBefore: "2026-01-01T00:00:00.000Z",
                certNotAfter: "2028-01-01T00:00:00.000Z",
                certSubject: "C=US, O=Example Corp, CN=chain.example.com",
                certSans: ["chain.example.com"],
            });
            expect(inspection.details.certFingerprintSha256).to.equal(new X509Certificate(CHAIN).fingerprint256);
        });

        it("reads every certificate after the leaf, with its subject and dates", () => {
            expect(inspectCertificate(CHAIN).chain).to.deep.equal([
                {
                    position: 2,
                    subject: "CN=Example Intermediate",
                    notBefore: "2016-08-24T16:43:01.000Z",
                    notAfter: "2016-11-22T16:43:01.000Z",
                    problem: null,
                },
                {
                    position: 3,
                    subject: "CN=Example Root",
                    notBefore: "2026-01-01T00:00:00.000Z",
                    notAfter: "2027-03-01T00:00:00.000Z",
                    problem: null,
                },
            ]);
        });

        it("reports a later block that cannot be parsed, without losing the leaf or the blocks around it", () => {
            const garbage = "-----BEGIN CERTIFICATE-----\nnot base64 at all!\n-----END CERTIFICATE-----\n";
            const [leaf, intermediate, root] = CHAIN.split(/(?=-----BEGIN CERTIFICATE-----)/);
            const inspection = inspectCertificate(leaf + garbage + intermediate + root.slice(0, 120));
            expect(inspection.ok).to.equal(true);
            expect(inspection.details.certNotAfter).to.equal("2028-01-01T00:00:00.000Z");
            expect(inspection.chain.map((c) => [c.position, c.subject, c.problem === null ? null : "problem"])).to.deep.equal([
                [2, null, "problem"],
                [3, "CN=Example Intermediate", null],
                [4, null, "problem"],
            ]);
            expect(inspection.chain[0].problem).to.match(/^could not be parsed \(/);
        });

        it("still reads the chain when the leaf itself is unreadable", () => {
            const [, intermediate] = CHAIN.split(/(?=-----BEGIN CERTIFICATE-----)/);
            const inspection = inspectCertificate("-----BEGIN CERTIFICATE-----\n!!!!\n-----END CERTIFICATE-----\n" + intermediate);
            expect(inspection.ok).to.equal(false);
            expect(inspection.chain.map((c) => c.subject)).to.deep.equal(["CN=Example Intermediate"]);
        });

        it(`inspects at most ${MAX_CHAIN_CERTIFICATES} certificates after the leaf and counts the rest`, () => {
            const [leaf, intermediate] = CHAIN.split(/(?=-----BEGIN CERTIFICATE-----)/);
            const inspection = inspectCertificate(leaf + intermediate.repeat(MAX_CHAIN_CERTIFICATES + 5));
            expect(inspection.chain).to.have.length(MAX_CHAIN_CERTIFICATES);
            expect(inspection.chainOmitted).to.equal(5);
            expect(inspection.chain.every((c) => c.problem === null)).to.equal(true);
        });

        it("gives a single certificate an empty chain", () => {
            expect(inspectCertificate(fixture("valid-2026.pem"))).to.deep.include({ chain: [], chainOmitted: 0 });
        });
    });

    describe("names", () => {
        const AWKWARD = fixture("awkward-names.pem");

        it("decodes the SANs Node writes as JSON string literals to their real values, and splits only between entries", () => {
            // Node prints, for example, DNS:"weird\u002cdns.example.com" and URI:"spiffe://acme/ns/a\u002cb".
            expect(new X509Certificate(AWKWARD).subjectAltName).to.contain('DNS:"weird\\u002cdns.example.com"');
            expect(inspectCertificate(AWKWARD).details.certSans).to.deep.equal([
                "weird,dns.example.com",
                "plain.example.com",
                'q"uote.example.com',
                "back\\slash.example.com",
                "bücher.example",
                "x, DNS:evil.example",
                "URI:spiffe://acme/ns/a,b",
                "IP Address:10.0.0.1",
                "email:a,b@example.com",
            ]);
        });

        it("decodes a quote placed before the type prefix as well as after it", () => {
            expect(parseSubjectAltNames('"DNS:a\\u002cb", URI:"x\\u002cy", DNS:c.example')).to.deep.equal(["a,b", "URI:x,y", "c.example"]);
            expect(parseSubjectAltNames('DNS:"\\u00fc.example"')).to.deep.equal(["ü.example"]);
        });

        it("keeps the subject's RFC 4514 escaping, and its values unescape to the certificate's real ones", () => {
            const subject = inspectCertificate(AWKWARD).details.certSubject;
            expect(subject).to.equal('C=DE, O=Ex\\, \\"Corp\\", OU=a\\+b, CN=bücher\\,straße');
            const legacy = new X509Certificate(AWKWARD).toLegacyObject().subject as unknown as Record<string, string>;
            expect(Object.fromEntries(rdns(subject ?? ""))).to.deep.equal({ ...legacy });
        });
    });

    it("compares fingerprints without case or separators", () => {
        expect(normalizeFingerprint("84:C2:b9")).to.equal("84c2b9");
    });
});
