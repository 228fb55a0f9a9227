import { expect } from "chai";
import { ZoneStore } from "../../../emulator/state";
import { sampleSeed, SAMPLE_CERT_ID, SAMPLE_ZONE_ID } from "../../../emulator/seed";
import { SeedValidationError } from "../../../emulator/errors";
import { ManualClock } from "../../fixtures/emulator/http-client";

const DELAYS = { initializingMs: 1_000, pendingDeploymentMs: 2_000, pendingDeletionMs: 500 };
const SECOND_CERT = "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";

function store(): { store: ZoneStore; clock: ManualClock } {
    const clock = new ManualClock();
    const s = new ZoneStore(clock.now, DELAYS);
    const seed = sampleSeed();
    seed.zones[SAMPLE_ZONE_ID].certificates?.push({
        id: SECOND_CERT,
        issuer: "Second CA",
        expires_on: "2031-01-01T00:00:00Z",
        status: "active",
    });
    s.load(seed);
    return { store: s, clock };
}

describe("zone store", () => {
    it("creates an association on PUT and walks it through initializing, pending_deployment and active", () => {
        const { store: s, clock } = store();
        const [created] = s.applyConfig(SAMPLE_ZONE_ID, [{ hostname: "new.example.com", cert_id: SAMPLE_CERT_ID, enabled: true }]);
        expect(created).to.include({
            hostname: "new.example.com",
            status: "initializing",
            enabled: true,
            cert_id: SAMPLE_CERT_ID,
            issuer: "GlobalSign",
        });
        expect(created.created_at).to.equal(new Date(clock.current).toISOString());
        clock.advance(1_000);
        expect(s.hostname(SAMPLE_ZONE_ID, "new.example.com")?.status).to.equal("pending_deployment");
        clock.advance(2_000);
        expect(s.hostname(SAMPLE_ZONE_ID, "new.example.com")?.status).to.equal("active");
    });

    it("redeploys when an association is disabled", () => {
        const { store: s } = store();
        const [disabled] = s.applyConfig(SAMPLE_ZONE_ID, [{ hostname: "app.example.com", cert_id: SAMPLE_CERT_ID, enabled: false }]);
        expect(disabled).to.include({ enabled: false, status: "initializing" });
    });

    it("changes nothing when PUT repeats the current setting", () => {
        const { store: s, clock } = store();
        const before = s.hostname(SAMPLE_ZONE_ID, "app.example.com");
        clock.advance(60_000);
        const [after] = s.applyConfig(SAMPLE_ZONE_ID, [{ hostname: "app.example.com", cert_id: SAMPLE_CERT_ID, enabled: true }]);
        expect(after).to.deep.equal(before);
    });

    it("voids an association with enabled:null: enabled becomes null and status goes pending_deletion then deleted", () => {
        const { store: s, clock } = store();
        const [voided] = s.applyConfig(SAMPLE_ZONE_ID, [{ hostname: "app.example.com", cert_id: SAMPLE_CERT_ID, enabled: null }]);
        expect(voided).to.include({ enabled: null, status: "pending_deletion" });
        clock.advance(500);
        expect(s.hostname(SAMPLE_ZONE_ID, "app.example.com")).to.include({ enabled: null, status: "deleted" });
        const [again] = s.applyConfig(SAMPLE_ZONE_ID, [{ hostname: "app.example.com", cert_id: SAMPLE_CERT_ID, enabled: null }]);
        expect(again.status).to.equal("deleted");
    });

    it("re-enables a voided association through a fresh deployment", () => {
        const { store: s, clock } = store();
        s.applyConfig(SAMPLE_ZONE_ID, [{ hostname: "app.example.com", cert_id: SAMPLE_CERT_ID, enabled: null }]);
        clock.advance(10_000);
        const [enabled] = s.applyConfig(SAMPLE_ZONE_ID, [{ hostname: "app.example.com", cert_id: SAMPLE_CERT_ID, enabled: true }]);
        expect(enabled).to.include({ enabled: true, status: "initializing" });
    });

    it("copies the new certificate's fields when an association moves to another certificate", () => {
        const { store: s, clock } = store();
        clock.advance(5_000);
        const [moved] = s.applyConfig(SAMPLE_ZONE_ID, [{ hostname: "app.example.com", cert_id: SECOND_CERT, enabled: true }]);
        expect(moved).to.include({ cert_id: SECOND_CERT, issuer: "Second CA", expires_on: "2031-01-01T00:00:00Z", status: "initializing" });
        expect(moved).to.not.have.property("certificate");
        expect(moved.cert_updated_at).to.equal(new Date(clock.current).toISOString());
    });

    it("returns fields in the spec's order", () => {
        const { store: s } = store();
        expect(Object.keys(s.hostname(SAMPLE_ZONE_ID, "app.example.com") ?? {})).to.deep.equal([
            "cert_id",
            "cert_status",
            "cert_updated_at",
            "cert_uploaded_on",
            "certificate",
            "created_at",
            "enabled",
            "expires_on",
            "hostname",
            "issuer",
            "serial_number",
            "signature",
            "status",
            "updated_at",
        ]);
    });

    it("patches a record partially, removing fields set to null", () => {
        const { store: s } = store();
        const patched = s.setHostname(SAMPLE_ZONE_ID, { hostname: "app.example.com", status: "deployment_timed_out", issuer: null });
        expect(patched.status).to.equal("deployment_timed_out");
        expect(patched).to.not.have.property("issuer");
        expect(patched.serial_number).to.equal("6743787633689793699141714808227354901");
    });

    it("freezes a running transition when a patch lands on it", () => {
        const { store: s, clock } = store();
        s.applyConfig(SAMPLE_ZONE_ID, [{ hostname: "app.example.com", cert_id: SAMPLE_CERT_ID, enabled: false }]);
        s.setHostname(SAMPLE_ZONE_ID, { hostname: "app.example.com", issuer: "Patched" });
        clock.advance(60_000);
        expect(s.hostname(SAMPLE_ZONE_ID, "app.example.com")).to.include({ status: "initializing", issuer: "Patched" });
    });

    it("creates the zone and registers the record's certificate when patching an unknown zone", () => {
        const { store: s } = store();
        const zone = "ffffffffffffffffffffffffffffffff";
        s.setHostname(zone, { hostname: "x.example.com", cert_id: SECOND_CERT, issuer: "X" });
        expect(s.hasZone(zone)).to.equal(true);
        expect(s.certificates(zone)).to.deep.equal([{ id: SECOND_CERT, issuer: "X" }]);
    });

    it("refuses a patch for a malformed zone id or with off-spec values", () => {
        const { store: s } = store();
        expect(() => s.setHostname("ZONE", { hostname: "x" })).to.throw(SeedValidationError);
        expect(() => s.setHostname(SAMPLE_ZONE_ID, { hostname: "x", status: "paused" as never })).to.throw(
            SeedValidationError,
            /status must be one of/,
        );
    });

    it("deletes records and reports whether one existed", () => {
        const { store: s } = store();
        expect(s.deleteHostname(SAMPLE_ZONE_ID, "app.example.com")).to.equal(true);
        expect(s.deleteHostname(SAMPLE_ZONE_ID, "app.example.com")).to.equal(false);
        expect(s.hostname(SAMPLE_ZONE_ID, "app.example.com")).to.equal(undefined);
    });

    it("ends a PUT's deployment in deployment_timed_out when the hostname is flagged to time out", () => {
        const { store: s, clock } = store();
        s.setHostname(SAMPLE_ZONE_ID, { hostname: "app.example.com", emulator: { timeOut: true } });
        const [started] = s.applyConfig(SAMPLE_ZONE_ID, [{ hostname: "app.example.com", cert_id: SAMPLE_CERT_ID, enabled: false }]);
        expect(started).to.include({ status: "initializing" }).and.not.have.property("emulator");
        clock.advance(3_000);
        expect(s.hostname(SAMPLE_ZONE_ID, "app.example.com")?.status).to.equal("deployment_timed_out");
    });

    it("ends transitions onto a certificate flagged to time out timed out, deletions included", () => {
        const clock = new ManualClock();
        const s = new ZoneStore(clock.now, DELAYS);
        const seed = sampleSeed();
        seed.zones[SAMPLE_ZONE_ID].certificates?.push({ id: SECOND_CERT, status: "active", emulator: { timeOut: true } });
        s.load(seed);
        s.applyConfig(SAMPLE_ZONE_ID, [{ hostname: "stuck.example.com", cert_id: SECOND_CERT, enabled: true }]);
        clock.advance(3_000);
        expect(s.hostname(SAMPLE_ZONE_ID, "stuck.example.com")?.status).to.equal("deployment_timed_out");
        s.applyConfig(SAMPLE_ZONE_ID, [{ hostname: "stuck.example.com", cert_id: SECOND_CERT, enabled: null }]);
        expect(s.hostname(SAMPLE_ZONE_ID, "stuck.example.com")?.status).to.equal("pending_deletion");
        clock.advance(500);
        expect(s.hostname(SAMPLE_ZONE_ID, "stuck.example.com")?.status).to.equal("deletion_timed_out");
        expect(s.certificates(SAMPLE_ZONE_ID)?.find((c) => c.id === SECOND_CERT)).to.not.have.property("emulator");
    });

    it("times out every transition of a PUT told to (a time-out fault), and only that PUT", () => {
        const { store: s, clock } = store();
        s.applyConfig(SAMPLE_ZONE_ID, [{ hostname: "app.example.com", cert_id: SAMPLE_CERT_ID, enabled: null }], { timeOut: true });
        s.applyConfig(SAMPLE_ZONE_ID, [{ hostname: "fine.example.com", cert_id: SAMPLE_CERT_ID, enabled: true }]);
        clock.advance(3_000);
        expect(s.hostname(SAMPLE_ZONE_ID, "app.example.com")?.status).to.equal("deletion_timed_out");
        expect(s.hostname(SAMPLE_ZONE_ID, "fine.example.com")?.status).to.equal("active");
    });

    it("serves zone settings (off unless seeded), zone-level certificates and single certificates", () => {
        const { store: s } = store();
        expect(s.settings(SAMPLE_ZONE_ID)).to.deep.equal({ enabled: false });
        expect(s.zoneCertificates(SAMPLE_ZONE_ID)).to.deep.equal([]);
        expect(s.certificate(SAMPLE_ZONE_ID, SECOND_CERT)).to.include({ id: SECOND_CERT, issuer: "Second CA" });
        expect(s.certificate(SAMPLE_ZONE_ID, "nope")).to.equal(undefined);
        const seeded = new ZoneStore(new ManualClock().now, DELAYS);
        seeded.load({
            zones: {
                [SAMPLE_ZONE_ID]: { settings: { enabled: true }, zone_certificates: [{ uploaded_on: "2030-01-01T00:00:00Z", id: "z1" }] },
            },
        });
        expect(seeded.settings(SAMPLE_ZONE_ID)).to.deep.equal({ enabled: true });
        expect(JSON.stringify(seeded.zoneCertificates(SAMPLE_ZONE_ID))).to.equal('[{"id":"z1","uploaded_on":"2030-01-01T00:00:00Z"}]');
        expect(seeded.zoneCertificate(SAMPLE_ZONE_ID, "z1")).to.deep.equal({ id: "z1", uploaded_on: "2030-01-01T00:00:00Z" });
        expect(seeded.settings("ffffffffffffffffffffffffffffffff")).to.equal(undefined);
    });

    it("takes snapshots that reload as seeds and are not shared with the store", () => {
        const { store: s, clock } = store();
        s.applyConfig(SAMPLE_ZONE_ID, [{ hostname: "new.example.com", cert_id: SAMPLE_CERT_ID, enabled: true }]);
        clock.advance(1_500);
        const snapshot = s.snapshot();
        const record = snapshot.zones[SAMPLE_ZONE_ID].hostnames?.find((h) => h.hostname === "new.example.com");
        expect(record?.status).to.equal("pending_deployment");
        if (record !== undefined) record.issuer = "mutated";
        expect(s.hostname(SAMPLE_ZONE_ID, "new.example.com")?.issuer).to.equal("GlobalSign");
        const reloaded = new ZoneStore(clock.now, DELAYS);
        reloaded.load(s.snapshot());
        expect(reloaded.snapshot()).to.deep.equal(s.snapshot());
    });
});
