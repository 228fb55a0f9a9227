/**
 * What in a scan needs someone's attention, worst first: the one ranking behind the GitHub
 * annotations and the job summary (GitHub shows 10 error annotations, and a summary is read from
 * the top). Decided from the data (error, completeness, problem codes, days left), never by
 * reading messages back.
 *
 * Worst first:
 * 1. a zone that could not be read: nothing about it can be trusted;
 * 2. a zone whose inventory is incomplete;
 * 3. a target whose association could not be read (the ones skipped after it next);
 * 4. a deciding certificate that has expired: origins that check it refuse Cloudflare now;
 * 5. any other finding on a deciding certificate (a status other than active, a bad PEM);
 * 6. a deciding certificate expiring within --expiry-warning-days.
 * Then, as warnings that fail nothing: unhealthy certificates the targets given do not use.
 * Within a rank the certificate closest to (or longest past) its expiry comes first, then the
 * order of the report.
 */
import type { ErrorSummary } from "../report";
import { certificateMessage, certificateName, type ScanCertificate, type ScanReport } from "./report";

export type ScanAttentionLevel = "error" | "warning";

export interface ScanAttentionItem {
    level: ScanAttentionLevel;
    /** 1 is the worst. */
    rank: number;
    zoneId: string;
    /** What it is about, e.g. "hostname certificate 5ca7…", "zone 0a0b…", "expired.example.com". */
    subject: string;
    /** A short verdict: "error", "incomplete", "not checked", "unhealthy", "unhealthy, not used". */
    label: string;
    /** What is wrong, in one line. */
    message: string;
    /** The certificate, when the item is about one. */
    certificate: ScanCertificate | null;
}

export const SCAN_RANK = {
    zoneFailed: 1,
    incomplete: 2,
    targetFailed: 3,
    targetNotChecked: 4,
    expired: 5,
    otherFinding: 6,
    expiring: 7,
    notUsed: 8,
} as const;

const describe = (error: ErrorSummary): string => `${error.name}: ${error.message}`;

function certificateRank(row: ScanCertificate): number {
    const codes = row.certificate.problemCodes;
    if (!row.decides) return SCAN_RANK.notUsed;
    if (codes.includes("expired")) return SCAN_RANK.expired;
    return codes.every((code) => code === "expiring") ? SCAN_RANK.expiring : SCAN_RANK.otherFinding;
}

function daysLeft(item: ScanAttentionItem): number {
    const days = item.certificate?.certificate.daysUntilExpiry;
    return typeof days === "number" ? days : Number.POSITIVE_INFINITY;
}

/** Everything that needs attention, worst first (stable: ties keep the report's order). */
export function scanAttention(report: ScanReport): ScanAttentionItem[] {
    const items: ScanAttentionItem[] = [];
    for (const zone of report.zones) {
        if (zone.error) {
            items.push({
                level: "error",
                rank: SCAN_RANK.zoneFailed,
                zoneId: zone.zoneId,
                subject: `zone ${zone.zoneId}`,
                label: zone.error.name === "NotCheckedError" ? "not checked" : "error",
                message: describe(zone.error),
                certificate: null,
            });
        }
        for (const list of zone.inventory?.lists ?? []) {
            if (list.complete || list.message === null) continue;
            items.push({
                level: "error",
                rank: SCAN_RANK.incomplete,
                zoneId: zone.zoneId,
                subject: `zone ${zone.zoneId}`,
                label: "incomplete",
                message: `inventory incomplete: ${list.message}`,
                certificate: null,
            });
        }
        for (const row of zone.certificates) {
            if (row.certificate.healthy) continue;
            const rank = certificateRank(row);
            items.push({
                level: rank === SCAN_RANK.notUsed ? "warning" : "error",
                rank,
                zoneId: zone.zoneId,
                subject: certificateName(row.certificate),
                label: rank === SCAN_RANK.notUsed ? "unhealthy, not used" : "unhealthy",
                message: certificateMessage(row.certificate),
                certificate: row,
            });
        }
    }
    for (const target of report.targets ?? []) {
        const { error } = target.result;
        if (!error) continue;
        const notChecked = error.name === "NotCheckedError";
        items.push({
            level: "error",
            rank: notChecked ? SCAN_RANK.targetNotChecked : SCAN_RANK.targetFailed,
            zoneId: target.result.zoneId,
            subject: target.result.hostname,
            label: notChecked ? "not checked" : "error",
            message: describe(error),
            certificate: null,
        });
    }
    return items
        .map((item, index) => ({ item, index }))
        .sort((a, b) => a.item.rank - b.item.rank || daysLeft(a.item) - daysLeft(b.item) || a.index - b.index)
        .map(({ item }) => item);
}
