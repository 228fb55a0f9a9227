/**
 * CloudflareClient: the one place that talks HTTP. GET only.
 *
 * One axios instance per client (auth headers, User-Agent, keep-alive), every request through
 * the shared limiter, retries with exponential backoff and full jitter (cockatiel), Retry-After
 * honoured up to a cap, a per-attempt timeout and a per-read deadline. Every answer is classified
 * by classify.ts and interpreted by interpret.ts; every failure leaves as a typed error from
 * errors.ts, scrubbed of this client's own secrets; axios errors are never rethrown, because
 * their `config` holds the Authorization header.
 *
 * `get` is the one generic GET (any endpoint, with `result_info` paging in `getPages`);
 * `getHostnameStatus` is a thin use of the same path.
 */
import { inspect } from "node:util";

import axios, { type AxiosInstance, type AxiosResponse } from "axios";
import { DelegateBackoff, handleWhen, retry, type RetryPolicy } from "cockatiel";

import { resolveBaseUrl, resolveCredentials, type ConfigSource, type Credentials, type Environment } from "./credentials";
import type { ResultInfo } from "./envelope";
import {
    BudgetWaitError,
    ConnectionError,
    DeadlineExceededError,
    InvalidResponseError,
    isCloudflareError,
    isNotFoundError,
    RateLimitedError,
    type CloudflareError,
    type ErrorTarget,
} from "./errors";
import { errorProperty } from "./guards";
import { interpretResponse } from "./interpret";
import type { Redactor } from "./redaction";
import { LimiterPausedError, QueueWaitTooLongError, sharedLimiter, type RequestLimiter } from "./limiter";
import { mapHostnameStatus, outputsFor, type StatusLookup } from "./mapping";
import { parseRateLimitHeaders } from "./ratelimit-headers";
import { resolveTuning, type ClientTuning } from "./settings";
import type { StatusInputs, StatusOutputs } from "./types";
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

/** The result of one read (it lives with the mapping that turns it into outputs). */
export type { StatusLookup } from "./mapping";

/** One successful answer of the generic GET. */
export interface ApiAnswer {
    /** The envelope's `result`, unchecked: the caller knows its shape. */
    result: unknown;
    /** The envelope's `result_info`, when it has one. */
    resultInfo: ResultInfo | null;
    /** The response's `Date` header, for clock-skew checks; null when absent or unreadable. */
    serverDate: Date | null;
}

/** The answers of a paged list, concatenated. */
export interface PagedAnswer {
    result: unknown[];
    /** The last page's `result_info`. */
    resultInfo: ResultInfo | null;
    /** The first page's `Date` header. */
    serverDate: Date | null;
    /** Pages read. */
    pages: number;
    /** False when `total_pages` says there are more pages than `maxPages` allowed. */
    complete: boolean;
}

/** Path segments (each percent-encoded here), e.g. `["zones", zoneId, "origin_tls_client_auth", "settings"]`. */
export type ApiPath = readonly string[];

export interface GetOptions {
    /** The zone (and hostname) the request is about, for messages and for zone-scoped classification. */
    target?: ErrorTarget;
    /** Query parameters, percent-encoded here. */
    query?: Readonly<Record<string, string | number>>;
}

export interface PageOptions extends GetOptions {
    /** Sent as `per_page` when given. */
    perPage?: number;
    /** Stop after this many pages (default 10, at most 100) even when `total_pages` says there are more. */
    maxPages?: number;
}

export const DEFAULT_MAX_PAGES = 10;
export const MAX_PAGES_LIMIT = 100;

/** What one attempt's answer becomes: a value, or a non-retryable typed error. */
type AcceptAnswer<T> = (answer: ApiAnswer & { status: number }) => T | CloudflareError;
/** Lets a caller turn a failure into a value (a 404 into `found: false`); undefined means "it is a failure". */
type RecoverFailure<T> = (error: CloudflareError) => T | undefined;

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

const BACKOFF_BASE_MS = 250;
const BACKOFF_MAX_MS = 8_000;

function headerValue(headers: AxiosResponse["headers"], name: string): string | undefined {
    const value = (headers as Record<string, unknown>)[name];
    if (Array.isArray(value)) return value.join(", ");
    if (typeof value === "string") return value;
    // AxiosHeaders may hold numbers and booleans; anything else is no header value at all.
    return typeof value === "number" || typeof value === "boolean" ? String(value) : undefined;
}

/** The request path for segments and a query, every piece percent-encoded so no value can change which endpoint is called. */
export function apiPath(segments: ApiPath, query: Readonly<Record<string, string | number>> = {}): string {
    if (segments.length === 0 || segments.some((segment) => segment.length === 0 || segment === "." || segment === "..")) {
        throw new TypeError(`invalid API path segments ${JSON.stringify(segments)}`);
    }
    const path = `/${segments.map((segment) => encodeURIComponent(segment)).join("/")}`;
    const pairs = Object.entries(query).map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(String(value))}`);
    return pairs.length > 0 ? `${path}?${pairs.join("&")}` : path;
}

function serverDate(headers: AxiosResponse["headers"]): Date | null {
    const value = headerValue(headers, "date");
    if (value === undefined) return null;
    const time = Date.parse(value);
    return Number.isNaN(time) ? null : new Date(time);
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
    const raw = errorProperty(error, "code");
    const code = typeof raw === "string" ? raw : "ECONNERROR";
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
    /** Scrubs this client's token, key and email from response text and from every error it throws. */
    private readonly redact: Redactor;

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
        this.redact = credentials.redactor();
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
     * GET the hostname status: the mapped fields, or the NotFoundError of a 404 that says the
     * hostname has no association (callers with `allowMissing` turn it into `found: false`). A
     * zone, route or credential answer is an error, never "not found" (see classify.ts).
     * Identical concurrent calls share one request.
     */
    getHostnameStatus(zoneId: string, hostname: string): Promise<StatusLookup> {
        const key = `${zoneId}/${hostname}`;
        const pending = this.inflight.get(key);
        if (pending) return pending;
        const target: ErrorTarget = { zoneId, hostname };
        const request = this.request<StatusLookup>(
            hostnameStatusPath(zoneId, hostname),
            target,
            ({ result, status }) => {
                const fields = mapHostnameStatus(result, target, status);
                return fields instanceof InvalidResponseError ? fields : { found: true, fields };
            },
            (error) => (isNotFoundError(error) ? { found: false, error } : undefined),
        ).finally(() => this.inflight.delete(key));
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

    /**
     * One GET of any endpoint under the base URL (`/user/tokens/verify`, `/user`,
     * `/zones/{id}/origin_tls_client_auth/settings`, …), through the same limiter, retries,
     * deadline, classification and redaction as the hostname status. Resolves to the envelope's
     * `result` and `result_info` and the response's `Date`; every failure is a typed error.
     */
    get(path: ApiPath, options: GetOptions = {}): Promise<ApiAnswer> {
        return this.request<ApiAnswer>(apiPath(path, options.query), options.target ?? {}, ({ result, resultInfo, serverDate }) => ({
            result,
            resultInfo,
            serverDate,
        }));
    }

    /**
     * A list endpoint read page by page (`?page=N`) while `result_info.total_pages` says there
     * are more, up to `maxPages`; each page is one `get`. `complete` is false when the cap
     * stopped it. A page whose `result` is not an array is an InvalidResponseError.
     */
    async getPages(path: ApiPath, options: PageOptions = {}): Promise<PagedAnswer> {
        const maxPages = Math.min(MAX_PAGES_LIMIT, Math.max(1, Math.floor(options.maxPages ?? DEFAULT_MAX_PAGES)));
        const target = options.target ?? {};
        const result: unknown[] = [];
        let first: ApiAnswer | undefined;
        let last: ApiAnswer | undefined;
        let page = 0;
        let totalPages = 1;
        while (page < maxPages && page < totalPages) {
            page++;
            const query = { ...options.query, page, ...(options.perPage === undefined ? {} : { per_page: options.perPage }) };
            const answer = await this.get(path, { target, query });
            if (!Array.isArray(answer.result)) {
                const got = answer.result === null ? "null" : typeof answer.result;
                throw this.scrubbed(new InvalidResponseError(200, `"result" of page ${page} is ${got}, expected a list`, target));
            }
            result.push(...(answer.result as unknown[]));
            first ??= answer;
            last = answer;
            const advertised = answer.resultInfo?.totalPages;
            // Without total_pages, one page is all there is.
            totalPages = advertised === undefined ? page : advertised;
            if (answer.result.length === 0) break;
        }
        return {
            result,
            resultInfo: last?.resultInfo ?? null,
            serverDate: first?.serverDate ?? null,
            pages: page,
            complete: page >= totalPages,
        };
    }

    /**
     * The one request path: limiter, retries with backoff, per-attempt timeout, per-read
     * deadline, classification (interpret.ts) and redaction. `accept` turns a successful answer
     * into the caller's value; `recover` may turn a failure into one.
     */
    private async request<T>(path: string, target: ErrorTarget, accept: AcceptAnswer<T>, recover?: RecoverFailure<T>): Promise<T> {
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
                    .schedule<T>(
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
                                { target, credential: this.credentials, baseUrl: this.baseUrl, redact: this.redact, now: this.clock() },
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
                                const recovered = recover?.(outcome.error);
                                if (recovered !== undefined) return recovered;
                                throw new AttemptFailure(outcome.error, outcome.retryable, outcome.retryAfterSeconds, read);
                            }
                            const accepted = accept({
                                result: outcome.result,
                                resultInfo: outcome.resultInfo,
                                serverDate: serverDate(response.headers),
                                status: response.status,
                            });
                            if (isCloudflareError(accepted)) throw new AttemptFailure(accepted, false, null, read);
                            return accepted;
                        },
                        { maxPauseMs: this.tuning.maxRetryAfterMs, maxWaitMs: this.tuning.maxQueueWaitMs },
                    )
                    .catch(notSent),
            );
        } catch (error) {
            throw this.scrubbed(this.finalError(error, read.attempts, target));
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
            const timedOut = errorProperty(error, "code") === "ETIMEDOUT";
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

    /**
     * The last line of defence: whatever text an error picked up on its way (a mapping problem
     * quoting a field, "last error: …"), this client's secrets leave neither its message nor its stack.
     */
    private scrubbed(error: CloudflareError): CloudflareError {
        const message = this.redact(error.message);
        if (message !== error.message) (error as { message: string }).message = message;
        if (error.stack !== undefined) {
            const stack = this.redact(error.stack);
            if (stack !== error.stack) error.stack = stack;
        }
        return error;
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
        const name = errorProperty(inner, "name");
        const kind = typeof name === "string" ? name : typeof inner;
        return new ConnectionError("EUNEXPECTED", `unexpected ${kind} while reading the hostname status`, target);
    }
}

const clients = new Map<string, CloudflareClient>();

/**
 * One client per credential, base URL and tuning in this process, so coalescing and keep-alive
 * work across callers. The credential's source is part of the key because the client's messages
 * name it; the rate-limit budget is shared per credential whatever the source (limiter.ts).
 */
export function sharedClient(credentials: Credentials, baseUrl: string, tuning: ClientTuning): CloudflareClient {
    const key = `${credentials.fingerprint()} ${JSON.stringify(credentials.source)} ${baseUrl} ${JSON.stringify(tuning)}`;
    let client = clients.get(key);
    if (!client) {
        client = new CloudflareClient({ credentials, baseUrl, ...tuning });
        clients.set(key, client);
    }
    return client;
}
