/**
 * CloudflareClient: the one place that talks HTTP. GET only.
 *
 * One axios instance per client (auth headers, User-Agent, keep-alive), every request through
 * the shared limiter, retries with exponential backoff and full jitter (cockatiel), Retry-After
 * honoured up to a cap, a per-attempt timeout and a per-read deadline. Every failure leaves as a
 * typed error from errors.ts; axios errors are never rethrown, because their `config` holds the
 * Authorization header.
 */
import { inspect } from "node:util";

import axios, { type AxiosInstance, type AxiosResponse } from "axios";
import { DelegateBackoff, handleWhen, retry, type RetryPolicy } from "cockatiel";

import { resolveBaseUrl, resolveCredentials, type ConfigSource, type Credentials, type Environment } from "./credentials";
import { interpretResponse } from "./envelope";
import {
    BudgetWaitError,
    ConnectionError,
    DeadlineExceededError,
    InvalidResponseError,
    isCloudflareError,
    isNotFoundError,
    RateLimitedError,
    type NotFoundError,
    type CloudflareError,
    type ErrorTarget,
} from "./errors";
import { LimiterPausedError, QueueWaitTooLongError, sharedLimiter, type RequestLimiter } from "./limiter";
import { buildOutputs, mapHostnameStatus } from "./mapping";
import { parseRateLimitHeaders } from "./ratelimit-headers";
import { resolveTuning, type ClientTuning } from "./settings";
import type { StatusInputs, StatusOutputs, HostnameStatusFields } from "./types";
import { hostnameStatusPath } from "./validation";
import { isTransportFailure, MAX_RESPONSE_BYTES, transportAdapter } from "./transport";
import { USER_AGENT } from "./version";

export interface ClientOptions extends Partial<ClientTuning> {
    credentials: Credentials;
    baseUrl: string;
    /** Defaults to the process-wide limiter for this credential and base URL. */
    limiter?: RequestLimiter;
    clock?: () => number;
}

/** The result of one read: Cloudflare's fields, or the 404 that says there are none. */
export type StatusLookup = { found: true; fields: HostnameStatusFields } | { found: false; error: NotFoundError };

/** Per-read bookkeeping shared by its attempts. */
interface ReadState {
    deadlineAt: number | null;
    attempts: number;
    lastError?: CloudflareError;
}

/** A failed attempt, with what the retry policy needs to decide. */
class AttemptFailure extends Error {
    constructor(
        readonly error: CloudflareError,
        readonly retryable: boolean,
        readonly retryAfterSeconds: number | null,
        readonly read: ReadState,
    ) {
        super(error.message);
    }
}

/** Outputs from a lookup: a 404 becomes `found: false` only when the inputs allow it. */
export function outputsFor(inputs: StatusInputs, lookup: StatusLookup, now: Date = new Date()): StatusOutputs {
    if (lookup.found) return buildOutputs(inputs, lookup.fields, now);
    if (inputs.allowMissing) return buildOutputs(inputs, null, now);
    throw lookup.error;
}

const BACKOFF_BASE_MS = 250;
const BACKOFF_MAX_MS = 8_000;

function headerValue(headers: AxiosResponse["headers"], name: string): string | undefined {
    const value = (headers as Record<string, unknown>)[name];
    if (Array.isArray(value)) return value.join(", ");
    return typeof value === "string" ? value : value === undefined || value === null ? undefined : String(value);
}

/**
 * Transport failures to plain words; the failure itself is dropped right here. Through a proxy,
 * the proxy is named (host and port only: its userinfo never leaves transport.ts), and a failure
 * of the proxy itself blames it, not the API.
 */
function connectionFailure(error: unknown, target: ErrorTarget, origin: string, timedOut: boolean, timeoutMs: number): ConnectionError {
    const proxy = isTransportFailure(error) ? error.proxy : null;
    const through = proxy ? ` through proxy ${proxy}` : "";
    if (timedOut) return new ConnectionError("ETIMEDOUT", `no response from ${origin}${through} within ${timeoutMs / 1000} s`, target);
    const code =
        typeof error === "object" && error !== null && typeof (error as { code?: unknown }).code === "string"
            ? (error as { code: string }).code
            : "ECONNERROR";
    if (isTransportFailure(error) && error.kind === "proxy") {
        // The proxy's own words, e.g. "proxy 127.0.0.1:3128 refused the tunnel to api.cloudflare.com:443 (HTTP 403)".
        return new ConnectionError(
            code,
            `${error.message}; check HTTPS_PROXY, HTTP_PROXY and ALL_PROXY, or list the API's host in NO_PROXY`,
            target,
        );
    }
    const words: Record<string, string> = {
        ECONNREFUSED: `connection refused by ${origin}`,
        ECONNRESET: `connection to ${origin}${through} was reset before a response arrived`,
        ENOTFOUND: `could not resolve ${origin}`,
        EAI_AGAIN: `could not resolve ${origin} (DNS lookup failed)`,
        EPIPE: `connection to ${origin}${through} closed while sending`,
        ECONNABORTED: `connection to ${origin}${through} was aborted`,
    };
    const malformed = code.startsWith("HPE_") ? `malformed HTTP response from ${origin}${through} (${code})` : undefined;
    return new ConnectionError(code, words[code] ?? malformed ?? `request to ${origin}${through} failed (${code})`, target);
}

export class CloudflareClient {
    readonly baseUrl: string;
    readonly credentials: Credentials;
    readonly tuning: ClientTuning;
    readonly limiter: RequestLimiter;
    declare private readonly http: AxiosInstance;
    private readonly origin: string;
    private readonly clock: () => number;
    private readonly inflight = new Map<string, Promise<StatusLookup>>();
    private readonly retryPolicy: RetryPolicy;

    constructor(options: ClientOptions) {
        const { credentials, baseUrl, limiter, clock, ...overrides } = options;
        this.credentials = credentials;
        this.baseUrl = baseUrl.replace(/\/+$/, "");
        this.origin = new URL(this.baseUrl).origin;
        this.tuning = resolveTuning(undefined, {}, overrides);
        this.clock = clock ?? Date.now;
        this.limiter = limiter ?? sharedLimiter(credentials.fingerprint(), this.baseUrl, { concurrency: this.tuning.concurrency });
        const instance = axios.create({
            baseURL: this.baseUrl,
            // Our transport follows no redirects (a redirect must not carry our Authorization
            // header elsewhere); this says so to anyone reading the config.
            maxRedirects: 0,
            responseType: "text",
            // The body is read by envelope.ts, and every status is classified there.
            transformResponse: [],
            validateStatus: null,
            // One transport for every path, with or without a proxy: a hard timeout on the whole
            // exchange, the 4 MiB cap, no redirects, no compression (transport.ts).
            adapter: transportAdapter({ maxSockets: this.tuning.concurrency }),
            // The instance lives in this process only (never serialized), so it can carry the auth headers.
            headers: { Accept: "application/json", "User-Agent": USER_AGENT, ...credentials.authHeaders() },
        });
        // The instance's defaults hold the auth headers: keep it out of JSON.stringify and console.log.
        Object.defineProperty(this, "http", { value: instance, enumerable: false });
        this.retryPolicy = this.buildRetryPolicy();
    }

    private buildRetryPolicy(): RetryPolicy {
        const { maxRetries, maxRetryAfterMs } = this.tuning;
        return retry(
            handleWhen((error) => {
                if (!(error instanceof AttemptFailure) || !error.retryable) return false;
                // Waiting longer than the cap would stall the deployment; fail now and say why.
                return error.retryAfterSeconds === null || error.retryAfterSeconds * 1000 <= maxRetryAfterMs;
            }),
            {
                maxAttempts: maxRetries,
                backoff: new DelegateBackoff((context) => {
                    const failure = "error" in context.result ? context.result.error : undefined;
                    if (!(failure instanceof AttemptFailure)) return 0;
                    const exponential = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** (context.attempt - 1));
                    // Full jitter spreads retries from many resources; Retry-After is a floor, not a hint.
                    const delay =
                        failure.retryAfterSeconds !== null
                            ? failure.retryAfterSeconds * 1000 + Math.random() * 250
                            : Math.random() * exponential;
                    const { deadlineAt } = failure.read;
                    // Never sleep past the deadline: the next attempt then fails fast with DeadlineExceededError.
                    return deadlineAt === null ? delay : Math.min(delay, Math.max(0, deadlineAt - this.clock()));
                }),
            },
        );
    }

    toJSON(): { baseUrl: string; credentials: Credentials } {
        return { baseUrl: this.baseUrl, credentials: this.credentials };
    }

    [inspect.custom](): string {
        return `CloudflareClient { baseUrl: '${this.baseUrl}', credentials: ${this.credentials.kind} from ${this.credentials.source} }`;
    }

    /** A client from config (explicit first) and the environment. */
    static fromConfig(config?: ConfigSource, env: Environment = process.env, overrides: Partial<ClientTuning> = {}): CloudflareClient {
        return new CloudflareClient({
            credentials: resolveCredentials(config, env),
            baseUrl: resolveBaseUrl(config, env),
            ...resolveTuning(config, env, overrides),
        });
    }

    /**
     * GET the hostname status: the mapped fields, or the NotFoundError of a 404 (which callers
     * with `allowMissing` turn into `found: false`). Identical concurrent calls share one request.
     */
    getHostnameStatus(zoneId: string, hostname: string): Promise<StatusLookup> {
        const key = `${zoneId}/${hostname}`;
        const pending = this.inflight.get(key);
        if (pending) return pending;
        const request = this.fetchHostnameStatus(zoneId, hostname).finally(() => this.inflight.delete(key));
        this.inflight.set(key, request);
        return request;
    }

    /**
     * Says that `count` reads are about to be made (a CLI run's targets), so the limiter knows a
     * small fleet from an open-ended one; call the returned function when they are done.
     */
    announceReads(count: number): () => void {
        return this.limiter.announce(count);
    }

    /** The full outputs for validated inputs. */
    async readStatus(inputs: StatusInputs, now: () => Date = () => new Date()): Promise<StatusOutputs> {
        return outputsFor(inputs, await this.getHostnameStatus(inputs.zoneId, inputs.hostname), now());
    }

    private async fetchHostnameStatus(zoneId: string, hostname: string): Promise<StatusLookup> {
        const target: ErrorTarget = { zoneId, hostname };
        const path = hostnameStatusPath(zoneId, hostname);
        const read: ReadState = { deadlineAt: null, attempts: 0 };
        const notSent = (error: unknown): never => {
            if (error instanceof QueueWaitTooLongError) {
                const wait = new BudgetWaitError(Math.ceil(error.waitMs / 1000), error.maxWaitMs / 1000, target);
                throw new AttemptFailure(wait, false, null, read);
            }
            if (!(error instanceof LimiterPausedError)) throw error;
            const seconds = Math.ceil(error.pausedForMs / 1000);
            throw new AttemptFailure(new RateLimitedError([], target, seconds, "not retried", true), false, seconds, read);
        };
        try {
            return await this.retryPolicy.execute(() =>
                this.limiter
                    .schedule<StatusLookup>(
                        async (lease) => {
                            read.attempts++;
                            const startedAt = this.clock();
                            read.deadlineAt ??= startedAt + this.tuning.deadlineMs;
                            const left = read.deadlineAt - startedAt;
                            if (left <= 0)
                                throw new AttemptFailure(
                                    new DeadlineExceededError(this.tuning.deadlineMs, read.lastError?.message, target),
                                    false,
                                    null,
                                    read,
                                );
                            const response = await this.send(path, Math.min(this.tuning.requestTimeoutMs, left), target, read);
                            const outcome = interpretResponse(
                                {
                                    status: response.status,
                                    headers: {
                                        "retry-after": headerValue(response.headers, "retry-after"),
                                        "content-type": headerValue(response.headers, "content-type"),
                                    },
                                    body: String(response.data ?? ""),
                                },
                                { target, credentialSource: this.credentials.source, now: this.clock() },
                            );
                            lease.observe({
                                status: response.status,
                                ...parseRateLimitHeaders(
                                    headerValue(response.headers, "ratelimit"),
                                    headerValue(response.headers, "ratelimit-policy"),
                                ),
                                retryAfterSeconds: outcome.kind === "failure" ? outcome.retryAfterSeconds : null,
                            });
                            if (outcome.kind === "failure") {
                                read.lastError = outcome.error;
                                if (isNotFoundError(outcome.error)) return { found: false, error: outcome.error };
                                throw new AttemptFailure(outcome.error, outcome.retryable, outcome.retryAfterSeconds, read);
                            }
                            const fields = mapHostnameStatus(outcome.result, target, response.status);
                            if (fields instanceof InvalidResponseError) throw new AttemptFailure(fields, false, null, read);
                            return { found: true, fields };
                        },
                        { maxPauseMs: this.tuning.maxRetryAfterMs, maxWaitMs: this.tuning.maxQueueWaitMs },
                    )
                    .catch(notSent),
            );
        } catch (error) {
            throw this.finalError(error, read.attempts, target);
        }
    }

    /** One HTTP GET. Never throws an axios error: connection failures become ConnectionError. */
    private async send(path: string, timeoutMs: number, target: ErrorTarget, read: ReadState): Promise<AxiosResponse> {
        try {
            return await this.http.get(path, { timeout: timeoutMs });
        } catch (error) {
            if (isTransportFailure(error) && error.kind === "too-large") {
                // Not a hostname status, and the same again on a retry: one request, then a clear error.
                const failure = new InvalidResponseError(
                    error.status ?? 0,
                    `response larger than ${MAX_RESPONSE_BYTES / 1024 / 1024} MiB`,
                    target,
                );
                read.lastError = failure;
                throw new AttemptFailure(failure, false, null, read);
            }
            const timedOut = typeof error === "object" && error !== null && (error as { code?: unknown }).code === "ETIMEDOUT";
            const failure = connectionFailure(error, target, this.origin, timedOut, timeoutMs);
            if (timedOut && timeoutMs < this.tuning.requestTimeoutMs) {
                // The attempt was cut short by the read's deadline, not by its own timeout.
                throw new AttemptFailure(
                    new DeadlineExceededError(this.tuning.deadlineMs, read.lastError?.message ?? failure.message, target),
                    false,
                    null,
                    read,
                );
            }
            read.lastError = failure;
            throw new AttemptFailure(failure, true, null, read);
        }
    }

    private finalError(error: unknown, attempts: number, target: ErrorTarget): CloudflareError {
        const { maxRetryAfterMs } = this.tuning;
        const inner = error instanceof AttemptFailure ? error.error : error;
        if (inner instanceof RateLimitedError) {
            const tooLong = inner.retryAfterSeconds !== null && inner.retryAfterSeconds * 1000 > maxRetryAfterMs;
            const detail = tooLong
                ? `that is longer than the ${maxRetryAfterMs / 1000} s this tool waits (aopStatus:maxRetryAfterSeconds / AOP_STATUS_MAX_RETRY_AFTER_SECONDS), so it stopped; try again later`
                : `gave up after ${attempts} attempt${attempts === 1 ? "" : "s"}; other tools may be using the same token, so try again later or lower aopStatus:concurrency`;
            return new RateLimitedError(inner.errors, target, inner.retryAfterSeconds, detail, inner.notSent);
        }
        if (isCloudflareError(inner)) {
            if (attempts > 1 && error instanceof AttemptFailure && error.retryable) {
                // Say that we tried more than once, so nobody "fixes" it by adding retries.
                (inner as { message: string }).message = `${inner.message} (after ${attempts} attempts)`;
            }
            return inner;
        }
        // Not ours: never pass it on, it might be an axios error with headers in its config.
        const kind = typeof inner === "object" && inner !== null ? (inner as { name?: unknown }).name : typeof inner;
        return new ConnectionError("EUNEXPECTED", `unexpected ${String(kind)} while reading the hostname status`, target);
    }
}

const clients = new Map<string, CloudflareClient>();

/** One client per credential, base URL and tuning in this process, so coalescing and keep-alive work across callers. */
export function sharedClient(credentials: Credentials, baseUrl: string, tuning: ClientTuning): CloudflareClient {
    const key = `${credentials.fingerprint()} ${baseUrl} ${JSON.stringify(tuning)}`;
    let client = clients.get(key);
    if (!client) {
        client = new CloudflareClient({ credentials, baseUrl, ...tuning });
        clients.set(key, client);
    }
    return client;
}
