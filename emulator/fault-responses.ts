// Turns an injected fault into what goes on the wire. These answers are
// deliberately off-spec; the request behind them is never processed, so a
// faulted PUT changes nothing (except `latency`, which only delays).

import { STATUS_CODES } from "node:http";
import { failureEnvelope, successEnvelope, THROTTLE_MESSAGE } from "./envelope";
import { jsonOutcome, type Outcome } from "./http-io";
import type { FaultSpec, OmittableEnvelopeKey, StatusFault } from "./types";

/** The request goes on to be answered normally, with these changes. */
export interface Proceed {
    kind: "proceed";
    extraDelayMs: number;
    /** Drop these keys if the answer is an error envelope (`bare-errors`). */
    omit?: OmittableEnvelopeKey[];
    /** Transitions a PUT starts end timed out (`time-out`). */
    timeOut?: boolean;
}

const BOTH_KEYS: OmittableEnvelopeKey[] = ["messages", "result"];

/**
 * Drops `omit` from a JSON error envelope, as Cloudflare sometimes sends a 10000 with neither
 * `messages` nor `result` (Curetix/mailflare-extension#20). Anything else passes unchanged.
 */
export function omitEnvelopeKeys(outcome: Outcome, omit: readonly OmittableEnvelopeKey[]): Outcome {
    if (outcome.kind !== "respond" || outcome.status < 400 || !outcome.headers["Content-Type"]?.startsWith("application/json"))
        return outcome;
    let body: unknown;
    try {
        body = JSON.parse(outcome.body);
    } catch {
        return outcome;
    }
    if (typeof body !== "object" || body === null || (body as { success?: unknown }).success !== false) return outcome;
    const stripped: Record<string, unknown> = { ...(body as Record<string, unknown>) };
    for (const key of omit) delete stripped[key];
    return { ...outcome, body: JSON.stringify(stripped) };
}

/** Cloudflare-looking defaults for `status` faults that give no errorCode/message. */
function defaultError(status: number): { code: number; message: string } {
    switch (status) {
        case 401:
            return { code: 10000, message: "Authentication error" };
        case 403:
            return { code: 9109, message: "Unauthorized to access requested resource" };
        case 404:
            return { code: 7003, message: "No route for the URI" };
        case 429:
            return { code: 971, message: THROTTLE_MESSAGE };
        default:
            return { code: 1000, message: `${status} ${STATUS_CODES[status] ?? "Error"}` };
    }
}

function statusOutcome(fault: StatusFault, rateHeaders: Record<string, string>): Outcome {
    const fallback = defaultError(fault.status);
    const headers: Record<string, string> = { ...rateHeaders };
    if (fault.retryAfterSeconds !== undefined) headers["Retry-After"] = String(fault.retryAfterSeconds);
    const outcome = jsonOutcome(
        fault.status,
        failureEnvelope([{ code: fault.errorCode ?? fallback.code, message: fault.message ?? fallback.message }]),
        headers,
    );
    return fault.omit === undefined ? outcome : omitEnvelopeKeys(outcome, fault.omit);
}

/** The page Cloudflare's edge serves when the API origin fails. */
export function edgeErrorPage(status: number): string {
    const title = `${status} ${STATUS_CODES[status] ?? "Error"}`;
    return `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n<hr><center>cloudflare</center>\r\n</body>\r\n</html>\r\n`;
}

/** A success envelope cut off mid-value, as when a proxy truncates the body. */
export const TRUNCATED_JSON = '{"success":true,"errors":[],"messages":[],"result":{"hostname":"app.exa';

/**
 * The outcome for a fault, or "proceed" for the faults that let the request be handled normally
 * (`latency` waits first, `bare-errors` trims the answer, `time-out` changes what a PUT starts).
 */
export function faultOutcome(fault: FaultSpec, rateHeaders: Record<string, string>): Outcome | Proceed {
    switch (fault.kind) {
        case "status":
            return statusOutcome(fault, rateHeaders);
        case "bare-errors":
            return { kind: "proceed", extraDelayMs: 0, omit: fault.omit ?? BOTH_KEYS };
        case "time-out":
            return { kind: "proceed", extraDelayMs: 0, timeOut: true };
        case "html": {
            // The edge answers before the API runs, so no rate-limit headers here.
            const status = fault.status ?? 502;
            return { kind: "respond", status, headers: { "Content-Type": "text/html" }, body: edgeErrorPage(status) };
        }
        case "invalid-json":
            return { kind: "respond", status: 200, headers: { "Content-Type": "application/json", ...rateHeaders }, body: TRUNCATED_JSON };
        case "success-false":
            return jsonOutcome(
                200,
                failureEnvelope([{ code: fault.errorCode ?? 1000, message: fault.message ?? "An unknown error has occurred" }]),
                rateHeaders,
            );
        case "result-null":
            return jsonOutcome(200, successEnvelope(null), rateHeaders);
        case "mutate":
            return jsonOutcome(200, successEnvelope(fault.result), rateHeaders);
        case "drop":
            return { kind: "drop" };
        case "hang":
            return { kind: "hang" };
        case "latency":
            return { kind: "proceed", extraDelayMs: fault.ms };
    }
}
