/**
 * Which targets of a check need someone's attention, worst first. GitHub shows only the first 10
 * error annotations of a step and a long summary table is read from the top, so the order decides
 * what people see. Both the annotations and the step summary use this one ranking.
 *
 * Worst first:
 * 1. the check could not run for it (API or credential error): until that is fixed nothing else
 *    in the report can be trusted; the targets skipped after it (NotCheckedError) come right after;
 * 2. an expired certificate: the origin is refusing Cloudflare's requests right now;
 * 3. a disabled or voided association (when enabled is required): the origin accepts any client;
 * 4. no association at all (404) without --allow-missing;
 * 5. any other finding: a status or certificate status other than active, a certificate that is
 *    missing, unreadable or not yet valid;
 * 6. a certificate expiring within --expiry-warning-days.
 * Within a rank the certificate closest to (or longest past) its expiry comes first, then the
 * order the targets were given in. A hostname missing with --allow-missing needs attention too,
 * but fails nothing: it comes last, as a warning rather than an error.
 *
 * Everything is decided from the outputs as data (found, enabled, status, daysUntilExpiry), never
 * by reading the problem messages back.
 */
import type { CheckReport, TargetResult } from "./report";

export type AttentionLevel = "error" | "warning";

export interface AttentionItem {
    result: TargetResult;
    level: AttentionLevel;
    /** 1 is the worst; see the module comment. */
    rank: number;
}

export const RANK = {
    failed: 1,
    notChecked: 2,
    expired: 3,
    notEnabled: 4,
    missing: 5,
    otherFinding: 6,
    expiring: 7,
    missingAllowed: 8,
} as const;

function rankOf(result: TargetResult, report: CheckReport): number | null {
    if (result.outcome === "healthy") return null;
    if (result.outcome === "error") return result.error?.name === "NotCheckedError" ? RANK.notChecked : RANK.failed;
    if (result.outcome === "missing") return report.settings.allowMissing ? RANK.missingAllowed : RANK.missing;
    const outputs = result.outputs;
    const days = outputs?.daysUntilExpiry;
    if (typeof days === "number" && days < 0) return RANK.expired;
    if (report.settings.requireEnabled && outputs?.enabled !== true) return RANK.notEnabled;
    const onlyExpiring =
        outputs !== null &&
        outputs.status === "active" &&
        outputs.certStatus === "active" &&
        typeof days === "number" &&
        days < report.settings.expiryWarningDays &&
        result.problems.length === 1;
    return onlyExpiring ? RANK.expiring : RANK.otherFinding;
}

/** Days left for ordering within a rank; unknown sorts after every known value. */
function daysLeft(result: TargetResult): number {
    const days = result.outputs?.daysUntilExpiry;
    return typeof days === "number" ? days : Number.POSITIVE_INFINITY;
}

/** Every target that is not healthy, worst first (a stable order: ties keep the order given). */
export function needingAttention(report: CheckReport): AttentionItem[] {
    const items: Array<AttentionItem & { index: number }> = [];
    report.results.forEach((result, index) => {
        const rank = rankOf(result, report);
        if (rank === null) return;
        items.push({ result, rank, level: rank === RANK.missingAllowed ? "warning" : "error", index });
    });
    items.sort((a, b) => a.rank - b.rank || daysLeft(a.result) - daysLeft(b.result) || a.index - b.index);
    return items.map(({ result, rank, level }) => ({ result, rank, level }));
}

/** What went wrong with a target, in one line: its problems, or its error. */
export function attentionMessage(result: TargetResult): string {
    if (result.error) return `${result.error.name}: ${result.error.message}`;
    return result.problems.length > 0 ? result.problems.join("; ") : result.outcome;
}
