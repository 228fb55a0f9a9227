import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { createServer } from "node:net";

import { expect } from "chai";

import { HEALTHY, DEPLOYING } from "./emulator-fixture";
import { baseEnv, CLI, ensureBuilt, expectNoSecrets, FAKE_TOKEN, ROOT, runCli } from "./support";

/** Starts `aop-status emulator` and resolves with its base URL once it says it is listening. */
function startEmulatorCommand(args: string[]): Promise<{ child: ChildProcessWithoutNullStreams; url: string; output: () => string }> {
    const child = spawn(process.execPath, [CLI, "emulator", ...args], { cwd: ROOT, env: baseEnv(), stdio: "pipe" });
    let output = "";
    return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`the emulator did not start:\n${output}`)), 10_000);
        child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
            output += chunk;
            const url = /CLOUDFLARE_BASE_URL=(\S+)/.exec(output)?.[1];
            if (url) {
                clearTimeout(timer);
                resolve({ child, url, output: () => output });
            }
        });
        child.stderr.setEncoding("utf8").on("data", (chunk: string) => (output += chunk));
        child.on("exit", (code) => {
            clearTimeout(timer);
            reject(new Error(`the emulator exited with ${code}:\n${output}`));
        });
    });
}

function exitOf(child: ChildProcessWithoutNullStreams): Promise<number | null> {
    return new Promise((resolve) => child.on("exit", (code) => resolve(code)));
}

describe("aop-status emulator (built CLI)", function () {
    this.timeout(30_000);
    before(function () {
        this.timeout(120_000);
        ensureBuilt();
    });

    it("serves the demo data on loopback for check, without printing the token it was given, and stops cleanly on SIGTERM", async () => {
        const { child, url, output } = await startEmulatorCommand(["--port", "0", "--token", FAKE_TOKEN]);
        try {
            expect(url).to.match(/^http:\/\/127\.0\.0\.1:\d+\/client\/v4$/);
            const run = await runCli(["check", HEALTHY, DEPLOYING, "--base-url", url], { env: { CLOUDFLARE_API_TOKEN: FAKE_TOKEN } });
            expect(run.code, run.stderr).to.equal(1);
            expect(run.stdout).to.contain("2 targets: 1 healthy, 1 unhealthy");
            expectNoSecrets(run.stdout + run.stderr, "check against the emulator command");
        } finally {
            const exited = exitOf(child);
            child.kill("SIGTERM");
            expect(await exited).to.equal(0);
        }
        expectNoSecrets(output(), "the emulator command's output");
    });

    it("exits 2 with a message when it cannot start with the given data file", async () => {
        const run = await runCli(["emulator", "--port", "0", "--data", "/nonexistent/seed.json"]);
        expect(run.code).to.equal(2);
        expect(run.stderr).to.match(/^aop-status: cannot start the emulator: .*ENOENT/);
    });

    it("exits 2 for an out-of-range port", async () => {
        const run = await runCli(["emulator", "--port", "70000"]);
        expect(run.code).to.equal(2);
        expect(run.stderr).to.contain("--port needs a whole number >= 0 and at most 65535");
    });

    it("prints the emulator's own help, flags and exit codes included, for --help", async () => {
        const run = await runCli(["emulator", "--help"]);
        expect(run.code, run.stderr).to.equal(0);
        expect(run.stdout)
            .to.contain("Usage: aop-status emulator [options]")
            .and.contain("--seed <name>")
            .and.contain("--no-ip-limit")
            .and.contain("3  cannot listen on the port");
    });

    it("passes every argument through, so the emulator reports an unknown flag itself", async () => {
        const run = await runCli(["emulator", "--bogus"]);
        expect(run.code).to.equal(2);
        expect(run.stderr).to.contain("unknown option '--bogus'").and.contain("(run with --help for usage)");
    });

    it("exits 3 when the port is taken", async () => {
        const blocker = createServer();
        await new Promise<void>((resolve) => blocker.listen(0, "127.0.0.1", resolve));
        const port = (blocker.address() as { port: number }).port;
        try {
            const run = await runCli(["emulator", "--port", String(port)]);
            expect(run.code).to.equal(3);
            expect(run.stderr).to.equal(`aop-status: cannot listen: Cannot listen on 127.0.0.1:${port} (EADDRINUSE)\n`);
        } finally {
            blocker.close();
        }
    });

    it("lists the emulator among the commands of aop-status --help", async () => {
        const run = await runCli(["--help"]);
        expect(run.stdout).to.match(/emulator \[options\.\.\.\]\s+run the local Cloudflare AOP API emulator/);
    });
});
