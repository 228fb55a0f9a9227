/**
 * `aop-status doctor` through the built CLI, against the emulator (users with scoped tokens: good,
 * expiring, expired, scoped to another zone, account-owned; a key), a closed loopback port, a
 * scripted server whose clock is 10 minutes behind, and a real loopback proxy.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { expect } from "chai";

import { demoSeed, SAMPLE_ZONE_ID, startEmulator, type RunningEmulator, type UserSeed } from "../../../emulator/index";
import type { ChecklistItem } from "../../../provider/cli/doctor-checklist";
import type { DoctorJson } from "../../../provider/cli/format-doctor";
import { LoopbackProxy } from "../hostile/support";
import { envelope, loopbackCertificate, ScriptedServer } from "../../support/scripted-server";
import { ensureBuilt, RunRecorder, type CliRun } from "./support";

const ZONE = SAMPLE_ZONE_ID;
const OTHER_ZONE = "0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b";
const ACCOUNT = "01a7362d577a6c3019a474fd6f485823";
const USER_ID = "11111111111111111111111111111111";
const EMAIL = "doctor-ops@example.com";
const KEY = "doctor-SECRET-key-0b3d6e";
const PROXY_PASSWORD = "doctor-proxy-SECRET-93d1";

function inDays(days: number): string {
    return new Date(Date.now() + days * 86_400_000).toISOString();
}

const TOKENS = {
    good: "doctor-SECRET-good-3f9a1c",
    expiring: "doctor-SECRET-expiring-8b2d4e",
    expired: "doctor-SECRET-expired-c71e55",
    otherZone: "doctor-SECRET-other-zone-a0b1c2",
    account: "doctor-SECRET-account-d4e5f6",
};
const SECRETS = [...Object.values(TOKENS), KEY, PROXY_PASSWORD];

function users(): UserSeed[] {
    return [
        {
            id: USER_ID,
            email: EMAIL,
            key: KEY,
            tokens: [
                { id: "10000000000000000000000000000001", value: TOKENS.good, zones: [ZONE], permission: "read", expires_on: inDays(200) },
                {
                    id: "10000000000000000000000000000002",
                    value: TOKENS.expiring,
                    zones: [ZONE],
                    permission: "read",
                    expires_on: inDays(10.5),
                },
                {
                    id: "10000000000000000000000000000003",
                    value: TOKENS.expired,
                    zones: [ZONE],
                    permission: "read",
                    expires_on: inDays(-2),
                },
                { id: "10000000000000000000000000000004", value: TOKENS.otherZone, zones: [OTHER_ZONE], permission: "read" },
                { id: "10000000000000000000000000000005", value: TOKENS.account, account: ACCOUNT, zones: [ZONE], permission: "read" },
            ],
        },
    ];
}

function doc(run: CliRun): DoctorJson {
    try {
        return JSON.parse(run.stdout) as DoctorJson;
    } catch {
        throw new Error(`not JSON (exit ${String(run.code)}):\n${run.stdout}\n${run.stderr}`);
    }
}

function check(document: DoctorJson, id: string): ChecklistItem {
    const found = document.checks.find((entry) => entry.id === id);
    if (!found) throw new Error(`no check ${id}: ${document.checks.map((entry) => entry.id).join(", ")}`);
    return found;
}

function statuses(document: DoctorJson): Record<string, string> {
    return Object.fromEntries(document.checks.map((entry) => [entry.id, entry.status]));
}

async function closedPort(): Promise<number> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    return port;
}

describe("aop-status doctor", function () {
    this.timeout(60_000);
    let emulator: RunningEmulator;
    const cli = new RunRecorder();

    const sent = (): string[] => emulator.log.entries().map((entry) => `${entry.method} ${entry.path}`);
    const doctor = (args: string[], env: Record<string, string>, timeoutMs?: number): Promise<CliRun> =>
        cli.run(["doctor", ...args], { env: { CLOUDFLARE_BASE_URL: emulator.url, ...env }, timeoutMs });

    before(async function () {
        this.timeout(120_000);
        ensureBuilt();
        emulator = await startEmulator({ seed: demoSeed(), users: users() });
    });
    after(() => emulator.stop());
    beforeEach(() => emulator.control.reset());
    afterEach(() => {
        for (const { args, run } of cli.runs) {
            for (const secret of SECRETS) {
                expect(run.stdout, `stdout of aop-status ${args.join(" ")}`).to.not.contain(secret);
                expect(run.stderr, `stderr of aop-status ${args.join(" ")}`).to.not.contain(secret);
            }
        }
    });

    describe("a good token", () => {
        it("passes every check with one verify and one read per zone, all GET, and exits 0", async () => {
            const run = await doctor(["--zone-id", ZONE, "--format", "json"], { CLOUDFLARE_API_TOKEN: TOKENS.good });
            expect(run.code, run.stderr).to.equal(0);
            const document = doc(run);
            expect(document.ok).to.equal(true);
            expect(statuses(document)).to.deep.equal({
                credential: "pass",
                settings: "pass",
                proxy: "pass",
                connection: "pass",
                "credential-state": "pass",
                [`zone:${ZONE}`]: "pass",
                clock: "pass",
            });
            expect(check(document, "credential").facts).to.deep.include({ credentialKind: "token", variables: ["CLOUDFLARE_API_TOKEN"] });
            expect(check(document, "credential-state").facts).to.include({
                tokenId: "10000000000000000000000000000001",
                tokenStatus: "active",
            });
            expect(sent()).to.deep.equal([
                "GET /client/v4/user/tokens/verify",
                `GET /client/v4/zones/${ZONE}/origin_tls_client_auth/hostnames/certificates`,
            ]);
        });

        it("prints a plain checklist with ASCII markers when stdout is not a terminal", async () => {
            const run = await doctor(["--zone-id", ZONE], { CLOUDFLARE_API_TOKEN: TOKENS.good });
            expect(run.code).to.equal(0);
            expect(run.stdout).to.match(/^\[ok\] {3}Credential: an API token from environment variable CLOUDFLARE_API_TOKEN$/m);
            expect(run.stdout).to.match(/^\[ok\] {3}Token: GET \/user\/tokens\/verify: active; expires on .*, in 199 days$/m);
            expect(run.stdout).to.match(
                new RegExp(`^\\[ok\\] {3}Zone ${ZONE}: may read SSL and Certificates \\(\\d+ hostname certificates\\)$`, "m"),
            );
            expect(run.stdout).to.contain("0 failed, 0 warnings, 7 passed, 0 skipped. It should work from here.");
            // eslint-disable-next-line no-control-regex -- no escape sequence may be printed
            expect(run.stdout).to.not.match(/[✓⚠✗\u001b]/);
        });

        it("probes each zone once, from --zone-id, ZONE_ID/HOSTNAME targets and a targets file alike", async () => {
            const scratch = mkdtempSync(join(tmpdir(), "aop-doctor-"));
            try {
                const file = join(scratch, "targets.txt");
                writeFileSync(file, `# two zones\n${ZONE}/healthy.example.com\n${OTHER_ZONE}/other.example.com\n`);
                const run = await doctor([`${ZONE}/app.example.com`, "--zone-id", ZONE, "--targets-file", file, "--format", "json"], {
                    CLOUDFLARE_API_TOKEN: TOKENS.good,
                });
                expect(
                    doc(run)
                        .checks.filter((c) => c.kind === "zone")
                        .map((c) => c.id),
                ).to.deep.equal([`zone:${ZONE}`, `zone:${OTHER_ZONE}`]);
                expect(sent().filter((line) => line.includes("/zones/"))).to.have.length(2);
            } finally {
                rmSync(scratch, { recursive: true, force: true });
            }
        });
    });

    describe("the token's state", () => {
        it("fails an expired token with the fix, skips the zones, and exits 3 after one request", async () => {
            const run = await doctor(["--zone-id", ZONE, "--format", "json"], { CLOUDFLARE_API_TOKEN: TOKENS.expired });
            expect(run.code).to.equal(3);
            const document = doc(run);
            const token = check(document, "credential-state");
            expect(token.status).to.equal("fail");
            expect(token.detail).to.equal("GET /user/tokens/verify: Cloudflare reports the token expired");
            expect(token.fix).to.contain("is invalid, expired or revoked: create a new token").and.to.contain("CLOUDFLARE_API_TOKEN");
            expect(check(document, `zone:${ZONE}`)).to.include({ status: "skip", detail: "the token cannot be used (see above)" });
            expect(sent()).to.deep.equal(["GET /client/v4/user/tokens/verify"]);
        });

        it("warns about a token that expires in 10 days, and still exits 0", async () => {
            const run = await doctor(["--zone-id", ZONE], { CLOUDFLARE_API_TOKEN: TOKENS.expiring });
            expect(run.code, run.stdout).to.equal(0);
            expect(run.stdout).to.match(/^\[warn\] Token: GET \/user\/tokens\/verify: active, but expires on .*, in 10 days$/m);
            expect(run.stdout).to.match(
                /^ {7}fix: roll the token or create a new one with Zone → SSL and Certificates → Read before \d{4}-\d{2}-\d{2}, and set it with CLOUDFLARE_API_TOKEN$/m,
            );
            expect(run.stdout).to.contain("0 failed, 1 warning, 6 passed");
        });
    });

    it("fails a zone the token is not scoped to with 10000 and says to add the zone, and exits 3", async () => {
        const run = await doctor(["--zone-id", ZONE, "--format", "json"], { CLOUDFLARE_API_TOKEN: TOKENS.otherZone });
        expect(run.code).to.equal(3);
        const zone = check(doc(run), `zone:${ZONE}`);
        expect(zone.status).to.equal("fail");
        expect(zone.detail).to.equal("HTTP 403 [10000] Authentication error");
        expect(zone.fix).to.equal(
            "The API token from environment variable CLOUDFLARE_API_TOKEN is valid but may not read this zone's SSL and Certificates: " +
                `give it Zone → SSL and Certificates → Read on zone ${ZONE} (the token's Zone Resources must include the zone)`,
        );
        expect(zone.facts).to.deep.include({ codes: [10000], reason: "permission-denied" });
        expect(check(doc(run), "credential-state").status).to.equal("pass");
    });

    it("fails the connection to a closed loopback port, skips what needs an answer, and exits 3", async () => {
        const port = await closedPort();
        const run = await doctor(["--zone-id", ZONE, "--format", "json"], {
            CLOUDFLARE_API_TOKEN: TOKENS.good,
            CLOUDFLARE_BASE_URL: `http://127.0.0.1:${port}/client/v4`,
        });
        expect(run.code).to.equal(3);
        const document = doc(run);
        expect(statuses(document)).to.deep.equal({
            credential: "pass",
            settings: "pass",
            proxy: "pass",
            connection: "fail",
            "credential-state": "skip",
            [`zone:${ZONE}`]: "skip",
            clock: "skip",
        });
        const connection = check(document, "connection");
        expect(connection.detail).to.contain(`connection refused by http://127.0.0.1:${port}`);
        expect(connection.fix).to.contain(`check that 127.0.0.1:${port} can be reached from here`);
        expect(run.durationMs, "retries are bounded").to.be.below(20_000);
    });

    describe("account-owned tokens", () => {
        it("fails at the user endpoint without --account-id when no zone proves the token, and says to pass it", async () => {
            const run = await doctor(["--format", "json"], { CLOUDFLARE_API_TOKEN: TOKENS.account });
            expect(run.code).to.equal(3);
            const token = check(doc(run), "credential-state");
            expect(token).to.include({ status: "fail", detail: "GET /user/tokens/verify: HTTP 401 [1000] Invalid API Token" });
            expect(token.fix).to.contain("run again with --account-id ACCOUNT_ID");
        });

        it("only warns without --account-id when the token reads the zone, and exits 0", async () => {
            const run = await doctor(["--zone-id", ZONE, "--format", "json"], { CLOUDFLARE_API_TOKEN: TOKENS.account });
            expect(run.code).to.equal(0);
            expect(check(doc(run), "credential-state").status).to.equal("warn");
            expect(check(doc(run), `zone:${ZONE}`).status).to.equal("pass");
        });

        it("verifies it at the account's endpoint with --account-id", async () => {
            const run = await doctor(["--zone-id", ZONE, "--account-id", ACCOUNT, "--format", "json"], {
                CLOUDFLARE_API_TOKEN: TOKENS.account,
            });
            expect(run.code, run.stdout).to.equal(0);
            const token = check(doc(run), "credential-state");
            expect(token).to.include({ status: "pass", title: `Token (account ${ACCOUNT})` });
            expect(sent()[0]).to.equal(`GET /client/v4/accounts/${ACCOUNT}/tokens/verify`);
        });
    });

    it("checks a key and email through GET /user, and names the user by id only", async () => {
        const run = await doctor(["--zone-id", ZONE, "--format", "json"], { CLOUDFLARE_API_KEY: KEY, CLOUDFLARE_EMAIL: EMAIL });
        expect(run.code, run.stdout).to.equal(0);
        const document = doc(run);
        expect(check(document, "credential").facts).to.deep.include({
            credentialKind: "key",
            variables: ["CLOUDFLARE_API_KEY", "CLOUDFLARE_EMAIL"],
        });
        expect(check(document, "credential-state")).to.include({
            status: "pass",
            detail: `GET /user: Cloudflare knows this key and email (user ${USER_ID})`,
        });
        expect(run.stdout).to.not.contain(EMAIL);
        expect(sent()[0]).to.equal("GET /client/v4/user");
    });

    it("fails the credential when none is set, and sends nothing", async () => {
        const run = await doctor(["--zone-id", ZONE], {});
        expect(run.code).to.equal(3);
        expect(run.stdout).to.match(/^\[FAIL\] Credential: No Cloudflare credentials found\. Set an API token with CLOUDFLARE_API_TOKEN/m);
        expect(run.stdout).to.match(/^\[skip\] Connection: skipped: no usable credential was found$/m);
        expect(sent()).to.deep.equal([]);
    });

    describe("usage errors: exit 2, nothing sent", () => {
        for (const [what, args] of [
            ["a malformed --zone-id", ["--zone-id", "not-a-zone"]],
            ["a malformed --account-id", ["--account-id", "ACCOUNT"]],
            ["an invalid target", [`${ZONE}/bad host`]],
            ["an unknown --format", ["--format", "xml"]],
            ["a credential flag", ["--api-token", "x"]],
        ] as const) {
            it(`refuses ${what}`, async () => {
                const run = await doctor([...args], { CLOUDFLARE_API_TOKEN: TOKENS.good });
                expect(run.code, run.stderr).to.equal(2);
                expect(run.stdout).to.equal("");
                expect(sent()).to.deep.equal([]);
            });
        }
    });

    it("fails a base URL the rules refuse, naming the variable, and sends nothing anywhere", async () => {
        // A recording stand-in for a proxy: were anything sent to the refused host, it would arrive here, on loopback.
        const catcher = await ScriptedServer.start();
        try {
            const run = await doctor(["--zone-id", ZONE, "--format", "json"], {
                CLOUDFLARE_API_TOKEN: TOKENS.good,
                CLOUDFLARE_BASE_URL: "http://api.example.com/client/v4",
                HTTP_PROXY: `http://127.0.0.1:${catcher.port}`,
            });
            expect(run.code).to.equal(3);
            const settings = check(doc(run), "settings");
            expect(settings.status).to.equal("fail");
            expect(settings.detail).to.contain("CLOUDFLARE_BASE_URL").and.to.contain("uses http for a host that is not loopback");
            expect(check(doc(run), "connection").detail).to.equal("the base URL or a setting is not usable");
            expect(catcher.requests).to.deep.equal([]);
        } finally {
            await catcher.stop();
        }
    });

    it("warns about a clock 10 minutes off the server's Date, saying which way and by how much", async () => {
        const server = await ScriptedServer.start();
        try {
            server.reply((request) => ({
                headers: { date: new Date(Date.now() - 10 * 60_000).toUTCString() },
                body: request.url.includes("/tokens/verify") ? envelope({ id: "t", status: "active" }) : envelope([]),
            }));
            const run = await cli.run(["doctor", "--zone-id", ZONE, "--format", "json"], {
                env: { CLOUDFLARE_API_TOKEN: TOKENS.good, CLOUDFLARE_BASE_URL: server.baseUrl },
            });
            expect(run.code, run.stdout).to.equal(0);
            const clock = check(doc(run), "clock");
            expect(clock.status).to.equal("warn");
            expect(clock.detail).to.match(/^this machine's clock is 10 min ahead of the server's \(server .*, here .*\)$/);
            expect(clock.facts.skewSeconds).to.be.within(-601, -599);
        } finally {
            await server.stop();
        }
    });

    describe("proxies", () => {
        let proxy: LoopbackProxy;
        before(async () => {
            proxy = await LoopbackProxy.start();
        });
        after(() => proxy.stop());
        beforeEach(() => proxy.reset());

        it("names the proxy in use by host and port, never its user and password, and goes through it", async () => {
            const run = await doctor(["--zone-id", ZONE, "--format", "json"], {
                CLOUDFLARE_API_TOKEN: TOKENS.good,
                HTTP_PROXY: `http://doctor:${PROXY_PASSWORD}@127.0.0.1:${proxy.port}`,
            });
            expect(run.code, run.stdout).to.equal(0);
            const item = check(doc(run), "proxy");
            expect(item.status).to.equal("pass");
            expect(item.facts).to.include({ proxy: `http://127.0.0.1:${proxy.port}`, tunnel: false });
            expect(item.detail).to.contain(`http://127.0.0.1:${proxy.port} for 127.0.0.1:`);
            expect(run.stdout).to.not.contain("doctor:");
            expect(proxy.forwarded, "requests the proxy forwarded").to.equal(2);
        });

        it("goes direct when NO_PROXY lists the host, and says the proxy variable is set but unused", async () => {
            const run = await doctor(["--zone-id", ZONE, "--format", "json"], {
                CLOUDFLARE_API_TOKEN: TOKENS.good,
                HTTP_PROXY: proxy.url,
                NO_PROXY: "127.0.0.1",
            });
            expect(run.code, run.stdout).to.equal(0);
            const item = check(doc(run), "proxy");
            expect(item.detail).to.match(/^none: requests go directly to 127\.0\.0\.1:\d+; HTTP_PROXY is set, but not used for this URL/);
            expect(proxy.forwarded).to.equal(0);
        });

        it("reaches an https API through HTTPS_PROXY's tunnel and says the proxy does not see the credential", async () => {
            const secure = await ScriptedServer.start({ tls: true });
            const scratch = mkdtempSync(join(tmpdir(), "aop-doctor-"));
            const caFile = join(scratch, "loopback-ca.pem");
            writeFileSync(caFile, loopbackCertificate().cert);
            try {
                secure.reply((request) => ({
                    body: request.url.includes("/tokens/verify") ? envelope({ id: "t", status: "active" }) : envelope([]),
                }));
                const run = await cli.run(["doctor", "--zone-id", ZONE, "--format", "json"], {
                    env: {
                        CLOUDFLARE_API_TOKEN: TOKENS.good,
                        CLOUDFLARE_BASE_URL: secure.baseUrl,
                        HTTPS_PROXY: proxy.url,
                        NODE_EXTRA_CA_CERTS: caFile,
                    },
                });
                expect(run.code, run.stdout).to.equal(0);
                expect(check(doc(run), "proxy").detail).to.contain("through a CONNECT tunnel: the proxy does not see the credential");
                expect(proxy.tunnels).to.equal(1);
                expect(proxy.forwarded).to.equal(0);
            } finally {
                await secure.stop();
                rmSync(scratch, { recursive: true, force: true });
            }
        });
    });
});
