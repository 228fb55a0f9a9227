/**
 * Which bucket one answer from Cloudflare lands in. Pure: status, headers and body text in, a
 * classification (as data, with retryability) out; interpret.ts turns it into a typed error.
 *
 * The not-found rule. No public documentation says what Cloudflare returns for a hostname
 * without a per-hostname association, and a zone or route problem also comes as a 404, so:
 *
 *   only a 404 WITH Cloudflare's JSON envelope (`success: false`) whose error codes (error
 *   chains included) name at least one code, and no zone, route or authentication code, means
 *   "this hostname has no association" (`not-found`).
 *
 * Everything else that looks like "not there" is an error, never "missing":
 * - a zone code (1001 "Invalid zone identifier", 1003 "Invalid or missing zone id" and kin) on a
 *   4xx → `zone`; a route code (7000 "No route for that URI", 7003 "Could not route to …,
 *   perhaps your object identifier is invalid?") → `route`. Both are configuration errors;
 * - a 404 without the envelope (an HTML page from a proxy, an empty body, JSON of another
 *   shape), or with an envelope that carries no error code → `invalid-response`.
 *
 * Credential answers, as Cloudflare really sends them (see README "Troubleshooting"):
 *   400 / 9106                       → auth, missing-credentials
 *   400 / 6003, chain 6111           → auth, malformed-token
 *   400 / 6003, chain 6102 and/or 6103 → auth, malformed-key
 *   403 / 9109 "Invalid access token" → auth, invalid-token
 *   403 / 9109 "Cannot use the access token from location: …" → auth, token-location
 *   403 / 9103                       → auth, unknown-key
 *   403 / 10000 (messages/result may be absent) → auth, permission-denied (this zone only)
 *   401 / any code                   → auth, not-accepted
 *   403 / any other code             → auth, forbidden
 *
 * Sources for the codes (public answers quoted in issues): 1001 on a 400 in
 * cloudflare/terraform-provider-cloudflare#192; 1003 "Invalid or missing zone id." in the test
 * suites of several Cloudflare clients; 1006/1008/1010/1011 "Invalid or missing zone (id)" /
 * "Invalid Zone" in the old api.cloudflare.com code list (copied in
 * wp-api-libraries/wp-cloudflare-api); 7003 + 7000 in lukesUbuntu/cloudflare-api#4 and
 * timothymiller/cloudflare-ddns#152; 6003/6111 in jeessy2/ddns-go#916; 6003/6103 in
 * cloudflare/cloudflare-typescript#161 and 6102 + 6103 together in openwrt/packages#15714;
 * 9109 "Cannot use the access token from location" in jeessy2/ddns-go#1341; 9106 in
 * cloudflare/cloudflare-python#2678; 10000 without `messages`/`result` in
 * Curetix/mailflare-extension#20. Codes are reused across endpoint families (1001 also means
 * "List accounts endpoint does not support account owned tokens", edgefirst-dev/starter#3), so
 * a zone code only makes a ZoneNotFoundError where the request names a zone (interpret.ts).
 */
import { cloudflareCodes, type AuthenticationReason, type CloudflareMessage } from "./errors";
import { isRetryableStatus, parseBody, parseRetryAfter, type ResultInfo } from "./envelope";

export interface RawResponse {
    status: number;
    headers: Readonly<Record<string, string | undefined>>;
    body: string;
}

export type Bucket =
    | { kind: "result"; result: unknown; resultInfo: ResultInfo | null }
    /** The hostname has no association: a 404 in the envelope with codes, none of them zone, route or auth. */
    | { kind: "not-found"; errors: CloudflareMessage[] }
    /** Cloudflare does not know the zone (1001, 1003 and kin). */
    | { kind: "zone"; errors: CloudflareMessage[] }
    /** Cloudflare has no route for the path (7000, 7003): a bad zone id in the path, or a wrong base path. */
    | { kind: "route"; errors: CloudflareMessage[] }
    | { kind: "auth"; reason: AuthenticationReason; errors: CloudflareMessage[] }
    | { kind: "rate-limited"; errors: CloudflareMessage[] }
    /** Not Cloudflare's envelope where one was needed; `problem` says what came instead. */
    | { kind: "invalid-response"; problem: string }
    /** Any other error answer; `successFalse` when the status was 2xx but `success` was false. */
    | { kind: "api-error"; errors: CloudflareMessage[]; successFalse: boolean };

export type Classification = Bucket & {
    status: number;
    retryable: boolean;
    retryAfterSeconds: number | null;
};

/** Codes that say the zone id is wrong. */
export const ZONE_CODES: ReadonlySet<number> = new Set([1001, 1003, 1006, 1008, 1010, 1011]);
/** Codes that say there is no such route. */
export const ROUTE_CODES: ReadonlySet<number> = new Set([7000, 7003]);
/** Codes about the credential; error chains included (6003 carries 6102, 6103, 6111). */
export const AUTH_CODES: ReadonlySet<number> = new Set([6003, 6102, 6103, 6111, 9103, 9106, 9109, 10000, 10001]);

/** A backstop for answers that state the problem without a code we know. */
const ZONE_MESSAGE = /\binvalid zone identifier\b|\binvalid or missing zone\b/i;
const ROUTE_MESSAGE = /\bcould not route to\b|\bno route for (that|the) uri\b/i;
const LOCATION_MESSAGE = /cannot use the access token from location/i;

function allMessages(errors: readonly CloudflareMessage[]): CloudflareMessage[] {
    return errors.flatMap((e) => [e, ...allMessages(e.errorChain ?? [])]);
}

function authReason(status: number, errors: readonly CloudflareMessage[], codes: readonly number[]): AuthenticationReason | null {
    const has = (code: number): boolean => codes.includes(code);
    if (status === 401) return "not-accepted";
    if (has(9106)) return "missing-credentials";
    if (has(6111)) return "malformed-token";
    if (has(6102) || has(6103)) return "malformed-key";
    if (has(6003)) return "invalid-headers";
    if (has(9109)) {
        const fromLocation = allMessages(errors).some((e) => e.code === 9109 && LOCATION_MESSAGE.test(e.message));
        return fromLocation ? "token-location" : "invalid-token";
    }
    if (has(9103)) return "unknown-key";
    if (has(10000)) return "permission-denied";
    if (status === 403) return "forbidden";
    if (has(10001)) return "not-accepted";
    return null;
}

/**
 * Classifies one response. See the module comment for the rules; README "Troubleshooting" has
 * the same table for users.
 */
export function classifyResponse(response: RawResponse, now: number = Date.now()): Classification {
    const { status, headers, body } = response;
    const retryAfterSeconds = parseRetryAfter(headers["retry-after"], now);
    const done = (bucket: Bucket, retryable: boolean): Classification => ({ ...bucket, status, retryable, retryAfterSeconds });
    const parsed = parseBody(body, headers["content-type"]);
    const errors = parsed.kind === "envelope" ? parsed.envelope.errors : [];

    if (status === 429) return done({ kind: "rate-limited", errors }, true);

    if (parsed.kind !== "envelope") {
        const what = parsed.kind === "not-json" ? parsed.description : 'JSON that is not a Cloudflare envelope (no boolean "success")';
        if (status === 404) {
            return done(
                {
                    kind: "invalid-response",
                    problem: `a 404 without Cloudflare's JSON envelope (${what}); it did not come from Cloudflare's API, so it says nothing about the hostname: check the base URL and any proxy in between`,
                },
                false,
            );
        }
        const problem = parsed.kind === "not-json" ? what : 'the JSON body is not a Cloudflare envelope (no boolean "success")';
        return done({ kind: "invalid-response", problem }, status >= 200 && status < 300 ? false : isRetryableStatus(status));
    }

    const { envelope } = parsed;
    const failed = status < 200 || status >= 300 || !envelope.success;
    if (!failed) return done({ kind: "result", result: envelope.result, resultInfo: envelope.resultInfo }, false);

    // Server errors are retried whatever their body says; the codes below are about the request.
    if (status >= 500) return done({ kind: "api-error", errors, successFalse: false }, true);

    const codes = cloudflareCodes(errors);
    const reason =
        status === 401 || status === 403 || codes.some((code) => AUTH_CODES.has(code)) ? authReason(status, errors, codes) : null;
    if (reason !== null) return done({ kind: "auth", reason, errors }, false);

    const messages = allMessages(errors);
    if (codes.some((code) => ZONE_CODES.has(code)) || messages.some((e) => ZONE_MESSAGE.test(e.message))) {
        return done({ kind: "zone", errors }, false);
    }
    if (codes.some((code) => ROUTE_CODES.has(code)) || messages.some((e) => ROUTE_MESSAGE.test(e.message))) {
        return done({ kind: "route", errors }, false);
    }

    if (status === 404) {
        if (envelope.success || codes.length === 0) {
            return done(
                {
                    kind: "invalid-response",
                    problem:
                        "a 404 whose envelope carries no error code, so it cannot be told apart from a wrong zone or route; " +
                        "check the zone id and the base URL",
                },
                false,
            );
        }
        return done({ kind: "not-found", errors }, false);
    }
    const successFalse = status >= 200 && status < 300;
    return done({ kind: "api-error", errors, successFalse }, successFalse ? false : isRetryableStatus(status));
}
