/**
 * The zone inventory's pure logic (provider/inventory.ts), fed plain values: what each
 * certificate becomes, how completeness is judged, and what a hostile answer cannot do.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";

import { expect } from "chai";
import fc from "fast-check";

import { InvalidResponseError } from "../../provider/errors";
import {
    buildZoneInventory,
    INVENTORY_LIMITS,
    inventoryCertificate,
    inventoryHealthy,
    readCertificateList,
    readZoneSetting,
    type InventoryCertificate,
    type ListAnswer,
    type ZoneAnswers,
} from "../../provider/inventory";
import { HOSTILE_ISSUER, HOSTILE_STATUS } from "../support/hostile-text";

const ZONE = "0a0b5ca11e5e4a6f8d9c7b6a5f4e3d2c";
const NOW = new Date("2026-11-27T12:00:00Z");
const OPTIONS = { expiryWarningDays: 30, now: NOW };
const CERTS = join(__dirname, "../fixtures/certs");
/** Valid 2026-01-01 to 2027-01-01: 34 days left at NOW. */
const VALID_PEM = readFileSync(join(CERTS, "valid-2026.pem"), "utf8");
/** A leaf valid to 2028 after an intermediate that expired in 2016. */
const CHAIN_PEM = readFileSync(join(CERTS, "chain-expired-intermediate.pem"), "utf8");
const CANARY = "-----BEGIN PRIVATE KEY-----\nUNIT-TEST-CANARY-NOT-A-KEY\n-----END PRIVATE KEY-----\n";

function item(overrides: Record<string, unknown> = {}): Record<string, unknown> {
    return {
        id: "5ca70000000000000000000000000001",
        certificate: VALID_PEM,
        expires_on: "2027-01-01T00:00:00Z",
        issuer: "Example CA",
        serial_number: "1234",
        signature: "SHA256WithRSA",
        status: "active",
        uploaded_on: "2026-01-02T00:00:00Z",
        ...overrides,
    };
}

function certificate(overrides: Record<string, unknown> = {}, options = OPTIONS): InventoryCertificate {
    const result = inventoryCertificate(item(overrides), "hostname", ZONE, options);
    if (typeof result === "string") throw new Error(`unusable item: ${result}`);
    return result;
}

function list(result: unknown, extra: Partial<ListAnswer> = {}): ListAnswer {
    return { result, pages: 1, complete: true, totalCount: null, maxPages: 10, ...extra };
}

function answers(overrides: Partial<ZoneAnswers> = {}): ZoneAnswers {
    return {
        zoneId: ZONE,
        settings: { enabled: true },
        zoneCertificates: list([item({ id: "5ca70c0000000000000000000000000a", serial_number: undefined })]),
        hostnameCertificates: list([item()]),
        ...overrides,
    };
}

describe("zone inventory (pure)", () => {
    describe("one certificate", () => {
        it("takes scope, id, status, issuer and serial from the answer, and notAfter, days left and details from the PEM", () => {
            const c = certificate();
            expect(c).to.include({
                zoneId: ZONE,
                scope: "hostname",
                id: "5ca70000000000000000000000000001",
                status: "active",
                issuer: "Example CA",
                serialNumber: "1234",
                signature: "SHA256WithRSA",
                uploadedOn: "2026-01-02T00:00:00Z",
                expiresOn: "2027-01-01T00:00:00Z",
                notAfter: "2027-01-01T00:00:00.000Z",
                certNotAfter: "2027-01-01T00:00:00.000Z",
                certSubject: "C=US, O=Example Corp, CN=app.example.com",
                daysUntilExpiry: 34,
                healthy: true,
            });
            expect(c.certFingerprintSha256).to.match(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
            expect(c.problems).to.deep.equal([]);
            expect(c.problemCodes).to.deep.equal([]);
        });

        it("trusts the PEM over expires_on when they disagree", () => {
            const c = certificate({ expires_on: "2100-01-01T00:00:00Z" });
            expect(c.notAfter).to.equal("2027-01-01T00:00:00.000Z");
            expect(c.daysUntilExpiry).to.equal(34);
        });

        it("falls back to expires_on when there is no PEM, and says the PEM is missing", () => {
            const c = certificate({ certificate: undefined, expires_on: "2026-12-07T12:00:00Z" });
            expect(c.notAfter).to.equal("2026-12-07T12:00:00.000Z");
            expect(c.daysUntilExpiry).to.equal(10);
            expect(c.problemCodes).to.deep.equal(["no-certificate", "expiring"]);
            expect(c.certFingerprintSha256).to.equal(null);
        });

        it("reports an expired certificate with its days (negative) and the 'expired' code", () => {
            const c = certificate({}, { expiryWarningDays: 30, now: new Date("2027-01-04T00:00:00Z") });
            expect(c.daysUntilExpiry).to.equal(-3);
            expect(c.problemCodes).to.deep.equal(["expired"]);
            expect(c.problems[0]).to.equal("certificate expired 3 days ago (2027-01-01)");
            expect(c.healthy).to.equal(false);
        });

        it("reports a certificate expiring within --expiry-warning-days, and not one just outside it", () => {
            expect(certificate({}, { expiryWarningDays: 35, now: NOW }).problemCodes).to.deep.equal(["expiring"]);
            expect(certificate({}, { expiryWarningDays: 34, now: NOW }).problemCodes).to.deep.equal([]);
        });

        for (const status of ["deployment_timed_out", "deletion_timed_out", "pending_deployment", "deleted", "a_status_from_tomorrow"]) {
            it(`reports status ${status} as a problem (cert-status), passing the value through`, () => {
                const c = certificate({ status });
                expect(c.status).to.equal(status);
                expect(c.problemCodes).to.deep.equal(["cert-status"]);
                expect(c.problems).to.deep.equal([`certificate status is ${status}`]);
            });
        }

        it("counts a missing status as a problem: an unknown state is not a healthy one", () => {
            expect(certificate({ status: undefined }).problemCodes).to.deep.equal(["cert-status"]);
        });

        it("reports an unreadable PEM as bad-certificate and still uses expires_on for the date", () => {
            const c = certificate({ certificate: "-----BEGIN CERTIFICATE-----\nnot base64 at all\n-----END CERTIFICATE-----\n" });
            expect(c.problemCodes).to.deep.equal(["bad-certificate"]);
            expect(c.notAfter).to.equal("2027-01-01T00:00:00.000Z");
        });

        it("flags an expired intermediate after a valid leaf, as the hostname status does", () => {
            const c = certificate({ certificate: CHAIN_PEM });
            expect(c.problemCodes).to.include("chain-expired");
            expect(c.certNotAfter).to.equal("2028-01-01T00:00:00.000Z");
        });

        it("does not parse a PEM larger than the bound, and says why", () => {
            const huge = VALID_PEM + "x".repeat(INVENTORY_LIMITS.maxPemLength);
            const c = certificate({ certificate: huge });
            expect(c.problemCodes).to.deep.equal(["bad-certificate"]);
            expect(c.problems[0]).to.contain("larger than 64 KiB");
            expect(c.certFingerprintSha256).to.equal(null);
        });

        it("never keeps a private key, nor the PEM: the canary appears nowhere in the certificate", () => {
            const c = certificate({ private_key: CANARY });
            const text = JSON.stringify(c);
            expect(text).to.not.contain("PRIVATE KEY");
            expect(text).to.not.contain("UNIT-TEST-CANARY");
            expect(text).to.not.contain("BEGIN CERTIFICATE");
            expect(Object.keys(c)).to.not.include("private_key");
            expect(Object.keys(c)).to.not.include("certificate");
        });

        it("does not show a private key a hostile server put in the certificate field", () => {
            const c = certificate({ certificate: CANARY });
            expect(JSON.stringify(c)).to.not.contain("UNIT-TEST-CANARY");
            expect(c.problemCodes).to.deep.equal(["bad-certificate"]);
        });

        it("treats fields of the wrong type as absent, keeps a numeric serial as text, and cuts long strings", () => {
            const c = certificate({
                issuer: { nested: true },
                serial_number: 42,
                signature: ["x"],
                status: 7,
                uploaded_on: "u".repeat(5000),
            });
            expect(c.issuer).to.equal(null);
            expect(c.serialNumber).to.equal("42");
            expect(c.signature).to.equal(null);
            expect(c.status).to.equal(null);
            expect(c.uploadedOn?.length).to.equal(INVENTORY_LIMITS.maxTextLength);
            expect(c.uploadedOn?.endsWith("…")).to.equal(true);
        });

        it("keeps control characters as data (they are made printable where shown), and quotes them printable in problems", () => {
            const c = certificate({ status: HOSTILE_STATUS, issuer: HOSTILE_ISSUER });
            expect(c.status).to.equal(HOSTILE_STATUS);
            expect(c.issuer).to.equal(HOSTILE_ISSUER);
            expect(c.problems[0]).to.equal("certificate status is active\\x1b[2J\\x1b]0;pwned\\x07");
        });

        it("refuses an item that is not an object, or has no usable id", () => {
            expect(inventoryCertificate("a string", "hostname", ZONE, OPTIONS)).to.equal("is a string, expected a certificate object");
            expect(inventoryCertificate(null, "zone", ZONE, OPTIONS)).to.equal("is null, expected a certificate object");
            expect(inventoryCertificate([item()], "zone", ZONE, OPTIONS)).to.equal("is a list, expected a certificate object");
            expect(inventoryCertificate(item({ id: 12 }), "zone", ZONE, OPTIONS)).to.equal("has no certificate id (id is a number)");
            expect(inventoryCertificate(item({ id: "  " }), "zone", ZONE, OPTIONS)).to.equal("has no certificate id (id is a string)");
            expect(inventoryCertificate(item({ id: "i".repeat(129) }), "zone", ZONE, OPTIONS)).to.contain("more than 128");
        });

        it("never throws, whatever an item holds (property test)", () => {
            fc.assert(
                fc.property(fc.anything(), fc.anything(), fc.anything(), (id, pem, status) => {
                    const result = inventoryCertificate({ id, certificate: pem, status, expires_on: status }, "hostname", ZONE, OPTIONS);
                    expect(typeof result === "string" || typeof result.id === "string").to.equal(true);
                }),
                { numRuns: 300 },
            );
        });
    });

    describe("a certificate list", () => {
        it("is an InvalidResponseError when the result is not a list, naming the endpoint and the zone", () => {
            for (const result of [null, { id: "x" }, "text", 3]) {
                const error = readCertificateList(list(result), "hostname", ZONE, OPTIONS);
                expect(error).to.be.instanceOf(InvalidResponseError);
                expect((error as Error).message)
                    .to.contain("hostname certificate list")
                    .and.contain("expected a list")
                    .and.contain(ZONE);
            }
        });

        it("is an InvalidResponseError when an item is unusable, naming its position", () => {
            const error = readCertificateList(list([item(), 7]), "zone", ZONE, OPTIONS);
            expect(error).to.be.instanceOf(InvalidResponseError);
            expect((error as Error).message)
                .to.contain("item 2 of the zone-level certificate list (GET …/origin_tls_client_auth) is a number")
                .and.contain(ZONE);
        });

        it("is complete when every page was read and total_count agrees", () => {
            const read = readCertificateList(list([item()], { pages: 2, totalCount: 1 }), "hostname", ZONE, OPTIONS);
            if (read instanceof Error) throw read;
            expect(read.reading).to.deep.equal({
                scope: "hostname",
                pages: 2,
                count: 1,
                totalCount: 1,
                complete: true,
                reason: null,
                message: null,
            });
        });

        it("is incomplete (page-cap) when the page cap stopped it, and says how to read the rest", () => {
            const read = readCertificateList(list([item()], { pages: 1, complete: false, maxPages: 1 }), "hostname", ZONE, OPTIONS);
            if (read instanceof Error) throw read;
            expect(read.reading).to.include({ complete: false, reason: "page-cap" });
            expect(read.reading.message).to.contain("more pages than the 1 read").and.contain("--max-pages");
        });

        it("is incomplete (total-count) when total_count says more exist than came back, as when total_pages is absent", () => {
            const read = readCertificateList(list([item()], { totalCount: 30 }), "hostname", ZONE, OPTIONS);
            if (read instanceof Error) throw read;
            expect(read.reading).to.include({ complete: false, reason: "total-count" });
            expect(read.reading.message).to.contain("holds 30 certificates, but 1 came back");
        });

        it("ignores a total_count that is not a whole number", () => {
            for (const totalCount of [Number.NaN, -1, 1.5, Number.POSITIVE_INFINITY]) {
                const read = readCertificateList(list([item()], { totalCount }), "hostname", ZONE, OPTIONS);
                if (read instanceof Error) throw read;
                expect(read.reading.complete, String(totalCount)).to.equal(true);
                expect(read.reading.totalCount).to.equal(null);
            }
        });

        it("drops a certificate that came back twice and marks the list incomplete (list-shifted): another may have been skipped", () => {
            const read = readCertificateList(list([item(), item({ id: "b" }), item()]), "hostname", ZONE, OPTIONS);
            if (read instanceof Error) throw read;
            expect(read.certificates.map((c) => c.id)).to.deep.equal(["5ca70000000000000000000000000001", "b"]);
            expect(read.reading).to.include({ complete: false, reason: "list-shifted", count: 2 });
        });

        it("keeps at most the bounded number of certificates and marks the list incomplete (too-many)", () => {
            const many = Array.from({ length: INVENTORY_LIMITS.maxCertificatesPerList + 3 }, (_, i) => ({ id: `c${i}`, status: "active" }));
            const read = readCertificateList(list(many), "hostname", ZONE, OPTIONS);
            if (read instanceof Error) throw read;
            expect(read.certificates).to.have.length(INVENTORY_LIMITS.maxCertificatesPerList);
            expect(read.reading.reason).to.equal("too-many");
        });
    });

    describe("the zone", () => {
        it("reads zone-level AOP from the setting: true, false, or null when the answer does not say", () => {
            expect(readZoneSetting({ enabled: true }, ZONE)).to.equal(true);
            expect(readZoneSetting({ enabled: false }, ZONE)).to.equal(false);
            expect(readZoneSetting({ enabled: "yes" }, ZONE)).to.equal(null);
            expect(readZoneSetting({}, ZONE)).to.equal(null);
            for (const result of [null, [], "on", 1]) expect(readZoneSetting(result, ZONE)).to.be.instanceOf(InvalidResponseError);
        });

        it("puts zone-level certificates first, each with its scope, and is healthy when complete and all are healthy", () => {
            const inventory = buildZoneInventory(answers(), OPTIONS);
            if (inventory instanceof Error) throw inventory;
            expect(inventory.zoneLevelEnabled).to.equal(true);
            expect(inventory.certificates.map((c) => [c.scope, c.id])).to.deep.equal([
                ["zone", "5ca70c0000000000000000000000000a"],
                ["hostname", "5ca70000000000000000000000000001"],
            ]);
            expect(inventory.lists.map((l) => l.scope)).to.deep.equal(["zone", "hostname"]);
            expect(inventory.complete).to.equal(true);
            expect(inventoryHealthy(inventory)).to.equal(true);
        });

        it("is never healthy when incomplete, even with every certificate read healthy", () => {
            const inventory = buildZoneInventory(answers({ hostnameCertificates: list([item()], { complete: false }) }), OPTIONS);
            if (inventory instanceof Error) throw inventory;
            expect(inventory.complete).to.equal(false);
            expect(inventory.certificates.every((c) => c.healthy)).to.equal(true);
            expect(inventoryHealthy(inventory)).to.equal(false);
        });

        it("is the InvalidResponseError of the first unusable answer", () => {
            expect(buildZoneInventory(answers({ settings: null }), OPTIONS)).to.be.instanceOf(InvalidResponseError);
            expect(buildZoneInventory(answers({ zoneCertificates: list({}) }), OPTIONS)).to.be.instanceOf(InvalidResponseError);
            expect(buildZoneInventory(answers({ hostnameCertificates: list("x") }), OPTIONS)).to.be.instanceOf(InvalidResponseError);
        });

        it("keeps no private key from any list", () => {
            const inventory = buildZoneInventory(
                answers({
                    zoneCertificates: list([item({ id: "z", private_key: CANARY })]),
                    hostnameCertificates: list([item({ private_key: CANARY })]),
                }),
                OPTIONS,
            );
            expect(JSON.stringify(inventory)).to.not.contain("UNIT-TEST-CANARY");
        });
    });
});
