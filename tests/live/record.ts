/**
 * One answer, as the live contract test keeps it: status, Cloudflare's error codes (error chains
 * included), messages, the shape of `result` (its keys, never its values) and the response's
 * header NAMES. Pure.
 *
 * Never a credential: header values are not kept at all (a proxy or a server may echo an
 * Authorization header back), and every string that is kept (messages, header names, the
 * request path) is scrubbed of the secrets given, case-insensitively and percent-encoded too.
 */
import { parseBody } from "../../provider/envelope";
import { cloudflareCodes, type CloudflareMessage } from "../../provider/errors";
import { redactSecrets } from "../../provider/redaction";
import type { Question, QuestionAuth } from "./questions";

/** What came back for one request: an answer, or no answer at all (only the error's code is kept). */
export type RawAnswer =
    | { kind: "answer"; status: number; headers: Readonly<Record<string, string | string[] | undefined>>; body: string }
    | { kind: "no-answer"; code: string };

export interface RecordedMessage {
    code: number | null;
    message: string;
    errorChain?: RecordedMessage[];
}

export interface AnswerRecord {
    question: string;
    request: { method: "GET"; path: string; auth: QuestionAuth };
    /** 0 when nothing answered. */
    status: number;
    /** The transport's error code when nothing answered (ECONNREFUSED, ETIMEDOUT, …). */
    noAnswer: string | null;
    /** What the body was: Cloudflare's envelope, other JSON, not JSON (an HTML page, …), or nothing. */
    body: "envelope" | "other-json" | "not-json" | "empty" | "none";
    success: boolean | null;
    errors: RecordedMessage[];
    /** Every error code, chains included, in the order sent. */
    codes: number[];
    /** The envelope's `messages` (notes such as "This API Token is valid and active"). */
    messages: RecordedMessage[];
    /** `object: a, b, c` (keys only), `array of N`, `null`, `absent` (no `result` key), or null without an envelope. */
    resultShape: string | null;
    /** Lower-case, sorted; values are never kept. */
    headerNames: string[];
}

function scrubMessages(list: readonly CloudflareMessage[], secrets: readonly string[]): RecordedMessage[] {
    return list.map((entry) => {
        const kept: RecordedMessage = { code: entry.code, message: redactSecrets(entry.message, secrets) };
        if (entry.errorChain && entry.errorChain.length > 0) kept.errorChain = scrubMessages(entry.errorChain, secrets);
        return kept;
    });
}

function shapeOf(result: unknown, secrets: readonly string[]): string {
    if (result === undefined) return "absent";
    if (result === null) return "null";
    if (Array.isArray(result)) return `array of ${result.length}`;
    if (typeof result === "object") return redactSecrets(`object: ${Object.keys(result).sort().join(", ")}`, secrets);
    return typeof result;
}

export function pathOf(question: Question): string {
    return `/${question.path.map((segment) => encodeURIComponent(segment)).join("/")}`;
}

/** The record of one answer, with `secrets` scrubbed from every string it keeps. */
export function recordAnswer(question: Question, raw: RawAnswer, secrets: readonly string[]): AnswerRecord {
    const record: AnswerRecord = {
        question: question.id,
        request: { method: "GET", path: redactSecrets(pathOf(question), secrets), auth: question.auth },
        status: 0,
        noAnswer: null,
        body: "none",
        success: null,
        errors: [],
        codes: [],
        messages: [],
        resultShape: null,
        headerNames: [],
    };
    if (raw.kind === "no-answer") return { ...record, noAnswer: redactSecrets(raw.code, secrets) };
    record.status = raw.status;
    record.headerNames = Object.keys(raw.headers)
        .map((name) => redactSecrets(name.toLowerCase(), secrets))
        .sort();
    if (raw.body.trim() === "") return { ...record, body: "empty" };
    const contentType = raw.headers["content-type"];
    const parsed = parseBody(raw.body, Array.isArray(contentType) ? contentType.join(", ") : contentType);
    if (parsed.kind !== "envelope") return { ...record, body: parsed.kind };
    const { envelope } = parsed;
    return {
        ...record,
        body: "envelope",
        success: envelope.success,
        errors: scrubMessages(envelope.errors, secrets),
        codes: cloudflareCodes(envelope.errors),
        messages: scrubMessages(envelope.messages, secrets),
        resultShape: shapeOf(envelope.result, secrets),
    };
}
