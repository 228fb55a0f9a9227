import { inspect } from "node:util";

import { expect } from "chai";

import { CloudflareClient, type ClientOptions } from "../../provider/client";
import { Credentials } from "../../provider/credentials";
import {
    AuthenticationError,
    ConnectionError,
    DeadlineExceededError,
    InvalidResponseError,
    NotFoundError,
    RateLimitedError,
    CloudflareApiError,
    ZoneNotFoundError,
} from "../../provider/errors";
import { PACKAGE_VERSION } from "../../provider/version";
import {
    envelope,
    failure,
    FAKE_EMAIL,
    FAKE_KEY,
    FAKE_TOKEN,
    sampleResult,
    ScriptedServer,
    scriptedClient,
} from "../support/scripted-server";

const ZONE = "023e105f4ecef8ad9ca31a8372d0c353";
const HOST = "app.example.com";

function expectNoSecret(error: unknown): void {
    const seen = [
        String(error),
        inspect(error, { depth: 10, showHidden: true }),
        JSON.stringify(error, Object.getOwnPropertyNames(error)),
    ].join("\n");
    for (const secret of [FAKE_TOKEN, FAKE_KEY]) expect(seen).to.not.contain(secret);
    expect(seen).to.not.match(/AxiosError|"config"|Authorization: Bearer/);
}

async function rejection(promise: Promise<unknown>): Promise<Error> {
    try {
        await promise;
    } catch (error) {
        expectNoSecret(error);
        return error as Error;
    }
    throw new Error("expected the promise to reject");
}

describe("CloudflareClient against a loopback server", function () {
    this.timeout(20_000);
    let server: ScriptedServer;

    before(async () => {
        server = await ScriptedServer.start();
    });
    after(() => server.stop());
    beforeEach(() => server.reset());

    function client(overrides: Partial<ClientOptions> = {}): CloudflareClient {
        return scriptedClient(server.baseUrl, overrides);
    }

    it("sends one GET with a Bearer token, a JSON Accept and a User-Agent naming the package and version", async () => {
        server.sequence({ body: envelope(sampleResult()) });
        const lookup = await client().getHostnameStatus(ZONE, HOST);
        expect(lookup.found).to.equal(true);
        expect(server.requests).to.have.length(1);
        const [request] = server.requests;
        expect(request.method).to.equal("GET");
        expect(request.url).to.equal(`/client/v4/zones/${ZONE}/origin_tls_client_auth/hostnames/${HOST}`);
        expect(request.authorization).to.equal(`Bearer ${FAKE_TOKEN}`);
        expect(request.userAgent).to.equal(`pulumi-cloudflare-aop-status/${PACKAGE_VERSION} (node/${process.versions.node})`);
        expect(PACKAGE_VERSION).to.match(/^\d+\.\d+\.\d+/);
    });

    it("keeps the credential out of what printing or serializing the client shows", () => {
        const c = client({ credentials: Credentials.key(FAKE_EMAIL, FAKE_KEY, "env") });
        for (const shown of [JSON.stringify(c), inspect(c, { depth: 10 }), inspect(c, { depth: 10, showHidden: false })]) {
            expect(shown).to.not.contain(FAKE_KEY);
        }
    });

    it("sends X-Auth-Email and X-Auth-Key for a global API key", async () => {
        await client({ credentials: Credentials.key(FAKE_EMAIL, FAKE_KEY, "env") }).getHostnameStatus(ZONE, HOST);
        expect(server.requests[0]).to.include({ authKind: "key", xAuthEmail: FAKE_EMAIL, xAuthKey: FAKE_KEY, authorization: undefined });
    });

    it("shares one request between identical concurrent reads", async () => {
        server.sequence({ delayMs: 100, body: envelope(sampleResult()) });
        const c = client();
        const results = await Promise.all([
            c.getHostnameStatus(ZONE, HOST),
            c.getHostnameStatus(ZONE, HOST),
            c.getHostnameStatus(ZONE, HOST),
        ]);
        expect(server.requests).to.have.length(1);
        expect(results[0]).to.equal(results[2]);
    });

    it("succeeds after 500 and 503 answers", async () => {
        server.sequence(
            { status: 500, body: failure(1000, "oops") },
            { status: 503, body: failure(1000, "busy") },
            { body: envelope(sampleResult()) },
        );
        const lookup = await client().getHostnameStatus(ZONE, HOST);
        expect(lookup.found).to.equal(true);
        expect(server.requests).to.have.length(3);
    });

    it("waits for Retry-After on a 429 and then succeeds", async () => {
        server.sequence(
            { status: 429, headers: { "retry-after": "1" }, body: failure(971, "Please wait") },
            { body: envelope(sampleResult()) },
        );
        const started = Date.now();
        await client().getHostnameStatus(ZONE, HOST);
        expect(Date.now() - started).to.be.at.least(950);
        expect(server.requests).to.have.length(2);
    });

    it("gives up on a sustained 429 after its retry budget and says it was rate limited and for how long", async () => {
        server.reply(() => ({
            status: 429,
            headers: { "retry-after": "1" },
            body: failure(971, "Please wait and consider throttling your request speed"),
        }));
        const error = await rejection(client({ maxRetries: 1 }).getHostnameStatus(ZONE, HOST));
        expect(error).to.be.instanceOf(RateLimitedError);
        expect(error.message).to.contain("HTTP 429").and.contain("[971]").and.contain("wait 1 s").and.contain("gave up after 2 attempts");
        expect(server.requests).to.have.length(2);
    });

    it("fails at once, without waiting, when Retry-After is longer than the cap", async () => {
        server.reply(() => ({ status: 429, headers: { "retry-after": "3600" }, body: failure(971, "Please wait") }));
        const started = Date.now();
        const error = await rejection(client({ maxRetryAfterMs: 60_000 }).getHostnameStatus(ZONE, HOST));
        expect(Date.now() - started).to.be.below(1_000);
        expect(error.message).to.contain("wait 3600 s").and.contain("longer than the 60 s");
        expect(server.requests).to.have.length(1);
    });

    for (const [status, code] of [
        [401, 10000],
        [403, 9109],
    ]) {
        it(`fails at once on ${status} (code ${code}) naming the credential source`, async () => {
            server.reply(() => ({ status, body: failure(code, "Authentication error") }));
            const error = await rejection(client().getHostnameStatus(ZONE, HOST));
            expect(error).to.be.instanceOf(AuthenticationError);
            expect(error.message).to.contain(`[${code}]`).and.contain("environment variable CLOUDFLARE_API_TOKEN");
            expect(server.requests).to.have.length(1);
        });
    }

    it("reports a 404 as a lookup without fields, and readStatus fails clearly unless allowMissing", async () => {
        server.reply(() => ({ status: 404, body: failure(1404, "No hostname association found") }));
        const c = client();
        const lookup = await c.getHostnameStatus(ZONE, HOST);
        expect(lookup.found).to.equal(false);
        const error = await rejection(c.readStatus({ zoneId: ZONE, hostname: HOST, allowMissing: false, expiryWarningDays: 30 }));
        expect(error).to.be.instanceOf(NotFoundError);
        expect(error.message).to.contain("HTTP 404").and.contain(HOST).and.contain(ZONE).and.contain("allowMissing");
        const outputs = await c.readStatus({ zoneId: ZONE, hostname: HOST, allowMissing: true, expiryWarningDays: 30 });
        expect(outputs).to.include({ found: false, healthy: false });
    });

    it("retries an HTML 502 page and then reports it clearly", async () => {
        server.reply(() => ({
            status: 502,
            headers: { "content-type": "text/html" },
            body: "<html><title>502 Bad Gateway</title></html>",
        }));
        const error = await rejection(client({ maxRetries: 1 }).getHostnameStatus(ZONE, HOST));
        expect(error).to.be.instanceOf(InvalidResponseError);
        expect(error.message).to.contain("HTTP 502").and.contain("502 Bad Gateway").and.contain("after 2 attempts");
    });

    it("reports invalid JSON, success: false and a null result without retrying", async () => {
        for (const body of ['{"success":tr', JSON.stringify(failure(1000, "odd")), JSON.stringify(envelope(null))]) {
            server.reset();
            server.reply(() => ({ status: 200, body }));
            const error = await rejection(client().getHostnameStatus(ZONE, HOST));
            expect(error.message).to.match(/not valid JSON|success: false|"result" is null/);
            expect(server.requests).to.have.length(1);
        }
    });

    it("retries a dropped connection and then reports it", async () => {
        server.reply(() => ({ drop: true }));
        const error = await rejection(client().getHostnameStatus(ZONE, HOST));
        expect(error).to.be.instanceOf(ConnectionError);
        expect(error.message).to.contain("reset").and.contain("after 3 attempts");
        expect(server.requests).to.have.length(3);
    });

    it("times out a response that never comes, retries, and then reports it", async () => {
        server.reply(() => ({ hang: true }));
        const started = Date.now();
        const error = await rejection(client({ requestTimeoutMs: 300, maxRetries: 1 }).getHostnameStatus(ZONE, HOST));
        expect(error).to.be.instanceOf(ConnectionError);
        expect(error.message).to.contain("no response").and.contain("0.3 s");
        expect(server.requests).to.have.length(2);
        expect(Date.now() - started).to.be.below(3_000);
    });

    it("stops at the overall deadline however many retries remain", async () => {
        server.reply(() => ({ hang: true }));
        const started = Date.now();
        const error = await rejection(client({ requestTimeoutMs: 400, deadlineMs: 900, maxRetries: 10 }).getHostnameStatus(ZONE, HOST));
        expect(error).to.be.instanceOf(DeadlineExceededError);
        expect(error.message).to.contain("deadline");
        expect(Date.now() - started).to.be.below(2_500);
    });

    it("reports a refused connection", async () => {
        const closed = await ScriptedServer.start();
        const baseUrl = closed.baseUrl;
        await closed.stop();
        const error = await rejection(client({ baseUrl, maxRetries: 0 }).getHostnameStatus(ZONE, HOST));
        expect(error).to.be.instanceOf(ConnectionError);
        expect(error.message).to.contain("connection refused");
    });

    it("does not retry other 4xx answers", async () => {
        server.reply(() => ({ status: 400, body: failure(1004, "Something odd") }));
        const error = await rejection(client().getHostnameStatus(ZONE, HOST));
        expect(error).to.be.instanceOf(CloudflareApiError);
        expect(error.message).to.contain("[1004] Something odd");
        expect(server.requests).to.have.length(1);
    });

    it("does not retry a 400 / 1001 Invalid zone identifier, and reports it as the zone's error, not as missing", async () => {
        server.reply(() => ({ status: 400, body: failure(1001, "Invalid zone identifier") }));
        const error = await rejection(client().getHostnameStatus(ZONE, HOST));
        expect(error).to.be.instanceOf(ZoneNotFoundError);
        expect(error.message).to.contain("[1001] Invalid zone identifier").and.contain(server.baseUrl);
        expect(server.requests).to.have.length(1);
    });
});
