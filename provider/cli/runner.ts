/**
 * Reads every target and judges it, and decides how far one failure reaches.
 *
 * A failure has a scope:
 * - the run: a credential unusable everywhere (any 401, 9106, 6003, 9109, 9103, a 403 we cannot
 *   place, no credentials at all), a rate-limit stop, or an unreachable API. Every other request
 *   would fail the same way and only burn the token's shared budget (or extend Cloudflare's 300 s
 *   block), so nothing more is sent and the rest is reported as not checked;
 * - a zone: 10000 (the credential may not read this zone), a zone code (1001, 1003, …) or a route
 *   code (7000, 7003). Only that zone stops; the other zones are read and judged in full;
 * - the target: anything else.
 *
 * So that a run-wide or zone-wide failure costs one request, not one per target, the run's very
 * first target goes alone, and each zone's first target goes alone too, its zone's other targets
 * held until it answers (other zones proceed meanwhile). A wrong base path therefore costs one
 * request per zone. After that, up to `concurrency` reads are in flight, and the client's
 * process-wide limiter (one per credential and base URL) paces them from Cloudflare's
 * Ratelimit headers.
 */
import type { StatusLookup } from "../client";
import {
    cloudflareCodes,
    isAuthenticationError,
    isCloudflareError,
    isConnectionError,
    isCredentialsError,
    isRateLimitedError,
    isZoneOrRouteError,
} from "../errors";
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

/** A zone that stopped after a zone-scoped failure: its error, once, and how many of its targets were not requested. */
export interface ZoneFailure {
    zoneId: string;
    /** The target whose answer stopped the zone. */
    target: string;
    error: ErrorSummary;
    notRequested: number;
}

export interface RunResult {
    /** In the order the targets were given. */
    results: TargetResult[];
    /** The error that stopped the run early, when targets were left unchecked because of it. */
    stoppedBy: ErrorSummary | null;
    /** Zones stopped by a zone-scoped failure, in the order they failed. */
    zoneFailures: ZoneFailure[];
}

export type FailureScope = "run" | "zone" | "target";

/** How far a failure reaches; see the module comment. Checks names, not classes: errors may come from another module copy. */
export function failureScope(error: unknown): FailureScope {
    if (isZoneOrRouteError(error)) return "zone";
    if (isAuthenticationError(error)) return (error as { reason?: unknown }).reason === "permission-denied" ? "zone" : "run";
    if (isCredentialsError(error) || isRateLimitedError(error) || isConnectionError(error)) return "run";
    return "target";
}

/** Failures that say nothing about the target and everything about the token or the network. */
export function stopsTheRun(error: unknown): boolean {
    return failureScope(error) === "run";
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
): Promise<{ result: TargetResult; error?: unknown }> {
    const started = clock();
    try {
        const lookup = await reader.getHostnameStatus(target.zoneId, target.hostname);
        // checkInputs applies the resource's defaults and normalisation; the target was validated already.
        const { inputs } = checkInputs({
            zoneId: target.zoneId,
            hostname: target.hostname,
            allowMissing: options.settings.allowMissing,
            expiryWarningDays: options.settings.expiryWarningDays,
        });
        // A 404 is a finding here, not a failure: the outputs say found: false, as the resource's do with allowMissing.
        const outputs = buildOutputs(
            inputs,
            lookup.found ? lookup.fields : null,
            options.now,
            { requireEnabled: options.settings.requireEnabled },
            lookup.found ? [] : cloudflareCodes(lookup.error.errors),
        );
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
        };
    } catch (error) {
        return { result: errorResult(target, summarizeError(error), clock() - started), error };
    }
}

interface ZoneState {
    /** `probing`: its first target is in flight and the others wait; `open`: go; `failed`: send nothing more. */
    state: "probing" | "open" | "failed";
    held: number[];
    failure?: ZoneFailure;
}

/** The same words for every target a zone's failure kept back, so the table can say "same as above". */
function zoneSkipped(target: Target, failure: ZoneFailure): TargetResult {
    const error = new NotCheckedError(`not requested: zone ${failure.zoneId} failed with ${failure.error.name} (see above)`);
    return errorResult(target, summarizeError(error));
}

export function checkTargets(targets: readonly Target[], reader: StatusReader, options: RunOptions): Promise<RunResult> {
    const clock = options.clock ?? Date.now;
    const results = new Array<TargetResult | undefined>(targets.length);
    const zones = new Map<string, ZoneState>();
    const zoneFailures: ZoneFailure[] = [];
    /** Targets released by their zone's first answer, sent before the cursor moves on. */
    const ready: number[] = [];
    let cursor = 0;
    let inFlight = 0;
    let answered = false;
    let done = 0;
    let halt: { error: ErrorSummary; target: string } | null = null;
    const concurrency = Math.max(1, options.concurrency);

    const finish = (index: number, result: TargetResult): void => {
        results[index] = result;
        options.onResult?.(result, ++done);
    };
    // Tells the limiter how many reads are coming, so a fleet that fits the budget goes at full concurrency.
    const announced = reader.announceReads?.(targets.length);

    /** The next target to send, or undefined when every remaining one waits on its zone's first answer. */
    const nextIndex = (): number | undefined => {
        if (ready.length > 0) return ready.shift();
        while (cursor < targets.length) {
            const index = cursor++;
            const zoneId = targets[index].zoneId;
            const zone = zones.get(zoneId);
            if (zone === undefined) {
                zones.set(zoneId, { state: "probing", held: [] });
                return index;
            }
            if (zone.state === "open") return index;
            if (zone.state === "probing") zone.held.push(index);
            else if (zone.failure) finish(index, zoneSkipped(targets[index], zone.failure));
        }
        return undefined;
    };

    return new Promise<RunResult>((resolve) => {
        const complete = (): void => {
            announced?.();
            const stoppedBy = halt;
            let skippedAny = false;
            const filled = targets.map((target, index) => {
                const result = results[index];
                if (result) return result;
                const failure = zones.get(target.zoneId)?.failure;
                if (failure) {
                    const skipped = zoneSkipped(target, failure);
                    options.onResult?.(skipped, ++done);
                    return skipped;
                }
                skippedAny = true;
                const notChecked = errorResult(
                    target,
                    summarizeError(
                        new NotCheckedError(
                            `not checked: the run stopped after ${stoppedBy?.error.name ?? "an error"} for ${stoppedBy?.target ?? "an earlier target"}`,
                        ),
                    ),
                );
                options.onResult?.(notChecked, ++done);
                return notChecked;
            });
            resolve({ results: filled, stoppedBy: skippedAny ? (stoppedBy?.error ?? null) : null, zoneFailures });
        };

        const settle = (index: number, outcome: { result: TargetResult; error?: unknown }): void => {
            inFlight--;
            answered = true;
            const target = targets[index];
            const zone = zones.get(target.zoneId) as ZoneState;
            const scope = outcome.error === undefined ? null : failureScope(outcome.error);
            finish(index, outcome.result);
            if (scope === "run" && halt === null && outcome.result.error)
                halt = { error: outcome.result.error, target: outcome.result.target };
            if (scope === "zone" && zone.state !== "failed" && outcome.result.error) {
                const failure: ZoneFailure = { zoneId: target.zoneId, target: target.id, error: outcome.result.error, notRequested: 0 };
                zone.state = "failed";
                zone.failure = failure;
                zoneFailures.push(failure);
                for (const held of zone.held) finish(held, zoneSkipped(targets[held], failure));
                zone.held = [];
            } else if (zone.state === "probing") {
                zone.state = "open";
                ready.push(...zone.held);
                zone.held = [];
            }
            pump();
        };

        const pump = (): void => {
            // Before the first answer, one request alone: a refused credential then costs exactly one.
            while (halt === null && inFlight < (answered ? concurrency : 1)) {
                const index = nextIndex();
                if (index === undefined) break;
                inFlight++;
                void checkOne(targets[index], reader, options, clock).then((outcome) => settle(index, outcome));
            }
            if (inFlight === 0) complete();
        };

        pump();
    }).then((run) => {
        for (const failure of run.zoneFailures) {
            failure.notRequested = run.results.filter(
                (result) => result.zoneId === failure.zoneId && result.error?.name === "NotCheckedError",
            ).length;
        }
        return run;
    });
}
