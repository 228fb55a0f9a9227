/**
 * Typed errors. Every message says what failed, where (zone and hostname), and what to do.
 *
 * These errors cross a process boundary: the provider host turns them into gRPC status text, so
 * the message is what users see. Type guards check `name` as well as `instanceof`, because an
 * error created by another copy of this module (the host loads the package by name) is not an
 * instance of this copy's classes.
 *
 * No error ever carries an axios error or request config: those hold the Authorization header.
 */

import { errorProperty } from "./guards";

export interface CloudflareMessage {
    code: number | null;
    message: string;
    /**
     * The causes Cloudflare lists under an error, e.g. `6003 Invalid request headers` with
     * `6111 Invalid format for Authorization header`. Absent when the error has none.
     */
    errorChain?: CloudflareMessage[];
}

export interface ErrorTarget {
    zoneId?: string;
    hostname?: string;
}

function where(target: ErrorTarget): string {
    if (target.zoneId && target.hostname) return ` (zone ${target.zoneId}, hostname ${target.hostname})`;
    if (target.hostname) return ` (hostname ${target.hostname})`;
    if (target.zoneId) return ` (zone ${target.zoneId})`;
    return "";
}

function formatMessage(e: CloudflareMessage): string {
    const own = e.code === null ? e.message : `[${e.code}] ${e.message}`;
    return e.errorChain && e.errorChain.length > 0 ? `${own} (${e.errorChain.map(formatMessage).join("; ")})` : own;
}

/** `[6003] Invalid request headers ([6111] Invalid format for Authorization header); [7000] No route for that URI` */
export function formatCloudflareMessages(errors: readonly CloudflareMessage[]): string {
    if (errors.length === 0) return "no error details in the response";
    return errors.map(formatMessage).join("; ");
}

/** Every code in `errors`, their error chains included. */
export function cloudflareCodes(errors: readonly CloudflareMessage[]): number[] {
    const codes: number[] = [];
    const visit = (list: readonly CloudflareMessage[]): void => {
        for (const e of list) {
            if (e.code !== null) codes.push(e.code);
            if (e.errorChain) visit(e.errorChain);
        }
    };
    visit(errors);
    return codes;
}

/** Base class of every error this package throws. */
export class CloudflareError extends Error {
    override name = "CloudflareError";
    readonly zoneId?: string;
    readonly hostname?: string;

    constructor(message: string, target: ErrorTarget = {}, options?: { cause?: unknown }) {
        super(message + where(target), options);
        this.zoneId = target.zoneId;
        this.hostname = target.hostname;
    }
}

/** Cloudflare answered, with an error status or `success: false`. */
export class CloudflareApiError extends CloudflareError {
    override name = "CloudflareApiError";
    readonly status: number;
    readonly errors: CloudflareMessage[];

    constructor(status: number, errors: CloudflareMessage[], target: ErrorTarget = {}, hint?: string, message?: string) {
        super(message ?? `Cloudflare API returned HTTP ${status}: ${formatCloudflareMessages(errors)}${hint ? `. ${hint}` : ""}`, target);
        this.status = status;
        this.errors = errors;
    }
}

/**
 * Why Cloudflare refused the credential, as data (the message says it in words):
 * - `missing-credentials`: 400 / 9106, no credential header reached Cloudflare;
 * - `malformed-token`: 400 / 6003 with 6111 in the error chain, often a Global API key sent as a token;
 * - `malformed-key`: 400 / 6003 with 6102 (X-Auth-Email) and/or 6103 (X-Auth-Key) in the chain;
 * - `invalid-headers`: 400 / 6003 with no chain we know;
 * - `invalid-token`: 403 / 9109 "Invalid access token": revoked, expired or wrong;
 * - `token-location`: 403 / 9109 "Cannot use the access token from location: …": an IP-restricted token;
 * - `unknown-key`: 403 / 9103, unknown Global API key or email;
 * - `permission-denied`: 403 / 10000, a valid credential without the permission for this zone;
 * - `not-accepted`: any 401;
 * - `forbidden`: a 403 with no code we know.
 */
export type AuthenticationReason =
    | "missing-credentials"
    | "malformed-token"
    | "malformed-key"
    | "invalid-headers"
    | "invalid-token"
    | "token-location"
    | "unknown-key"
    | "permission-denied"
    | "not-accepted"
    | "forbidden";

/** The credential was refused, or lacks permission. Never retried; `reason` says which and the message how to fix it. */
export class AuthenticationError extends CloudflareApiError {
    override name = "AuthenticationError";
    readonly credentialSource: string;
    readonly reason: AuthenticationReason;
    /** What to do, the sentence the message ends with; alone, for a reader that shows it apart (`aop-status doctor`). */
    readonly fix: string;

    constructor(
        status: number,
        errors: CloudflareMessage[],
        target: ErrorTarget,
        credentialSource: string,
        reason: AuthenticationReason = status === 401 ? "not-accepted" : "forbidden",
        fix?: string,
    ) {
        const hint = fix ?? `Check the credential from ${credentialSource}`;
        super(status, errors, target, hint);
        this.credentialSource = credentialSource;
        this.reason = reason;
        this.fix = hint;
    }
}

/**
 * Cloudflare says the request's zone or route is wrong (codes 1001, 1003 and kin; 7000, 7003).
 * A configuration error, never "missing": the zone id or the base URL needs fixing.
 */
export class ZoneOrRouteError extends CloudflareApiError {
    override name = "ZoneOrRouteError";
    /** The base URL the request went to. */
    readonly baseUrl: string;
    /** What to do, the sentence the message ends with; alone, for a reader that shows it apart (`aop-status doctor`). */
    readonly fix: string;

    constructor(status: number, errors: CloudflareMessage[], target: ErrorTarget, baseUrl: string, fix: string) {
        super(status, errors, target, fix);
        this.baseUrl = baseUrl;
        this.fix = fix;
    }
}

/** 1001 "Invalid zone identifier", 1003 "Invalid or missing zone id" and kin: Cloudflare does not know the zone. */
export class ZoneNotFoundError extends ZoneOrRouteError {
    override name = "ZoneNotFoundError";
}

/** 7003 "Could not route to …" / 7000 "No route for that URI": a wrong zone id in the path, or a base URL without /client/v4. */
export class RouteNotFoundError extends ZoneOrRouteError {
    override name = "RouteNotFoundError";
}

/**
 * A 404 in Cloudflare's envelope whose codes name no zone, route or credential problem: the
 * hostname has no per-hostname association in the zone. Only that counts as "not found".
 */
export class NotFoundError extends CloudflareApiError {
    override name = "NotFoundError";

    constructor(errors: CloudflareMessage[], target: ErrorTarget) {
        super(
            404,
            errors,
            target,
            "Cloudflare has no per-hostname Authenticated Origin Pulls association for this hostname in this zone; " +
                "associate a certificate with it, or set allowMissing: true to report found: false instead of failing",
        );
    }
}

/**
 * 429 that outlasted the retry budget, or whose Retry-After exceeds what we are willing to wait;
 * or a request not sent at all because another one's 429 paused the token for longer than that.
 */
export class RateLimitedError extends CloudflareApiError {
    override name = "RateLimitedError";
    readonly retryAfterSeconds: number | null;
    /** True when this request never left: another one's 429 paused the token. */
    readonly notSent: boolean;

    constructor(errors: CloudflareMessage[], target: ErrorTarget, retryAfterSeconds: number | null, detail: string, notSent = false) {
        const wait = retryAfterSeconds === null ? "" : `; it asked to wait ${retryAfterSeconds} s`;
        super(
            429,
            errors,
            target,
            `Rate limited by Cloudflare${wait}; ${detail}`,
            notSent ? `Not sent: another request was rate limited by Cloudflare (HTTP 429)${wait}; ${detail}` : undefined,
        );
        this.retryAfterSeconds = retryAfterSeconds;
        this.notSent = notSent;
    }
}

/** Cloudflare (or something in front of it) answered with something that is not a usable envelope. */
export class InvalidResponseError extends CloudflareError {
    override name = "InvalidResponseError";
    readonly status: number;

    constructor(status: number, problem: string, target: ErrorTarget = {}) {
        super(`Cloudflare API returned an unusable response (HTTP ${status}): ${problem}`, target);
        this.status = status;
    }
}

/** No response at all: refused, reset, dropped, or timed out. */
export class ConnectionError extends CloudflareError {
    override name = "ConnectionError";
    readonly code: string;

    constructor(code: string, detail: string, target: ErrorTarget = {}) {
        super(`Could not reach the Cloudflare API: ${detail}`, target);
        this.code = code;
    }
}

/** The overall deadline for one read passed, retries included. */
export class DeadlineExceededError extends CloudflareError {
    override name = "DeadlineExceededError";
    readonly deadlineMs: number;

    constructor(deadlineMs: number, lastError: string | undefined, target: ErrorTarget = {}) {
        super(
            `Gave up reading the hostname status after the ${Math.round(deadlineMs / 1000)} s deadline` +
                `${lastError ? ` (last error: ${lastError})` : ""}; raise aopStatus:deadlineSeconds or AOP_STATUS_DEADLINE_SECONDS if the API is slow`,
            target,
        );
        this.deadlineMs = deadlineMs;
    }
}

/** A setting (base URL, timeout, retries...) that cannot be used. */
export class ConfigurationError extends CloudflareError {
    override name = "ConfigurationError";
}

/** No credentials anywhere, or half a credential. */
export class CredentialsError extends ConfigurationError {
    override name = "CredentialsError";
}

/** Bad input, caught before any request. */
export class InputValidationError extends CloudflareError {
    override name = "InputValidationError";
    readonly failures: ReadonlyArray<{ property: string; reason: string }>;

    constructor(failures: ReadonlyArray<{ property: string; reason: string }>) {
        super(`Invalid input: ${failures.map((f) => f.reason).join("; ")}`);
        this.failures = failures;
    }
}

const NAMES = new Set([
    "CloudflareError",
    "CloudflareApiError",
    "AuthenticationError",
    "NotFoundError",
    "ZoneOrRouteError",
    "ZoneNotFoundError",
    "RouteNotFoundError",
    "RateLimitedError",
    "InvalidResponseError",
    "ConnectionError",
    "DeadlineExceededError",
    "ConfigurationError",
    "CredentialsError",
    "InputValidationError",
]);

/** The names of CloudflareApiError and its subclasses. */
const API_ERROR_NAMES = new Set([
    "CloudflareApiError",
    "AuthenticationError",
    "ZoneOrRouteError",
    "ZoneNotFoundError",
    "RouteNotFoundError",
    "NotFoundError",
    "RateLimitedError",
]);

function named(error: unknown, name: string): boolean {
    return errorProperty(error, "name") === name;
}

export function isCloudflareError(error: unknown): error is CloudflareError {
    return error instanceof CloudflareError || NAMES.has(String(errorProperty(error, "name")));
}
/** CloudflareApiError or any of its kinds (authentication, zone or route, not found, rate limited). */
export function isCloudflareApiError(error: unknown): error is CloudflareApiError {
    return error instanceof CloudflareApiError || API_ERROR_NAMES.has(String(errorProperty(error, "name")));
}
export function isNotFoundError(error: unknown): error is NotFoundError {
    return error instanceof NotFoundError || named(error, "NotFoundError");
}
/** ZoneNotFoundError, RouteNotFoundError or their base. */
export function isZoneOrRouteError(error: unknown): error is ZoneOrRouteError {
    return (
        error instanceof ZoneOrRouteError ||
        named(error, "ZoneOrRouteError") ||
        named(error, "ZoneNotFoundError") ||
        named(error, "RouteNotFoundError")
    );
}
export function isZoneNotFoundError(error: unknown): error is ZoneNotFoundError {
    return error instanceof ZoneNotFoundError || named(error, "ZoneNotFoundError");
}
export function isRouteNotFoundError(error: unknown): error is RouteNotFoundError {
    return error instanceof RouteNotFoundError || named(error, "RouteNotFoundError");
}
export function isInvalidResponseError(error: unknown): error is InvalidResponseError {
    return error instanceof InvalidResponseError || named(error, "InvalidResponseError");
}
export function isConfigurationError(error: unknown): error is ConfigurationError {
    return error instanceof ConfigurationError || named(error, "ConfigurationError") || named(error, "CredentialsError");
}
export function isAuthenticationError(error: unknown): error is AuthenticationError {
    return error instanceof AuthenticationError || named(error, "AuthenticationError");
}
export function isRateLimitedError(error: unknown): error is RateLimitedError {
    return error instanceof RateLimitedError || named(error, "RateLimitedError");
}
export function isInputValidationError(error: unknown): error is InputValidationError {
    return error instanceof InputValidationError || named(error, "InputValidationError");
}
export function isConnectionError(error: unknown): error is ConnectionError {
    return error instanceof ConnectionError || named(error, "ConnectionError");
}
export function isDeadlineExceededError(error: unknown): error is DeadlineExceededError {
    return error instanceof DeadlineExceededError || named(error, "DeadlineExceededError");
}
export function isCredentialsError(error: unknown): error is CredentialsError {
    return error instanceof CredentialsError || named(error, "CredentialsError");
}

/**
 * A read not sent: its next wait for Cloudflare's rate-limit budget (a window's reset, a pause
 * after a 429) would be longer than `aopStatus:maxQueueWaitSeconds` allows. Each single wait is
 * bounded, whatever the server's headers say, so a read never hangs on them.
 */
export class BudgetWaitError extends CloudflareError {
    override name = "BudgetWaitError";
    /** How long the read would have waited, and the longest it may. */
    readonly waitSeconds: number;
    readonly maxWaitSeconds: number;

    constructor(waitSeconds: number, maxWaitSeconds: number, target: ErrorTarget = {}) {
        super(
            `Not sent: waiting for Cloudflare's rate-limit budget (the window's reset, or a pause after a 429) would take ` +
                `${waitSeconds} s, longer than the ${maxWaitSeconds} s one wait may last ` +
                `(aopStatus:maxQueueWaitSeconds / AOP_STATUS_MAX_QUEUE_WAIT_SECONDS); other tools may be using the same token, ` +
                `so try again later or raise that setting`,
            target,
        );
        this.waitSeconds = waitSeconds;
        this.maxWaitSeconds = maxWaitSeconds;
    }
}
NAMES.add("BudgetWaitError");

export function isBudgetWaitError(error: unknown): error is BudgetWaitError {
    return error instanceof BudgetWaitError || named(error, "BudgetWaitError");
}
