/**
 * Reads every target and judges it.
 *
 * A pool of `concurrency` workers feeds the client, whose process-wide limiter (one per
 * credential and base URL) paces the requests from Cloudflare's Ratelimit headers. The pool is
 * here rather than queueing all N reads on the limiter at once so the run can stop early: once
 * one read fails for a reason that every other read would share (the token is refused, the
 * budget is spent, the API is unreachable), sending the rest would only burn the token's shared
 * budget or extend Cloudflare's 300 s block.
 */
import type { StatusLookup } from "../client";
import { isAuthenticationError, isCloudflareError, isConnectionError, isCredentialsError, isRateLimitedError } from "../errors";
import { buildOutputs } from "../mapping";
import { checkInputs } from "../validation";
import { NotCheckedError } from "./errors";
import { judge, type CheckSettings, type ErrorSummary, type TargetResult } from "./report";
import type { Target } from "./targets";

/** What the runner needs from the client; CloudflareClient satisfies it. */
export interface StatusReader {
    getHostnameStatus(zoneId: string, hostname: string): Promise<StatusLookup>;
    /** Told how many reads are coming, so pacing can let a small fleet go at once; returns "done". */
    announceReads?(count: number): () => void;
}

export interface RunOptions {
    settings: CheckSettings;
    concurrency: number;
    /** One instant for every target, so "expires in 12 days" means the same thing on every row. */
    now: Date;
    clock?: () => number;
    /** Called after each target, in completion order. */
    onResult?: (result: TargetResult, done: number) => void;
}

export interface RunResult {
    /** In the order the targets were given. */
    results: TargetResult[];
    /** The error that stopped the run early, when targets were left unchecked because of it. */
    stoppedBy: ErrorSummary | null;
}

/** Failures that say nothing about the target and everything about the token or the network. */
export function stopsTheRun(error: unknown): boolean {
    return isAuthenticationError(error) || isCredentialsError(error) || isRateLimitedError(error) || isConnectionError(error);
}

/**
 * Name and message only. The provider's errors are built to be printable (no headers, no
 * config); anything else is a bug, and its message is all that is useful about it.
 */
export function summarizeError(error: unknown): ErrorSummary {
    if (isCloudflareError(error) || error instanceof Error) return { name: error.name, message: error.message };
    return { name: "Error", message: `unexpected ${typeof error} thrown while reading the hostname status` };
}

export function errorResult(target: Target, error: ErrorSummary, durationMs = 0): TargetResult {
    return {
        target: target.id,
        zoneId: target.zoneId,
        hostname: target.hostname,
        outcome: "error",
        healthy: false,
        problems: [],
        outputs: null,
        error,
        durationMs,
    };
}

async function checkOne(
    target: Target,
    reader: StatusReader,
    options: RunOptions,
    clock: () => number,
): Promise<{ result: TargetResult; fatal: boolean }> {
    const started = clock();
    try {
        const lookup = await reader.getHostnameStatus(target.zoneId, target.hostname);
        // checkInputs applies the resource's defaults and normalisation; the target was validated already.
        const { inputs } = checkInputs({
            zoneId: target.zoneId,
            hostname: target.hostname,
            allowMissing: options.settings.allowMissing,
            expiryWarningDays: options.settings.minDays,
        });
        // A 404 is a finding here, not a failure: the outputs say found: false, as the resource's do with allowMissing.
        const outputs = buildOutputs(inputs, lookup.found ? lookup.fields : null, options.now, {
            requireEnabled: options.settings.requireEnabled,
        });
        const verdict = judge(outputs);
        return {
            result: {
                target: target.id,
                zoneId: target.zoneId,
                hostname: target.hostname,
                ...verdict,
                error: null,
                durationMs: clock() - started,
            },
            fatal: false,
        };
    } catch (error) {
        return { result: errorResult(target, summarizeError(error), clock() - started), fatal: stopsTheRun(error) };
    }
}

export async function checkTargets(targets: readonly Target[], reader: StatusReader, options: RunOptions): Promise<RunResult> {
    const clock = options.clock ?? Date.now;
    const results: Array<TargetResult | undefined> = new Array(targets.length);
    let next = 0;
    let done = 0;
    // A holder rather than a `let`: the workers assign it, and TypeScript does not track assignments made in closures.
    const halt: { by: { error: ErrorSummary; target: string } | null } = { by: null };

    const worker = async (): Promise<void> => {
        while (halt.by === null && next < targets.length) {
            const index = next++;
            const { result, fatal } = await checkOne(targets[index], reader, options, clock);
            results[index] = result;
            if (fatal && halt.by === null && result.error) halt.by = { error: result.error, target: result.target };
            options.onResult?.(result, ++done);
        }
    };
    const workers = Math.max(1, Math.min(options.concurrency, targets.length));
    const announced = reader.announceReads?.(targets.length);
    try {
        await Promise.all(Array.from({ length: workers }, worker));
    } finally {
        announced?.();
    }

    const stoppedBy = halt.by;
    let skippedAny = false;
    const filled = targets.map((target, index) => {
        const result = results[index];
        if (result) return result;
        skippedAny = true;
        const skipped = new NotCheckedError(
            `not checked: the run stopped after ${stoppedBy?.error.name ?? "an error"} for ${stoppedBy?.target ?? "an earlier target"}`,
        );
        const notChecked = errorResult(target, summarizeError(skipped));
        options.onResult?.(notChecked, ++done);
        return notChecked;
    });
    return { results: filled, stoppedBy: skippedAny ? (stoppedBy?.error ?? null) : null };
}
