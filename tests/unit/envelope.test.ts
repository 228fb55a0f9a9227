import { expect } from "chai";

import { providerSettingNames } from "../../provider/credentials";
import { parseRetryAfter } from "../../provider/envelope";
import { interpretResponse } from "../../provider/interpret";
import { AuthenticationError, CloudflareApiError, InvalidResponseError, NotFoundError, RateLimitedError } from "../../provider/errors";

const target = { zoneId: "023e105f4ecef8ad9ca31a8372d0c353", hostname: "app.example.com" };
const context = {
    target,
    credential: { kind: "token" as const, source: "environment variable CLOUDFLARE_API_TOKEN", names: providerSettingNames() },
    baseUrl: "https://api.cloudflare.com/client/v4",
    now: Date.parse("2026-11-27T12:00:00Z"),
};
const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
    interpretResponse({ status, headers, body: JSON.stringify(body) }, context);
const fail = (code: number, message: string) => ({ success: false, errors: [{ code, message }], messages: [], result: null });

describe("response envelope", () => {
    it("unwraps result from a successful envelope", () => {
        expect(json(200, { success: true, errors: [], messages: [], result: { status: "active" } })).to.deep.equal({
            kind: "result",
            result: { status: "active" },
            resultInfo: null,
        });
    });

    it("treats success: false with HTTP 200 as an error carrying Cloudflare's codes", () => {
        const outcome = json(200, fail(1234, "Something odd"));
        expect(outcome.kind).to.equal("failure");
        if (outcome.kind !== "failure") return;
        expect(outcome.error).to.be.instanceOf(CloudflareApiError);
        expect(outcome.error.message)
            .to.contain("HTTP 200")
            .and.contain("[1234] Something odd")
            .and.contain("success: false")
            .and.contain("app.example.com");
        expect(outcome.retryable).to.equal(false);
    });

    it("turns 401 and 403 into non-retryable authentication errors that name the credential source", () => {
        for (const [status, code] of [
            [401, 10000],
            [403, 9109],
        ]) {
            const outcome = json(status, fail(code, "Authentication error"));
            if (outcome.kind !== "failure") throw new Error("expected a failure");
            expect(outcome.error).to.be.instanceOf(AuthenticationError);
            expect(outcome.retryable).to.equal(false);
            expect(outcome.error.message)
                .to.contain(`HTTP ${status}`)
                .and.contain(`[${code}]`)
                .and.contain("CLOUDFLARE_API_TOKEN")
                .and.contain("cloudflare:apiToken");
        }
    });

    it("turns a 404 that names no zone, route or credential problem into NotFoundError that mentions allowMissing", () => {
        const outcome = json(404, fail(1404, "No association"));
        if (outcome.kind !== "failure") throw new Error("expected a failure");
        expect(outcome.error).to.be.instanceOf(NotFoundError);
        expect(outcome.error.message).to.contain("allowMissing");
    });

    it("reads Retry-After on 429 and marks it retryable", () => {
        const outcome = json(429, fail(971, "Please wait"), { "retry-after": "7" });
        if (outcome.kind !== "failure") throw new Error("expected a failure");
        expect(outcome.error).to.be.instanceOf(RateLimitedError);
        expect(outcome).to.include({ retryable: true, retryAfterSeconds: 7 });
    });

    for (const status of [408, 409, 500, 502, 503, 504]) {
        it(`retries HTTP ${status}`, () => {
            const outcome = json(status, fail(1000, "busy"));
            expect(outcome.kind === "failure" && outcome.retryable).to.equal(true);
        });
    }

    it("does not retry other 4xx", () => {
        const outcome = json(400, fail(1004, "bad"));
        expect(outcome.kind === "failure" && outcome.retryable).to.equal(false);
    });

    it("describes an HTML 502 page by its title and retries it", () => {
        const outcome = interpretResponse(
            {
                status: 502,
                headers: { "content-type": "text/html" },
                body: "<html><head><title>502 Bad Gateway</title></head><body>cloudflare</body></html>",
            },
            context,
        );
        if (outcome.kind !== "failure") throw new Error("expected a failure");
        expect(outcome.error).to.be.instanceOf(InvalidResponseError);
        expect(outcome.error.message).to.contain("HTTP 502").and.contain('HTML page ("502 Bad Gateway")');
        expect(outcome.retryable).to.equal(true);
    });

    it("reports invalid JSON with a 200 as an unusable response, not retried", () => {
        const outcome = interpretResponse({ status: 200, headers: {}, body: '{"success": tru' }, context);
        if (outcome.kind !== "failure") throw new Error("expected a failure");
        expect(outcome.error.message).to.contain("not valid JSON");
        expect(outcome.retryable).to.equal(false);
    });

    it("reports JSON that is not an envelope", () => {
        const outcome = json(200, [1, 2, 3]);
        expect(outcome.kind === "failure" && outcome.error.message).to.contain("not a Cloudflare envelope");
    });

    it("parses Retry-After as seconds or as an HTTP date", () => {
        expect(parseRetryAfter("3600")).to.equal(3600);
        expect(parseRetryAfter("Fri, 27 Nov 2026 12:00:30 GMT", context.now)).to.equal(30);
        expect(parseRetryAfter("soon")).to.equal(null);
        expect(parseRetryAfter(undefined)).to.equal(null);
    });
});
