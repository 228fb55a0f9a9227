// The emulator's control surface, shared by the programmatic API
// (`running.control`) and the admin HTTP API.

import type { CredentialRegistry } from "./auth";
import { EmulatorOptionsError, SeedValidationError } from "./errors";
import type { FaultQueue } from "./faults";
import type { RateLimiter } from "./rate-limit";
import type { MemoryRequestLog } from "./request-log";
import type { ZoneStore } from "./state";
import type {
    ConsumeQuotaRequest,
    CredentialRef,
    EmulatorControl,
    FaultSpec,
    HostnamePatch,
    HostnameRecord,
    PendingFault,
    RateLimitState,
    SeedDocument,
} from "./types";

export interface ControlParts {
    store: ZoneStore;
    credentials: CredentialRegistry;
    limiter: RateLimiter;
    faults: FaultQueue;
    log: MemoryRequestLog;
    /** The seed loaded at start; reset() goes back to it. */
    seed: SeedDocument;
    initialLatencyMs: number;
}

export function validateLatency(ms: unknown): number {
    if (typeof ms !== "number" || !Number.isFinite(ms) || ms < 0)
        throw new EmulatorOptionsError("latency must be a number of milliseconds >= 0");
    return ms;
}

export class Control implements EmulatorControl {
    private latency: number;

    constructor(private readonly parts: ControlParts) {
        this.latency = parts.initialLatencyMs;
    }

    latencyMs(): number {
        return this.latency;
    }

    injectFault(spec: FaultSpec): void {
        this.parts.faults.add(spec);
    }

    clearFaults(): void {
        this.parts.faults.clear();
    }

    pendingFaults(): PendingFault[] {
        return this.parts.faults.pending();
    }

    setLatency(ms: number): void {
        this.latency = validateLatency(ms);
    }

    /** Spends budget exactly as `count` requests with that credential would, block included. */
    consumeQuota(request: ConsumeQuotaRequest): RateLimitState {
        const count = request.count;
        if (!Number.isInteger(count) || count < 0) throw new EmulatorOptionsError("consumeQuota count must be an integer >= 0");
        const label = this.parts.credentials.labelFor(request.credential);
        for (let i = 0; i < count; i += 1) this.parts.limiter.hit(label);
        return this.parts.limiter.state(label);
    }

    /** Same as consumeQuota, for callers (the admin API) that name credentials by label. */
    consumeQuotaByLabel(label: string, count: number): RateLimitState {
        if (!Number.isInteger(count) || count < 0) throw new EmulatorOptionsError("consumeQuota count must be an integer >= 0");
        for (let i = 0; i < count; i += 1) this.parts.limiter.hit(label);
        return this.parts.limiter.state(label);
    }

    setHostname(zoneId: string, record: HostnamePatch & { hostname: string }): HostnameRecord {
        if (typeof record !== "object" || record === null || typeof record.hostname !== "string") {
            throw new SeedValidationError(["record.hostname is required"], "hostname patch");
        }
        return this.parts.store.setHostname(zoneId, record);
    }

    deleteHostname(zoneId: string, hostname: string): boolean {
        return this.parts.store.deleteHostname(zoneId, hostname);
    }

    snapshot(): SeedDocument {
        return this.parts.store.snapshot();
    }

    /** Seed data, rate-limit budgets, faults, latency and the log go back to how they were at start. */
    reset(): void {
        this.parts.store.load(this.parts.seed);
        this.parts.limiter.reset();
        this.parts.faults.clear();
        this.parts.log.reset();
        this.latency = this.parts.initialLatencyMs;
    }

    rateLimitState(credential?: CredentialRef): RateLimitState {
        return this.parts.limiter.state(this.parts.credentials.labelFor(credential));
    }

    rateLimitStateByLabel(label: string): RateLimitState {
        return this.parts.limiter.state(label);
    }
}
