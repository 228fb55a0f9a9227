/**
 * The result of a check run as plain data: what the formats render and the exit code is
 * computed from. Nothing here knows about HTTP, commander or terminals.
 */
import type { StatusOutputs } from "../types";

/** Every target ends in exactly one of these, so the summary counts always add up to the total. */
export type TargetOutcome = "healthy" | "unhealthy" | "missing" | "error";

/** An error as it is shown: its typed name and message, never a stack or the object itself. */
export interface ErrorSummary {
    name: string;
    message: string;
}

export interface TargetResult {
    /** `ZONE_ID/HOSTNAME`. */
    target: string;
    zoneId: string;
    hostname: string;
    outcome: TargetOutcome;
    healthy: boolean;
    problems: string[];
    /** The resource's outputs for this target; null when the read failed. */
    outputs: StatusOutputs | null;
    error: ErrorSummary | null;
    /** Time from the first request for this target to its answer, retries and pacing included. */
    durationMs: number;
}

/** The health settings of a run; they decide the verdict, so every report repeats them. */
export interface CheckSettings {
    /** `--expiry-warning-days` (alias `--min-days`): a certificate expiring in fewer days is unhealthy, as the resource's expiryWarningDays. */
    expiryWarningDays: number;
    /** `--require-enabled` (default): a disabled or voided association is unhealthy. */
    requireEnabled: boolean;
    /** `--allow-missing`: a hostname without an association is reported but does not fail the run. */
    allowMissing: boolean;
}

export interface CheckReport {
    generatedAt: Date;
    durationMs: number;
    /**
     * The API base URL the run read from, as `publicBaseUrl` shows it (no user name, password,
     * query or fragment). Absent when the run never got as far as resolving one.
     */
    baseUrl?: string;
    settings: CheckSettings;
    results: TargetResult[];
}

export interface Summary {
    total: number;
    healthy: number;
    unhealthy: number;
    missing: number;
    errors: number;
}

export function summarize(results: readonly TargetResult[]): Summary {
    const summary: Summary = { total: results.length, healthy: 0, unhealthy: 0, missing: 0, errors: 0 };
    for (const result of results) {
        if (result.outcome === "healthy") summary.healthy++;
        else if (result.outcome === "unhealthy") summary.unhealthy++;
        else if (result.outcome === "missing") summary.missing++;
        else summary.errors++;
    }
    return summary;
}

/** The codes of a target's problems, index by index with `problems`; none for a target in error. */
export function problemCodesOf(result: Pick<TargetResult, "outputs">): string[] {
    return result.outputs ? [...result.outputs.problemCodes] : [];
}

/**
 * The verdict for one target's outputs. The outputs already carry it: they were built by the
 * provider's own mapping with `expiryWarningDays` from --expiry-warning-days and `requireEnabled` from
 * --[no-]require-enabled, so the rules are literally the resource's code. This only sorts the
 * target into one of the outcomes.
 */
export function judge(outputs: StatusOutputs): Pick<TargetResult, "outcome" | "healthy" | "problems" | "outputs"> {
    const outcome: TargetOutcome = !outputs.found ? "missing" : outputs.healthy ? "healthy" : "unhealthy";
    return { outcome, healthy: outputs.healthy, problems: [...outputs.problems], outputs };
}
