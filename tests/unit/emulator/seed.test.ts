import { X509Certificate } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect } from "chai";
import {
    DEMO_HOSTNAMES,
    demoSeed,
    PRIVATE_KEY_CANARY,
    SAMPLE_ZONE_ID,
    sampleSeed,
    SCAN_FIXTURE,
    SCAN_ZONE_ID,
    scanSeed,
} from "../../../emulator/seed";
import { loadSeedFile, validateHostnamePatch, validateSeed, validateUsers } from "../../../emulator/seed-validation";
import { SeedValidationError } from "../../../emulator/errors";
import { loadSpec } from "../../fixtures/emulator/openapi-validator";
import type { HostnameRecord, SeedDocument } from "../../../emulator/types";

const FIXTURES = join(__dirname, "../../fixtures/emulator");
const DAY = 86_400_000;

function hostnames(seed: SeedDocument): HostnameRecord[] {
    return seed.zones[SAMPLE_ZONE_ID].hostnames ?? [];
}

function problemsOf(action: () => unknown): string[] {
    try {
        action();
    } catch (error) {
        expect(error).to.be.instanceOf(SeedValidationError);
        return (error as SeedValidationError).problems;
    }
    expect.fail("expected a SeedValidationError");
}

describe("built-in seeds", () => {
    it("sampleSeed holds exactly the spec's example hostname response", () => {
        const spec = loadSpec() as { components: { schemas: Record<string, { properties: Record<string, { $ref: string }> }> } };
        const schemas = spec.components.schemas;
        const exampleOf = (ref: string): unknown => (schemas[ref.split("/").pop() ?? ""] as unknown as { example: unknown }).example;
        const fields = schemas["tls-certificates-and-hostnames_hostname_certid_object"].properties;
        const expected = Object.fromEntries(Object.entries(fields).map(([name, schema]) => [name, exampleOf(schema.$ref)]));
        expected.hostname = "app.example.com";
        expected.cert_id = "023e105f4ecef8ad9ca31a8372d0c353";
        expect(hostnames(sampleSeed())).to.deep.equal([expected]);
    });

    it("sampleSeed keeps the spec PEM whose real validity (2016) disagrees with expires_on (2100)", () => {
        const [record] = hostnames(sampleSeed());
        const certificate = new X509Certificate(record.certificate ?? "");
        expect(new Date(certificate.validTo).getUTCFullYear()).to.equal(2016);
        expect(record.expires_on).to.equal("2100-01-01T05:20:00Z");
    });

    it("demoSeed has a healthy, a pending_deployment, a disabled and an expiring hostname plus the sample", () => {
        const records = hostnames(demoSeed(Date.parse("2030-01-01T00:00:00Z")));
        const byName = new Map(records.map((r) => [r.hostname, r]));
        expect(byName.get("app.example.com")?.status).to.equal("active");
        expect(byName.get(DEMO_HOSTNAMES.healthy.hostname)).to.include({ status: "active", enabled: true });
        expect(byName.get(DEMO_HOSTNAMES.deploying.hostname)).to.include({ status: "pending_deployment", enabled: true });
        expect(byName.get(DEMO_HOSTNAMES.disabled.hostname)).to.include({ status: "active", enabled: false });
        expect(byName.get(DEMO_HOSTNAMES.expiring.hostname)).to.include({ status: "active", enabled: true });
    });

    it("demoSeed issues real certificates whose notAfter equals expires_on", () => {
        const now = Date.parse("2030-01-01T00:00:00Z");
        for (const record of hostnames(demoSeed(now)).filter((r) => r.hostname !== "app.example.com")) {
            const certificate = new X509Certificate(record.certificate ?? "");
            expect(new Date(certificate.validTo).getTime(), record.hostname).to.equal(Date.parse(record.expires_on ?? ""));
            expect(BigInt(`0x${certificate.serialNumber}`).toString(), record.hostname).to.equal(record.serial_number);
            expect(certificate.subjectAltName).to.equal(`DNS:${record.hostname}`);
            expect(new Date(certificate.validFrom).getTime()).to.be.lessThan(now);
        }
    });

    it("demoSeed's healthy certificate is valid for about a year and the expiring one for about 12 days", () => {
        const now = Date.parse("2030-01-01T00:00:00Z");
        const byName = new Map(hostnames(demoSeed(now)).map((r) => [r.hostname, r]));
        const daysLeft = (name: string): number => Math.round((Date.parse(byName.get(name)?.expires_on ?? "") - now) / DAY);
        expect(daysLeft(DEMO_HOSTNAMES.healthy.hostname)).to.equal(365);
        expect(daysLeft(DEMO_HOSTNAMES.expiring.hostname)).to.equal(12);
    });

    it("demoSeed uses 32-hex certificate ids that the zone's certificate list contains", () => {
        const seed = demoSeed();
        const ids = new Set((seed.zones[SAMPLE_ZONE_ID].certificates ?? []).map((c) => c.id));
        for (const record of hostnames(seed)) {
            expect(record.cert_id).to.match(/^[0-9a-f]{32}$/);
            expect(ids.has(record.cert_id ?? "")).to.equal(true);
        }
    });

    it("demoSeed passes its own validation", () => {
        expect(() => validateSeed(demoSeed())).to.not.throw();
    });
});

describe("the scan seed", () => {
    const now = Date.parse("2031-03-01T12:00:00Z");
    const seed = scanSeed(now);
    const zone = seed.zones[SCAN_ZONE_ID];
    const certificates = zone.certificates ?? [];
    const byId = new Map(certificates.map((c) => [c.id, c]));
    const daysLeft = (id: string): number => {
        const pem = byId.get(id)?.certificate ?? "";
        return (Date.parse(new X509Certificate(pem).validTo) - now) / DAY;
    };

    it("keeps the demo zone and adds a zone with zone-level AOP on and one zone-level certificate", () => {
        const names = (document: SeedDocument): string[] => (document.zones[SAMPLE_ZONE_ID].hostnames ?? []).map((h) => h.hostname);
        expect(names(seed)).to.deep.equal(names(demoSeed(now)));
        expect(zone.settings).to.deep.equal({ enabled: true });
        expect(zone.zone_certificates?.map((c) => c.id)).to.deep.equal([SCAN_FIXTURE.zoneCertificateId]);
    });

    it("holds 25 hostname certificates, two pages at the default page size of 20", () => {
        expect(certificates).to.have.length(SCAN_FIXTURE.hostnameCertificateCount).and.have.length(25);
    });

    it("has exactly one expired certificate, one expiring in 10 days and one deployment_timed_out", () => {
        const days = certificates.map((c) => daysLeft(c.id));
        expect(days.filter((d) => d < 0)).to.have.length(1);
        expect(daysLeft(SCAN_FIXTURE.expired.certId)).to.be.within(-3.1, -2.9);
        expect(days.filter((d) => d >= 0 && d < 30)).to.have.length(1);
        expect(Math.floor(daysLeft(SCAN_FIXTURE.expiring.certId))).to.equal(10);
        expect(certificates.filter((c) => c.status === "deployment_timed_out").map((c) => c.id)).to.deep.equal([
            SCAN_FIXTURE.timedOut.certId,
        ]);
        expect(zone.hostnames?.find((h) => h.hostname === SCAN_FIXTURE.timedOut.hostname)).to.include({
            status: "deployment_timed_out",
            cert_status: "deployment_timed_out",
        });
    });

    it("has one certificate no hostname uses, and only that one carries the private-key canary", () => {
        const used = new Set(zone.hostnames?.map((h) => h.cert_id));
        expect(certificates.filter((c) => !used.has(c.id)).map((c) => c.id)).to.deep.equal([SCAN_FIXTURE.unusedCertId]);
        expect(certificates.filter((c) => c.private_key !== undefined).map((c) => c.id)).to.deep.equal([SCAN_FIXTURE.unusedCertId]);
        expect(byId.get(SCAN_FIXTURE.unusedCertId)?.private_key).to.equal(PRIVATE_KEY_CANARY);
        expect(PRIVATE_KEY_CANARY).to.include("NOT-A-KEY");
    });

    it("issues real certificates whose notAfter and serial match the records, for hostnames and the zone alike", () => {
        for (const record of [...certificates, ...(zone.zone_certificates ?? [])]) {
            const parsed = new X509Certificate(record.certificate ?? "");
            expect(Date.parse(parsed.validTo), record.id).to.equal(Date.parse(record.expires_on ?? ""));
            expect(parsed.verify(parsed.publicKey), record.id).to.equal(true);
        }
        for (const record of certificates) {
            expect(BigInt(`0x${new X509Certificate(record.certificate ?? "").serialNumber}`).toString(10)).to.equal(record.serial_number);
        }
    });

    it("passes its own validation", () => {
        expect(() => validateSeed(seed)).to.not.throw();
    });
});

describe("seed validation", () => {
    it("accepts a document whose records only name a hostname", () => {
        expect(() => validateSeed({ zones: { [SAMPLE_ZONE_ID]: { hostnames: [{ hostname: "a.example.com" }] } } })).to.not.throw();
    });

    it("reports every problem of a bad seed file at once", () => {
        const problems = problemsOf(() => loadSeedFile(join(FIXTURES, "seed-invalid.json")));
        const text = problems.join("\n");
        expect(text).to.include('zones["NOT-A-ZONE"]: zone ids must be 32 lowercase hex characters');
        expect(text).to.include("hostnames[0].status must be one of");
        expect(text).to.include("hostnames[0].enabled must be true, false or null");
        expect(text).to.include("hostnames[0].colour is not a known field");
        expect(text).to.include('hostnames[1].hostname "a.example.com" appears twice');
        expect(text).to.include("hostnames[1].expires_on must be an RFC 3339 date-time string");
        expect(text).to.include("hostnames[2].hostname is required");
    });

    it("loads a valid seed file", () => {
        const seed = loadSeedFile(join(FIXTURES, "seed-valid.json"));
        expect(seed.zones["0123456789abcdef0123456789abcdef"].hostnames).to.have.length(3);
    });

    it("names the file and the JSON error when a seed file is not JSON", () => {
        const dir = mkdtempSync(join(tmpdir(), "aop-emulator-seed-"));
        const file = join(dir, "broken.json");
        writeFileSync(file, "{ zones: ");
        expect(() => loadSeedFile(file)).to.throw(SeedValidationError, /broken\.json.*not valid JSON/);
    });

    it("says so when a seed file cannot be read", () => {
        expect(() => loadSeedFile(join(FIXTURES, "does-not-exist.json"))).to.throw(SeedValidationError, /ENOENT/);
    });

    it("rejects a document without zones", () => {
        expect(problemsOf(() => validateSeed({ hostnames: [] }))).to.include.members([
            "hostnames is not a known top-level field (known: zones, users)",
            "zones must be an object keyed by zone id",
        ]);
    });

    it("rejects duplicate certificate ids and certificates without an id", () => {
        const problems = problemsOf(() =>
            validateSeed({ zones: { [SAMPLE_ZONE_ID]: { certificates: [{ id: "a" }, { id: "a" }, { issuer: "x" }] } } }),
        );
        expect(problems.join("\n"))
            .to.match(/certificates\[1\]\.id "a" appears twice/)
            .and.match(/certificates\[2\]\.id is required/);
    });

    it("checks zone settings, zone-level certificates and emulator flags", () => {
        const problems = problemsOf(() =>
            validateSeed({
                zones: {
                    [SAMPLE_ZONE_ID]: {
                        settings: { enabled: "yes" },
                        zone_certificates: [{ id: "z", status: "on" }, { id: "z" }],
                        certificates: [{ id: "c", emulator: { timeOut: "soon" } }],
                        hostnames: [{ hostname: "a.example.com", emulator: { fast: true } }],
                    },
                },
            }),
        ).join("\n");
        expect(problems)
            .to.include('settings must be {"enabled": true} or {"enabled": false}')
            .and.include("zone_certificates[0].status must be one of")
            .and.include('zone_certificates[1].id "z" appears twice')
            .and.include("certificates[0].emulator timeOut must be true or false")
            .and.include("hostnames[0].emulator has an unknown flag fast");
    });

    it("accepts users with keys and scoped tokens, and reports every problem of bad ones", () => {
        const good = {
            id: "0123456789abcdef0123456789abcdef",
            email: "ops@example.com",
            key: "0123456789abcdef0123456789abcdef01234",
            tokens: [
                {
                    id: "fedcba9876543210fedcba9876543210",
                    value: "t0k3n",
                    zones: [SAMPLE_ZONE_ID],
                    permission: "read",
                    status: "active",
                    expires_on: "2031-01-01T00:00:00Z",
                    not_before: "2030-01-01T00:00:00Z",
                    condition: { request_ip: { in: ["192.0.2.0/24", "2001:db8::/32"], not_in: ["192.0.2.7"] } },
                    account: "abcdefabcdefabcdefabcdefabcdef12",
                },
            ],
        };
        expect(() => validateSeed({ zones: {}, users: [good] })).to.not.throw();
        const problems = problemsOf(() =>
            validateUsers([
                good,
                {
                    id: "USER",
                    email: "OPS@example.com",
                    key: "0123456789abcdef0123456789abcdef01234",
                    tokens: [
                        { id: "fedcba9876543210fedcba9876543210", value: "t0k3n", zones: ["zone"], permission: "admin", status: "revoked" },
                        { value: "with space", condition: { request_ip: { in: ["10.0.0.0/33", "nope"] } } },
                    ],
                },
                { id: "11111111111111111111111111111111", key: "k" },
            ]),
        ).join("\n");
        expect(problems)
            .to.include("users[1].id must be 32 lowercase hex characters")
            .and.include("users[1].email repeats an e-mail address")
            .and.include("users[1].key repeats a secret already used by another credential")
            .and.include("users[1].tokens[0].id repeats an id")
            .and.include("users[1].tokens[0].value repeats a secret")
            .and.include('users[1].tokens[0].zones must be "all" or an array of 32-hex zone ids')
            .and.include("users[1].tokens[0].permission must be one of edit, read, none")
            .and.include("users[1].tokens[0].status must be one of active, disabled, expired")
            .and.include("users[1].tokens[1].id is required")
            .and.include("users[1].tokens[1].value must be a non-empty string without whitespace")
            .and.include('"10.0.0.0/33" has a prefix length outside 0..32')
            .and.include("users[2].key needs an email");
    });

    it("lets a hostname patch remove fields with null but keeps enabled:null as a value", () => {
        expect(validateHostnamePatch({ issuer: null, enabled: null })).to.deep.equal({ issuer: null, enabled: null });
        expect(problemsOf(() => validateHostnamePatch({ hostname: null }))).to.include("record.hostname cannot be removed");
    });
});
