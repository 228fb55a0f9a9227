/**
 * Emulator data for the hostnames a recipe names. The recipes use the reader's zone and hostnames
 * (the spec's sample zone, app.example.com, api.example.com); the tests give each of them one of
 * the demo seed's states, with the demo's real certificates, so a recipe runs unchanged.
 */
import {
    DEMO_HOSTNAMES,
    demoSeed,
    SAMPLE_CERT_ID,
    type CertificateRecord,
    type EmulatorControl,
    type HostnameRecord,
    type SeedDocument,
} from "../../../emulator/index";

/** The id the spec sample's expired certificate takes in a recipe zone (the sample's own id is the sample zone's id too). */
export const EXPIRED_CERTIFICATE_ID = "dead0000000000000000000000000e01";

/** A demo hostname whose record (and certificate) a recipe hostname takes. */
export type HostState = keyof typeof DEMO_HOSTNAMES;

/** A demo state as it is, or with some fields changed (e.g. the expiring certificate, still deploying). */
export type HostSpec = HostState | { like: HostState; patch: Partial<HostnameRecord> };

export interface RecipeZone {
    /** Hostname → the demo state it takes: healthy, deploying (pending_deployment), disabled, expiring (12 days). */
    hostnames: Record<string, HostSpec>;
    /**
     * Also list the spec sample's certificate among the zone's hostname certificates, under the id
     * EXPIRED_CERTIFICATE_ID: its PEM expired in 2016 although its `expires_on` says 2100, and no
     * hostname uses it.
     */
    withExpiredCertificate?: boolean;
}

/** A seed whose zones hold exactly the given hostnames, each a copy of a demo record under its new name. */
export function recipeSeed(zones: Record<string, RecipeZone>, now: number = Date.now()): SeedDocument {
    const demo = demoSeed(now);
    const demoZone = Object.values(demo.zones)[0];
    const demoHostnames = demoZone.hostnames ?? [];
    const demoCertificates = demoZone.certificates ?? [];
    const record = (state: HostState): HostnameRecord => {
        const found = demoHostnames.find((h) => h.hostname === DEMO_HOSTNAMES[state].hostname);
        if (!found) throw new Error(`the demo seed has no ${state} hostname`);
        return found;
    };
    const certificate = (id: string | undefined): CertificateRecord => {
        const found = demoCertificates.find((c) => c.id === id);
        if (!found) throw new Error(`the demo seed has no certificate ${id}`);
        return found;
    };
    const result: SeedDocument = { zones: {} };
    for (const [zoneId, zone] of Object.entries(zones)) {
        const hostnames = Object.entries(zone.hostnames).map(([hostname, spec]) =>
            typeof spec === "string" ? { ...record(spec), hostname } : { ...record(spec.like), ...spec.patch, hostname },
        );
        const certificates = [...new Set(hostnames.map((h) => h.cert_id))].map((id) => ({ ...certificate(id) }));
        if (zone.withExpiredCertificate) certificates.push({ ...certificate(SAMPLE_CERT_ID), id: EXPIRED_CERTIFICATE_ID });
        result.zones[zoneId] = { hostnames, certificates };
    }
    return result;
}

/** Gives `hostname` the record `like` has now (its state, certificate and all), as if Cloudflare had changed it. */
export function copyHostname(control: EmulatorControl, zoneId: string, like: string, hostname: string): void {
    const record = control.snapshot().zones[zoneId]?.hostnames?.find((h) => h.hostname === like);
    if (!record) throw new Error(`the emulator has no ${like} in zone ${zoneId}`);
    control.setHostname(zoneId, { ...record, hostname });
}
