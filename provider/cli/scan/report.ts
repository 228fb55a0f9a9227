/**
 * The result of a `scan` run as plain data: what every format renders and the exit code is
 * computed from. Nothing here knows about HTTP, commander or terminals.
 *
 * Which certificates decide the exit code:
 * - without --targets-file (a zone audit), every certificate: any expired, expiring or failed one
 *   is a finding;
 * - with --targets-file, a hostname certificate decides when a target given uses it (its
 *   association names it), and a zone-level certificate decides when zone-level AOP is on (the
 *   zone then presents one for every hostname without a certificate of its own, and hostname
 *   certificates take precedence: https://developers.cloudflare.com/ssl/origin-configuration/authenticated-origin-pull/set-up/per-hostname/).
 *   The others are "not used by the targets given": shown, never counted. No endpoint lists a
 *   zone's associations, so that is not proof that nothing uses them.
 *
 * Exit codes, as `check`'s: 3 when a zone could not be read, its inventory is incomplete (an
 * incomplete inventory is not a clean bill of health), or a target's association could not be
 * read; else 1 when a deciding certificate has a problem; else 0.
 */
import type { InventoryCertificate, ZoneInventory } from "../../inventory";
import { ExitCode } from "../exit-codes";
import type { ErrorSummary, TargetResult } from "../report";

export interface ScanSettings {
    /** `--expiry-warning-days`. */
    expiryWarningDays: number;
    /** `--max-pages`: pages read per certificate list at most. */
    maxPages: number;
    /** Whether `--targets-file` was given (and so whether usage decides). */
    targetsGiven: boolean;
}

/** A certificate as the report shows it: the inventory's facts, who uses it, and whether it counts. */
export interface ScanCertificate {
    certificate: InventoryCertificate;
    /** The hostnames of the targets given whose association names it; null without --targets-file. */
    usedBy: string[] | null;
    /** Whether its problems decide the exit code; see the module comment. */
    decides: boolean;
}

export interface ZoneScan {
    zoneId: string;
    /** Null when the zone could not be read. */
    inventory: ZoneInventory | null;
    error: ErrorSummary | null;
    /** Empty when the zone could not be read. */
    certificates: ScanCertificate[];
}

/** A target's association, and the certificate it names as the inventory knows it. */
export interface ScanTarget {
    result: TargetResult;
    /** The association's `cert_id`; null when there is none (no association, or the read failed). */
    certificateId: string | null;
    /** Whether the zone's inventory lists that certificate; null when there is nothing to look up. */
    listed: boolean | null;
}

export interface ScanReport {
    generatedAt: Date;
    durationMs: number;
    /** The API base URL as `publicBaseUrl` shows it; absent when the run never resolved one. */
    baseUrl?: string;
    settings: ScanSettings;
    /** In the order given (--zone-id first, then the zones of the targets). */
    zones: ZoneScan[];
    /** Null without --targets-file. */
    targets: ScanTarget[] | null;
}

export interface ScanSummary {
    zones: number;
    /** Zones that could not be read. */
    zoneErrors: number;
    /** Zones read whose inventory is incomplete. */
    incompleteZones: number;
    certificates: number;
    healthy: number;
    unhealthy: number;
    /** Unhealthy certificates that decide the exit code. */
    failing: number;
    /** Certificates no target given uses (only with --targets-file). */
    notUsedByTargets: number;
    targets: number;
    /** Targets whose association could not be read. */
    targetErrors: number;
}

export function scanCertificates(report: Pick<ScanReport, "zones">): ScanCertificate[] {
    return report.zones.flatMap((zone) => zone.certificates);
}

export function summarizeScan(report: ScanReport): ScanSummary {
    const certificates = scanCertificates(report);
    const targets = report.targets ?? [];
    return {
        zones: report.zones.length,
        zoneErrors: report.zones.filter((zone) => zone.error !== null).length,
        incompleteZones: report.zones.filter((zone) => zone.inventory !== null && !zone.inventory.complete).length,
        certificates: certificates.length,
        healthy: certificates.filter((row) => row.certificate.healthy).length,
        unhealthy: certificates.filter((row) => !row.certificate.healthy).length,
        failing: certificates.filter((row) => row.decides && !row.certificate.healthy).length,
        notUsedByTargets: report.targets === null ? 0 : certificates.filter((row) => !row.decides).length,
        targets: targets.length,
        targetErrors: targets.filter((target) => target.result.outcome === "error").length,
    };
}

export function scanExitCode(summary: ScanSummary): ExitCode {
    if (summary.zoneErrors > 0 || summary.incompleteZones > 0 || summary.targetErrors > 0) return ExitCode.Failure;
    return summary.failing > 0 ? ExitCode.Unhealthy : ExitCode.Healthy;
}

/**
 * Each certificate of a zone with its usage. `uses` maps a certificate id to the hostnames of the
 * targets whose association names it; null without --targets-file.
 */
export function zoneCertificates(inventory: ZoneInventory, uses: ReadonlyMap<string, string[]> | null): ScanCertificate[] {
    return inventory.certificates.map((certificate) => {
        if (uses === null) return { certificate, usedBy: null, decides: true };
        if (certificate.scope === "zone") return { certificate, usedBy: [], decides: inventory.zoneLevelEnabled === true };
        const usedBy = uses.get(certificate.id) ?? [];
        return { certificate, usedBy: [...usedBy], decides: usedBy.length > 0 };
    });
}

/** Certificate id → the hostnames of the targets whose (found) association names it. */
export function certificateUses(targets: readonly TargetResult[]): Map<string, string[]> {
    const uses = new Map<string, string[]>();
    for (const target of targets) {
        const certId = target.outputs?.found ? target.outputs.certId : null;
        if (!certId) continue;
        const list = uses.get(certId) ?? [];
        list.push(target.hostname);
        uses.set(certId, list);
    }
    return uses;
}

/** How a certificate's use reads in a report: "app.example.com, api.example.com", "zone-level AOP on", "not used by the targets given". */
export function usageText(row: ScanCertificate, inventory: Pick<ZoneInventory, "zoneLevelEnabled"> | null): string {
    if (row.usedBy === null) return "";
    if (row.certificate.scope === "zone") {
        return inventory?.zoneLevelEnabled === true ? "the zone (zone-level AOP is on)" : "not used: zone-level AOP is off";
    }
    return row.usedBy.length > 0 ? row.usedBy.join(", ") : "not used by the targets given";
}

/** "hostname certificate 5ca7…" */
export function certificateName(certificate: Pick<InventoryCertificate, "scope" | "id">): string {
    return `${certificate.scope === "zone" ? "zone-level" : "hostname"} certificate ${certificate.id}`;
}

/** Why a certificate fails, in one line. */
export function certificateMessage(certificate: InventoryCertificate): string {
    return certificate.problems.length > 0 ? certificate.problems.join("; ") : "healthy";
}

/**
 * The advice that goes with expired certificates: Cloudflare keeps them until they are deleted
 * (https://developers.cloudflare.com/ssl/origin-configuration/authenticated-origin-pull/set-up/,
 * "Delete a certificate"), and an origin that checks them refuses Cloudflare meanwhile.
 */
export const EXPIRED_CERTIFICATE_ADVICE =
    "Cloudflare never removes expired client certificates: delete them (DELETE …/origin_tls_client_auth/hostnames/certificates/{id}, " +
    "or …/origin_tls_client_auth/{id} for a zone-level one), after moving any hostname that uses one to a new certificate.";

/** True when any certificate of the report (deciding or not) has expired. */
export function hasExpiredCertificate(report: Pick<ScanReport, "zones">): boolean {
    return scanCertificates(report).some((row) => row.certificate.problemCodes.includes("expired"));
}
