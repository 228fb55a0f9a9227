// The emulator's control surface, shared by the programmatic API
// (`running.control`) and the admin HTTP API.

import type { CredentialDirectory, Principal } from "./auth";
import { EmulatorOptionsError, SeedValidationError } from "./errors";
import type { FaultQueue } from "./faults";
import type { ClientIpLimiter, RateLimiter } from "./rate-limit";
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

/** How a caller names a credential: by its secret, by label ("token#1", "key#1"), or by user ("user#1" or the user's id). */
export type CredentialSelector = CredentialRef | { user: string } | string;

export interface ControlParts {
    store: ZoneStore;
    credentials: CredentialDirectory;
    limiter: RateLimiter;
    clientIpLimiter?: ClientIpLimiter;
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

    /**
     * Spends budget exactly as `count` requests with that credential would, block included: the
     * whole user's budget, which its key and tokens share.
     */
    consumeQuota(request: ConsumeQuotaRequest): RateLimitState {
        return this.consume(request.user !== undefined ? { user: request.user } : request.credential, request.count);
    }

    /** consumeQuota for callers (the admin API) that may name the credential by label or user. */
    consume(selector: CredentialSelector | undefined, count: unknown): RateLimitState {
        if (typeof count !== "number" || !Number.isInteger(count) || count < 0) {
            throw new EmulatorOptionsError("consumeQuota count must be an integer >= 0");
        }
        const principal = this.parts.credentials.principalFor(selector);
        for (let i = 0; i < count; i += 1) this.parts.limiter.hit(principal.budget);
        return this.stateOf(principal);
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
        this.parts.clientIpLimiter?.reset();
        this.parts.faults.clear();
        this.parts.log.reset();
        this.latency = this.parts.initialLatencyMs;
    }

    rateLimitState(credential?: CredentialSelector): RateLimitState {
        return this.stateOf(this.parts.credentials.principalFor(credential));
    }

    private stateOf(principal: Principal): RateLimitState {
        return this.parts.limiter.state(principal.budget, principal.label);
    }
}
