/**
 * Reads the body of one HTTP response as Cloudflare's `{success, errors, messages, result,
 * result_info}` envelope, or says what it is instead (invalid JSON, an HTML page, JSON of some
 * other shape). Also Retry-After.
 *
 * Pure: text in, data out. Every string taken from the body is bounded in length and count, so
 * a hostile server cannot make an error message megabytes long.
 */
import type { CloudflareMessage } from "./errors";
import { isRecord } from "./guards";

/** Paging facts of a list response; every field is optional in Cloudflare's answers. */
export interface ResultInfo {
    page?: number;
    perPage?: number;
    count?: number;
    totalCount?: number;
    totalPages?: number;
}

export interface Envelope {
    success: boolean;
    errors: CloudflareMessage[];
    messages: CloudflareMessage[];
    /** `undefined` when the key is absent (a 10000 sometimes comes without `result`). */
    result: unknown;
    resultInfo: ResultInfo | null;
}

export type ParsedBody =
    | { kind: "envelope"; envelope: Envelope }
    /** Valid JSON, but not Cloudflare's envelope (no boolean `success`, or `errors` not an array). */
    | { kind: "other-json" }
    /** Not JSON at all; `description` says what it looks like, e.g. `an HTML page ("502 Bad Gateway") instead of JSON`. */
    | { kind: "not-json"; description: string };

/** Bounds on what is kept from a body: a server cannot make our messages arbitrarily long. */
const MAX_MESSAGES = 20;
const MAX_CHAIN_DEPTH = 4;
const MAX_MESSAGE_CHARS = 300;

function bounded(text: string): string {
    return text.length > MAX_MESSAGE_CHARS ? `${text.slice(0, MAX_MESSAGE_CHARS)}…` : text;
}

/** `errors` / `messages` entries, with each entry's `error_chain`, which Cloudflare uses for causes (6003 → 6111). */
function parseMessages(value: unknown, depth = 0): CloudflareMessage[] {
    if (!Array.isArray(value)) return [];
    return value.slice(0, MAX_MESSAGES).map((item): CloudflareMessage => {
        if (!isRecord(item)) return { code: null, message: bounded(Array.isArray(item) ? JSON.stringify(item) : String(item)) };
        const record = item;
        const code = typeof record.code === "number" && Number.isFinite(record.code) ? record.code : null;
        const message = typeof record.message === "string" ? record.message : JSON.stringify(item);
        const parsed: CloudflareMessage = { code, message: bounded(message) };
        if (depth < MAX_CHAIN_DEPTH && Array.isArray(record.error_chain) && record.error_chain.length > 0) {
            parsed.errorChain = parseMessages(record.error_chain, depth + 1);
        }
        return parsed;
    });
}

function parseResultInfo(value: unknown): ResultInfo | null {
    if (!isRecord(value)) return null;
    const record = value;
    const number = (key: string): number | undefined => {
        const n = record[key];
        return typeof n === "number" && Number.isFinite(n) ? n : undefined;
    };
    const info: ResultInfo = {
        page: number("page"),
        perPage: number("per_page"),
        count: number("count"),
        totalCount: number("total_count"),
        totalPages: number("total_pages"),
    };
    for (const key of Object.keys(info) as Array<keyof ResultInfo>) if (info[key] === undefined) delete info[key];
    return info;
}

/** A short description of a body that is not JSON, e.g. the <title> of an HTML error page. */
export function describeBody(body: string, contentType: string | undefined): string {
    const title = /<title[^>]*>([^<]{1,200})<\/title>/i.exec(body)?.[1]?.trim();
    if (title) return `an HTML page ("${title.replace(/\s+/g, " ")}") instead of JSON`;
    if (/^\s*</.test(body) || (contentType ?? "").includes("html")) return "an HTML page instead of JSON";
    if (body.trim().length === 0) return "an empty body instead of JSON";
    const preview = body.slice(0, 60).replace(/\s+/g, " ");
    return `a body that is not valid JSON (starts with ${JSON.stringify(preview)})`;
}

/**
 * Cloudflare's envelope is a JSON object with a boolean `success` and, when present, an
 * `errors` array. `messages` and `result` may be missing (Cloudflare drops them from some
 * 10000 answers), so they are not required.
 */
export function parseBody(body: string, contentType?: string): ParsedBody {
    let parsed: unknown;
    try {
        parsed = JSON.parse(body);
    } catch {
        return { kind: "not-json", description: describeBody(body, contentType) };
    }
    if (!isRecord(parsed)) return { kind: "other-json" };
    const record = parsed;
    if (typeof record.success !== "boolean") return { kind: "other-json" };
    if (record.errors !== undefined && !Array.isArray(record.errors)) return { kind: "other-json" };
    return {
        kind: "envelope",
        envelope: {
            success: record.success,
            errors: parseMessages(record.errors),
            messages: parseMessages(record.messages),
            result: record.result,
            resultInfo: parseResultInfo(record.result_info),
        },
    };
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

export function isRetryableStatus(status: number): boolean {
    return status === 408 || status === 409 || status === 429 || status >= 500;
}
