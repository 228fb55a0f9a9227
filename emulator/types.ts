// Public data shapes of the emulator. Records use the API's snake_case field
// names so a seed file reads exactly like the JSON Cloudflare returns.

/** The seven values both status enums of the spec allow. */
export const AOP_STATUSES = [
    "initializing",
    "pending_deployment",
    "pending_deletion",
    "active",
    "deleted",
    "deployment_timed_out",
    "deletion_timed_out",
] as const;
export type AopStatus = (typeof AOP_STATUSES)[number];

/** One per-hostname association, shaped like the spec's `hostname_certid_object`. */
export interface HostnameRecord {
    hostname: string;
    cert_id?: string;
    cert_status?: AopStatus;
    cert_updated_at?: string;
    cert_uploaded_on?: string;
    certificate?: string;
    created_at?: string;
    /** `null` means the association was voided (PUT with `enabled: null`). */
    enabled?: boolean | null;
    expires_on?: string;
    issuer?: string;
    serial_number?: string;
    signature?: string;
    status?: AopStatus;
    updated_at?: string;
}

/**
 * A change to a hostname record. Absent fields keep their value; `null` removes
 * the field, except for `enabled`, where `null` is a real API value.
 */
export type HostnamePatch = {
    [K in keyof HostnameRecord]?: HostnameRecord[K] | null;
};

/** A hostname client certificate, shaped like the spec's `schemas-certificateObject`. */
export interface CertificateRecord {
    id: string;
    certificate?: string;
    expires_on?: string;
    issuer?: string;
    serial_number?: string;
    signature?: string;
    status?: AopStatus;
    uploaded_on?: string;
}

export interface ZoneSeed {
    hostnames?: HostnameRecord[];
    certificates?: CertificateRecord[];
}

/** The data file format (`--data FILE`, `seedFile`, `seed`). Keys are 32-hex zone ids. */
export interface SeedDocument {
    zones: { [zoneId: string]: ZoneSeed };
}

export interface ApiKeyCredential {
    email: string;
    key: string;
}

export interface EmulatorCredentials {
    tokens: string[];
    keys: ApiKeyCredential[];
}

/** Names one configured credential by its secret, the way a client would present it. */
export type CredentialRef = { token: string } | { email: string; key: string };

export interface RateLimitOptions {
    quota?: number;
    windowSeconds?: number;
    penaltySeconds?: number;
}

export interface TransitionOptions {
    /** How long a newly enabled or disabled association reports `initializing`. */
    initializingMs?: number;
    /** How long it then reports `pending_deployment` before `active`. */
    pendingDeploymentMs?: number;
    /** How long a voided association (`enabled: null`) reports `pending_deletion` before `deleted`. */
    pendingDeletionMs?: number;
}

export interface EmulatorOptions {
    /** 0 (default) picks a free port. The server always binds 127.0.0.1. */
    port?: number;
    /** Default: `sampleSeed()`. */
    seed?: SeedDocument;
    /** Path to a JSON SeedDocument; overrides `seed`. */
    seedFile?: string;
    /** Default: DEFAULT_CREDENTIALS. Missing lists count as empty. */
    credentials?: { tokens?: string[]; keys?: ApiKeyCredential[] };
    /** Defaults 1200 / 300 / 300, Cloudflare's published limit. */
    rateLimit?: RateLimitOptions;
    /** Added before every API response. Default 0. */
    latencyMs?: number;
    /** Status machine delays. Defaults 1000 / 2000 / 2000. */
    transitions?: TransitionOptions;
    /** Epoch-ms clock used for rate limiting, status transitions and timestamps. */
    now?: () => number;
}

export interface FaultMatch {
    /** Percent-decoded hostname of the request path. */
    hostname?: string;
    zoneId?: string;
}

/** `"always"` (or `Infinity`) keeps the fault until cleared. */
export type FaultCount = number | "always";

interface FaultCommon {
    /** How many matching requests the fault applies to. Default 1. */
    count?: FaultCount;
    match?: FaultMatch;
}

export interface StatusFault extends FaultCommon {
    kind: "status";
    status: number;
    errorCode?: number;
    message?: string;
    retryAfterSeconds?: number;
}
export interface HtmlFault extends FaultCommon {
    kind: "html";
    /** Default 502. */
    status?: number;
}
export interface InvalidJsonFault extends FaultCommon {
    kind: "invalid-json";
}
export interface SuccessFalseFault extends FaultCommon {
    kind: "success-false";
    errorCode?: number;
    message?: string;
}
export interface ResultNullFault extends FaultCommon {
    kind: "result-null";
}
export interface DropFault extends FaultCommon {
    kind: "drop";
}
export interface HangFault extends FaultCommon {
    kind: "hang";
}
export interface LatencyFault extends FaultCommon {
    kind: "latency";
    ms: number;
}
export interface MutateFault extends FaultCommon {
    kind: "mutate";
    /** Sent verbatim as `result` of a 200 success envelope. */
    result: Record<string, unknown>;
}

export type FaultSpec =
    StatusFault | HtmlFault | InvalidJsonFault | SuccessFalseFault | ResultNullFault | DropFault | HangFault | LatencyFault | MutateFault;

export type FaultKind = FaultSpec["kind"];

/** A queued fault and how many more requests it will hit. */
export interface PendingFault {
    spec: FaultSpec;
    remaining: number | "always";
}

export type RouteName = "hostname-status" | "hostnames-put" | "hostname-certificates" | "unknown";

export interface RequestLogEntry {
    seq: number;
    /** Epoch ms when the request arrived (emulator clock). */
    time: number;
    method: string;
    /** Raw path including the query, as received (configured secrets redacted). */
    path: string;
    route: RouteName;
    zoneId?: string;
    hostname?: string;
    /** The client's User-Agent (truncated), so tests can tell our provider and CLI from other callers. */
    userAgent?: string;
    /** Kind of credential presented; never the secret itself. */
    auth: "token" | "key" | "none";
    /** "token#1" / "key#1" for configured credentials, "unrecognised" otherwise. */
    credential?: string;
    /** Status sent, or 0 for a dropped connection or a hang. */
    status: number;
    fault?: string;
    rateLimited?: boolean;
}

export interface RequestLog {
    entries(): RequestLogEntry[];
    clear(): void;
}

export interface RateLimitState {
    /** Label of the credential, e.g. "token#1". */
    credential: string;
    quota: number;
    windowSeconds: number;
    penaltySeconds: number;
    /** Requests counted in the current window. */
    used: number;
    remaining: number;
    /** Epoch ms when the current window ends; null when no window is open. */
    resetAt: number | null;
    /** Epoch ms when the block ends; null when not blocked. */
    blockedUntil: number | null;
}

export interface ConsumeQuotaRequest {
    count: number;
    /** Default: the first configured credential. */
    credential?: CredentialRef;
}

export interface EmulatorControl {
    injectFault(spec: FaultSpec): void;
    clearFaults(): void;
    pendingFaults(): PendingFault[];
    setLatency(ms: number): void;
    consumeQuota(request: ConsumeQuotaRequest): RateLimitState;
    setHostname(zoneId: string, record: HostnamePatch & { hostname: string }): HostnameRecord;
    deleteHostname(zoneId: string, hostname: string): boolean;
    snapshot(): SeedDocument;
    reset(): void;
    rateLimitState(credential?: CredentialRef): RateLimitState;
}

export interface RunningEmulator {
    /** Base URL for API clients: `http://127.0.0.1:<port>/client/v4`. */
    readonly url: string;
    /** `http://127.0.0.1:<port>`; the admin API lives under `/__emulator`. */
    readonly origin: string;
    readonly port: number;
    readonly log: RequestLog;
    readonly control: EmulatorControl;
    /** Closes the server, destroying open and hanging sockets. Idempotent. */
    stop(): Promise<void>;
}
