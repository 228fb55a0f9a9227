/**
 * Exit codes, chosen so a pipeline can tell "the fleet is unhealthy" (a finding, 1) from
 * "the check itself could not run" (an outage or a broken secret, 3): the first wants a
 * ticket for the zone owner, the second wants whoever owns the pipeline.
 */
import { isCredentialsError } from "../errors";
import { errorProperty } from "../guards";
import { isUsageError } from "./errors";

export const ExitCode = {
    /** Every target is healthy (or missing with --allow-missing). */
    Healthy: 0,
    /** At least one target is unhealthy, or missing without --allow-missing. */
    Unhealthy: 1,
    /** The command line or its inputs are wrong (bad target, bad flag, unreadable file); nothing was checked. */
    Usage: 2,
    /** An API or credential failure kept at least one target from being checked. Wins over 1. */
    Failure: 3,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

export interface OutcomeCounts {
    unhealthy: number;
    missing: number;
    errors: number;
}

/**
 * 3 wins over 1: a run in which some targets could not be read says nothing reliable about the
 * fleet, so "unhealthy" would understate the problem and "healthy" would be a lie.
 */
export function exitCodeFor(counts: OutcomeCounts, allowMissing: boolean): ExitCode {
    if (counts.errors > 0) return ExitCode.Failure;
    if (counts.unhealthy > 0) return ExitCode.Unhealthy;
    if (counts.missing > 0 && !allowMissing) return ExitCode.Unhealthy;
    return ExitCode.Healthy;
}

/** For an error that ended the command: input and settings mistakes are 2, anything else is 3. */
export function exitCodeForError(error: unknown): ExitCode {
    if (isUsageError(error)) return ExitCode.Usage;
    if (isCredentialsError(error)) return ExitCode.Failure;
    const name = errorProperty(error, "name");
    // A bad --base-url, CLOUDFLARE_BASE_URL or AOP_STATUS_* value: fixable by the caller, like a bad flag.
    if (name === "ConfigurationError" || name === "InputValidationError") return ExitCode.Usage;
    // API errors, and anything unexpected: either way the check did not run.
    return ExitCode.Failure;
}
