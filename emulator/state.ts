// The emulator's data: zones, their hostname associations and certificates.
// Statuses of associations changed through PUT are derived from the
// transition's start time (see status-machine.ts).

import { SeedValidationError } from "./errors";
import { isSettled, statusAt, type Transition, type TransitionDelays } from "./status-machine";
import { isZoneId, validateHostnamePatch, validateSeed } from "./seed-validation";
import type { AopStatus, CertificateRecord, HostnamePatch, HostnameRecord, SeedDocument } from "./types";

interface StoredHostname {
    record: HostnameRecord;
    /** Present while (and after) a PUT-driven change; overrides `record.status`. */
    transition?: Transition;
}

interface StoredZone {
    hostnames: Map<string, StoredHostname>;
    certificates: Map<string, CertificateRecord>;
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

const DELETION_STATUSES: readonly AopStatus[] = ["pending_deletion", "deleted", "deletion_timed_out"];

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
            const zone: StoredZone = { hostnames: new Map(), certificates: new Map() };
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

    certificates(zoneId: string): CertificateRecord[] | undefined {
        const zone = this.zones.get(zoneId);
        return zone === undefined ? undefined : [...zone.certificates.values()].map((c) => ({ ...c }));
    }

    hasCertificate(zoneId: string, certId: string): boolean {
        return this.zones.get(zoneId)?.certificates.has(certId) ?? false;
    }

    /**
     * Applies a PUT body whose items were validated by the caller (zone exists,
     * every cert_id is known). Enabling or disabling restarts the deployment
     * (initializing → pending_deployment → active); `enabled: null` voids the
     * association (pending_deletion → deleted). Repeating the current setting
     * changes nothing, so PUT is idempotent.
     */
    applyConfig(zoneId: string, items: readonly HostnameConfigItem[]): HostnameRecord[] {
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
            let changed = certChanged || existing === undefined;
            if (item.enabled === null) {
                if (!wasVoided || certChanged) {
                    transition = { kind: "delete", startedAt: t };
                    changed = true;
                }
            } else if (changed || wasVoided || record.enabled !== item.enabled) {
                transition = { kind: "deploy", startedAt: t };
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
            zone = { hostnames: new Map(), certificates: new Map() };
            this.zones.set(zoneId, zone);
        }
        const existing = zone.hostnames.get(patch.hostname);
        // Freeze any running transition into a plain status before patching over it.
        const record: HostnameRecord = existing === undefined ? { hostname: patch.hostname } : this.render(existing);
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

    /** Current data as a seed document (statuses resolved at the current time). */
    snapshot(): SeedDocument {
        const document: SeedDocument = { zones: {} };
        for (const [zoneId, zone] of this.zones) {
            document.zones[zoneId] = {
                hostnames: [...zone.hostnames.values()].map((stored) => this.render(stored)),
                certificates: [...zone.certificates.values()].map((c) => ({ ...c })),
            };
        }
        return document;
    }

    private requireZone(zoneId: string): StoredZone {
        const zone = this.zones.get(zoneId);
        if (zone === undefined) throw new Error(`unknown zone ${zoneId} (callers must validate)`);
        return zone;
    }

    private render(stored: StoredHostname): HostnameRecord {
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
        const ordered: Record<string, unknown> = {};
        for (const field of HOSTNAME_FIELD_ORDER) {
            if (merged[field] !== undefined) ordered[field] = merged[field];
        }
        return ordered as unknown as HostnameRecord;
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
