// The emulator's data: zones, their hostname associations and certificates.
// Statuses of associations changed through PUT are derived from the
// transition's start time (see status-machine.ts).

import { SeedValidationError } from "./errors";
import { DELETION_STATUSES, isSettled, statusAt, type Transition, type TransitionDelays } from "./status-machine";
import { isZoneId, validateHostnamePatch, validateSeed } from "./seed-validation";
import type { CertificateRecord, HostnamePatch, HostnameRecord, SeedDocument, ZoneCertificateRecord, ZoneSettings } from "./types";

interface StoredHostname {
    record: HostnameRecord;
    /** Present while (and after) a PUT-driven change; overrides `record.status`. */
    transition?: Transition;
}

interface StoredZone {
    hostnames: Map<string, StoredHostname>;
    certificates: Map<string, CertificateRecord>;
    zoneCertificates: Map<string, ZoneCertificateRecord>;
    /** Undefined: never set, which Cloudflare reports as `enabled: false`. */
    settings?: ZoneSettings;
}

/** Options of one PUT. */
export interface ApplyOptions {
    /** Every transition this PUT starts ends timed out (a `time-out` fault). */
    timeOut?: boolean;
}

/** One validated item of a PUT body. */
export interface HostnameConfigItem {
    hostname: string;
    cert_id: string;
    enabled: boolean | null;
}

// Field order of the spec's hostname_certid_object, so responses read like Cloudflare's.
const HOSTNAME_FIELD_ORDER: readonly (keyof HostnameRecord)[] = [
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
];

// Field order of the spec's certificate objects; `private_key` last, and only when seeded.
const CERTIFICATE_FIELD_ORDER: readonly (keyof CertificateRecord)[] = [
    "id",
    "certificate",
    "expires_on",
    "issuer",
    "serial_number",
    "signature",
    "status",
    "uploaded_on",
    "private_key",
];

const ZONE_CERTIFICATE_FIELD_ORDER: readonly (keyof ZoneCertificateRecord)[] = [
    "id",
    "certificate",
    "expires_on",
    "issuer",
    "signature",
    "status",
    "uploaded_on",
    "private_key",
];

function pick<T extends object>(record: T, order: readonly (keyof T)[]): T {
    const ordered: Partial<T> = {};
    for (const field of order) if (record[field] !== undefined) ordered[field] = record[field];
    return ordered as T;
}

function emptyZone(): StoredZone {
    return { hostnames: new Map(), certificates: new Map(), zoneCertificates: new Map() };
}

export class ZoneStore {
    private zones = new Map<string, StoredZone>();

    constructor(
        private readonly now: () => number,
        private readonly delays: TransitionDelays,
    ) {}

    /** Replaces all data with a (validated, deep-copied) seed. */
    load(seed: SeedDocument): void {
        const valid = validateSeed(structuredClone(seed));
        const zones = new Map<string, StoredZone>();
        for (const [zoneId, zoneSeed] of Object.entries(valid.zones)) {
            const zone = emptyZone();
            if (zoneSeed.settings !== undefined) zone.settings = { enabled: zoneSeed.settings.enabled };
            for (const certificate of zoneSeed.zone_certificates ?? []) zone.zoneCertificates.set(certificate.id, certificate);
            for (const certificate of zoneSeed.certificates ?? []) zone.certificates.set(certificate.id, certificate);
            for (const record of zoneSeed.hostnames ?? []) {
                zone.hostnames.set(record.hostname, { record });
                registerImplicitCertificate(zone, record);
            }
            zones.set(zoneId, zone);
        }
        this.zones = zones;
    }

    hasZone(zoneId: string): boolean {
        return this.zones.has(zoneId);
    }

    hostname(zoneId: string, hostname: string): HostnameRecord | undefined {
        const stored = this.zones.get(zoneId)?.hostnames.get(hostname);
        return stored === undefined ? undefined : this.render(stored);
    }

    /** The zone's hostname certificates as the API shows them (spec field order, no emulator flags). */
    certificates(zoneId: string): CertificateRecord[] | undefined {
        const zone = this.zones.get(zoneId);
        return zone === undefined ? undefined : [...zone.certificates.values()].map((c) => pick(c, CERTIFICATE_FIELD_ORDER));
    }

    certificate(zoneId: string, certificateId: string): CertificateRecord | undefined {
        const found = this.zones.get(zoneId)?.certificates.get(certificateId);
        return found === undefined ? undefined : pick(found, CERTIFICATE_FIELD_ORDER);
    }

    zoneCertificates(zoneId: string): ZoneCertificateRecord[] | undefined {
        const zone = this.zones.get(zoneId);
        return zone === undefined ? undefined : [...zone.zoneCertificates.values()].map((c) => pick(c, ZONE_CERTIFICATE_FIELD_ORDER));
    }

    zoneCertificate(zoneId: string, certificateId: string): ZoneCertificateRecord | undefined {
        const found = this.zones.get(zoneId)?.zoneCertificates.get(certificateId);
        return found === undefined ? undefined : pick(found, ZONE_CERTIFICATE_FIELD_ORDER);
    }

    /** Zone-level AOP: off unless the seed turned it on ("It is false by default", says the spec). */
    settings(zoneId: string): ZoneSettings | undefined {
        const zone = this.zones.get(zoneId);
        return zone === undefined ? undefined : { enabled: zone.settings?.enabled ?? false };
    }

    hasCertificate(zoneId: string, certId: string): boolean {
        return this.zones.get(zoneId)?.certificates.has(certId) ?? false;
    }

    /**
     * Applies a PUT body whose items were validated by the caller (zone exists,
     * every cert_id is known). Enabling or disabling restarts the deployment
     * (initializing → pending_deployment → active); `enabled: null` voids the
     * association (pending_deletion → deleted). Repeating the current setting
     * changes nothing, so PUT is idempotent. A transition ends timed out when
     * the PUT says so, or the hostname or its certificate carries the seed's
     * `emulator.timeOut` flag.
     */
    applyConfig(zoneId: string, items: readonly HostnameConfigItem[], options: ApplyOptions = {}): HostnameRecord[] {
        const zone = this.requireZone(zoneId);
        const t = this.now();
        const iso = new Date(t).toISOString();
        return items.map((item) => {
            const certificate = zone.certificates.get(item.cert_id);
            if (certificate === undefined) throw new Error(`applyConfig: unknown certificate ${item.cert_id} (callers must validate)`);
            const existing = zone.hostnames.get(item.hostname);
            const previousStatus = existing === undefined ? undefined : this.render(existing).status;
            const record: HostnameRecord = existing === undefined ? { hostname: item.hostname, created_at: iso } : { ...existing.record };
            let transition = existing?.transition;

            const certChanged = record.cert_id !== certificate.id;
            copyCertificateFields(record, certificate);
            if (certChanged) record.cert_updated_at = iso;

            const wasVoided = record.enabled === null && previousStatus !== undefined && DELETION_STATUSES.includes(previousStatus);
            const timesOut = options.timeOut === true || record.emulator?.timeOut === true || certificate.emulator?.timeOut === true;
            const start = (kind: Transition["kind"]): Transition => (timesOut ? { kind, startedAt: t, timesOut } : { kind, startedAt: t });
            let changed = certChanged || existing === undefined;
            if (item.enabled === null) {
                if (!wasVoided || certChanged) {
                    transition = start("delete");
                    changed = true;
                }
            } else if (changed || wasVoided || record.enabled !== item.enabled) {
                transition = start("deploy");
                changed = true;
            }
            record.enabled = item.enabled;
            if (changed) record.updated_at = iso;
            if (transition !== undefined) delete record.status;

            const stored: StoredHostname = transition === undefined ? { record } : { record, transition };
            zone.hostnames.set(item.hostname, stored);
            return this.render(stored);
        });
    }

    /** Creates or patches one record (control / admin API). The zone is created if needed. */
    setHostname(zoneId: string, patch: HostnamePatch & { hostname: string }): HostnameRecord {
        if (!isZoneId(zoneId)) throw new SeedValidationError([`zone id "${zoneId}" must be 32 lowercase hex characters`], "hostname patch");
        const valid = validateHostnamePatch(patch);
        let zone = this.zones.get(zoneId);
        if (zone === undefined) {
            zone = emptyZone();
            this.zones.set(zoneId, zone);
        }
        const existing = zone.hostnames.get(patch.hostname);
        // Freeze any running transition into a plain status before patching over it.
        const record: HostnameRecord = existing === undefined ? { hostname: patch.hostname } : this.render(existing, { keepFlags: true });
        const fields = record as unknown as Record<string, unknown>;
        for (const [name, value] of Object.entries(valid)) {
            if (value === undefined) continue;
            if (value === null && name !== "enabled") delete fields[name];
            else fields[name] = value;
        }
        const stored: StoredHostname = { record };
        zone.hostnames.set(record.hostname, stored);
        registerImplicitCertificate(zone, record);
        return this.render(stored);
    }

    deleteHostname(zoneId: string, hostname: string): boolean {
        return this.zones.get(zoneId)?.hostnames.delete(hostname) ?? false;
    }

    /** Current data as a seed document (statuses resolved at the current time; emulator flags kept). */
    snapshot(): SeedDocument {
        const document: SeedDocument = { zones: {} };
        for (const [zoneId, zone] of this.zones) {
            const zoneSeed: SeedDocument["zones"][string] = {
                hostnames: [...zone.hostnames.values()].map((stored) => this.render(stored, { keepFlags: true })),
                certificates: [...zone.certificates.values()].map((c) => structuredClone(c)),
            };
            if (zone.zoneCertificates.size > 0) zoneSeed.zone_certificates = [...zone.zoneCertificates.values()].map((c) => ({ ...c }));
            if (zone.settings !== undefined) zoneSeed.settings = { ...zone.settings };
            document.zones[zoneId] = zoneSeed;
        }
        return document;
    }

    private requireZone(zoneId: string): StoredZone {
        const zone = this.zones.get(zoneId);
        if (zone === undefined) throw new Error(`unknown zone ${zoneId} (callers must validate)`);
        return zone;
    }

    private render(stored: StoredHostname, options: { keepFlags?: boolean } = {}): HostnameRecord {
        const t = this.now();
        const merged: HostnameRecord = { ...stored.record };
        if (stored.transition !== undefined) {
            merged.status = statusAt(stored.transition, t, this.delays);
            // A finished transition becomes a plain status so later delay changes cannot rewind it.
            if (isSettled(stored.transition, t, this.delays)) {
                stored.record = { ...stored.record, status: merged.status };
                delete stored.transition;
            }
        }
        const ordered = pick(merged, HOSTNAME_FIELD_ORDER);
        if (options.keepFlags === true && merged.emulator !== undefined) ordered.emulator = { ...merged.emulator };
        return ordered;
    }
}

function copyCertificateFields(record: HostnameRecord, certificate: CertificateRecord): void {
    record.cert_id = certificate.id;
    record.cert_status = certificate.status ?? "active";
    assignOrDelete(record, "certificate", certificate.certificate);
    assignOrDelete(record, "issuer", certificate.issuer);
    assignOrDelete(record, "serial_number", certificate.serial_number);
    assignOrDelete(record, "signature", certificate.signature);
    assignOrDelete(record, "expires_on", certificate.expires_on);
    assignOrDelete(record, "cert_uploaded_on", certificate.uploaded_on);
}

function assignOrDelete<K extends keyof HostnameRecord>(record: HostnameRecord, field: K, value: HostnameRecord[K] | undefined): void {
    if (value === undefined) delete record[field];
    else record[field] = value;
}

/**
 * A hostname record that names a certificate the zone does not list gets
 * that certificate registered from its own fields, so a PUT can re-enable it
 * and the certificate list stays consistent with the hostnames.
 */
function registerImplicitCertificate(zone: StoredZone, record: HostnameRecord): void {
    if (record.cert_id === undefined || zone.certificates.has(record.cert_id)) return;
    const certificate: CertificateRecord = { id: record.cert_id };
    if (record.certificate !== undefined) certificate.certificate = record.certificate;
    if (record.expires_on !== undefined) certificate.expires_on = record.expires_on;
    if (record.issuer !== undefined) certificate.issuer = record.issuer;
    if (record.serial_number !== undefined) certificate.serial_number = record.serial_number;
    if (record.signature !== undefined) certificate.signature = record.signature;
    if (record.cert_status !== undefined) certificate.status = record.cert_status;
    if (record.cert_uploaded_on !== undefined) certificate.uploaded_on = record.cert_uploaded_on;
    zone.certificates.set(certificate.id, certificate);
}
