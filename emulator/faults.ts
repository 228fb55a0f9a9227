// Faults on demand: a FIFO queue of specs, each hitting the next `count`
// matching API requests. Only the first matching fault applies to a request.

import { FaultSpecError } from "./errors";
import type { FaultKind, FaultMatch, FaultSpec, PendingFault, RouteName } from "./types";

const KINDS: readonly FaultKind[] = [
    "status",
    "bare-errors",
    "time-out",
    "html",
    "invalid-json",
    "success-false",
    "result-null",
    "drop",
    "hang",
    "latency",
    "mutate",
];

const OMITTABLE = ["messages", "result"];

interface QueuedFault {
    spec: FaultSpec;
    remaining: number;
}

/** What a request offers for matching. */
export interface FaultTarget {
    zoneId?: string;
    hostname?: string;
    route?: RouteName;
}

export class FaultQueue {
    private queue: QueuedFault[] = [];

    add(input: FaultSpec): void {
        const spec = parseFaultSpec(input);
        this.queue.push({ spec, remaining: countOf(spec) });
    }

    /** Removes one use of the first fault matching `target` and returns it. */
    take(target: FaultTarget): FaultSpec | undefined {
        const index = this.queue.findIndex(
            // A time-out fault acts on what a PUT starts, so only a PUT can use it up.
            (fault) => matches(fault.spec.match, target) && (fault.spec.kind !== "time-out" || target.route === "hostnames-put"),
        );
        if (index < 0) return undefined;
        const fault = this.queue[index];
        fault.remaining -= 1;
        if (fault.remaining <= 0) this.queue.splice(index, 1);
        return fault.spec;
    }

    pending(): PendingFault[] {
        return this.queue.map((fault) => ({
            spec: structuredClone(fault.spec),
            remaining: fault.remaining === Infinity ? "always" : fault.remaining,
        }));
    }

    clear(): void {
        this.queue = [];
    }
}

function matches(match: FaultMatch | undefined, target: FaultTarget): boolean {
    if (match === undefined) return true;
    if (match.zoneId !== undefined && match.zoneId !== target.zoneId) return false;
    if (match.hostname !== undefined && match.hostname !== target.hostname) return false;
    return true;
}

function countOf(spec: FaultSpec): number {
    if (spec.count === undefined) return 1;
    return spec.count === "always" ? Infinity : spec.count;
}

function isRecord(value: unknown): value is Record<string, unknown> {
    return typeof value === "object" && value !== null && !Array.isArray(value);
}

function optionalInteger(spec: Record<string, unknown>, field: string, min: number, max: number): void {
    const value = spec[field];
    if (value === undefined) return;
    if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
        throw new FaultSpecError(`${field} must be an integer from ${min} to ${max}`);
    }
}

function optionalString(spec: Record<string, unknown>, field: string): void {
    if (spec[field] !== undefined && typeof spec[field] !== "string") throw new FaultSpecError(`${field} must be a string`);
}

function optionalOmit(spec: Record<string, unknown>): void {
    const omit = spec.omit;
    if (omit === undefined) return;
    if (!Array.isArray(omit) || omit.length === 0 || omit.some((key) => typeof key !== "string" || !OMITTABLE.includes(key))) {
        throw new FaultSpecError('omit must be a non-empty array of "messages" and/or "result"');
    }
}

/**
 * Validates a fault from code or from admin JSON and returns a private copy.
 * `count` may be a positive integer, `Infinity` or "always".
 */
export function parseFaultSpec(input: unknown): FaultSpec {
    if (!isRecord(input)) throw new FaultSpecError("a fault must be an object with a `kind`");
    const kind = input.kind;
    if (typeof kind !== "string" || !(KINDS as readonly string[]).includes(kind)) {
        throw new FaultSpecError(`kind must be one of ${KINDS.join(", ")}`);
    }
    const count = input.count;
    if (
        count !== undefined &&
        count !== "always" &&
        count !== Infinity &&
        !(typeof count === "number" && Number.isInteger(count) && count >= 1)
    ) {
        throw new FaultSpecError('count must be a positive integer, Infinity or "always"');
    }
    if (input.match !== undefined) {
        if (!isRecord(input.match)) throw new FaultSpecError("match must be an object");
        for (const [field, value] of Object.entries(input.match)) {
            if (field !== "hostname" && field !== "zoneId")
                throw new FaultSpecError(`match.${field} is not supported (use hostname, zoneId)`);
            if (value !== undefined && typeof value !== "string") throw new FaultSpecError(`match.${field} must be a string`);
        }
    }
    switch (kind as FaultKind) {
        case "status":
            if (input.status === undefined) throw new FaultSpecError("a status fault needs `status`");
            optionalInteger(input, "status", 100, 599);
            optionalInteger(input, "errorCode", 0, Number.MAX_SAFE_INTEGER);
            optionalString(input, "message");
            optionalInteger(input, "retryAfterSeconds", 0, Number.MAX_SAFE_INTEGER);
            optionalOmit(input);
            break;
        case "bare-errors":
            optionalOmit(input);
            break;
        case "time-out":
            if (isRecord(input.match) && input.match.hostname !== undefined) {
                throw new FaultSpecError(
                    "a time-out fault matches PUT requests, which name no hostname in their path: use match.zoneId, " +
                        "or flag one hostname with the seed's emulator.timeOut",
                );
            }
            break;
        case "html":
            optionalInteger(input, "status", 100, 599);
            break;
        case "success-false":
            optionalInteger(input, "errorCode", 0, Number.MAX_SAFE_INTEGER);
            optionalString(input, "message");
            break;
        case "latency":
            if (input.ms === undefined) throw new FaultSpecError("a latency fault needs `ms`");
            optionalInteger(input, "ms", 0, 3_600_000);
            break;
        case "mutate":
            if (!isRecord(input.result)) throw new FaultSpecError("a mutate fault needs `result` (an object)");
            break;
        case "invalid-json":
        case "result-null":
        case "drop":
        case "hang":
            break;
    }
    // structuredClone drops nothing we keep, and Infinity survives it.
    return structuredClone(input) as unknown as FaultSpec;
}
