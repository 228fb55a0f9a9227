// Validates every non-fault response the emulator sends during a broad sweep
// against the response schema of Cloudflare's OpenAPI document for that
// path + method + status ("200" for 2xx, "4XX" for 4xx), after applying the
// explicit errata in tests/fixtures/emulator/spec-errata.ts, and with the
// minimal schemas of tests/fixtures/emulator/spec-supplements.ts for the
// operations the document lacks (token verify, GET /user).
//
// Requests to paths or methods the document does not describe are judged by
// its generic failure envelope (api-response-common-failure).
//
// Fault responses (HTML pages, invalid JSON, dropped or hanging connections,
// mutated results) are deliberately off-spec and are not part of this sweep.

import { expect } from "chai";
import {
    AOP_STATUSES,
    DEMO_HOSTNAMES,
    SCAN_FIXTURE,
    SCAN_ZONE_ID,
    scanSeed,
    startEmulator,
    type RunningEmulator,
    type UserSeed,
} from "../../../emulator/index";
import { API_PREFIX } from "../../../emulator/routes";
import { OpenApiResponseValidator } from "../../fixtures/emulator/openapi-validator";
import { BEARER, certificatesPath, hostnamePath, hostnamesPath, ManualClock, send, ZONE } from "../../fixtures/emulator/http-client";

const THROTTLED_TOKEN = "throttled-token";
const UNKNOWN_ZONE = "ffffffffffffffffffffffffffffffff";
const ACCOUNT = "acc0acc0acc0acc0acc0acc0acc0acc0";

/** Scoped and broken tokens, to sweep every authentication answer. */
const SCOPED_USERS: UserSeed[] = [
    {
        id: "33333333333333333333333333333333",
        tokens: [
            { id: "30000000000000000000000000000001", value: "scoped-read", zones: [SCAN_ZONE_ID], permission: "read" },
            { id: "30000000000000000000000000000002", value: "disabled-token", status: "disabled" },
            {
                id: "30000000000000000000000000000003",
                value: "dated-token",
                expires_on: "2031-01-01T00:00:00Z",
                not_before: "2029-01-01T00:00:00Z",
            },
            { id: "30000000000000000000000000000004", value: "expired-token", status: "expired" },
            { id: "30000000000000000000000000000005", value: "office-token", condition: { request_ip: { in: ["192.0.2.0/24"] } } },
            { id: "30000000000000000000000000000006", value: "account-token", account: ACCOUNT },
        ],
    },
];
const bearer = (token: string): Record<string, string> => ({ Authorization: `Bearer ${token}` });

interface Observed {
    method: string;
    path: string;
    status: number;
    contentType: unknown;
    ratelimit: unknown;
    text: string;
}

describe("emulator conformance to Cloudflare's OpenAPI response schemas", function () {
    this.timeout(20_000);
    const clock = new ManualClock();
    const validator = new OpenApiResponseValidator();
    const observed: Observed[] = [];
    let emulator: RunningEmulator;

    async function call(
        method: string,
        path: string,
        options: { headers?: Record<string, string>; body?: string | object } = {},
    ): Promise<Observed> {
        const response = await send(`${emulator.url}${path}`, { method, headers: options.headers ?? BEARER, body: options.body });
        const seen = {
            method,
            path,
            status: response.status,
            contentType: response.headers["content-type"],
            ratelimit: response.headers.ratelimit,
            text: response.text,
        };
        observed.push(seen);
        return seen;
    }

    function expectConforms(seen: Observed, options: { rateHeaders?: boolean } = {}): void {
        const label = `${seen.method} ${seen.path} → ${seen.status}`;
        expect(seen.contentType, label).to.equal("application/json");
        if (options.rateHeaders !== false) expect(seen.ratelimit, label).to.match(/^"default";r=\d+;t=\d+$/);
        const apiPath = seen.path.split("?")[0];
        const result = validator.validate(seen.method, apiPath, seen.status, JSON.parse(seen.text));
        expect(result.errors, `${label} against ${result.pointer}`).to.deep.equal([]);
    }

    async function sweep(
        requests: Array<[method: string, path: string, options?: { headers?: Record<string, string>; body?: string | object }]>,
        expectedStatuses: number[],
    ): Promise<void> {
        const statuses: number[] = [];
        for (const [method, path, options] of requests) {
            const seen = await call(method, path, options);
            statuses.push(seen.status);
            expectConforms(seen);
        }
        expect(statuses).to.deep.equal(expectedStatuses);
    }

    before(async () => {
        emulator = await startEmulator({
            seed: scanSeed(clock.now()),
            now: clock.now,
            credentials: {
                tokens: ["local-emulator-token", THROTTLED_TOKEN],
                keys: [{ email: "emulator@example.com", key: "local-emulator-key" }],
            },
            users: SCOPED_USERS,
            rateLimit: { quota: 1000 },
            // The sweep's clock stands still, so Cloudflare's 200 per second would cut it short; its 429 has a sweep of its own.
            clientIpLimit: { requestsPerSecond: 1000 },
        });
    });
    after(() => emulator.stop());

    it("conforms for every seeded hostname status", async () => {
        const names = ["app.example.com", ...Object.values(DEMO_HOSTNAMES).map((h) => h.hostname)];
        await sweep(
            names.map((name) => ["GET", hostnamePath(name)]),
            names.map(() => 200),
        );
    });

    it("conforms for hostnames in every status the spec lists, and for enabled:null", async () => {
        for (const status of AOP_STATUSES)
            emulator.control.setHostname(ZONE, { hostname: `${status.replace(/_/g, "-")}.example.com`, status, cert_status: status });
        emulator.control.setHostname(ZONE, { hostname: "voided.example.com", enabled: null, status: "deleted" });
        emulator.control.setHostname(ZONE, { hostname: "bare.example.com" });
        const names = [...AOP_STATUSES.map((s) => `${s.replace(/_/g, "-")}.example.com`), "voided.example.com", "bare.example.com"];
        await sweep(
            names.map((name) => ["GET", hostnamePath(name)]),
            names.map(() => 200),
        );
    });

    it("conforms for percent-encoded hostnames and key authentication", async () => {
        await sweep(
            [
                ["GET", hostnamePath("app%2Eexample.com")],
                ["GET", `${hostnamePath("app.example.com")}?unused=1`],
                [
                    "GET",
                    hostnamePath("app.example.com"),
                    { headers: { "X-Auth-Email": "emulator@example.com", "X-Auth-Key": "local-emulator-key" } },
                ],
            ],
            [200, 200, 200],
        );
    });

    it("conforms for the certificate lists, their pages and single certificates, zone-level ones included", async () => {
        await sweep(
            [
                ["GET", certificatesPath()],
                ["GET", certificatesPath(SCAN_ZONE_ID)],
                ["GET", `${certificatesPath(SCAN_ZONE_ID)}?page=2`],
                ["GET", `${certificatesPath(SCAN_ZONE_ID)}?page=7&per_page=5`],
                ["GET", `${certificatesPath(SCAN_ZONE_ID)}/${SCAN_FIXTURE.timedOut.certId}`],
                ["GET", `${certificatesPath(SCAN_ZONE_ID)}/${SCAN_FIXTURE.unusedCertId}`],
                ["GET", `/zones/${SCAN_ZONE_ID}/origin_tls_client_auth`],
                ["GET", `/zones/${ZONE}/origin_tls_client_auth`],
                ["GET", `/zones/${SCAN_ZONE_ID}/origin_tls_client_auth/${SCAN_FIXTURE.zoneCertificateId}`],
                ["GET", `/zones/${SCAN_ZONE_ID}/origin_tls_client_auth/settings`],
                ["GET", `/zones/${ZONE}/origin_tls_client_auth/settings`],
                ["GET", hostnamePath(SCAN_FIXTURE.timedOut.hostname, SCAN_ZONE_ID)],
                ["GET", hostnamePath(SCAN_FIXTURE.expired.hostname, SCAN_ZONE_ID)],
            ],
            [200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200],
        );
    });

    it("conforms for missing certificates, and for lists of zones out of scope or unknown", async () => {
        await sweep(
            [
                ["GET", `${certificatesPath(SCAN_ZONE_ID)}/${ZONE}`],
                ["GET", `/zones/${SCAN_ZONE_ID}/origin_tls_client_auth/${ZONE}`],
                ["GET", certificatesPath(UNKNOWN_ZONE)],
                ["GET", `/zones/${UNKNOWN_ZONE}/origin_tls_client_auth/settings`],
                ["GET", `/zones/NOT-HEX/origin_tls_client_auth`],
                ["GET", certificatesPath(), { headers: bearer("scoped-read") }],
                ["GET", `/zones/${ZONE}/origin_tls_client_auth/settings`, { headers: bearer("scoped-read") }],
                ["PUT", hostnamesPath(SCAN_ZONE_ID), { headers: bearer("scoped-read"), body: { config: [] } }],
            ],
            [404, 404, 404, 404, 400, 403, 403, 403],
        );
    });

    it("conforms for the token verify endpoints and GET /user (schemas from Cloudflare's docs and SDK)", async () => {
        await sweep(
            [
                ["GET", "/user/tokens/verify"],
                ["GET", "/user/tokens/verify", { headers: bearer("dated-token") }],
                ["GET", "/user/tokens/verify", { headers: bearer("disabled-token") }],
                ["GET", "/user/tokens/verify", { headers: bearer("expired-token") }],
                ["GET", `/accounts/${ACCOUNT}/tokens/verify`, { headers: bearer("account-token") }],
                ["GET", "/user"],
                ["GET", "/user", { headers: { "X-Auth-Email": "emulator@example.com", "X-Auth-Key": "local-emulator-key" } }],
                ["GET", "/user", { headers: bearer("scoped-read") }],
            ],
            [200, 200, 200, 200, 200, 200, 200, 200],
        );
    });

    it("conforms for the token verify endpoints' and GET /user's refusals", async () => {
        await sweep(
            [
                ["GET", "/user/tokens/verify", { headers: bearer("never-issued") }],
                ["GET", "/user/tokens/verify", { headers: bearer("account-token") }],
                ["GET", "/user/tokens/verify", { headers: { "X-Auth-Email": "emulator@example.com", "X-Auth-Key": "local-emulator-key" } }],
                ["GET", "/user/tokens/verify", { headers: bearer("office-token") }],
                ["GET", "/user/tokens/verify", { headers: {} }],
                ["GET", `/accounts/${ACCOUNT}/tokens/verify`],
                ["GET", "/accounts/not-an-id/tokens/verify", { headers: bearer("account-token") }],
                ["GET", "/user", { headers: bearer("account-token") }],
            ],
            [401, 401, 401, 403, 400, 401, 400, 403],
        );
    });

    it("conforms for PUT enabling, disabling, voiding and repeating associations", async () => {
        const put = (hostname: string, certId: string, enabled: boolean | null): [string, string, { body: object }] => [
            "PUT",
            hostnamesPath(),
            { body: { config: [{ hostname, cert_id: certId, enabled }] } },
        ];
        await sweep(
            [
                put("new.example.com", ZONE, true),
                put("new.example.com", ZONE, true),
                put(DEMO_HOSTNAMES.healthy.hostname, DEMO_HOSTNAMES.healthy.certId, false),
                put(DEMO_HOSTNAMES.disabled.hostname, DEMO_HOSTNAMES.disabled.certId, null),
                put(DEMO_HOSTNAMES.expiring.hostname, DEMO_HOSTNAMES.healthy.certId, true),
                ["PUT", hostnamesPath(), { body: { config: [] } }],
            ],
            [200, 200, 200, 200, 200, 200],
        );
    });

    it("conforms while associations move through their transitions", async () => {
        const names = ["new.example.com", DEMO_HOSTNAMES.healthy.hostname, DEMO_HOSTNAMES.disabled.hostname];
        for (const step of [0, 1_200, 2_000, 5_000]) {
            clock.advance(step);
            await sweep(
                names.map((name) => ["GET", hostnamePath(name)]),
                names.map(() => 200),
            );
        }
    });

    it("conforms for every 400 and 403 authentication failure (9106, 6003, 9103, 9109, 10000)", async () => {
        const path = hostnamePath("app.example.com");
        await sweep(
            [
                ["GET", path, { headers: {} }],
                ["GET", path, { headers: { Authorization: "Bearer not-a-token" } }],
                [
                    "GET",
                    path,
                    { headers: { "X-Auth-Email": "emulator@example.com", "X-Auth-Key": "0123456789abcdef0123456789abcdef01234" } },
                ],
                ["GET", path, { headers: { "X-Auth-Email": "emulator@example.com", "X-Auth-Key": "wrong" } }],
                ["GET", path, { headers: { "X-Auth-Email": "not-an-address", "X-Auth-Key": "wrong" } }],
                ["GET", path, { headers: { Authorization: "Token abc" } }],
                ["GET", path, { headers: { Authorization: "Bearer 0123456789abcdef0123456789abcdef01234" } }],
                ["GET", path, { headers: { "X-Auth-Key": "local-emulator-key" } }],
                ["GET", path, { headers: bearer("disabled-token") }],
                ["GET", path, { headers: bearer("office-token") }],
                ["GET", path, { headers: bearer("scoped-read") }],
                ["PUT", hostnamesPath(), { headers: {}, body: { config: [] } }],
                ["GET", certificatesPath(), { headers: { Authorization: "Bearer not-a-token" } }],
            ],
            [400, 403, 403, 400, 400, 400, 400, 400, 403, 403, 403, 400, 403],
        );
    });

    it("conforms for unknown hostnames, unknown zones and invalid zone ids (404 / 1404, 404 / 1001, 400 / 7003)", async () => {
        await sweep(
            [
                ["GET", hostnamePath("missing.example.com")],
                ["GET", hostnamePath("bad%E0%A4%A")],
                ["GET", hostnamePath("app.example.com", UNKNOWN_ZONE)],
                ["GET", hostnamePath("app.example.com", "NOT-A-ZONE")],
                ["GET", certificatesPath(UNKNOWN_ZONE)],
                ["GET", certificatesPath("023E105F4ECEF8AD9CA31A8372D0C353")],
                ["PUT", hostnamesPath(UNKNOWN_ZONE), { body: { config: [] } }],
                ["PUT", hostnamesPath("short"), { body: { config: [] } }],
            ],
            [404, 404, 404, 400, 404, 400, 404, 400],
        );
    });

    it("conforms for PUT failures (1415, 1400, 6007)", async () => {
        await sweep(
            [
                ["PUT", hostnamesPath(), { body: { config: [{ hostname: "x.example.com", cert_id: UNKNOWN_ZONE, enabled: true }] } }],
                ["PUT", hostnamesPath(), { body: { config: [{ hostname: "x.example.com", enabled: true }] } }],
                ["PUT", hostnamesPath(), { body: { nope: true } }],
                ["PUT", hostnamesPath(), { body: { config: [{ hostname: "x.example.com", cert_id: ZONE, enabled: "yes" }] } }],
                ["PUT", hostnamesPath(), { body: "{not json" }],
            ],
            [400, 400, 400, 400, 400],
        );
    });

    it("conforms for unknown routes: spec operations the emulator does not serve, other methods, other paths", async () => {
        await sweep(
            [
                ["POST", `/zones/${ZONE}/origin_tls_client_auth`, { body: {} }],
                ["PUT", `/zones/${ZONE}/origin_tls_client_auth/settings`, { body: { enabled: true } }],
                ["DELETE", `/zones/${ZONE}/origin_tls_client_auth/${ZONE}`],
                ["DELETE", `${certificatesPath()}/${ZONE}`],
                ["POST", certificatesPath(), { body: {} }],
                ["GET", hostnamesPath()],
                ["DELETE", hostnamePath("app.example.com")],
                ["POST", "/user/tokens/verify"],
                ["GET", "/"],
            ],
            [404, 404, 404, 404, 404, 404, 404, 404, 404],
        );
    });

    it("conforms for 429 when the quota is exceeded and while the credential is blocked", async () => {
        emulator.control.consumeQuota({ count: 1000, credential: { token: THROTTLED_TOKEN } });
        const headers = { Authorization: `Bearer ${THROTTLED_TOKEN}` };
        await sweep(
            [
                ["GET", hostnamePath("app.example.com"), { headers }],
                ["GET", hostnamePath("app.example.com"), { headers }],
                ["PUT", hostnamesPath(), { headers, body: { config: [] } }],
                ["GET", certificatesPath(), { headers }],
            ],
            [429, 429, 429, 429],
        );
    });

    it("conforms for the per-client-IP 429, which carries Retry-After instead of the user's Ratelimit headers", async () => {
        const limited = await startEmulator({ now: clock.now, clientIpLimit: { requestsPerSecond: 1 } });
        try {
            const answers = [];
            for (let i = 0; i < 2; i += 1)
                answers.push(await send(`${limited.url}${hostnamePath("app.example.com")}`, { headers: BEARER }));
            expect(answers.map((a) => a.status)).to.deep.equal([200, 429]);
            const [, refused] = answers;
            expect(refused.headers["retry-after"]).to.equal("1");
            expectConforms(
                {
                    method: "GET",
                    path: hostnamePath("app.example.com"),
                    status: refused.status,
                    contentType: refused.headers["content-type"],
                    ratelimit: refused.headers.ratelimit,
                    text: refused.text,
                },
                { rateHeaders: false },
            );
        } finally {
            await limited.stop();
        }
    });

    it("validated every API response the emulator logged during the sweep", () => {
        const logged = emulator.log.entries();
        expect(logged.filter((entry) => entry.fault !== undefined)).to.deep.equal([]);
        expect(logged.map((e) => `${e.method} ${e.path} ${e.status}`)).to.deep.equal(
            observed.map((o) => `${o.method} ${API_PREFIX}${o.path} ${o.status}`),
        );
        expect(observed.length).to.be.greaterThan(100);
    });
});
