/**
 * The classification rule, row by row: every answer Cloudflare (or something in front of it)
 * can give lands in exactly one bucket, with the right retryability. The bodies are the ones
 * Cloudflare really sends, as quoted in public issues (see provider/classify.ts).
 */
import { expect } from "chai";

import { classifyResponse, type Bucket } from "../../provider/classify";

const fail = (...errors: Array<Record<string, unknown>>): string => JSON.stringify({ success: false, errors, messages: [], result: null });
const error = (code: number, message: string, chain?: Array<{ code: number; message: string }>): Record<string, unknown> =>
    chain ? { code, message, error_chain: chain } : { code, message };

interface Row {
    title: string;
    status: number;
    body: string;
    headers?: Record<string, string>;
    expect: { kind: Bucket["kind"]; reason?: string; retryable: boolean; retryAfterSeconds?: number; problem?: RegExp };
}

const ROWS: Row[] = [
    // The not-found rule.
    {
        title: "a 404 in the envelope with a code that names no zone, route or credential problem is not-found",
        status: 404,
        body: fail(error(1404, "No hostname AOP association found for app.example.com")),
        expect: { kind: "not-found", retryable: false },
    },
    {
        title: "a 404 with 1001 Invalid zone identifier is a zone error",
        status: 404,
        body: fail(error(1001, "Invalid zone identifier")),
        expect: { kind: "zone", retryable: false },
    },
    {
        title: "a 400 with 1001 Invalid zone identifier is a zone error",
        status: 400,
        body: fail(error(1001, "Invalid zone identifier")),
        expect: { kind: "zone", retryable: false },
    },
    {
        title: "a 400 with 1003 Invalid or missing zone id is a zone error",
        status: 400,
        body: fail(error(1003, "Invalid or missing zone id.")),
        expect: { kind: "zone", retryable: false },
    },
    ...[1006, 1008, 1010, 1011].map((code): Row => ({
        title: `a 404 with ${code}, a kin of the zone-identifier codes, is a zone error`,
        status: 404,
        body: fail(error(code, "Invalid or missing zone")),
        expect: { kind: "zone", retryable: false },
    })),
    {
        title: "a 404 with 7003 and 7000 (a wrong zone id in the path, or a base URL without /client/v4) is a route error",
        status: 404,
        body: fail(
            error(
                7003,
                "Could not route to /client/v4/zones/example.com/origin_tls_client_auth/hostnames/a, perhaps your object identifier is invalid?",
            ),
            error(7000, "No route for that URI"),
        ),
        expect: { kind: "route", retryable: false },
    },
    {
        title: "a 400 with 7003 alone is a route error",
        status: 400,
        body: fail(error(7003, "Could not route to /v4/zones/x, perhaps your object identifier is invalid?")),
        expect: { kind: "route", retryable: false },
    },
    {
        title: "a 404 with 7000 alone is a route error",
        status: 404,
        body: fail(error(7000, "No route for that URI")),
        expect: { kind: "route", retryable: false },
    },
    {
        title: "a 404 whose message says Invalid zone identifier under a code we do not know is still a zone error",
        status: 404,
        body: fail(error(99999, "Invalid zone identifier")),
        expect: { kind: "zone", retryable: false },
    },
    {
        title: "a 404 carrying a route code next to another code is a route error, not not-found",
        status: 404,
        body: fail(error(1404, "No association"), error(7003, "Could not route to /zones/x")),
        expect: { kind: "route", retryable: false },
    },
    {
        title: "a 404 HTML page from a proxy is an invalid response, not not-found",
        status: 404,
        body: "<html><head><title>404 Not Found</title></head><body>nginx</body></html>",
        headers: { "content-type": "text/html" },
        expect: {
            kind: "invalid-response",
            retryable: false,
            problem: /404 without Cloudflare's JSON envelope \(an HTML page \("404 Not Found"\)/,
        },
    },
    {
        title: "a 404 with an empty body is an invalid response",
        status: 404,
        body: "",
        expect: { kind: "invalid-response", retryable: false, problem: /an empty body/ },
    },
    {
        title: "a 404 with JSON that is not an envelope is an invalid response",
        status: 404,
        body: JSON.stringify({ error: "not found" }),
        expect: { kind: "invalid-response", retryable: false, problem: /JSON that is not a Cloudflare envelope/ },
    },
    {
        title: "a 404 envelope with no error code is an invalid response",
        status: 404,
        body: JSON.stringify({ success: false, errors: [], messages: [], result: null }),
        expect: { kind: "invalid-response", retryable: false, problem: /carries no error code/ },
    },
    {
        title: "a 404 envelope with success: true is an invalid response",
        status: 404,
        body: JSON.stringify({ success: true, errors: [], messages: [], result: { status: "active" } }),
        expect: { kind: "invalid-response", retryable: false, problem: /carries no error code/ },
    },

    // Credentials and permissions, as Cloudflare sends them.
    {
        title: "400 / 9106 is missing-credentials",
        status: 400,
        body: JSON.stringify({ success: false, errors: [error(9106, "Missing X-Auth-Key, X-Auth-Email or Authorization headers")] }),
        expect: { kind: "auth", reason: "missing-credentials", retryable: false },
    },
    {
        title: "400 / 6003 with 6111 in the error chain is malformed-token",
        status: 400,
        body: fail(error(6003, "Invalid request headers", [{ code: 6111, message: "Invalid format for Authorization header" }])),
        expect: { kind: "auth", reason: "malformed-token", retryable: false },
    },
    {
        title: "400 / 6003 with 6103 in the chain is malformed-key",
        status: 400,
        body: fail(error(6003, "Invalid request headers", [{ code: 6103, message: "Invalid format for X-Auth-Key header" }])),
        expect: { kind: "auth", reason: "malformed-key", retryable: false },
    },
    {
        title: "400 / 6003 with 6102 and 6103 both in the chain is malformed-key",
        status: 400,
        body: fail(
            error(6003, "Invalid request headers", [
                { code: 6102, message: "Invalid format for X-Auth-Email header" },
                { code: 6103, message: "Invalid format for X-Auth-Key header" },
            ]),
        ),
        expect: { kind: "auth", reason: "malformed-key", retryable: false },
    },
    {
        title: "400 / 6003 without a chain we know is invalid-headers",
        status: 400,
        body: fail(error(6003, "Invalid request headers")),
        expect: { kind: "auth", reason: "invalid-headers", retryable: false },
    },
    {
        title: "403 / 9109 Invalid access token is invalid-token",
        status: 403,
        body: fail(error(9109, "Invalid access token")),
        expect: { kind: "auth", reason: "invalid-token", retryable: false },
    },
    {
        title: "403 / 9109 Cannot use the access token from location is token-location",
        status: 403,
        body: fail(error(9109, "Cannot use the access token from location: 203.0.113.9")),
        expect: { kind: "auth", reason: "token-location", retryable: false },
    },
    {
        title: "403 / 9103 Unknown X-Auth-Key or X-Auth-Email is unknown-key",
        status: 403,
        body: fail(error(9103, "Unknown X-Auth-Key or X-Auth-Email")),
        expect: { kind: "auth", reason: "unknown-key", retryable: false },
    },
    {
        title: "403 / 10000 Authentication error is permission-denied",
        status: 403,
        body: fail(error(10000, "Authentication error")),
        expect: { kind: "auth", reason: "permission-denied", retryable: false },
    },
    {
        title: "403 / 10000 with no messages or result keys is still Cloudflare's envelope, and permission-denied",
        status: 403,
        body: JSON.stringify({ success: false, errors: [error(10000, "Authentication error")] }),
        expect: { kind: "auth", reason: "permission-denied", retryable: false },
    },
    {
        title: "401 with 10000 is not-accepted: any 401 is about the credential itself",
        status: 401,
        body: fail(error(10000, "Authentication error")),
        expect: { kind: "auth", reason: "not-accepted", retryable: false },
    },
    {
        title: "401 with a code we do not know is not-accepted",
        status: 401,
        body: fail(error(12345, "Nope")),
        expect: { kind: "auth", reason: "not-accepted", retryable: false },
    },
    {
        title: "403 with a code we do not know is forbidden",
        status: 403,
        body: fail(error(12345, "Forbidden")),
        expect: { kind: "auth", reason: "forbidden", retryable: false },
    },
    {
        title: "a 404 carrying an authentication code is an authentication error, not not-found",
        status: 404,
        body: fail(error(10000, "Authentication error")),
        expect: { kind: "auth", reason: "permission-denied", retryable: false },
    },

    // Everything else.
    {
        title: "a 200 envelope with success: true is the result",
        status: 200,
        body: JSON.stringify({
            success: true,
            errors: [],
            messages: [],
            result: { status: "active" },
            result_info: { page: 1, total_pages: 3 },
        }),
        expect: { kind: "result", retryable: false },
    },
    {
        title: "a 200 envelope with success: false is an API error, not retried",
        status: 200,
        body: fail(error(1000, "An unknown error has occurred")),
        expect: { kind: "api-error", retryable: false },
    },
    {
        title: "a 429 is rate-limited, retryable, with Retry-After",
        status: 429,
        body: fail(error(971, "Please wait and consider throttling your request speed")),
        headers: { "retry-after": "7" },
        expect: { kind: "rate-limited", retryable: true, retryAfterSeconds: 7 },
    },
    {
        title: "a 429 HTML page is still rate-limited",
        status: 429,
        body: "<html><title>429 Too Many Requests</title></html>",
        expect: { kind: "rate-limited", retryable: true },
    },
    ...[500, 502, 503, 504].map((status): Row => ({
        title: `a ${status} envelope is a retryable API error`,
        status,
        body: fail(error(1000, "busy")),
        expect: { kind: "api-error", retryable: true },
    })),
    {
        title: "a 502 HTML page is a retryable invalid response",
        status: 502,
        body: "<html><head><title>502 Bad Gateway</title></head></html>",
        expect: { kind: "invalid-response", retryable: true, problem: /an HTML page \("502 Bad Gateway"\)/ },
    },
    {
        title: "a 200 with invalid JSON is an invalid response, not retried",
        status: 200,
        body: '{"success": tru',
        expect: { kind: "invalid-response", retryable: false, problem: /not valid JSON/ },
    },
    {
        title: "a 200 with JSON that is not an envelope is an invalid response",
        status: 200,
        body: "[1,2,3]",
        expect: { kind: "invalid-response", retryable: false, problem: /not a Cloudflare envelope/ },
    },
    {
        title: "a 400 with a code we do not know is an API error, not retried",
        status: 400,
        body: fail(error(1004, "Something odd")),
        expect: { kind: "api-error", retryable: false },
    },
    ...[408, 409].map((status): Row => ({
        title: `a ${status} is a retryable API error`,
        status,
        body: fail(error(1000, "again")),
        expect: { kind: "api-error", retryable: true },
    })),
];

describe("classifying Cloudflare's answers", () => {
    for (const row of ROWS) {
        it(row.title, () => {
            const classification = classifyResponse({ status: row.status, headers: row.headers ?? {}, body: row.body }, 0);
            expect(classification.kind).to.equal(row.expect.kind);
            expect(classification.retryable, "retryable").to.equal(row.expect.retryable);
            if (row.expect.reason !== undefined) expect(classification).to.include({ reason: row.expect.reason });
            if (row.expect.retryAfterSeconds !== undefined) expect(classification.retryAfterSeconds).to.equal(row.expect.retryAfterSeconds);
            if (row.expect.problem !== undefined) {
                expect(classification.kind === "invalid-response" && classification.problem).to.match(row.expect.problem);
            }
        });
    }

    it("keeps error_chain entries under their error, so messages can quote the cause", () => {
        const classification = classifyResponse(
            {
                status: 400,
                headers: {},
                body: fail(error(6003, "Invalid request headers", [{ code: 6111, message: "Invalid format for Authorization header" }])),
            },
            0,
        );
        expect(classification.kind === "auth" && classification.errors).to.deep.equal([
            {
                code: 6003,
                message: "Invalid request headers",
                errorChain: [{ code: 6111, message: "Invalid format for Authorization header" }],
            },
        ]);
    });

    it("returns result_info with the result", () => {
        const classification = classifyResponse(
            {
                status: 200,
                headers: {},
                body: JSON.stringify({
                    success: true,
                    errors: [],
                    result: [],
                    result_info: { page: 2, per_page: 50, total_pages: 3, count: 50 },
                }),
            },
            0,
        );
        expect(classification.kind === "result" && classification.resultInfo).to.deep.equal({
            page: 2,
            perPage: 50,
            totalPages: 3,
            count: 50,
        });
    });

    it("bounds how much of a hostile error message it keeps", () => {
        const classification = classifyResponse(
            { status: 400, headers: {}, body: fail(...Array.from({ length: 500 }, () => error(1, "x".repeat(100_000)))) },
            0,
        );
        if (classification.kind !== "api-error") throw new Error(`expected api-error, got ${classification.kind}`);
        expect(classification.errors).to.have.length(20);
        expect(classification.errors[0].message.length).to.be.at.most(301);
    });
});
