/**
 * `npm run test:live`'s whole script (tests/live/run.ts), with loopback servers standing in for
 * Cloudflare through AOP_LIVE_BASE_URL: an emulator (no difference expected), and a scripted
 * server that answers some questions otherwise (the differences must be reported). And: without
 * its variables, or with a base URL the rules refuse, it sends nothing at all.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { expect } from "chai";

import { SAMPLE_ZONE_ID, startEmulator, type RunningEmulator } from "../../emulator/index";
import { runLiveContract, type LiveRecord } from "../live/run";
import { MALFORMED_TOKEN, UNKNOWN_ZONE_ID } from "../live/questions";
import { envelope, failure, sampleResult, ScriptedServer } from "../support/scripted-server";
import { proxyEnvironment } from "./hostile/support";

const ZONE = SAMPLE_ZONE_ID;
const HOST = "app.example.com";
const LIVE_TOKEN = "live-SECRET-token-7e2c90ab";
const LIVE_KEY = "live-SECRET-key-51d0a3f7c2";
const LIVE_EMAIL = "live-owner@example.com";

interface Captured {
    code: number;
    stdout: string;
    stderr: string;
}

async function run(env: Record<string, string>): Promise<Captured> {
    let stdout = "";
    let stderr = "";
    const code = await runLiveContract({
        env,
        stdout: { write: (text: string) => (stdout += text) },
        stderr: { write: (text: string) => (stderr += text) },
    });
    return { code, stdout, stderr };
}

describe("npm run test:live, end to end on loopback", function () {
    this.timeout(60_000);
    let scratch: string;
    let restoreProxies: () => void;

    before(() => {
        scratch = mkdtempSync(join(tmpdir(), "aop-live-"));
        // The transport reads proxies from process.env: none here, whatever the developer's shell has.
        restoreProxies = proxyEnvironment({});
    });
    after(() => {
        restoreProxies();
        rmSync(scratch, { recursive: true, force: true });
    });

    describe("sends nothing", () => {
        let catcher: ScriptedServer;
        before(async () => {
            catcher = await ScriptedServer.start();
        });
        after(() => catcher.stop());
        beforeEach(() => catcher.reset());

        for (const [what, env] of [
            ["nothing is set", {}],
            ["only a token is set", { CLOUDFLARE_API_TOKEN: LIVE_TOKEN }],
            ["the hostname is missing", { CLOUDFLARE_API_TOKEN: LIVE_TOKEN, AOP_LIVE_ZONE_ID: ZONE }],
            ["a key has no e-mail", { CLOUDFLARE_API_KEY: LIVE_KEY, AOP_LIVE_ZONE_ID: ZONE, AOP_LIVE_HOSTNAME: HOST }],
        ] as const) {
            it(`reports itself skipped in one line and exits 0 when ${what}`, async () => {
                const result = await run({ ...env, AOP_LIVE_BASE_URL: catcher.baseUrl });
                expect(result.code).to.equal(0);
                expect(result.stdout).to.match(/^live contract test skipped \(nothing sent\): set .*\n$/);
                expect(result.stderr).to.equal("");
                expect(catcher.requests).to.deep.equal([]);
            });
        }

        it("refuses an AOP_LIVE_BASE_URL the base URL rules refuse, naming it, and sends nothing anywhere", async () => {
            // Were anything sent to the refused host, it would go through this "proxy", on loopback.
            const restore = proxyEnvironment({ HTTP_PROXY: `http://127.0.0.1:${catcher.port}` });
            try {
                const result = await run({
                    CLOUDFLARE_API_TOKEN: LIVE_TOKEN,
                    AOP_LIVE_ZONE_ID: ZONE,
                    AOP_LIVE_HOSTNAME: HOST,
                    AOP_LIVE_BASE_URL: "http://api.example.com/client/v4",
                });
                expect(result.code).to.equal(2);
                expect(result.stderr).to.match(/^test:live: AOP_LIVE_BASE_URL "http:\/\/api\.example\.com\/client\/v4" uses http/);
                expect(catcher.requests).to.deep.equal([]);
            } finally {
                restore();
            }
        });
    });

    describe("with an emulator standing in for Cloudflare", () => {
        let live: RunningEmulator;
        before(async () => {
            live = await startEmulator({
                seed: { zones: { [ZONE]: { hostnames: [{ hostname: HOST, cert_id: "a".repeat(32), enabled: true, status: "active" }] } } },
                users: [{ id: "4".repeat(32), email: LIVE_EMAIL, key: LIVE_KEY, tokens: [{ id: "5".repeat(32), value: LIVE_TOKEN }] }],
            });
        });
        after(() => live.stop());
        beforeEach(() => live.control.reset());

        it("asks seven GET questions, records them without the credential, and finds no difference", async () => {
            const recordPath = join(scratch, "token.json");
            const result = await run({
                CLOUDFLARE_API_TOKEN: LIVE_TOKEN,
                AOP_LIVE_ZONE_ID: ZONE,
                AOP_LIVE_HOSTNAME: HOST,
                AOP_LIVE_BASE_URL: live.url,
                AOP_LIVE_RECORD: recordPath,
            });
            expect(result.code, result.stdout + result.stderr).to.equal(0);
            expect(result.stdout).to.contain("7 questions: the emulator answers each with Cloudflare's status and codes.");
            expect(result.stdout).to.contain(`record written to ${recordPath}`);
            expect(live.log.entries().map((entry) => entry.method)).to.deep.equal(Array(7).fill("GET"));
            expect(live.log.entries().map((entry) => entry.auth)).to.deep.equal([
                "token",
                "token",
                "token",
                "token",
                "token",
                "none",
                "token",
            ]);

            const text = readFileSync(recordPath, "utf8");
            expect(text).to.not.contain(LIVE_TOKEN);
            const record = JSON.parse(text) as LiveRecord;
            expect(record.live.answers.map((a) => [a.question, a.status, a.codes])).to.deep.equal([
                ["credential-check", 200, []],
                ["associated-hostname", 200, []],
                ["missing-hostname", 404, [1404]],
                ["unknown-zone", 404, [1001]],
                ["malformed-token", 400, [6003, 6111]],
                ["no-credential", 400, [9106]],
                ["hostname-certificates", 200, []],
            ]);
            expect(record.live.answers[0].headerNames).to.include.members(["date", "ratelimit", "ratelimit-policy"]);
            expect(record.comparison.every((row) => row.differs.length === 0)).to.equal(true);
            expect(record.emulator.answers).to.have.length(7);
        });

        it("checks a key and e-mail through /user, and keeps neither in the record", async () => {
            const recordPath = join(scratch, "key.json");
            const result = await run({
                CLOUDFLARE_API_KEY: LIVE_KEY,
                CLOUDFLARE_EMAIL: LIVE_EMAIL,
                AOP_LIVE_ZONE_ID: ZONE,
                AOP_LIVE_HOSTNAME: HOST,
                AOP_LIVE_BASE_URL: live.url,
                AOP_LIVE_RECORD: recordPath,
            });
            expect(result.code, result.stdout).to.equal(0);
            expect(live.log.entries()[0]).to.include({ path: "/client/v4/user", auth: "key" });
            const text = readFileSync(recordPath, "utf8");
            expect(text).to.not.contain(LIVE_KEY);
            expect(text).to.not.contain(LIVE_EMAIL);
        });
    });

    it("reports each difference in status or codes in a table, says which emulator answers were guesses, and exits 1", async () => {
        const cloudflare = await ScriptedServer.start();
        try {
            cloudflare.reply((request) => {
                const { url, authorization } = request;
                if (authorization === undefined)
                    return { status: 400, body: failure(9106, "Missing X-Auth-Key, X-Auth-Email or Authorization headers") };
                if (authorization === `Bearer ${MALFORMED_TOKEN}`) {
                    return {
                        status: 400,
                        body: {
                            success: false,
                            errors: [
                                {
                                    code: 6003,
                                    message: "Invalid request headers",
                                    error_chain: [{ code: 6111, message: "Invalid format for Authorization header" }],
                                },
                            ],
                            messages: [],
                            result: null,
                        },
                    };
                }
                // A hostile touch: the credential echoed in a message and in a header value.
                const echo = { "x-echo": authorization };
                if (url.endsWith("/user/tokens/verify")) return { headers: echo, body: envelope({ id: "t", status: "active" }) };
                if (url.includes(UNKNOWN_ZONE_ID))
                    return { status: 403, headers: echo, body: failure(10000, `Authentication error for ${authorization}`) };
                if (url.endsWith("/hostnames/certificates")) return { body: envelope([]) };
                if (url.endsWith(`/hostnames/${HOST}`)) return { body: envelope(sampleResult()) };
                return { status: 404, body: failure(1551, "Per-hostname AOP association not found") };
            });
            const recordPath = join(scratch, "differences.json");
            const result = await run({
                CLOUDFLARE_API_TOKEN: LIVE_TOKEN,
                AOP_LIVE_ZONE_ID: ZONE,
                AOP_LIVE_HOSTNAME: HOST,
                AOP_LIVE_BASE_URL: cloudflare.baseUrl,
                AOP_LIVE_RECORD: recordPath,
            });
            expect(result.code).to.equal(1);
            expect(result.stdout).to.match(
                /^missing-hostname\s+404 \[1551\]\s+404 \[1404\]\s+unknownHostname \(guess\)\s+DIFFERENT: codes$/m,
            );
            expect(result.stdout).to.match(
                /^unknown-zone\s+403 \[10000\]\s+404 \[1001\]\s+unknownZone \(issue\)\s+DIFFERENT: status, codes$/m,
            );
            expect(result.stdout).to.match(/^associated-hostname\s+200\s+200\s+-\s+same$/m);
            expect(result.stdout).to.contain("2 of 7 questions differ in status or codes:");
            expect(result.stdout).to.contain("missing-hostname: the emulator's answer was a guess (emulator/README.md, errata)");
            expect(cloudflare.requests.map((r) => r.method)).to.deep.equal(Array(7).fill("GET"));
            expect(readFileSync(recordPath, "utf8")).to.not.contain(LIVE_TOKEN);
            expect(result.stdout).to.not.contain(LIVE_TOKEN);
        } finally {
            await cloudflare.stop();
        }
    });
});
