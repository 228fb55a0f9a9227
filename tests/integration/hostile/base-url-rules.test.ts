/**
 * The base URL rule (https except on loopback; no user info, query or fragment) where users meet
 * it: exit 2 in the CLI with nothing sent, and a ConfigurationError naming the setting in the
 * provider host and the functions.
 *
 * Nothing here may send traffic anywhere but 127.0.0.1, even if the rule broke: the refused URLs
 * that point at a real server point at a loopback one (which must then see no request), and the
 * one non-loopback URL is only ever given where no credential is set, so a broken rule would end
 * in a CredentialsError before any request (and the test would fail on that, not send).
 */
import * as pulumi from "@pulumi/pulumi";
import { expect } from "chai";

import { getAuthenticatedOriginPullStatus } from "../../../provider/functions";
import { StackHarness } from "../../support/engine";
import {
    aopResourcesIn,
    FAST_TUNING,
    fleetStack,
    FLEET_PROGRAM,
    FLEET_TARGETS_KEY,
    once,
    tuningConfig,
    ZONE,
} from "../../support/hardening";
import { ScriptedServer } from "../../support/scripted-server";
import { ensureBuilt, FAKE_TOKEN, runCli } from "../cli/support";

const EXIT_USAGE = 2;
const NOT_LOOPBACK = "http://10.0.0.5:8080/client/v4";

describe("hostile case 4: base URL rules where users meet them", function () {
    this.timeout(60_000);
    let server: ScriptedServer;

    before(async () => {
        ensureBuilt();
        server = await ScriptedServer.start();
    });
    after(() => server.stop());
    beforeEach(() => server.reset());

    /** Refused URLs that point at the loopback server: if one were accepted, the server would see it. */
    function refusedLoopbackUrls(): Array<[string, RegExp]> {
        const base = server.baseUrl;
        return [
            [`${base}?debug=1`, /must not contain a query \(\?…\) or a fragment/],
            [`${base}#v4`, /must not contain a query \(\?…\) or a fragment/],
            [base.replace("http://", "http://admin:hunter2-pw@"), /must not contain a user name or password/],
            [base.replace("http://", "ftp://"), /must use https, got ftp:/],
        ];
    }

    for (const via of ["--base-url", "CLOUDFLARE_BASE_URL"] as const) {
        it(`exits 2 for a base URL with a query, a fragment, user info or another scheme in ${via}, naming it and sending nothing`, async () => {
            for (const [url, reason] of refusedLoopbackUrls()) {
                const args =
                    via === "--base-url" ? ["--base-url", url, "check", `${ZONE}/app.example.com`] : ["check", `${ZONE}/app.example.com`];
                const env = { CLOUDFLARE_API_TOKEN: FAKE_TOKEN, ...(via === "CLOUDFLARE_BASE_URL" ? { CLOUDFLARE_BASE_URL: url } : {}) };
                const run = await runCli(args, { env });
                expect(run.code, `${url}: ${run.stderr}`).to.equal(EXIT_USAGE);
                expect(run.stderr)
                    .to.match(new RegExp(`^aop-status: ${via} `))
                    .and.match(reason);
                expect(run.stderr + run.stdout, "the password is never echoed").to.not.contain("hunter2");
            }
            expect(server.requests, "requests the server saw").to.have.length(0);
        });
    }

    it("exits 2, not 3, for http to a host that is not loopback: the base URL is refused before credentials are even looked for", async () => {
        const run = await runCli(["--base-url", NOT_LOOPBACK, "check", `${ZONE}/app.example.com`], { env: {} });
        expect(run.code, run.stderr).to.equal(EXIT_USAGE);
        expect(run.stderr).to.contain(`--base-url "${NOT_LOOPBACK}" uses http for a host that is not loopback`).and.contain("use https");
    });

    it("fails an up with a ConfigurationError naming cloudflare:baseUrl, and sends nothing", async () => {
        const [url] = refusedLoopbackUrls()[0];
        const result = await once(fleetStack({ url }, [{ name: "app", zoneId: ZONE, hostname: "app.example.com" }]), "up");
        expect(result.ok).to.equal(false);
        expect(result.error).to.contain(`cloudflare:baseUrl must not contain a query`);
        // The query itself is never quoted back: it may hold a signature or a key.
        expect(result.error).to.contain(`it is "${url.replace(/[?#].*$/s, "")}" followed by one`);
        expect(aopResourcesIn(result)).to.have.length(0);
        expect(server.requests).to.have.length(0);
    });

    it("fails an up with http to a host that is not loopback as a ConfigurationError, even with no credential set", async () => {
        const stack = new StackHarness({
            programDir: FLEET_PROGRAM,
            config: {
                "cloudflare:baseUrl": NOT_LOOPBACK,
                [FLEET_TARGETS_KEY]: JSON.stringify([{ name: "app", zoneId: ZONE, hostname: "app.example.com" }]),
                ...tuningConfig(FAST_TUNING),
            },
            env: {
                CLOUDFLARE_API_TOKEN: undefined,
                CLOUDFLARE_API_KEY: undefined,
                CLOUDFLARE_EMAIL: undefined,
                CLOUDFLARE_BASE_URL: undefined,
            },
        });
        const result = await once(stack, "up");
        expect(result.ok).to.equal(false);
        expect(result.error).to.contain(`cloudflare:baseUrl "${NOT_LOOPBACK}" uses http for a host that is not loopback`);
        expect(result.error).to.not.contain("No Cloudflare credentials found");
    });

    describe("getAuthenticatedOriginPullStatus", () => {
        const saved: Record<string, string | undefined> = {};
        const VARIABLES = ["CLOUDFLARE_API_TOKEN", "CLOUDFLARE_API_KEY", "CLOUDFLARE_EMAIL", "CLOUDFLARE_BASE_URL"];

        beforeEach(() => {
            for (const name of VARIABLES) {
                saved[name] = process.env[name];
                delete process.env[name];
            }
        });
        afterEach(() => {
            pulumi.runtime.setAllConfig({});
            for (const name of VARIABLES) {
                if (saved[name] === undefined) delete process.env[name];
                else process.env[name] = saved[name];
            }
        });

        it("rejects with a ConfigurationError naming cloudflare:baseUrl, before looking for credentials", async () => {
            pulumi.runtime.setAllConfig({ "cloudflare:baseUrl": NOT_LOOPBACK });
            const error = await getAuthenticatedOriginPullStatus({ zoneId: ZONE, hostname: "app.example.com" }).then(
                () => expect.fail("the read should fail"),
                (e: unknown) => e as Error,
            );
            expect(error.name).to.equal("ConfigurationError");
            expect(error.message).to.contain(`cloudflare:baseUrl "${NOT_LOOPBACK}" uses http for a host that is not loopback`);
        });

        it("rejects a query in CLOUDFLARE_BASE_URL naming the variable, and sends nothing", async () => {
            process.env.CLOUDFLARE_API_TOKEN = FAKE_TOKEN;
            process.env.CLOUDFLARE_BASE_URL = `${server.baseUrl}?x=1`;
            const error = await getAuthenticatedOriginPullStatus({ zoneId: ZONE, hostname: "app.example.com" }).then(
                () => expect.fail("the read should fail"),
                (e: unknown) => e as Error,
            );
            expect(error.name).to.equal("ConfigurationError");
            expect(error.message).to.match(/^CLOUDFLARE_BASE_URL must not contain a query/);
            expect(server.requests).to.have.length(0);
        });
    });
});
