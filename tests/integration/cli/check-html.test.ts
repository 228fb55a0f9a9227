import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { expect } from "chai";

import type { RunningEmulator } from "../../../emulator/index";
import { envelope, failure, sampleResult, ScriptedServer } from "../../support/scripted-server";
import { HEALTHY, EXPIRING, startCliEmulator, tokenEnv, ZONE } from "./emulator-fixture";
import { ensureBuilt, FAKE_TOKEN, RunRecorder } from "./support";

describe("aop-status check --format html (built CLI)", function () {
    this.timeout(30_000);
    let emulator: RunningEmulator;
    let server: ScriptedServer;
    let dir: string;
    const cli = new RunRecorder();

    before(async function () {
        this.timeout(120_000);
        ensureBuilt();
        emulator = await startCliEmulator();
        server = await ScriptedServer.start();
        dir = mkdtempSync(join(tmpdir(), "aop-status-html-"));
    });
    after(async () => {
        await emulator?.stop();
        await server?.stop();
        if (dir) rmSync(dir, { recursive: true, force: true });
    });

    it("writes the page to --output and still prints the table to stdout", async () => {
        const file = join(dir, "nested", "report.html");
        const run = await cli.run(["check", HEALTHY, EXPIRING, "--format", "html", "--output", file], { env: tokenEnv(emulator) });
        expect(run.code, run.stderr).to.equal(1);
        expect(run.stdout).to.match(/^TARGET\s+STATUS/m);
        expect(run.stdout).to.contain(`html report written to ${file}`);
        const html = readFileSync(file, "utf8");
        expect(html).to.match(/^<!doctype html>\n<html lang="en">/);
        expect(html).to.contain(`against <code>${emulator.url}</code>`);
        expect(html).to.contain("expiring.example.com");
        cli.expectNoSecretsSoFar();
    });

    it("writes the page to stdout without --output, so it can be redirected like the other formats", async () => {
        const run = await cli.run(["check", HEALTHY, "--format", "html"], { env: tokenEnv(emulator) });
        expect(run.code, run.stderr).to.equal(0);
        expect(run.stdout).to.match(/^<!doctype html>/);
        expect(run.stdout).to.match(/<\/html>\n$/);
        expect(run.stdout).to.not.match(/^TARGET/m);
        expect(run.stderr).to.equal("");
    });

    it("redacts a credential that a server echoes back in an error message, in the page as in every other output", async () => {
        server.reply((request) =>
            request.url.includes("echo.example.com")
                ? { status: 400, body: failure(1000, `token ${request.authorization?.replace(/^Bearer /, "") ?? ""} is not allowed here`) }
                : { status: 200, body: envelope(sampleResult()) },
        );
        const file = join(dir, "echo.html");
        const run = await cli.run(["check", `${ZONE}/echo.example.com`, "--format", "html", "--output", file], {
            env: { CLOUDFLARE_API_TOKEN: FAKE_TOKEN, CLOUDFLARE_BASE_URL: server.baseUrl, AOP_STATUS_MAX_RETRIES: "0" },
        });
        expect(run.code, run.stderr).to.equal(3);
        const html = readFileSync(file, "utf8");
        expect(html).to.contain("token [redacted] is not allowed here");
        expect(html).to.not.contain(FAKE_TOKEN);
    });

    it("refuses a base URL with a query string, which could carry a secret, without quoting the query or writing a report", async () => {
        server.reset();
        server.reply(() => ({ status: 200, body: envelope(sampleResult()) }));
        const file = join(dir, "query.html");
        const run = await cli.run(["check", `${ZONE}/app.example.com`, "--format", "html", "--output", file], {
            env: {
                CLOUDFLARE_API_TOKEN: FAKE_TOKEN,
                CLOUDFLARE_BASE_URL: `${server.baseUrl}?sig=hush-hush-9f2c`,
                AOP_STATUS_MAX_RETRIES: "0",
            },
        });
        expect(run.code, run.stderr).to.equal(2);
        expect(run.stderr).to.contain("CLOUDFLARE_BASE_URL");
        expect(run.stdout + run.stderr).to.not.contain("hush-hush-9f2c");
        expect(existsSync(file)).to.equal(false);
        expect(server.requests).to.have.length(0);
    });
});
