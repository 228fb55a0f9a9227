/**
 * Reads one HTTP response: unwraps Cloudflare's `{success, errors, messages, result}` envelope
 * or classifies the failure into a typed error, and says whether it is worth retrying.
 *
 * Pure: status, headers and body text in, an outcome out.
 */
import {
    AuthenticationError,
    CloudflareApiError,
    InvalidResponseError,
    NotFoundError,
    RateLimitedError,
    type CloudflareError,
    type CloudflareMessage,
    type ErrorTarget,
} from "./errors";

export interface RawResponse {
    status: number;
    headers: Readonly<Record<string, string | undefined>>;
    body: string;
}

export type ResponseOutcome =
    { kind: "result"; result: unknown } | { kind: "failure"; error: CloudflareError; retryable: boolean; retryAfterSeconds: number | null };

export interface ResponseContext {
    target: ErrorTarget;
    /** Where the credential came from, for 401/403 messages ("stack config cloudflare:apiToken"). */
    credentialSource: string;
    now?: number;
}

/** Retry-After is either delta-seconds or an HTTP date. */
export function parseRetryAfter(value: string | undefined, now: number = Date.now()): number | null {
    if (value === undefined) return null;
    const trimmed = value.trim();
    if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.ceil(Number(trimmed));
    const date = Date.parse(trimmed);
    if (Number.isNaN(date)) return null;
    return Math.max(0, Math.ceil((date - now) / 1000));
}

function messages(value: unknown): CloudflareMessage[] {
    if (!Array.isArray(value)) return [];
    return value.map((item): CloudflareMessage => {
        if (typeof item === "object" && item !== null) {
            const record = item as Record<string, unknown>;
            const code = typeof record.code === "number" ? record.code : null;
            const message = typeof record.message === "string" ? record.message : JSON.stringify(item);
            return { code, message };
        }
        return { code: null, message: String(item) };
    });
}

/** A short description of a body that is not JSON, e.g. the <title> of an HTML error page. */
function describeBody(body: string, contentType: string | undefined): string {
    const title = /<title[^>]*>([^<]{1,200})<\/title>/i.exec(body)?.[1]?.trim();
    if (title) return `an HTML page ("${title}") instead of JSON`;
    if (/^\s*</.test(body) || (contentType ?? "").includes("html")) return "an HTML page instead of JSON";
    if (body.trim().length === 0) return "an empty body instead of JSON";
    const preview = body.slice(0, 60).replace(/\s+/g, " ");
    return `a body that is not valid JSON (starts with ${JSON.stringify(preview)})`;
}

export function isRetryableStatus(status: number): boolean {
    return status === 408 || status === 409 || status === 429 || status >= 500;
}

export function interpretResponse(response: RawResponse, context: ResponseContext): ResponseOutcome {
    const { status, headers, body } = response;
    const { target } = context;
    const retryAfterSeconds = parseRetryAfter(headers["retry-after"], context.now);
    let parsed: unknown;
    try {
        parsed = JSON.parse(body);
    } catch {
        const what = describeBody(body, headers["content-type"]);
        return {
            kind: "failure",
            error: new InvalidResponseError(status, what, target),
            retryable: isRetryableStatus(status),
            retryAfterSeconds,
        };
    }
    const envelope = typeof parsed === "object" && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : null;
    const errors = messages(envelope?.errors);

    if (status === 401 || status === 403) {
        return {
            kind: "failure",
            error: new AuthenticationError(status, errors, target, context.credentialSource),
            retryable: false,
            retryAfterSeconds,
        };
    }
    if (status === 404) {
        return { kind: "failure", error: new NotFoundError(errors, target), retryable: false, retryAfterSeconds };
    }
    if (status === 429) {
        return {
            kind: "failure",
            error: new RateLimitedError(errors, target, retryAfterSeconds, "the request was not retried further"),
            retryable: true,
            retryAfterSeconds,
        };
    }
    if (status < 200 || status >= 300) {
        return {
            kind: "failure",
            error: new CloudflareApiError(status, errors, target),
            retryable: isRetryableStatus(status),
            retryAfterSeconds,
        };
    }
    if (envelope === null || typeof envelope.success !== "boolean") {
        return {
            kind: "failure",
            error: new InvalidResponseError(status, 'the JSON body is not a Cloudflare envelope (no boolean "success")', target),
            retryable: false,
            retryAfterSeconds,
        };
    }
    if (envelope.success !== true) {
        return {
            kind: "failure",
            error: new CloudflareApiError(status, errors, target, "Cloudflare reported success: false"),
            retryable: false,
            retryAfterSeconds,
        };
    }
    return { kind: "result", result: envelope.result };
}
