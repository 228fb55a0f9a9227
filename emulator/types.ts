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
    /** Emulator-only behaviour; never part of an API answer. */
    emulator?: EmulatorFlags;
}

/** Emulator-only switches a seed record may carry. They never appear in an API answer. */
export interface EmulatorFlags {
    /**
     * The next deployment or deletion that a PUT starts for this record (or, on a certificate, for
     * any hostname moved onto it) ends in `deployment_timed_out` / `deletion_timed_out` instead of
     * `active` / `deleted`.
     */
    timeOut?: boolean;
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
    /**
     * Sent back as is when present, because the spec's response schema lists it: it lets a client's
     * test prove the client drops it. The built-in seeds only ever put a marked fake here
     * (`PRIVATE_KEY_CANARY`), never a key.
     */
    private_key?: string;
    emulator?: EmulatorFlags;
}

/** A zone-level client certificate, shaped like the spec's `zone-authenticated-origin-pull`. */
export interface ZoneCertificateRecord {
    id: string;
    certificate?: string;
    expires_on?: string;
    issuer?: string;
    signature?: string;
    status?: AopStatus;
    uploaded_on?: string;
    /** See CertificateRecord.private_key. */
    private_key?: string;
}

/** The zone's `origin_tls_client_auth/settings`. Zone-level AOP is off unless a seed turns it on, as on Cloudflare. */
export interface ZoneSettings {
    enabled: boolean;
}

export interface ZoneSeed {
    hostnames?: HostnameRecord[];
    /** Per-hostname client certificates (`…/hostnames/certificates`). */
    certificates?: CertificateRecord[];
    /** Zone-level client certificates (`…/origin_tls_client_auth`). */
    zone_certificates?: ZoneCertificateRecord[];
    settings?: ZoneSettings;
}

/** The three statuses Cloudflare's token verify endpoints report. */
export const TOKEN_STATUSES = ["active", "disabled", "expired"] as const;
export type TokenStatus = (typeof TOKEN_STATUSES)[number];

/**
 * What a token may do on the zones it covers: `edit` reads and PUTs, `read` only reads (Zone → SSL
 * and Certificates → Read), `none` has neither (a token made for something else).
 */
export const TOKEN_PERMISSIONS = ["edit", "read", "none"] as const;
export type TokenPermission = (typeof TOKEN_PERMISSIONS)[number];

/** An API token, with the parts of Cloudflare's token object the emulator enforces. */
export interface TokenSeed {
    /** 32 lowercase hex, what the verify endpoints report as `id`. */
    id: string;
    /** The secret a client sends as `Authorization: Bearer <value>`. */
    value: string;
    /** Zone ids the token covers, or "all" (the default). */
    zones?: "all" | string[];
    /** Default "edit". */
    permission?: TokenPermission;
    /** Default "active". An active token whose `expires_on` has passed counts as expired. */
    status?: TokenStatus;
    expires_on?: string;
    not_before?: string;
    /** Cloudflare's client IP filter: addresses or CIDRs the token may (`in`) or may not (`not_in`) be used from. */
    condition?: { request_ip?: { in?: string[]; not_in?: string[] } };
    /** 32-hex account id: the token is an Account API token owned by that account, not by the user. */
    account?: string;
}

/**
 * A Cloudflare user. Its API key and its user tokens share one rate-limit budget, as Cloudflare
 * documents; an account-owned token has a budget of its own.
 */
export interface UserSeed {
    /** 32 lowercase hex. */
    id: string;
    email?: string;
    /** The Global API Key; needs `email`. */
    key?: string;
    tokens?: TokenSeed[];
}

/** The data file format (`--data FILE`, `seedFile`, `seed`). Keys are 32-hex zone ids. */
export interface SeedDocument {
    zones: { [zoneId: string]: ZoneSeed };
    /** Users and their credentials; see EmulatorOptions for how they combine with other sources. */
    users?: UserSeed[];
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

/** Cloudflare's per-client-IP limit on the API. */
export interface ClientIpLimitOptions {
    /** Default 200, Cloudflare's documented figure. */
    requestsPerSecond?: number;
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
    /**
     * Bare credentials, each a user of its own (so each has its own rate-limit budget), with full
     * access. Missing lists count as empty.
     */
    credentials?: { tokens?: string[]; keys?: ApiKeyCredential[] };
    /** Users with scoped tokens; added to those of the seed and of `credentials`. */
    users?: UserSeed[];
    /** Defaults 1200 / 300 / 300, Cloudflare's published limit per user. */
    rateLimit?: RateLimitOptions;
    /** Default on at 200 requests per second; `false` turns it off. */
    clientIpLimit?: ClientIpLimitOptions | false;
    /** `per_page` of the certificate lists when a request gives none. Default 20. */
    defaultPerPage?: number;
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

/** Envelope keys Cloudflare sometimes leaves out of an error body. */
export type OmittableEnvelopeKey = "messages" | "result";

export interface StatusFault extends FaultCommon {
    kind: "status";
    status: number;
    errorCode?: number;
    message?: string;
    retryAfterSeconds?: number;
    /** Leave these keys out of the body, as Cloudflare sometimes does (a 10000 without `messages` / `result`). */
    omit?: OmittableEnvelopeKey[];
}
/**
 * The request is answered as usual, but if the answer is an error envelope, these keys are left
 * out (default both). Success answers pass unchanged.
 */
export interface BareErrorsFault extends FaultCommon {
    kind: "bare-errors";
    omit?: OmittableEnvelopeKey[];
}
/**
 * The next matching PUT is applied as usual, but every deployment or deletion it starts ends in
 * `deployment_timed_out` / `deletion_timed_out`. Only `match.zoneId` applies: a PUT names no
 * hostname in its path.
 */
export interface TimeOutFault extends FaultCommon {
    kind: "time-out";
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
    | StatusFault
    | BareErrorsFault
    | TimeOutFault
    | HtmlFault
    | InvalidJsonFault
    | SuccessFalseFault
    | ResultNullFault
    | DropFault
    | HangFault
    | LatencyFault
    | MutateFault;

export type FaultKind = FaultSpec["kind"];

/** A queued fault and how many more requests it will hit. */
export interface PendingFault {
    spec: FaultSpec;
    remaining: number | "always";
}

export type RouteName =
    | "hostname-status"
    | "hostnames-put"
    | "hostname-certificates"
    | "hostname-certificate"
    | "zone-certificates"
    | "zone-certificate"
    | "zone-settings"
    | "user"
    | "user-token-verify"
    | "account-token-verify"
    | "unknown";

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
    /** "token#1" / "key#1" for configured credentials (in configuration order), "unrecognised" otherwise. */
    credential?: string;
    /** Id of the user the credential belongs to (for an account-owned token, the user that declared it). */
    user?: string;
    /** Status sent, or 0 for a dropped connection or a hang. */
    status: number;
    fault?: string;
    rateLimited?: boolean;
    /** Which limit answered 429: the user's budget or the per-client-IP limit. */
    rateLimitedBy?: "user" | "client-ip";
}

export interface RequestLog {
    entries(): RequestLogEntry[];
    clear(): void;
}

export interface RateLimitState {
    /** Label of the credential asked about, e.g. "token#1" (the user's first credential when asked by user). */
    credential: string;
    /** The budget it draws on: "user <id>" (shared by the user's key and tokens) or "account token <id>". */
    budget: string;
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
    /** A user id instead of a credential: spends that user's shared budget. */
    user?: string;
}

export interface EmulatorControl {
    injectFault(spec: FaultSpec): void;
    clearFaults(): void;
    pendingFaults(): PendingFault[];
    setLatency(ms: number): void;
    consumeQuota(request: ConsumeQuotaRequest): RateLimitState;
    setHostname(zoneId: string, record: HostnamePatch & { hostname: string }): HostnameRecord;
    deleteHostname(zoneId: string, hostname: string): boolean;
    /** The zones' data as a seed document. Users are left out: their credentials are secrets. */
    snapshot(): SeedDocument;
    reset(): void;
    rateLimitState(credential?: CredentialRef | { user: string }): RateLimitState;
}

export interface RunningEmulator {
    /** Base URL for API clients: `http://127.0.0.1:<port>/client/v4`. */
    readonly url: string;
    /** `http://127.0.0.1:<port>`; the admin API lives under `/__emulator`. */
    readonly origin: string;
    readonly port: number;
    /** True when no credentials were configured, so the fake DEFAULT_CREDENTIALS are the ones accepted. */
    readonly usesDefaultCredentials: boolean;
    readonly log: RequestLog;
    readonly control: EmulatorControl;
    /** Closes the server, destroying open and hanging sockets. Idempotent. */
    stop(): Promise<void>;
}
