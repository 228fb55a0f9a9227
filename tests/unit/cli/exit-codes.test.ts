import { expect } from "chai";

import { UsageError } from "../../../provider/cli/errors";
import { ExitCode, exitCodeFor, exitCodeForError } from "../../../provider/cli/exit-codes";
import { judge, summarize } from "../../../provider/cli/report";
import { failureScope, stopsTheRun } from "../../../provider/cli/runner";
import {
    AuthenticationError,
    CloudflareApiError,
    ConfigurationError,
    ConnectionError,
    CredentialsError,
    InvalidResponseError,
    NotFoundError,
    RateLimitedError,
    RouteNotFoundError,
    ZoneNotFoundError,
} from "../../../provider/errors";
import { failed, healthy, missing, outputs, unhealthy } from "./fixtures";
import { redact, redactingStream, REDACTED, secretsIn } from "../../../provider/cli/secrets";

describe("aop-status exit codes", () => {
    const none = { unhealthy: 0, missing: 0, errors: 0 };

    it("is 0 when every target is healthy", () => {
        expect(exitCodeFor(none, false)).to.equal(ExitCode.Healthy);
        expect(ExitCode.Healthy).to.equal(0);
    });

    it("is 1 when a target is unhealthy", () => {
        expect(exitCodeFor({ ...none, unhealthy: 1 }, false)).to.equal(1);
    });

    it("is 1 for a missing hostname, and 0 for one with --allow-missing", () => {
        expect(exitCodeFor({ ...none, missing: 2 }, false)).to.equal(1);
        expect(exitCodeFor({ ...none, missing: 2 }, true)).to.equal(0);
    });

    it("is 3 when a target could not be checked, even if others are unhealthy or missing", () => {
        expect(exitCodeFor({ unhealthy: 5, missing: 5, errors: 1 }, false)).to.equal(3);
        expect(exitCodeFor({ ...none, errors: 1 }, true)).to.equal(3);
    });

    it("is 2 for usage and settings errors, which are the caller's to fix", () => {
        expect(exitCodeForError(new UsageError("bad target"))).to.equal(2);
        expect(exitCodeForError(new ConfigurationError("bad base URL"))).to.equal(2);
    });

    it("is 3 for credential and API errors, recognised by name across module copies", () => {
        expect(exitCodeForError(new CredentialsError("none"))).to.equal(3);
        expect(exitCodeForError(new AuthenticationError(403, [], {}, "env"))).to.equal(3);
        expect(exitCodeForError(new ConnectionError("ECONNREFUSED", "refused"))).to.equal(3);
        expect(exitCodeForError({ name: "CredentialsError", message: "from another copy" })).to.equal(3);
        expect(exitCodeForError({ name: "ConfigurationError", message: "from another copy" })).to.equal(2);
        expect(exitCodeForError(new Error("a bug"))).to.equal(3);
    });

    it("summarises outcomes into disjoint counts", () => {
        const summary = summarize([healthy("a"), unhealthy("b", ["x"]), missing("c"), failed("d", "E", "m"), failed("e", "E", "m")]);
        expect(summary).to.deep.equal({ total: 5, healthy: 1, unhealthy: 1, missing: 1, errors: 2 });
    });
});

describe("aop-status verdicts", () => {
    it("keeps the verdict the outputs carry", () => {
        const verdict = judge(outputs({ enabled: false, healthy: false, problems: ["hostname AOP is disabled"] }));
        expect(verdict).to.deep.include({ outcome: "unhealthy", healthy: false, problems: ["hostname AOP is disabled"] });
        expect(judge(outputs({ healthy: true, problems: [] })).outcome).to.equal("healthy");
    });

    it("calls a hostname that was not found missing", () => {
        expect(judge(missing("c").outputs!).outcome).to.equal("missing");
    });

    it("stops the run only for failures every other request would share", () => {
        expect(stopsTheRun(new AuthenticationError(403, [], {}, "env"))).to.equal(true);
        expect(stopsTheRun(new RateLimitedError([], {}, 300, "later"))).to.equal(true);
        expect(stopsTheRun(new ConnectionError("ECONNREFUSED", "refused"))).to.equal(true);
        expect(stopsTheRun({ name: "ConnectionError" })).to.equal(true);
        expect(stopsTheRun(new CloudflareApiError(500, []))).to.equal(false);
        expect(stopsTheRun(new InvalidResponseError(200, "not json"))).to.equal(false);
    });

    it("stops only the zone for 10000, a zone code or a route code, and the whole run for any other credential answer", () => {
        const zone = { zoneId: "023e105f4ecef8ad9ca31a8372d0c353" };
        expect(failureScope(new AuthenticationError(403, [], zone, "env", "permission-denied"))).to.equal("zone");
        expect(failureScope(new ZoneNotFoundError(404, [], zone, "https://x", "fix"))).to.equal("zone");
        expect(failureScope(new RouteNotFoundError(404, [], zone, "https://x", "fix"))).to.equal("zone");
        expect(failureScope({ name: "RouteNotFoundError" }), "by name, across module copies").to.equal("zone");
        expect(failureScope({ name: "AuthenticationError", reason: "permission-denied" })).to.equal("zone");
        for (const reason of [
            "missing-credentials",
            "malformed-token",
            "malformed-key",
            "invalid-token",
            "token-location",
            "unknown-key",
            "not-accepted",
        ] as const) {
            expect(failureScope(new AuthenticationError(reason === "not-accepted" ? 401 : 403, [], zone, "env", reason)), reason).to.equal(
                "run",
            );
        }
        expect(failureScope(new CredentialsError("none"))).to.equal("run");
        expect(failureScope(new NotFoundError([], zone))).to.equal("target");
    });
});

describe("aop-status secret redaction", () => {
    it("takes the token and API key from the environment, but not short values or the e-mail address", () => {
        expect(
            secretsIn({ CLOUDFLARE_API_TOKEN: " token-1234567 ", CLOUDFLARE_API_KEY: "key-7654321", CLOUDFLARE_EMAIL: "ops@example.com" }),
        ).to.deep.equal(["token-1234567", "key-7654321"]);
        expect(secretsIn({ CLOUDFLARE_API_TOKEN: "short" })).to.deep.equal([]);
    });

    it("replaces every occurrence of a secret, and passes isTTY and columns through", () => {
        expect(redact("a token-1234567 b TOKEN-1234567", ["token-1234567"])).to.equal(`a ${REDACTED} b ${REDACTED}`);
        expect(redact("a+b.c*d(e) aXb", ["a+b.c*d(e)"])).to.equal(`${REDACTED} aXb`);
        const written: string[] = [];
        const stream = redactingStream({ write: (chunk) => written.push(chunk) > 0, isTTY: true, columns: 90 }, ["token-1234567"]);
        stream.write('invalid target "token-1234567"');
        expect(written).to.deep.equal([`invalid target "${REDACTED}"`]);
        expect([stream.isTTY, stream.columns]).to.deep.equal([true, 90]);
    });
});
