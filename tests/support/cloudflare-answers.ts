/**
 * Cloudflare's answers about zones, routes, missing associations and credentials, as data: the
 * rows of issue 10 §1 and §2, each with the exact body Cloudflare sends (error chains, missing
 * `messages` / `result` keys, HTML from a proxy), and what every reader must make of it. The
 * emulator cannot send most of these bodies, so a scripted loopback server answers each row's
 * hostname with its row's reply.
 *
 * The same rows drive the CLI suite and the provider-host suite, so neither can fall behind.
 */
import { expect } from "chai";

import { ScriptedServer, type ScriptedReply } from "./scripted-server";

export const ANSWERS_ZONE = "023e105f4ecef8ad9ca31a8372d0c353";

export type AnswerCredential = "token" | "key";

export interface AnswerRow {
    /** Also the first label of the row's hostname. */
    id: string;
    /** "404 / 1001 Invalid zone identifier": the answer, for test titles. */
    answer: string;
    /** The credential the request carries (the key rows are about X-Auth-Key / X-Auth-Email). */
    credential: AnswerCredential;
    reply: ScriptedReply;
    expect:
        | { outcome: "missing" }
        | {
              outcome: "error";
              errorName: string;
              /** Every pattern must match the message, whoever reads it. */
              message: RegExp[];
              /** The message names the credential's source and (unless "source") where to set one. */
              namesCredential?: "source" | "source-and-setting";
          };
    /** Also read with allowMissing / --allow-missing: the outcome must not change. */
    alsoWithAllowMissing?: boolean;
}

export function answerHostname(row: AnswerRow): string {
    return `${row.id}.answers.example.com`;
}

const envelopeFailure = (...errors: Array<Record<string, unknown>>): Record<string, unknown> => ({
    success: false,
    errors,
    messages: [],
    result: null,
});

export const ANSWER_ROWS: readonly AnswerRow[] = [
    // §1: what counts as "not found".
    {
        id: "no-association",
        answer: "404 / 1404 in Cloudflare's envelope (no zone, route or credential code)",
        credential: "token",
        reply: { status: 404, body: envelopeFailure({ code: 1404, message: "No hostname AOP association found" }) },
        expect: { outcome: "missing" },
    },
    {
        id: "zone-1001-404",
        answer: "404 / 1001 Invalid zone identifier",
        credential: "token",
        reply: { status: 404, body: envelopeFailure({ code: 1001, message: "Invalid zone identifier" }) },
        expect: {
            outcome: "error",
            errorName: "ZoneNotFoundError",
            message: [
                /HTTP 404: \[1001\] Invalid zone identifier/,
                /does not know zone 023e105f4ecef8ad9ca31a8372d0c353 at http:\/\/127\.0\.0\.1:\d+\/client\/v4/,
                /check the zone id in the dashboard/,
            ],
        },
        alsoWithAllowMissing: true,
    },
    {
        id: "zone-1001-400",
        answer: "400 / 1001 Invalid zone identifier",
        credential: "token",
        reply: { status: 400, body: envelopeFailure({ code: 1001, message: "Invalid zone identifier" }) },
        expect: {
            outcome: "error",
            errorName: "ZoneNotFoundError",
            message: [/HTTP 400: \[1001\] Invalid zone identifier/, /does not know zone 023e105f4ecef8ad9ca31a8372d0c353/],
        },
    },
    {
        id: "zone-1003-400",
        answer: "400 / 1003 Invalid or missing zone id",
        credential: "token",
        reply: { status: 400, body: envelopeFailure({ code: 1003, message: "Invalid or missing zone id." }) },
        expect: {
            outcome: "error",
            errorName: "ZoneNotFoundError",
            message: [/HTTP 400: \[1003\] Invalid or missing zone id\./, /check the zone id/],
        },
        alsoWithAllowMissing: true,
    },
    {
        id: "route-7003-7000-404",
        answer: "404 / 7003 Could not route to … + 7000 No route for that URI",
        credential: "token",
        reply: {
            status: 404,
            body: envelopeFailure(
                {
                    code: 7003,
                    message:
                        "Could not route to /client/v4/zones/023e105f4ecef8ad9ca31a8372d0c353/origin_tls_client_auth/hostnames, perhaps your object identifier is invalid?",
                },
                { code: 7000, message: "No route for that URI" },
            ),
        },
        expect: {
            outcome: "error",
            errorName: "RouteNotFoundError",
            message: [
                /\[7003\] Could not route to .*perhaps your object identifier is invalid\?; \[7000\] No route for that URI/,
                /the base URL does not end in \/client\/v4/,
            ],
        },
        alsoWithAllowMissing: true,
    },
    {
        id: "route-7003-400",
        answer: "400 / 7003 Could not route to …",
        credential: "token",
        reply: {
            status: 400,
            body: envelopeFailure({
                code: 7003,
                message: "Could not route to /client/v4/zones/x, perhaps your object identifier is invalid?",
            }),
        },
        expect: {
            outcome: "error",
            errorName: "RouteNotFoundError",
            message: [/HTTP 400: \[7003\]/, /zone id 023e105f4ecef8ad9ca31a8372d0c353 may be wrong/],
        },
    },
    {
        id: "proxy-html-404",
        answer: "404 with an HTML page from a proxy",
        credential: "token",
        reply: {
            status: 404,
            headers: { "content-type": "text/html" },
            body: "<html><head><title>404 Not Found</title></head><body>nginx</body></html>",
        },
        expect: {
            outcome: "error",
            errorName: "InvalidResponseError",
            message: [/HTTP 404/, /without Cloudflare's JSON envelope \(an HTML page \("404 Not Found"\)/],
        },
        alsoWithAllowMissing: true,
    },
    {
        id: "empty-404",
        answer: "404 with an empty body",
        credential: "token",
        reply: { status: 404, body: "" },
        expect: { outcome: "error", errorName: "InvalidResponseError", message: [/HTTP 404/, /an empty body/] },
        alsoWithAllowMissing: true,
    },
    {
        id: "other-json-404",
        answer: "404 with JSON that is not Cloudflare's envelope",
        credential: "token",
        reply: { status: 404, body: { message: "Not Found" } },
        expect: { outcome: "error", errorName: "InvalidResponseError", message: [/HTTP 404/, /JSON that is not a Cloudflare envelope/] },
    },
    {
        id: "codeless-404",
        answer: "404 in the envelope with no error code",
        credential: "token",
        reply: { status: 404, body: envelopeFailure() },
        expect: { outcome: "error", errorName: "InvalidResponseError", message: [/HTTP 404/, /carries no error code/] },
        alsoWithAllowMissing: true,
    },

    // §2: credential and permission answers.
    {
        id: "missing-credentials-9106",
        answer: "400 / 9106 Missing X-Auth-Key, X-Auth-Email or Authorization headers",
        credential: "token",
        reply: {
            status: 400,
            body: { success: false, errors: [{ code: 9106, message: "Missing X-Auth-Key, X-Auth-Email or Authorization headers" }] },
        },
        expect: {
            outcome: "error",
            errorName: "AuthenticationError",
            message: [/HTTP 400: \[9106\] Missing X-Auth-Key, X-Auth-Email or Authorization headers/, /received no credential/],
            namesCredential: "source-and-setting",
        },
    },
    {
        id: "malformed-token-6111",
        answer: "400 / 6003 Invalid request headers with error_chain 6111",
        credential: "token",
        reply: {
            status: 400,
            body: envelopeFailure({
                code: 6003,
                message: "Invalid request headers",
                error_chain: [{ code: 6111, message: "Invalid format for Authorization header" }],
            }),
        },
        expect: {
            outcome: "error",
            errorName: "AuthenticationError",
            message: [
                /\[6003\] Invalid request headers \(\[6111\] Invalid format for Authorization header\)/,
                /Global API key sent as a token/,
                /CLOUDFLARE_API_KEY \+ CLOUDFLARE_EMAIL/,
            ],
            namesCredential: "source-and-setting",
        },
    },
    {
        id: "malformed-key-6102-6103",
        answer: "400 / 6003 with 6102 and 6103 in the error chain",
        credential: "key",
        reply: {
            status: 400,
            body: envelopeFailure({
                code: 6003,
                message: "Invalid request headers",
                error_chain: [
                    { code: 6102, message: "Invalid format for X-Auth-Email header" },
                    { code: 6103, message: "Invalid format for X-Auth-Key header" },
                ],
            }),
        },
        expect: {
            outcome: "error",
            errorName: "AuthenticationError",
            message: [
                /\[6102\] Invalid format for X-Auth-Email header; \[6103\] Invalid format for X-Auth-Key header/,
                /both the email \(X-Auth-Email\) and the key \(X-Auth-Key\) are malformed/,
            ],
            namesCredential: "source",
        },
    },
    {
        id: "malformed-key-6103",
        answer: "400 / 6003 with 6103 alone in the error chain",
        credential: "key",
        reply: {
            status: 400,
            body: envelopeFailure({
                code: 6003,
                message: "Invalid request headers",
                error_chain: [{ code: 6103, message: "Invalid format for X-Auth-Key header" }],
            }),
        },
        expect: {
            outcome: "error",
            errorName: "AuthenticationError",
            message: [/the key \(X-Auth-Key\) is malformed/],
            namesCredential: "source",
        },
    },
    {
        id: "invalid-token-9109",
        answer: "403 / 9109 Invalid access token",
        credential: "token",
        reply: { status: 403, body: envelopeFailure({ code: 9109, message: "Invalid access token" }) },
        expect: {
            outcome: "error",
            errorName: "AuthenticationError",
            message: [/HTTP 403: \[9109\] Invalid access token/, /invalid, expired or revoked: create a new token/],
            namesCredential: "source-and-setting",
        },
    },
    {
        id: "token-location-9109",
        answer: "403 / 9109 Cannot use the access token from location",
        credential: "token",
        reply: { status: 403, body: envelopeFailure({ code: 9109, message: "Cannot use the access token from location: 198.51.100.7" }) },
        expect: {
            outcome: "error",
            errorName: "AuthenticationError",
            message: [/\[9109\] Cannot use the access token from location: 198\.51\.100\.7/, /Client IP Address Filtering/],
            namesCredential: "source",
        },
    },
    {
        id: "unknown-key-9103",
        answer: "403 / 9103 Unknown X-Auth-Key or X-Auth-Email",
        credential: "key",
        reply: { status: 403, body: envelopeFailure({ code: 9103, message: "Unknown X-Auth-Key or X-Auth-Email" }) },
        expect: {
            outcome: "error",
            errorName: "AuthenticationError",
            message: [/HTTP 403: \[9103\] Unknown X-Auth-Key or X-Auth-Email/, /does not know the Global API key and email/],
            namesCredential: "source",
        },
    },
    {
        id: "permission-10000",
        answer: "403 / 10000 Authentication error, without messages or result",
        credential: "token",
        reply: { status: 403, body: { success: false, errors: [{ code: 10000, message: "Authentication error" }] } },
        expect: {
            outcome: "error",
            errorName: "AuthenticationError",
            message: [
                /HTTP 403: \[10000\] Authentication error/,
                /Zone → SSL and Certificates → Read on zone 023e105f4ecef8ad9ca31a8372d0c353/,
            ],
            namesCredential: "source",
        },
        alsoWithAllowMissing: true,
    },
    {
        id: "not-accepted-401",
        answer: "401 / 10000 Authentication error",
        credential: "token",
        reply: { status: 401, body: envelopeFailure({ code: 10000, message: "Authentication error" }) },
        expect: {
            outcome: "error",
            errorName: "AuthenticationError",
            message: [/HTTP 401: \[10000\]/, /did not accept/],
            namesCredential: "source-and-setting",
        },
    },
    {
        id: "not-accepted-401-key",
        answer: "401 with a code of its own, for a key",
        credential: "key",
        reply: { status: 401, body: envelopeFailure({ code: 1234, message: "Unauthorized" }) },
        expect: {
            outcome: "error",
            errorName: "AuthenticationError",
            message: [/HTTP 401: \[1234\] Unauthorized/, /did not accept/],
            namesCredential: "source-and-setting",
        },
    },
];

/**
 * A scripted server that answers each row's hostname with the row's reply (after `delayMs`) and
 * anything else with a healthy status.
 */
export async function startAnswerServer(options: { delayMs?: number } = {}): Promise<ScriptedServer> {
    const server = await ScriptedServer.start();
    server.reply((request) => {
        const row = ANSWER_ROWS.find((r) => request.url.endsWith(`/hostnames/${answerHostname(r)}`));
        if (!row) return { status: 500, body: `no row for ${request.url}` };
        return { ...row.reply, delayMs: options.delayMs };
    });
    return server;
}

export function requestsFor(server: ScriptedServer, row: AnswerRow): number {
    return server.requests.filter((request) => request.url.endsWith(`/hostnames/${answerHostname(row)}`)).length;
}

/** The row's message patterns, whoever reads it. */
export function expectAnswerMessage(message: string, row: AnswerRow): void {
    if (row.expect.outcome !== "error") throw new Error(`${row.id} expects no error`);
    for (const pattern of row.expect.message) expect(message, row.answer).to.match(pattern);
    expect(message, `${row.answer}: names the target`).to.contain(`(zone ${ANSWERS_ZONE}, hostname ${answerHostname(row)})`);
    expect(message, `${row.answer}: no contradiction`).to.not.match(
        /has no per-hostname Authenticated Origin Pulls association.*(zone identifier|route)/i,
    );
}
