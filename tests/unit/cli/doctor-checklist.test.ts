/**
 * `aop-status doctor`'s judgement as a pure function: observations in (built by hand; Cloudflare's
 * refusals made by the real classify + interpret path, so the fixes are the typed errors' own),
 * a checklist out. Then its two renderings.
 */
import { expect } from "chai";

import { cliSettingNames } from "../../../provider/credentials";
import { ConnectionError, InvalidResponseError, type CloudflareError } from "../../../provider/errors";
import { interpretResponse, type CredentialDescription } from "../../../provider/interpret";
import {
    buildChecklist,
    credentialCheckPath,
    errorFactsOf,
    formatDuration,
    summarizeChecklist,
    zoneProbeBlocker,
    type Answer,
    type ChecklistItem,
    type DoctorObservations,
    type ErrorFacts,
} from "../../../provider/cli/doctor-checklist";
import { renderChecklistJson, renderChecklistText } from "../../../provider/cli/format-doctor";
import { ANSI, PLAIN } from "../../../provider/cli/terminal";
import { RAW_CONTROL } from "../../support/hostile-text";

const ZONE = "023e105f4ecef8ad9ca31a8372d0c353";
const OTHER_ZONE = "0123456789abcdef0123456789abcdef";
const ACCOUNT = "01a7362d577a6c3019a474fd6f485823";
const BASE = "https://api.cloudflare.com/client/v4";
const NOW = new Date("2030-01-01T00:00:00Z");
const NAMES = cliSettingNames();
const TOKEN: CredentialDescription = { kind: "token", source: "environment variable CLOUDFLARE_API_TOKEN", names: NAMES };
const KEY: CredentialDescription = { kind: "key", source: "environment variables CLOUDFLARE_API_KEY and CLOUDFLARE_EMAIL", names: NAMES };

function daysFromNow(days: number): string {
    return new Date(NOW.getTime() + days * 86_400_000).toISOString();
}

function ok(result: unknown, options: { totalCount?: number; serverDate?: string | null; receivedAt?: string } = {}): Answer {
    return {
        ok: true,
        result,
        totalCount: options.totalCount ?? null,
        serverDate: options.serverDate === undefined ? NOW.toISOString() : options.serverDate,
        receivedAt: options.receivedAt ?? NOW.toISOString(),
    };
}

/** Cloudflare's answer through the real classification, as the client would have thrown it. */
function refusal(status: number, errors: Array<Record<string, unknown>>, zoneId?: string, credential = TOKEN): Answer {
    const outcome = interpretResponse(
        {
            status,
            headers: { "content-type": "application/json" },
            body: JSON.stringify({ success: false, errors, messages: [], result: null }),
        },
        { target: zoneId === undefined ? {} : { zoneId }, credential, baseUrl: BASE },
    );
    if (outcome.kind !== "failure") throw new Error("expected a failure");
    return { ok: false, error: errorFactsOf(outcome.error) };
}

function failed(error: CloudflareError): Answer {
    return { ok: false, error: errorFactsOf(error) };
}

function observations(overrides: Partial<DoctorObservations> = {}): DoctorObservations {
    return {
        names: NAMES,
        credential: {
            found: true,
            credential: { kind: "token", source: TOKEN.source, variables: ["CLOUDFLARE_API_TOKEN"], ignored: [] },
        },
        settings: { ok: true, baseUrl: BASE, source: null },
        proxy: { kind: "direct", configured: [] },
        accountId: null,
        verify: ok({ id: "f267e341f3dd4697bd3b9f71dd96247f", status: "active", expires_on: daysFromNow(200) }),
        zoneIds: [ZONE],
        zones: { [ZONE]: ok([], { totalCount: 3 }) },
        now: NOW,
        ...overrides,
    };
}

const KEY_CREDENTIAL: DoctorObservations["credential"] = {
    found: true,
    credential: { kind: "key", source: KEY.source, variables: ["CLOUDFLARE_API_KEY", "CLOUDFLARE_EMAIL"], ignored: [] },
};

function byId(items: readonly ChecklistItem[], id: string): ChecklistItem {
    const found = items.find((entry) => entry.id === id);
    if (!found) throw new Error(`no item ${id} in ${items.map((entry) => entry.id).join(", ")}`);
    return found;
}

function statuses(items: readonly ChecklistItem[]): Record<string, string> {
    return Object.fromEntries(items.map((entry) => [entry.id, entry.status]));
}

describe("doctor checklist", () => {
    describe("a machine where everything works", () => {
        it("passes every check, in the order a person fixes things", () => {
            const items = buildChecklist(observations());
            expect(items.map((entry) => entry.id)).to.deep.equal([
                "credential",
                "settings",
                "proxy",
                "connection",
                "credential-state",
                `zone:${ZONE}`,
                "clock",
            ]);
            expect(summarizeChecklist(items)).to.deep.equal({ pass: 7, warn: 0, fail: 0, skip: 0 });
            expect(byId(items, "credential").detail).to.equal("an API token from environment variable CLOUDFLARE_API_TOKEN");
            expect(byId(items, `zone:${ZONE}`).detail).to.equal("may read SSL and Certificates (3 hostname certificates)");
        });

        it("names the variables, never a value, and says which ones a token makes it ignore", () => {
            const items = buildChecklist(
                observations({
                    credential: {
                        found: true,
                        credential: {
                            kind: "token",
                            source: TOKEN.source,
                            variables: ["CLOUDFLARE_API_TOKEN"],
                            ignored: ["CLOUDFLARE_API_KEY", "CLOUDFLARE_EMAIL"],
                        },
                    },
                }),
            );
            const credential = byId(items, "credential");
            expect(credential.detail).to.contain("CLOUDFLARE_API_KEY and CLOUDFLARE_EMAIL are set too, and ignored: a token wins");
            expect(credential.facts).to.deep.equal({
                credentialKind: "token",
                variables: ["CLOUDFLARE_API_TOKEN"],
                ignored: ["CLOUDFLARE_API_KEY", "CLOUDFLARE_EMAIL"],
            });
        });

        it("asks a token's verify endpoint, the account's with --account-id, and /user for a key", () => {
            expect(credentialCheckPath("token", null)).to.deep.equal(["user", "tokens", "verify"]);
            expect(credentialCheckPath("token", ACCOUNT)).to.deep.equal(["accounts", ACCOUNT, "tokens", "verify"]);
            expect(credentialCheckPath("key", null)).to.deep.equal(["user"]);
        });
    });

    describe("nothing that cannot run is blamed", () => {
        it("fails the credential when none is found, and skips every request with that reason", () => {
            const items = buildChecklist(
                observations({
                    credential: {
                        found: false,
                        error: {
                            name: "CredentialsError",
                            message: "No Cloudflare credentials found. Set an API token with CLOUDFLARE_API_TOKEN",
                            status: null,
                            codes: [],
                            cloudflare: null,
                            reason: null,
                            fix: null,
                        },
                    },
                    verify: undefined,
                    zones: {},
                }),
            );
            expect(statuses(items)).to.deep.equal({
                credential: "fail",
                settings: "pass",
                proxy: "pass",
                connection: "skip",
                "credential-state": "skip",
                [`zone:${ZONE}`]: "skip",
                clock: "skip",
            });
            for (const entry of items.filter((e) => e.status === "skip")) expect(entry.detail).to.equal("no usable credential was found");
        });

        it("fails unusable settings with the message that names the setting, and skips the proxy and every request", () => {
            const error: ErrorFacts = {
                name: "ConfigurationError",
                message: 'CLOUDFLARE_BASE_URL "http://api.example.com/client/v4" uses http for a host that is not loopback',
                status: null,
                codes: [],
                cloudflare: null,
                reason: null,
                fix: null,
            };
            const items = buildChecklist(observations({ settings: { ok: false, error }, proxy: undefined, verify: undefined, zones: {} }));
            expect(byId(items, "settings")).to.include({ status: "fail", detail: error.message });
            expect(byId(items, "proxy")).to.include({ status: "skip", detail: "needs a usable base URL" });
            expect(byId(items, "connection")).to.include({ status: "skip", detail: "the base URL or a setting is not usable" });
            expect(summarizeChecklist(items).fail).to.equal(1);
        });

        it("fails an unreachable API once, with where to look, and skips what depends on an answer", () => {
            const items = buildChecklist(
                observations({
                    verify: failed(new ConnectionError("ECONNREFUSED", "connection refused by http://127.0.0.1:9")),
                    zones: {},
                }),
            );
            const connection = byId(items, "connection");
            expect(connection.status).to.equal("fail");
            expect(connection.detail).to.contain("connection refused by http://127.0.0.1:9");
            expect(connection.fix).to.contain("api.cloudflare.com can be reached from here").and.to.contain("HTTPS_PROXY");
            for (const id of ["credential-state", `zone:${ZONE}`, "clock"]) {
                expect(byId(items, id)).to.include({ status: "skip", detail: "the API could not be reached" });
            }
            expect(summarizeChecklist(items).fail).to.equal(1);
        });

        it("says something other than Cloudflare's API answered when the answer is not its envelope", () => {
            const items = buildChecklist(
                observations({ verify: failed(new InvalidResponseError(404, "a 404 without Cloudflare's JSON envelope")), zones: {} }),
            );
            expect(byId(items, "connection").fix).to.contain("something other than Cloudflare's API answered");
        });

        it("skips the zones when the credential is refused everywhere, and does not ask about them", () => {
            const verify = refusal(400, [
                {
                    code: 6003,
                    message: "Invalid request headers",
                    error_chain: [{ code: 6111, message: "Invalid format for Authorization header" }],
                },
            ]);
            const partial = observations({ verify, zones: {} });
            expect(zoneProbeBlocker(partial)).to.equal("Cloudflare refused the credential (see above)");
            const items = buildChecklist(partial);
            expect(byId(items, "credential-state").fix).to.contain("CLOUDFLARE_API_KEY + CLOUDFLARE_EMAIL");
            expect(byId(items, `zone:${ZONE}`)).to.include({ status: "skip", detail: "Cloudflare refused the credential (see above)" });
        });

        it("asks about no zone after a route error: a wrong base path fails every request alike", () => {
            const verify = refusal(404, [{ code: 7003, message: "No route for the URI" }]);
            expect(zoneProbeBlocker(observations({ verify }))).to.equal("the base URL has no route to the API (see above)");
        });

        it("asks about no zone while Cloudflare rate limits the credential", () => {
            expect(zoneProbeBlocker(observations({ verify: refusal(429, [{ code: 971, message: "Please wait" }]) }))).to.equal(
                "Cloudflare is rate limiting this credential",
            );
        });

        it("shows a skipped zones item that says how to add one when no zone is given", () => {
            const items = buildChecklist(observations({ zoneIds: [], zones: {} }));
            expect(byId(items, "zones").status).to.equal("skip");
            expect(byId(items, "zones").detail).to.contain("--zone-id");
        });
    });

    describe("the token's state", () => {
        it("warns, with the date and the variable to set, when the token expires within 30 days", () => {
            const items = buildChecklist(observations({ verify: ok({ id: "t", status: "active", expires_on: daysFromNow(10) }) }));
            const token = byId(items, "credential-state");
            expect(token.status).to.equal("warn");
            expect(token.detail).to.contain("in 10 days");
            expect(token.fix).to.contain("before 2030-01-11").and.to.contain("CLOUDFLARE_API_TOKEN");
            expect(token.facts).to.include({ daysLeft: 10, tokenStatus: "active" });
            expect(summarizeChecklist(items).fail).to.equal(0);
        });

        it("passes a token that expires in more than 30 days, and one without an expiry date", () => {
            expect(
                byId(buildChecklist(observations({ verify: ok({ status: "active", expires_on: daysFromNow(31) }) })), "credential-state")
                    .status,
            ).to.equal("pass");
            expect(byId(buildChecklist(observations({ verify: ok({ status: "active" }) })), "credential-state").detail).to.contain(
                "with no expiry date",
            );
        });

        for (const [what, result] of [
            ["reported expired", { status: "expired" }],
            ["reported disabled", { status: "disabled" }],
            ["active with an expires_on in the past", { status: "active", expires_on: daysFromNow(-1) }],
        ] as const) {
            it(`fails a token ${what} with the typed errors' fix, and asks about no zone`, () => {
                const partial = observations({ verify: ok(result), zones: {} });
                expect(zoneProbeBlocker(partial)).to.equal("the token cannot be used (see above)");
                const token = byId(buildChecklist(partial), "credential-state");
                expect(token.status).to.equal("fail");
                expect(token.fix).to.equal(
                    "The API token from environment variable CLOUDFLARE_API_TOKEN is invalid, expired or revoked: create a new token with " +
                        "Zone → SSL and Certificates → Read and set it with CLOUDFLARE_API_TOKEN",
                );
            });
        }

        it("fails a token that is not valid yet", () => {
            const token = byId(
                buildChecklist(observations({ verify: ok({ status: "active", not_before: daysFromNow(3) }), zones: {} })),
                "credential-state",
            );
            expect(token.status).to.equal("fail");
            expect(token.detail).to.contain("not valid before");
        });

        it("judges the token's dates by the server's clock when an answer carried one", () => {
            // Here it is 2030-01-01; Cloudflare says 2030-01-20; the token expired on the 15th by Cloudflare's clock.
            const verify = ok({ status: "active", expires_on: daysFromNow(14) }, { serverDate: daysFromNow(19) });
            expect(byId(buildChecklist(observations({ verify })), "credential-state").status).to.equal("fail");
        });

        it("fails an answer without a status instead of calling the token fine", () => {
            expect(byId(buildChecklist(observations({ verify: ok({ id: "t" }) })), "credential-state").status).to.equal("fail");
        });
    });

    describe("account-owned tokens", () => {
        const notAUserToken = refusal(401, [{ code: 1000, message: "Invalid API Token" }]);

        it("fails a 401 from the user endpoint and says to try --account-id, when no zone proves the token", () => {
            const token = byId(buildChecklist(observations({ verify: notAUserToken, zoneIds: [], zones: {} })), "credential-state");
            expect(token.status).to.equal("fail");
            expect(token.detail).to.equal("GET /user/tokens/verify: HTTP 401 [1000] Invalid API Token");
            expect(token.fix).to.contain("run again with --account-id ACCOUNT_ID").and.to.contain("otherwise: Cloudflare did not accept");
        });

        it("only warns when the same token reads the zones: it is probably account-owned", () => {
            const items = buildChecklist(observations({ verify: notAUserToken }));
            expect(byId(items, "credential-state").status).to.equal("warn");
            expect(byId(items, "credential-state").fix).to.contain("--account-id");
            expect(summarizeChecklist(items).fail).to.equal(0);
        });

        it("gives the invalid token's fix, not --account-id, when the zones refuse the token too, and fixes it once", () => {
            const items = buildChecklist(
                observations({
                    verify: notAUserToken,
                    zones: { [ZONE]: refusal(403, [{ code: 9109, message: "Invalid access token" }], ZONE) },
                }),
            );
            const token = byId(items, "credential-state");
            expect(token.fix).to.contain("is invalid, expired or revoked").and.not.to.contain("--account-id");
            const zone = byId(items, `zone:${ZONE}`);
            expect(zone.status).to.equal("fail");
            expect(zone.fix).to.equal(null);
            expect(zone.detail).to.contain("the credential's problem, see above");
        });

        it("verifies at the account's endpoint with --account-id, and says so in the title", () => {
            const items = buildChecklist(observations({ accountId: ACCOUNT }));
            const token = byId(items, "credential-state");
            expect(token).to.include({ status: "pass", title: `Token (account ${ACCOUNT})` });
            expect(token.detail).to.contain(`GET /accounts/${ACCOUNT}/tokens/verify`);
        });

        it("says the account must own the token when the account's endpoint refuses it", () => {
            const token = byId(
                buildChecklist(observations({ accountId: ACCOUNT, verify: notAUserToken, zoneIds: [], zones: {} })),
                "credential-state",
            );
            expect(token.status).to.equal("fail");
            expect(token.fix).to.contain(`check that account ${ACCOUNT} owns this token`);
        });
    });

    describe("a key and email", () => {
        it("passes when /user knows them, and names the user by id only", () => {
            const token = byId(
                buildChecklist(
                    observations({
                        credential: KEY_CREDENTIAL,
                        verify: ok({ id: "3c4f5e6d7a8b49c0a1b2c3d4e5f60718", email: "ops@example.com" }),
                    }),
                ),
                "credential-state",
            );
            expect(token).to.include({ status: "pass", title: "Key and email" });
            expect(token.detail)
                .to.contain("GET /user")
                .and.to.contain("3c4f5e6d7a8b49c0a1b2c3d4e5f60718")
                .and.not.to.contain("ops@example.com");
        });

        it("fails with the unknown key's fix", () => {
            const verify = refusal(403, [{ code: 9103, message: "Unknown X-Auth-Key or X-Auth-Email" }], undefined, KEY);
            const items = buildChecklist(observations({ credential: KEY_CREDENTIAL, verify, zones: {} }));
            expect(byId(items, "credential-state").fix).to.contain("Cloudflare does not know the Global API key and email");
            expect(byId(items, `zone:${ZONE}`).status).to.equal("skip");
        });
    });

    describe("zones", () => {
        const cases: Array<{ title: string; status: number; errors: Array<Record<string, unknown>>; fix: RegExp }> = [
            {
                title: "403 / 10000: add the permission for this zone",
                status: 403,
                errors: [{ code: 10000, message: "Authentication error" }],
                fix: new RegExp(`give it Zone → SSL and Certificates → Read on zone ${OTHER_ZONE}`),
            },
            {
                title: "404 / 1001: check the zone id",
                status: 404,
                errors: [{ code: 1001, message: "Invalid zone identifier" }],
                fix: /check the zone id in the dashboard/,
            },
            {
                title: "400 / 7003: the zone id or the base path",
                status: 400,
                errors: [
                    {
                        code: 7003,
                        message: `Could not route to /client/v4/zones/${OTHER_ZONE}/x, perhaps your object identifier is invalid?`,
                    },
                ],
                fix: /ends? in \/client\/v4/,
            },
        ];
        for (const row of cases) {
            it(`fails a zone on ${row.title}, with the typed error's fix, and passes the others`, () => {
                const items = buildChecklist(
                    observations({
                        zoneIds: [ZONE, OTHER_ZONE],
                        zones: { [ZONE]: ok([]), [OTHER_ZONE]: refusal(row.status, row.errors, OTHER_ZONE) },
                    }),
                );
                expect(byId(items, `zone:${ZONE}`).status).to.equal("pass");
                const zone = byId(items, `zone:${OTHER_ZONE}`);
                expect(zone.status).to.equal("fail");
                expect(zone.detail).to.match(new RegExp(`^HTTP ${row.status} \\[${String(row.errors[0].code)}\\]`));
                expect(zone.fix).to.match(row.fix);
                expect(zone.facts).to.include({ zoneId: OTHER_ZONE, httpStatus: row.status });
                expect(zone.facts.codes).to.deep.equal([row.errors[0].code]);
            });
        }
    });

    describe("the clock", () => {
        const at = (skewMinutes: number): Answer =>
            ok({ status: "active" }, { serverDate: new Date(NOW.getTime() + skewMinutes * 60_000).toISOString() });

        it("warns, saying which way and by how much, when the server's Date is 10 minutes ahead", () => {
            const clock = byId(buildChecklist(observations({ verify: at(10) })), "clock");
            expect(clock.status).to.equal("warn");
            expect(clock.detail).to.contain("this machine's clock is 10 min behind the server's");
            expect(clock.facts).to.include({ skewSeconds: 600 });
            expect(clock.fix).to.contain("NTP");
        });

        it("says ahead when this machine's clock is the one in the future", () => {
            expect(byId(buildChecklist(observations({ verify: at(-90) })), "clock").detail).to.contain("90 min ahead of the server's");
        });

        it("passes within 5 minutes", () => {
            expect(byId(buildChecklist(observations({ verify: at(4) })), "clock").status).to.equal("pass");
        });

        it("skips when no answer carried a Date header", () => {
            const items = buildChecklist(
                observations({ verify: ok({ status: "active" }, { serverDate: null }), zones: { [ZONE]: ok([], { serverDate: null }) } }),
            );
            expect(byId(items, "clock").status).to.equal("skip");
        });

        it("reads the skew in a unit a person takes in at a glance", () => {
            expect([
                formatDuration(30_000),
                formatDuration(-600_000),
                formatDuration(5 * 3_600_000),
                formatDuration(3 * 86_400_000),
            ]).to.deep.equal(["30 s", "10 min", "5 h", "3 days"]);
        });
    });

    describe("base URL and proxy", () => {
        it("warns when the base URL passes the rules but does not end in /client/v4", () => {
            const settings = byId(
                buildChecklist(
                    observations({ settings: { ok: true, baseUrl: "http://127.0.0.1:8787/v4", source: "CLOUDFLARE_BASE_URL" } }),
                ),
                "settings",
            );
            expect(settings.status).to.equal("warn");
            expect(settings.detail).to.contain("(from CLOUDFLARE_BASE_URL)");
            expect(settings.fix).to.contain("--base-url or CLOUDFLARE_BASE_URL");
        });

        it("passes a proxy that tunnels, and names it by host and port", () => {
            const proxy = byId(
                buildChecklist(
                    observations({ proxy: { kind: "proxy", url: "http://proxy.internal:3128", hostname: "proxy.internal", tunnel: true } }),
                ),
                "proxy",
            );
            expect(proxy.status).to.equal("pass");
            expect(proxy.detail).to.equal(
                "http://proxy.internal:3128 for api.cloudflare.com, through a CONNECT tunnel: the proxy does not see the credential",
            );
        });

        it("warns when a proxy off this machine would see the credential in clear text", () => {
            const proxy = byId(
                buildChecklist(
                    observations({
                        settings: { ok: true, baseUrl: "http://127.0.0.1:8787/client/v4", source: "--base-url" },
                        proxy: { kind: "proxy", url: "http://proxy.internal:3128", hostname: "proxy.internal", tunnel: false },
                    }),
                ),
                "proxy",
            );
            expect(proxy.status).to.equal("warn");
        });

        it("says which proxy variables are set but not used for the base URL", () => {
            const proxy = byId(buildChecklist(observations({ proxy: { kind: "direct", configured: ["HTTP_PROXY"] } })), "proxy");
            expect(proxy.detail).to.equal(
                "none: requests go directly to api.cloudflare.com; HTTP_PROXY is set, but not used for this URL (NO_PROXY, or a variable for another scheme)",
            );
        });

        it("fails an unusable proxy setting and skips every request", () => {
            const error: ErrorFacts = {
                name: "ProxyConfigurationError",
                message: "the proxy URL in HTTPS_PROXY, HTTP_PROXY or ALL_PROXY is not a valid URL",
                status: null,
                codes: [],
                cloudflare: null,
                reason: null,
                fix: null,
            };
            const items = buildChecklist(observations({ proxy: { kind: "invalid", error }, verify: undefined, zones: {} }));
            expect(byId(items, "proxy").status).to.equal("fail");
            expect(byId(items, "connection")).to.include({ status: "skip", detail: "the proxy setting is not usable" });
        });
    });
});

describe("doctor checklist formats", () => {
    const items = buildChecklist(
        observations({
            verify: ok({ status: "active", expires_on: daysFromNow(10) }),
            zoneIds: [ZONE, OTHER_ZONE],
            zones: { [ZONE]: ok([]), [OTHER_ZONE]: refusal(403, [{ code: 10000, message: "Authentication error" }], OTHER_ZONE) },
        }),
    );

    it("marks checks with ASCII words off a terminal, so a CI log can be grepped for FAIL", () => {
        const text = renderChecklistText(items, { unicode: false, palette: PLAIN });
        expect(text).to.match(/^\[ok\] {3}Credential: /m);
        expect(text).to.match(/^\[warn\] Token: /m);
        expect(text).to.match(new RegExp(`^\\[FAIL\\] Zone ${OTHER_ZONE}: HTTP 403 \\[10000\\] Authentication error$`, "m"));
        expect(text).to.match(/^ {7}fix: The API token from environment variable CLOUDFLARE_API_TOKEN is valid but/m);
        expect(text).to.match(/1 failed, 1 warning, 6 passed, 0 skipped\. Something will not work from here/);
        // eslint-disable-next-line no-control-regex -- no escape sequence may be printed
        expect(text).to.not.match(/[✓⚠✗\u001b]/);
    });

    it("marks checks with symbols and colour on a terminal", () => {
        const text = renderChecklistText(items, { unicode: true, palette: ANSI });
        expect(text).to.contain("\u001b[32m✓\u001b[39m Credential");
        expect(text).to.contain("\u001b[31m✗\u001b[39m Zone");
        expect(text).to.contain("\u001b[33m⚠\u001b[39m Token");
    });

    it("shows a skipped check as skipped, with its reason", () => {
        const skipped = buildChecklist(
            observations({ verify: failed(new ConnectionError("ECONNREFUSED", "connection refused")), zones: {} }),
        );
        expect(renderChecklistText(skipped, { unicode: false, palette: PLAIN })).to.match(
            /^\[skip\] Clock: skipped: the API could not be reached$/m,
        );
    });

    it("shows control characters from an answer as escapes, in text and in JSON", () => {
        const hostile = buildChecklist(observations({ verify: ok({ status: "act\u001b[2Jive\u009b31m\r\nforged" }) }));
        const text = renderChecklistText(hostile, { unicode: false, palette: PLAIN });
        expect(text).to.contain("act\\x1b[2Jive\\x9b31m\\r\\nforged");
        expect(text).to.not.match(RAW_CONTROL);
        const json = renderChecklistJson(hostile);
        expect(json).to.not.match(RAW_CONTROL);
        expect((JSON.parse(json) as { checks: ChecklistItem[] }).checks[4].facts.tokenStatus).to.equal(
            "act\u001b[2Jive\u009b31m\r\nforged",
        );
    });

    it("writes a versioned JSON document whose ok is false exactly when a check failed", () => {
        const document = JSON.parse(renderChecklistJson(items)) as {
            version: number;
            ok: boolean;
            summary: Record<string, number>;
            checks: ChecklistItem[];
        };
        expect(document.version).to.equal(1);
        expect(document.ok).to.equal(false);
        expect(document.summary).to.deep.equal({ pass: 6, warn: 1, fail: 1, skip: 0 });
        expect(new Set(document.checks.map((c) => c.id)).size).to.equal(document.checks.length);
        const zone = document.checks.find((c) => c.id === `zone:${OTHER_ZONE}`);
        expect(zone?.facts).to.deep.include({ error: "AuthenticationError", httpStatus: 403, codes: [10000], reason: "permission-denied" });
        expect((JSON.parse(renderChecklistJson(buildChecklist(observations()))) as { ok: boolean }).ok).to.equal(true);
    });
});
