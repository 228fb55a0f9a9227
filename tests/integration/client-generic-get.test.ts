/**
 * The client's generic GET, which later commands (doctor, scan) build on: any endpoint under
 * the base URL through the same limiter, retries, deadline, classification and redaction as the
 * hostname status, returning `result`, `result_info` and the server's `Date`; and `getPages`,
 * which follows `result_info.total_pages` up to a cap. Against a scripted loopback server.
 */
import { expect } from "chai";

import { CloudflareClient, type ClientOptions } from "../../provider/client";
import {
    AuthenticationError,
    CloudflareApiError,
    DeadlineExceededError,
    InvalidResponseError,
    RateLimitedError,
    ZoneNotFoundError,
} from "../../provider/errors";
import { RequestLimiter } from "../../provider/limiter";
import { envelope, failure, FAKE_TOKEN, ScriptedServer, scriptedClient } from "../support/scripted-server";

const ZONE = "023e105f4ecef8ad9ca31a8372d0c353";
const ACCOUNT = "01a7362d577a6c3019a474fd6f485823";
const SERVER_DATE = "Wed, 21 Oct 2026 07:28:00 GMT";

async function rejection(promise: Promise<unknown>): Promise<Error> {
    try {
        await promise;
    } catch (error) {
        return error as Error;
    }
    throw new Error("expected the promise to reject");
}

describe("CloudflareClient's generic GET against a loopback server", function () {
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

    it("GETs /user/tokens/verify and returns the result, no result_info, and the server's Date", async () => {
        server.reply(() => ({
            headers: { date: SERVER_DATE },
            body: envelope({ id: "ed17574386854bf78a67040be0a770b0", status: "active" }),
        }));
        const answer = await client().get(["user", "tokens", "verify"]);
        expect(answer.result).to.deep.equal({ id: "ed17574386854bf78a67040be0a770b0", status: "active" });
        expect(answer.resultInfo).to.equal(null);
        expect(answer.serverDate?.toISOString()).to.equal("2026-10-21T07:28:00.000Z");
        expect(server.requests.map((r) => [r.method, r.url, r.authorization])).to.deep.equal([
            ["GET", "/client/v4/user/tokens/verify", `Bearer ${FAKE_TOKEN}`],
        ]);
    });

    it("GETs /accounts/{id}/tokens/verify, /user and the zone's origin_tls_client_auth endpoints at their exact paths", async () => {
        server.reply(() => ({ body: envelope({}) }));
        const c = client();
        await c.get(["accounts", ACCOUNT, "tokens", "verify"]);
        await c.get(["user"]);
        await c.get(["zones", ZONE, "origin_tls_client_auth", "settings"], { target: { zoneId: ZONE } });
        await c.get(["zones", ZONE, "origin_tls_client_auth"], { target: { zoneId: ZONE } });
        expect(server.requests.map((r) => r.url)).to.deep.equal([
            `/client/v4/accounts/${ACCOUNT}/tokens/verify`,
            "/client/v4/user",
            `/client/v4/zones/${ZONE}/origin_tls_client_auth/settings`,
            `/client/v4/zones/${ZONE}/origin_tls_client_auth`,
        ]);
    });

    it("percent-encodes every segment and query value, so no value can change the endpoint, and refuses empty or dot segments without a request", async () => {
        server.reply(() => ({ body: envelope({}) }));
        await client().get(["zones", "a/../b?c#d"], { query: { name: "x&y=z" } });
        expect(server.requests[0].url).to.equal("/client/v4/zones/a%2F..%2Fb%3Fc%23d?name=x%26y%3Dz");
        server.reset();
        for (const segments of [["zones", ".."], ["zones", ""], []]) {
            expect(() => client().get(segments)).to.throw(TypeError, /invalid API path segments/);
        }
        expect(server.requests).to.have.length(0);
    });

    it("follows result_info.total_pages for a paged list and concatenates the pages", async () => {
        server.reply((request) => {
            const page = Number(new URL(request.url, "http://x").searchParams.get("page"));
            return {
                headers: { date: SERVER_DATE },
                body: {
                    ...envelope([{ id: `cert-${page}a` }, { id: `cert-${page}b` }]),
                    result_info: { page, per_page: 2, total_pages: 3, count: 2, total_count: 6 },
                },
            };
        });
        const answer = await client().getPages(["zones", ZONE, "origin_tls_client_auth", "hostnames", "certificates"], {
            target: { zoneId: ZONE },
            perPage: 2,
        });
        expect(answer.result.map((c) => (c as { id: string }).id)).to.deep.equal([
            "cert-1a",
            "cert-1b",
            "cert-2a",
            "cert-2b",
            "cert-3a",
            "cert-3b",
        ]);
        expect(answer).to.include({ pages: 3, complete: true });
        expect(answer.resultInfo).to.deep.include({ page: 3, totalPages: 3, totalCount: 6 });
        expect(answer.serverDate?.toISOString()).to.equal("2026-10-21T07:28:00.000Z");
        expect(server.requests.map((r) => r.url)).to.deep.equal(
            [1, 2, 3].map((page) => `/client/v4/zones/${ZONE}/origin_tls_client_auth/hostnames/certificates?page=${page}&per_page=2`),
        );
    });

    it("stops at the page cap, however many pages the server claims, and says the list is incomplete", async () => {
        server.reply(() => ({ body: { ...envelope([{ id: "x" }]), result_info: { page: 1, total_pages: 1_000_000 } } }));
        const capped = await client().getPages(["zones", ZONE, "origin_tls_client_auth", "hostnames", "certificates"], { maxPages: 3 });
        expect(capped).to.include({ pages: 3, complete: false });
        expect(server.requests).to.have.length(3);
        server.reset();
        const defaultCap = await client().getPages(["zones", ZONE, "origin_tls_client_auth", "hostnames", "certificates"]);
        expect(defaultCap).to.include({ pages: 10, complete: false });
        expect(server.requests).to.have.length(10);
    });

    it("reads one page when there is no result_info, and refuses a page whose result is not a list", async () => {
        server.reply(() => ({ body: envelope([{ id: "only" }]) }));
        const single = await client().getPages(["zones", ZONE, "origin_tls_client_auth"]);
        expect(single).to.include({ pages: 1, complete: true });
        expect(server.requests).to.have.length(1);
        server.reply(() => ({ body: envelope({ not: "a list" }) }));
        const error = await rejection(client().getPages(["zones", ZONE, "origin_tls_client_auth"]));
        expect(error).to.be.instanceOf(InvalidResponseError);
        expect(error.message).to.contain('"result" of page 1 is object, expected a list');
    });

    it("classifies answers as the hostname read does: a 10000 on a zone endpoint names the zone, a 1001 on a non-zone endpoint is not a zone error", async () => {
        server.reply(() => ({ status: 403, body: { success: false, errors: [{ code: 10000, message: "Authentication error" }] } }));
        const denied = await rejection(client().get(["zones", ZONE, "origin_tls_client_auth", "settings"], { target: { zoneId: ZONE } }));
        expect(denied).to.be.instanceOf(AuthenticationError).and.include({ reason: "permission-denied" });
        expect(denied.message).to.contain(`Read on zone ${ZONE}`);

        server.reply(() => ({ status: 404, body: failure(1001, "Invalid zone identifier") }));
        const zone = await rejection(client().get(["zones", ZONE, "origin_tls_client_auth"], { target: { zoneId: ZONE } }));
        expect(zone).to.be.instanceOf(ZoneNotFoundError);

        server.reply(() => ({ status: 400, body: failure(1001, "List accounts endpoint does not support account owned tokens.") }));
        const reused = await rejection(client().get(["accounts"]));
        expect(reused).to.be.instanceOf(CloudflareApiError).and.not.be.instanceOf(ZoneNotFoundError);

        server.reply(() => ({ status: 404, headers: { "content-type": "text/html" }, body: "<html><title>Not Found</title></html>" }));
        expect(await rejection(client().get(["user"]))).to.be.instanceOf(InvalidResponseError);
    });

    it("retries a 503 and honours a 429's Retry-After, as the hostname read does", async () => {
        server.sequence({ status: 503, body: failure(1000, "busy") }, { body: envelope({ ok: 1 }) });
        expect((await client().get(["user"])).result).to.deep.equal({ ok: 1 });
        expect(server.requests).to.have.length(2);

        server.reset();
        server.reply(() => ({ status: 429, headers: { "retry-after": "3600" }, body: failure(971, "Please wait") }));
        const limited = await rejection(client().get(["user"]));
        expect(limited).to.be.instanceOf(RateLimitedError);
        expect(limited.message).to.contain("wait 3600 s");
        expect(server.requests).to.have.length(1);
    });

    it("stops at the deadline", async () => {
        server.reply(() => ({ hang: true }));
        const started = Date.now();
        const error = await rejection(client({ requestTimeoutMs: 300, deadlineMs: 700, maxRetries: 10 }).get(["user"]));
        expect(error).to.be.instanceOf(DeadlineExceededError);
        expect(Date.now() - started).to.be.below(2_500);
    });

    it("scrubs an echoed token from the error", async () => {
        server.reply((request) => ({ status: 403, body: failure(9109, `Invalid access token ${request.authorization ?? ""}`) }));
        const error = await rejection(client().get(["user", "tokens", "verify"]));
        expect(error.message).to.not.contain(FAKE_TOKEN);
        expect(error.stack).to.not.contain(FAKE_TOKEN);
        expect(error.message).to.contain("[redacted]");
    });

    it("goes through the client's limiter: with a concurrency of 1, reads never overlap", async () => {
        server.reply(() => ({ delayMs: 150, body: envelope({}) }));
        const c = client({ limiter: new RequestLimiter({ concurrency: 1 }) });
        const started = Date.now();
        await Promise.all([c.get(["user"]), c.get(["user", "tokens", "verify"]), c.get(["accounts", ACCOUNT, "tokens", "verify"])]);
        expect(Date.now() - started, "three 150 ms answers one after another").to.be.at.least(3 * 150 - 20);
        const gaps = server.requests.slice(1).map((r, i) => r.at - server.requests[i].at);
        for (const gap of gaps) expect(gap).to.be.at.least(130);
    });
});
