/**
 * What each classified answer becomes: the typed error, its `reason`, and a message that quotes
 * Cloudflare's codes, names the credential's source and gives the fix in the reader's own terms
 * (stack config and environment for the provider; the environment only for the CLI).
 */
import { expect } from "chai";

import { cliSettingNames, providerSettingNames } from "../../provider/credentials";
import { interpretResponse, type CredentialDescription, type ResponseContext } from "../../provider/interpret";
import {
    AuthenticationError,
    CloudflareApiError,
    InvalidResponseError,
    isZoneOrRouteError,
    NotFoundError,
    RouteNotFoundError,
    ZoneNotFoundError,
    type CloudflareError,
} from "../../provider/errors";
import { redactorFor } from "../../provider/redaction";

const ZONE = "023e105f4ecef8ad9ca31a8372d0c353";
const HOST = "app.example.com";
const BASE = "https://api.cloudflare.com/client/v4";
const fail = (...errors: Array<Record<string, unknown>>): string => JSON.stringify({ success: false, errors, messages: [], result: null });

const PROVIDER_TOKEN: CredentialDescription = { kind: "token", source: "stack config cloudflare:apiToken", names: providerSettingNames() };
const PROVIDER_KEY: CredentialDescription = {
    kind: "key",
    source: "stack config cloudflare:apiKey and cloudflare:email",
    names: providerSettingNames(),
};
const CLI_TOKEN: CredentialDescription = { kind: "token", source: "environment variable CLOUDFLARE_API_TOKEN", names: cliSettingNames() };
const CLI_KEY: CredentialDescription = {
    kind: "key",
    source: "environment variables CLOUDFLARE_API_KEY and CLOUDFLARE_EMAIL",
    names: cliSettingNames(),
};

function failureOf(status: number, body: string, credential: CredentialDescription, extra: Partial<ResponseContext> = {}): CloudflareError {
    const outcome = interpretResponse(
        { status, headers: {}, body },
        { target: { zoneId: ZONE, hostname: HOST }, credential, baseUrl: BASE, ...extra },
    );
    if (outcome.kind !== "failure") throw new Error("expected a failure");
    return outcome.error;
}

interface AuthRow {
    title: string;
    status: number;
    body: string;
    credential: "token" | "key";
    reason: string;
    /** Both worlds. */
    says: RegExp[];
    /** The provider's message names these settings… */
    provider: string[];
    /** …the CLI's these, and never `pulumi config`. */
    cli: string[];
}

const AUTH_ROWS: AuthRow[] = [
    {
        title: "400 / 9106: no credential reached Cloudflare",
        status: 400,
        body: JSON.stringify({
            success: false,
            errors: [{ code: 9106, message: "Missing X-Auth-Key, X-Auth-Email or Authorization headers" }],
        }),
        credential: "token",
        reason: "missing-credentials",
        says: [/HTTP 400: \[9106\] Missing X-Auth-Key, X-Auth-Email or Authorization headers/, /received no credential/, /proxy/],
        provider: ["pulumi config set --secret cloudflare:apiToken <token>", "CLOUDFLARE_API_TOKEN"],
        cli: ["CLOUDFLARE_API_TOKEN"],
    },
    {
        title: "400 / 6003 with 6111: a malformed token, often a Global API key sent as a token",
        status: 400,
        body: fail({
            code: 6003,
            message: "Invalid request headers",
            error_chain: [{ code: 6111, message: "Invalid format for Authorization header" }],
        }),
        credential: "token",
        reason: "malformed-token",
        says: [/\[6003\] Invalid request headers \(\[6111\] Invalid format for Authorization header\)/, /Global API key sent as a token/],
        provider: ["cloudflare:apiKey + cloudflare:email", "CLOUDFLARE_API_KEY + CLOUDFLARE_EMAIL", "cloudflare:apiToken"],
        cli: ["CLOUDFLARE_API_KEY + CLOUDFLARE_EMAIL", "CLOUDFLARE_API_TOKEN"],
    },
    {
        title: "400 / 6003 with 6103: a malformed key",
        status: 400,
        body: fail({
            code: 6003,
            message: "Invalid request headers",
            error_chain: [{ code: 6103, message: "Invalid format for X-Auth-Key header" }],
        }),
        credential: "key",
        reason: "malformed-key",
        says: [/\[6103\] Invalid format for X-Auth-Key header/, /the key \(X-Auth-Key\) is malformed/],
        provider: ["stack config cloudflare:apiKey and cloudflare:email"],
        cli: ["environment variables CLOUDFLARE_API_KEY and CLOUDFLARE_EMAIL"],
    },
    {
        title: "400 / 6003 with 6102 and 6103: both the email and the key are malformed",
        status: 400,
        body: fail({
            code: 6003,
            message: "Invalid request headers",
            error_chain: [
                { code: 6102, message: "Invalid format for X-Auth-Email header" },
                { code: 6103, message: "Invalid format for X-Auth-Key header" },
            ],
        }),
        credential: "key",
        reason: "malformed-key",
        says: [
            /\[6102\] Invalid format for X-Auth-Email header; \[6103\]/,
            /both the email \(X-Auth-Email\) and the key \(X-Auth-Key\) are malformed/,
        ],
        provider: ["cloudflare:apiKey"],
        cli: ["CLOUDFLARE_API_KEY"],
    },
    {
        title: "403 / 9109 Invalid access token: revoked, expired or wrong",
        status: 403,
        body: fail({ code: 9109, message: "Invalid access token" }),
        credential: "token",
        reason: "invalid-token",
        says: [
            /HTTP 403: \[9109\] Invalid access token/,
            /invalid, expired or revoked: create a new token with Zone → SSL and Certificates → Read/,
        ],
        provider: ["pulumi config set --secret cloudflare:apiToken <token>", "CLOUDFLARE_API_TOKEN"],
        cli: ["CLOUDFLARE_API_TOKEN"],
    },
    {
        title: "403 / 9109 Cannot use the access token from location: an IP-restricted token",
        status: 403,
        body: fail({ code: 9109, message: "Cannot use the access token from location: 203.0.113.9" }),
        credential: "token",
        reason: "token-location",
        says: [/\[9109\] Cannot use the access token from location: 203\.0\.113\.9/, /Client IP Address Filtering/],
        provider: ["stack config cloudflare:apiToken"],
        cli: ["environment variable CLOUDFLARE_API_TOKEN"],
    },
    {
        title: "403 / 9103: unknown key or email",
        status: 403,
        body: fail({ code: 9103, message: "Unknown X-Auth-Key or X-Auth-Email" }),
        credential: "key",
        reason: "unknown-key",
        says: [/\[9103\] Unknown X-Auth-Key or X-Auth-Email/, /does not know the Global API key and email/],
        provider: ["stack config cloudflare:apiKey and cloudflare:email", "cloudflare:apiToken"],
        cli: ["environment variables CLOUDFLARE_API_KEY and CLOUDFLARE_EMAIL", "CLOUDFLARE_API_TOKEN"],
    },
    {
        title: "403 / 10000 without messages or result: a valid credential without the permission for this zone",
        status: 403,
        body: JSON.stringify({ success: false, errors: [{ code: 10000, message: "Authentication error" }] }),
        credential: "token",
        reason: "permission-denied",
        says: [/\[10000\] Authentication error/, new RegExp(`give it Zone → SSL and Certificates → Read on zone ${ZONE}`)],
        provider: ["stack config cloudflare:apiToken"],
        cli: ["environment variable CLOUDFLARE_API_TOKEN"],
    },
    {
        title: "401 with any code: the credential was not accepted",
        status: 401,
        body: fail({ code: 10000, message: "Authentication error" }),
        credential: "key",
        reason: "not-accepted",
        says: [/HTTP 401: \[10000\] Authentication error/, /did not accept/, /check the token \(or the key and email\)/],
        provider: ["cloudflare:apiKey + cloudflare:email", "CLOUDFLARE_API_KEY + CLOUDFLARE_EMAIL"],
        cli: ["CLOUDFLARE_API_KEY + CLOUDFLARE_EMAIL"],
    },
];

describe("interpreting credential and permission answers", () => {
    for (const row of AUTH_ROWS) {
        for (const [world, credential, settings] of [
            ["the provider", row.credential === "token" ? PROVIDER_TOKEN : PROVIDER_KEY, row.provider],
            ["the CLI", row.credential === "token" ? CLI_TOKEN : CLI_KEY, row.cli],
        ] as const) {
            it(`${row.title}: AuthenticationError (${row.reason}) whose message fits ${world}`, () => {
                const error = failureOf(row.status, row.body, credential);
                expect(error).to.be.instanceOf(AuthenticationError);
                expect(error).to.include({ reason: row.reason, credentialSource: credential.source });
                for (const pattern of row.says) expect(error.message).to.match(pattern);
                for (const setting of settings) expect(error.message).to.contain(setting);
                expect(error.message).to.contain(`(zone ${ZONE}, hostname ${HOST})`);
                if (world === "the CLI") expect(error.message).to.not.match(/pulumi config|cloudflare:api/);
                expect(error.message.split("\n").length, "one or two lines").to.be.at.most(2);
            });
        }
    }
});

describe("interpreting zone, route and not-found answers", () => {
    it("makes a 404 / 1001 a ZoneNotFoundError naming the zone id, the base URL and the fix, never NotFoundError", () => {
        const error = failureOf(404, fail({ code: 1001, message: "Invalid zone identifier" }), PROVIDER_TOKEN);
        expect(error).to.be.instanceOf(ZoneNotFoundError);
        expect(isZoneOrRouteError(error)).to.equal(true);
        expect(error).to.not.be.instanceOf(NotFoundError);
        expect(error.message)
            .to.contain("HTTP 404: [1001] Invalid zone identifier")
            .and.contain(`does not know zone ${ZONE} at ${BASE}`)
            .and.contain("check the zone id in the dashboard")
            .and.contain("ends in /client/v4 (cloudflare:baseUrl or CLOUDFLARE_BASE_URL)");
        expect(error.message).to.not.match(/no per-hostname|allowMissing/);
    });

    it("makes a 400 / 1003 a ZoneNotFoundError", () => {
        expect(failureOf(400, fail({ code: 1003, message: "Invalid or missing zone id." }), PROVIDER_TOKEN)).to.be.instanceOf(
            ZoneNotFoundError,
        );
    });

    it("makes 7003 / 7000 a RouteNotFoundError that names --base-url and the variable in the CLI", () => {
        const error = failureOf(
            404,
            fail(
                { code: 7003, message: "Could not route to /client/v4/zones/x, perhaps your object identifier is invalid?" },
                { code: 7000, message: "No route for that URI" },
            ),
            CLI_TOKEN,
            { baseUrl: "http://127.0.0.1:8787/v4" },
        );
        expect(error).to.be.instanceOf(RouteNotFoundError);
        expect(error.message)
            .to.contain("[7003] Could not route to")
            .and.contain("[7000] No route for that URI")
            .and.contain(`the zone id ${ZONE} may be wrong`)
            .and.contain("http://127.0.0.1:8787/v4")
            .and.contain("does not end in /client/v4 (--base-url or CLOUDFLARE_BASE_URL)");
        expect(error.message).to.not.contain("cloudflare:baseUrl");
    });

    it("keeps a zone code on a request that names no zone a plain API error: codes are reused across endpoints", () => {
        const outcome = interpretResponse(
            {
                status: 400,
                headers: {},
                body: fail({ code: 1001, message: "List accounts endpoint does not support account owned tokens." }),
            },
            { target: {}, credential: PROVIDER_TOKEN, baseUrl: BASE },
        );
        expect(outcome.kind === "failure" && outcome.error)
            .to.be.instanceOf(CloudflareApiError)
            .and.not.be.instanceOf(ZoneNotFoundError);
    });

    it("makes a hostname 404 a NotFoundError that quotes Cloudflare and does not contradict itself", () => {
        const error = failureOf(
            404,
            fail({ code: 1404, message: "No hostname AOP association found for app.example.com" }),
            PROVIDER_TOKEN,
        );
        expect(error).to.be.instanceOf(NotFoundError);
        expect(error.message)
            .to.contain("HTTP 404: [1404] No hostname AOP association found for app.example.com")
            .and.contain("no per-hostname Authenticated Origin Pulls association")
            .and.contain("allowMissing: true");
        expect(error.message).to.not.match(/zone identifier|check the zone id/i);
    });

    it("makes a 404 without the envelope an InvalidResponseError, never NotFoundError", () => {
        const error = failureOf(404, "<html><title>404 Not Found</title></html>", PROVIDER_TOKEN);
        expect(error).to.be.instanceOf(InvalidResponseError);
        expect(error.message).to.contain("HTTP 404").and.contain("without Cloudflare's JSON envelope");
    });
});

describe("scrubbing the credential from response text", () => {
    const SECRET = "leaked-token-0123456789abcdef";
    const redact = redactorFor([SECRET]);

    function expectScrubbed(error: CloudflareError): void {
        expect(error.message).to.not.contain(SECRET);
        expect(error.message).to.contain("[redacted]");
        expect(error.stack).to.not.contain(SECRET);
    }

    it("scrubs an echoed Authorization value from Cloudflare's messages and error chains", () => {
        const body = fail({ code: 6003, message: `Bad header Bearer ${SECRET}`, error_chain: [{ code: 6111, message: `got ${SECRET}` }] });
        expectScrubbed(failureOf(400, body, PROVIDER_TOKEN, { redact }));
    });

    it("scrubs it from an HTML title and from a body preview", () => {
        expectScrubbed(failureOf(502, `<html><title>Bearer ${SECRET}</title></html>`, PROVIDER_TOKEN, { redact }));
        expectScrubbed(failureOf(500, `oops Authorization: Bearer ${SECRET} more`, PROVIDER_TOKEN, { redact }));
    });

    it("scrubs it in any letter case and percent-encoded", () => {
        const email = "ops+leak@example.com";
        const scrub = redactorFor([SECRET, email]);
        const error = failureOf(403, fail({ code: 9109, message: `${SECRET.toUpperCase()} ${encodeURIComponent(email)}` }), PROVIDER_KEY, {
            redact: scrub,
        });
        expect(error.message).to.not.contain(SECRET.toUpperCase()).and.not.contain(encodeURIComponent(email));
    });
});
