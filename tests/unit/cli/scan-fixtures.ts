/**
 * Scan reports for the pure renderers, built the way the CLI builds them: plain list items (as
 * Cloudflare sends them) through the inventory's own mapping, then usage from target results.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";

import { buildZoneInventory, type ZoneInventory } from "../../../provider/inventory";
import { certificateUses, zoneCertificates, type ScanReport, type ScanTarget, type ZoneScan } from "../../../provider/cli/scan/report";
import type { TargetResult } from "../../../provider/cli/report";
import { failed, healthy, outputs } from "./fixtures";

export const SCAN_ZONE = "0a0b5ca11e5e4a6f8d9c7b6a5f4e3d2c";
export const FORBIDDEN_ZONE = "0123456789abcdef0123456789abcdef";
/** Valid 2026-01-01 to 2027-01-01. */
const PEM = readFileSync(join(__dirname, "../../fixtures/certs/valid-2026.pem"), "utf8");
/** 34 days before the PEM's notAfter; 2 days after it. */
export const NOW = new Date("2026-11-27T12:00:00Z");
export const LATER = new Date("2027-01-03T12:00:00Z");

export const IDS = {
    zone: "5ca70c0000000000000000000000000a",
    inUse: "5ca70000000000000000000000000001",
    timedOut: "5ca70000000000000000000000000067",
    noPem: "5ca70000000000000000000000000068",
} as const;

export interface ItemOverrides {
    [key: string]: unknown;
}

export function item(id: string, overrides: ItemOverrides = {}): ItemOverrides {
    return {
        id,
        certificate: PEM,
        expires_on: "2027-01-01T00:00:00Z",
        issuer: "Example CA",
        serial_number: "1234",
        signature: "SHA256WithRSA",
        status: "active",
        uploaded_on: "2026-01-01T00:00:00Z",
        ...overrides,
    };
}

export function inventory(
    hostnameItems: readonly ItemOverrides[],
    now: Date = NOW,
    complete = true,
    expiryWarningDays = 30,
): ZoneInventory {
    const built = buildZoneInventory(
        {
            zoneId: SCAN_ZONE,
            settings: { enabled: true },
            zoneCertificates: { result: [item(IDS.zone, { serial_number: undefined })], pages: 1, complete: true },
            hostnameCertificates: { result: [...hostnameItems], pages: 2, complete, maxPages: 2 },
        },
        { expiryWarningDays, now },
    );
    if (built instanceof Error) throw built;
    return built;
}

/** The default zone: healthy zone-level, one certificate a target uses, one timed out, one with no PEM expiring soon. */
export function defaultItems(overrides: Partial<Record<keyof typeof IDS, ItemOverrides>> = {}): ItemOverrides[] {
    return [
        item(IDS.inUse, overrides.inUse),
        item(IDS.timedOut, { status: "deployment_timed_out", ...overrides.timedOut }),
        item(IDS.noPem, { certificate: undefined, expires_on: "2026-12-07T12:00:00Z", ...overrides.noPem }),
    ];
}

export function usingTarget(certId: string, hostname = "app.example.com"): TargetResult {
    const result = healthy(hostname, SCAN_ZONE);
    return { ...result, outputs: outputs({ zoneId: SCAN_ZONE, hostname, certId }) };
}

export interface ScanReportOptions {
    inventory?: ZoneInventory;
    /** With --targets-file: these results. */
    targets?: TargetResult[];
    /** A second zone that could not be read. */
    failedZone?: { name: string; message: string };
}

export function scanReport(options: ScanReportOptions = {}): ScanReport {
    const zoneInventory = options.inventory ?? inventory(defaultItems());
    const targets = options.targets ?? null;
    const uses = targets === null ? null : certificateUses(targets);
    const zones: ZoneScan[] = [
        { zoneId: SCAN_ZONE, inventory: zoneInventory, error: null, certificates: zoneCertificates(zoneInventory, uses) },
    ];
    if (options.failedZone) zones.push({ zoneId: FORBIDDEN_ZONE, inventory: null, error: options.failedZone, certificates: [] });
    const scanTargets: ScanTarget[] | null =
        targets?.map((result) => ({
            result,
            certificateId: result.outputs?.found ? result.outputs.certId : null,
            listed: result.outputs?.found ? zoneInventory.certificates.some((c) => c.id === result.outputs?.certId) : null,
        })) ?? null;
    return {
        generatedAt: new Date("2026-11-27T12:00:00.000Z"),
        durationMs: 321,
        baseUrl: "https://api.cloudflare.com/client/v4",
        settings: { expiryWarningDays: 30, maxPages: 10, targetsGiven: targets !== null },
        zones,
        targets: scanTargets,
    };
}

export { failed };
