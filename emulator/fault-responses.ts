// Turns an injected fault into what goes on the wire. These answers are
// deliberately off-spec; the request behind them is never processed, so a
// faulted PUT changes nothing (except `latency`, which only delays).

import { STATUS_CODES } from "node:http";
import { failureEnvelope, successEnvelope, THROTTLE_MESSAGE } from "./envelope";
import { jsonOutcome, type Outcome } from "./http-io";
import type { FaultSpec, StatusFault } from "./types";

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
    return jsonOutcome(
        fault.status,
        failureEnvelope([{ code: fault.errorCode ?? fallback.code, message: fault.message ?? fallback.message }]),
        headers,
    );
}

/** The page Cloudflare's edge serves when the API origin fails. */
export function edgeErrorPage(status: number): string {
    const title = `${status} ${STATUS_CODES[status] ?? "Error"}`;
    return `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n<hr><center>cloudflare</center>\r\n</body>\r\n</html>\r\n`;
}

/** A success envelope cut off mid-value, as when a proxy truncates the body. */
export const TRUNCATED_JSON = '{"success":true,"errors":[],"messages":[],"result":{"hostname":"app.exa';

/**
 * The outcome for a fault, or "proceed" for a `latency` fault (the caller
 * waits `ms` and then handles the request normally).
 */
export function faultOutcome(fault: FaultSpec, rateHeaders: Record<string, string>): Outcome | { kind: "proceed"; extraDelayMs: number } {
    switch (fault.kind) {
        case "status":
            return statusOutcome(fault, rateHeaders);
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
