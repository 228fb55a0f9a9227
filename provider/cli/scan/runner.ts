/**
 * Reads every zone's inventory, then (with --targets-file) every target's association, and
 * decides how far one failure reaches, as `check` does (runner.ts):
 * - the run: a credential unusable everywhere, a rate-limit stop, an unreachable API. Nothing more
 *   is sent; the zones and targets left are reported as not checked;
 * - a zone: 10000 (the credential may not read this zone), a zone or route code (1001, 7003, …),
 *   or any other failure of one of its three reads. That zone stops, its error reported once; the
 *   other zones are read in full, and the zone's targets are not requested when the failure was
 *   about the zone itself (10000, 1001, 7003), since they would fail the same way;
 * - a target: anything else while reading a target's association.
 *
 * The first zone goes alone, so a refused credential costs one request; the others follow up to
 * `concurrency` at once. Each zone's setting is read before its two lists (inventory-reader.ts),
 * so a zone-wide failure costs one request per zone.
 */
import type { ZoneInventory } from "../../inventory";
import { NotCheckedError } from "../errors";
import type { ErrorSummary, TargetResult } from "../report";
import { checkTargets, errorResult, failureScope, summarizeError, type StatusReader } from "../runner";
import type { Target } from "../targets";
import { certificateUses, zoneCertificates, type ScanTarget, type ZoneScan } from "./report";

export interface ScanReader extends StatusReader {
    readZoneInventory(zoneId: string): Promise<ZoneInventory>;
}

export interface ScanRunOptions {
    concurrency: number;
    now: Date;
    /** The warning window and the rest, for the targets' own verdicts (check's rules). */
    targetSettings: { expiryWarningDays: number; requireEnabled: boolean; allowMissing: boolean };
    /** Called after each zone and each target, in completion order. */
    onProgress?: (event: { kind: "zone"; zone: ZoneScan } | { kind: "target"; result: TargetResult }) => void;
}

export interface ScanRun {
    zones: ZoneScan[];
    targets: ScanTarget[] | null;
    /** The error that stopped the run early, when zones or targets were left unread because of it. */
    stoppedBy: ErrorSummary | null;
    /** Zones whose own failure (not the run's) stopped them, in the order they failed. */
    zoneFailures: Array<{ zoneId: string; error: ErrorSummary; scope: "zone" | "target" }>;
}

function notChecked(message: string): ErrorSummary {
    return summarizeError(new NotCheckedError(message));
}

type ZoneOutcome = { ok: true; inventory: ZoneInventory } | { ok: false; error: unknown };

async function readOne(reader: ScanReader, zoneId: string): Promise<ZoneOutcome> {
    try {
        return { ok: true, inventory: await reader.readZoneInventory(zoneId) };
    } catch (error) {
        return { ok: false, error };
    }
}

export async function scanZones(
    zoneIds: readonly string[],
    targets: readonly Target[] | null,
    reader: ScanReader,
    options: ScanRunOptions,
): Promise<ScanRun> {
    const { outcomes, halt } = await readZonesConcurrently(zoneIds, reader, options);
    const zoneFailures: ScanRun["zoneFailures"] = [];
    const zoneErrors = new Map<string, { error: ErrorSummary; zoneScoped: boolean }>();
    let skippedAny = false;
    const partial = zoneIds.map((zoneId): { zoneId: string; inventory: ZoneInventory | null; error: ErrorSummary | null } => {
        const outcome = outcomes.get(zoneId);
        if (!outcome) {
            skippedAny = true;
            return {
                zoneId,
                inventory: null,
                error: notChecked(
                    `not checked: the run stopped after ${halt?.error.name ?? "an error"} for zone ${halt?.zoneId ?? "an earlier zone"}`,
                ),
            };
        }
        if (outcome.ok) return { zoneId, inventory: outcome.inventory, error: null };
        const error = summarizeError(outcome.error);
        const scope = failureScope(outcome.error);
        zoneErrors.set(zoneId, { error, zoneScoped: scope !== "target" });
        if (scope !== "run") zoneFailures.push({ zoneId, error, scope });
        return { zoneId, inventory: null, error };
    });

    let targetResults: TargetResult[] | null = null;
    let stoppedBy = halt?.error ?? null;
    if (targets !== null) {
        const read = await readTargets(targets, reader, options, zoneErrors, halt);
        targetResults = read.results;
        if (halt !== null && targetResults.some((result) => result.error?.name === "NotCheckedError")) skippedAny = true;
        if (read.stoppedBy !== null) {
            skippedAny = true;
            stoppedBy ??= read.stoppedBy;
        }
    }
    const uses = targetResults === null ? null : certificateUses(targetResults);
    const zones: ZoneScan[] = partial.map((zone) => ({
        ...zone,
        certificates: zone.inventory ? zoneCertificates(zone.inventory, uses) : [],
    }));
    const inventories = new Map(zones.map((zone) => [zone.zoneId, zone.inventory]));
    const scanTargets =
        targetResults?.map((result): ScanTarget => {
            const certificateId = result.outputs?.found ? result.outputs.certId : null;
            const inventory = inventories.get(result.zoneId);
            const listed = certificateId === null || !inventory ? null : inventory.certificates.some((c) => c.id === certificateId);
            return { result, certificateId, listed };
        }) ?? null;
    return { zones, targets: scanTargets, stoppedBy: skippedAny ? stoppedBy : null, zoneFailures };
}

/** The zones, the first alone and then up to `concurrency` at once, until a run-wide failure halts them. */
async function readZonesConcurrently(
    zoneIds: readonly string[],
    reader: ScanReader,
    options: ScanRunOptions,
): Promise<{ outcomes: Map<string, ZoneOutcome>; halt: { error: ErrorSummary; zoneId: string } | null }> {
    const outcomes = new Map<string, ZoneOutcome>();
    let halt: { error: ErrorSummary; zoneId: string } | null = null;
    let cursor = 0;
    const announced = reader.announceReads?.(zoneIds.length * 3);
    const record = (zoneId: string, outcome: ZoneOutcome): void => {
        outcomes.set(zoneId, outcome);
        if (!outcome.ok && halt === null && failureScope(outcome.error) === "run") {
            halt = { error: summarizeError(outcome.error), zoneId };
        }
        options.onProgress?.({
            kind: "zone",
            zone: outcome.ok
                ? { zoneId, inventory: outcome.inventory, error: null, certificates: [] }
                : { zoneId, inventory: null, error: summarizeError(outcome.error), certificates: [] },
        });
    };
    const next = async (): Promise<void> => {
        while (halt === null && cursor < zoneIds.length) {
            const zoneId = zoneIds[cursor++];
            record(zoneId, await readOne(reader, zoneId));
        }
    };
    try {
        if (cursor < zoneIds.length) {
            // The first zone alone: a refused credential then costs exactly one request.
            const first = zoneIds[cursor++];
            record(first, await readOne(reader, first));
        }
        await Promise.all(Array.from({ length: Math.max(1, options.concurrency) }, next));
    } finally {
        announced?.();
    }
    return { outcomes, halt };
}

/**
 * The targets' associations through `check`'s own reader, except those that cannot succeed: all
 * of them after a run-wide failure, and those of a zone that failed as a zone (10000, 1001, 7003).
 */
async function readTargets(
    targets: readonly Target[],
    reader: ScanReader,
    options: ScanRunOptions,
    zoneErrors: ReadonlyMap<string, { error: ErrorSummary; zoneScoped: boolean }>,
    halt: { error: ErrorSummary; zoneId: string } | null,
): Promise<{ results: TargetResult[]; stoppedBy: ErrorSummary | null }> {
    const results: Array<TargetResult | undefined> = targets.map((target) => {
        if (halt !== null) {
            return errorResult(target, notChecked(`not checked: the run stopped after ${halt.error.name} for zone ${halt.zoneId}`));
        }
        const zoneError = zoneErrors.get(target.zoneId);
        if (zoneError?.zoneScoped) {
            return errorResult(target, notChecked(`not requested: zone ${target.zoneId} failed with ${zoneError.error.name} (see above)`));
        }
        return undefined;
    });
    for (const result of results) if (result) options.onProgress?.({ kind: "target", result });
    const toRead = targets.filter((_, index) => results[index] === undefined);
    let stoppedBy: ErrorSummary | null = null;
    if (toRead.length > 0) {
        const run = await checkTargets(toRead, reader, {
            settings: options.targetSettings,
            concurrency: options.concurrency,
            now: options.now,
            onResult: (result) => options.onProgress?.({ kind: "target", result }),
        });
        let index = 0;
        for (let at = 0; at < results.length; at++) if (results[at] === undefined) results[at] = run.results[index++];
        stoppedBy = run.stoppedBy;
    }
    return { results: results as TargetResult[], stoppedBy };
}
