import { spawn } from "node:child_process";
import { createServer } from "node:net";
import { join } from "node:path";
import { expect } from "chai";
import {
    demoSeed,
    EmulatorError,
    EmulatorOptionsError,
    ListenError,
    runEmulatorCli,
    SCAN_ZONE_ID,
    SeedValidationError,
    startEmulator,
    startEmulatorFromCli,
} from "../../../emulator/index";
import { BEARER, ClientTimeoutError, ConnectionClosedError, hostnamePath, send } from "../../fixtures/emulator/http-client";

const FIXTURES = join(__dirname, "../../fixtures/emulator");
const REPO = join(__dirname, "../../..");

describe("emulator lifecycle", () => {
    it("listens on 127.0.0.1 on a free port and exposes the API and origin URLs", async () => {
        const emulator = await startEmulator();
        try {
            expect(emulator.port).to.be.greaterThan(0);
            expect(emulator.origin).to.equal(`http://127.0.0.1:${emulator.port}`);
            expect(emulator.url).to.equal(`http://127.0.0.1:${emulator.port}/client/v4`);
        } finally {
            await emulator.stop();
        }
    });

    it("stops promptly while a request hangs, ending it for the client", async () => {
        const emulator = await startEmulator();
        emulator.control.injectFault({ kind: "hang" });
        const pending = send(`${emulator.url}${hostnamePath("app.example.com")}`, { headers: BEARER, timeoutMs: 5_000 }).then(
            () => undefined,
            (e: unknown) => e,
        );
        await new Promise((resolve) => setTimeout(resolve, 100));
        const started = Date.now();
        await emulator.stop();
        expect(Date.now() - started).to.be.lessThan(500);
        const error = await pending;
        expect(error).to.be.instanceOf(ConnectionClosedError);
        expect(error).to.not.be.instanceOf(ClientTimeoutError);
    });

    it("stops promptly while a latency delay is pending", async () => {
        const emulator = await startEmulator({ latencyMs: 10_000 });
        const pending = send(`${emulator.url}${hostnamePath("app.example.com")}`, { headers: BEARER, timeoutMs: 5_000 }).catch(
            (e: unknown) => e,
        );
        await new Promise((resolve) => setTimeout(resolve, 100));
        const started = Date.now();
        await emulator.stop();
        await emulator.stop();
        expect(Date.now() - started).to.be.lessThan(500);
        expect(await pending).to.be.instanceOf(ConnectionClosedError);
    });

    it("starts with the demo data in well under a second", async () => {
        const started = Date.now();
        const emulator = await startEmulator({ seed: demoSeed() });
        const elapsed = Date.now() - started;
        await emulator.stop();
        expect(elapsed).to.be.lessThan(1_000);
    });

    it("loads a seed file, which wins over the seed option", async () => {
        const emulator = await startEmulator({ seedFile: join(FIXTURES, "seed-valid.json"), seed: demoSeed() });
        try {
            const response = await send(`${emulator.url}${hostnamePath("file.example.com", "0123456789abcdef0123456789abcdef")}`, {
                headers: BEARER,
            });
            expect(response.status).to.equal(200);
            expect((await send(`${emulator.url}${hostnamePath("app.example.com")}`, { headers: BEARER })).status).to.equal(404);
        } finally {
            await emulator.stop();
        }
    });

    it("refuses to start with an invalid seed file or options", async () => {
        const failure = (options: Parameters<typeof startEmulator>[0]) =>
            startEmulator(options).then(
                () => undefined,
                (e: unknown) => e,
            );
        expect(await failure({ seedFile: join(FIXTURES, "seed-invalid.json") })).to.be.instanceOf(SeedValidationError);
        expect(await failure({ rateLimit: { quota: -1 } })).to.be.instanceOf(EmulatorOptionsError);
        expect(await failure({ rateLimit: { windowSeconds: 0 } })).to.be.instanceOf(EmulatorOptionsError);
        expect(await failure({ port: 70_000 })).to.be.instanceOf(EmulatorOptionsError);
        expect(await failure({ credentials: { tokens: ["has space"] } })).to.be.instanceOf(EmulatorOptionsError);
    });

    it("reports a port that is already taken as a ListenError, an EmulatorError", async () => {
        const blocker = createServer();
        await new Promise<void>((resolve) => blocker.listen(0, "127.0.0.1", resolve));
        const port = (blocker.address() as { port: number }).port;
        try {
            const error = await startEmulator({ port }).then(
                () => undefined,
                (e: unknown) => e,
            );
            expect(error).to.be.instanceOf(EmulatorError).and.instanceOf(ListenError);
            expect((error as Error).message).to.include("EADDRINUSE");
            expect((error as ListenError).code).to.equal("EADDRINUSE");
        } finally {
            blocker.close();
        }
    });

    it("starts from CLI options with the demo data and replaces credentials when tokens are given", async () => {
        const emulator = await startEmulatorFromCli({ port: 0, tokens: ["cli-token"] });
        try {
            const ok = await send(`${emulator.url}${hostnamePath("healthy.example.com")}`, {
                headers: { Authorization: "Bearer cli-token" },
            });
            expect(ok.status).to.equal(200);
            expect((await send(`${emulator.url}${hostnamePath("healthy.example.com")}`, { headers: BEARER })).status).to.equal(403);
        } finally {
            await emulator.stop();
        }
    });

    it("runs the CLI until shutdown, printing the URL and never a user-supplied token", async () => {
        const out: string[] = [];
        let shutdown = (): void => undefined;
        const io = {
            out: (line: string) => out.push(line),
            err: (line: string) => out.push(line),
            waitForShutdown: () => new Promise<void>((resolve) => (shutdown = resolve)),
        };
        const running = runEmulatorCli(["--port", "0", "--seed", "sample", "--token", "user-secret-token"], io);
        while (out.length === 0) await new Promise((resolve) => setTimeout(resolve, 10));
        const url = /CLOUDFLARE_BASE_URL=(\S+)/.exec(out[0])?.[1] ?? "";
        expect(url).to.match(/^http:\/\/127\.0\.0\.1:\d+\/client\/v4$/);
        expect(out[0]).to.not.include("user-secret-token");
        const response = await send(`${url}${hostnamePath("app.example.com")}`, { headers: { Authorization: "Bearer user-secret-token" } });
        expect(response.status).to.equal(200);
        shutdown();
        expect(await running).to.equal(0);
    });

    function captureIo(): { lines: string[]; io: { out(l: string): void; err(l: string): void; waitForShutdown(): Promise<void> } } {
        const lines: string[] = [];
        return { lines, io: { out: (l) => lines.push(l), err: (l) => lines.push(l), waitForShutdown: () => Promise.resolve() } };
    }

    it("prints the error and the hint to run --help, and exits 2 for a bad flag", async () => {
        const { lines, io } = captureIo();
        expect(await runEmulatorCli(["--bogus"], io)).to.equal(2);
        expect(lines.join("\n")).to.include("unknown option '--bogus'").and.include("(run with --help for usage)");
    });

    it("prints the help, with the exit codes, and exits 0", async () => {
        const { lines, io } = captureIo();
        expect(await runEmulatorCli(["--help"], io, { programName: "aop-status emulator" })).to.equal(0);
        const help = lines.join("\n");
        expect(help).to.include("Usage: aop-status emulator [options]").and.include("--no-ip-limit").and.include("--seed <name>");
        expect(help).to.match(
            /Exit codes:\n\s+0 {2}stopped cleanly.*\n\s+1 {2}unexpected error\n\s+2 {2}bad flag.*\n\s+3 {2}cannot listen/,
        );
    });

    it("exits 2 naming the file for a data file it cannot read", async () => {
        const { lines, io } = captureIo();
        expect(
            await runEmulatorCli(["--port", "0", "--data", join(FIXTURES, "seed-invalid.json")], io, { errorPrefix: "aop-status" }),
        ).to.equal(2);
        expect(lines[0]).to.match(/^aop-status: cannot start the emulator: Invalid seed file .*seed-invalid\.json/);
    });

    it("exits 3 when the port is taken", async () => {
        const blocker = createServer();
        await new Promise<void>((resolve) => blocker.listen(0, "127.0.0.1", resolve));
        const port = (blocker.address() as { port: number }).port;
        try {
            const { lines, io } = captureIo();
            expect(await runEmulatorCli(["--port", String(port)], io)).to.equal(3);
            expect(lines).to.deep.equal([`aop-emulator: cannot listen: Cannot listen on 127.0.0.1:${port} (EADDRINUSE)`]);
        } finally {
            blocker.close();
        }
    });

    async function runWith(argv: string[], use: (url: string) => Promise<void>): Promise<number> {
        const lines: string[] = [];
        let shutdown = (): void => undefined;
        const running = runEmulatorCli(argv, {
            out: (l) => lines.push(l),
            err: (l) => lines.push(l),
            waitForShutdown: () => new Promise<void>((resolve) => (shutdown = resolve)),
        });
        while (lines.length === 0) await new Promise((resolve) => setTimeout(resolve, 10));
        try {
            await use(/CLOUDFLARE_BASE_URL=(\S+)/.exec(lines[0])?.[1] ?? "");
        } finally {
            shutdown();
        }
        return running;
    }

    const burst = (url: string, n: number): Promise<number[]> =>
        Promise.all(Array.from({ length: n }, () => send(url, { headers: BEARER, timeoutMs: 10_000 }).then((r) => r.status)));

    it("serves the scan data with --seed scan and applies --ip-limit", async () => {
        const code = await runWith(["--port", "0", "--seed", "scan", "--ip-limit", "2"], async (url) => {
            const statuses = await burst(`${url}/zones/${SCAN_ZONE_ID}/origin_tls_client_auth/settings`, 8);
            expect(statuses).to.include(200).and.include(429);
        });
        expect(code).to.equal(0);
    });

    it("lifts the per-IP limit with --no-ip-limit", async () => {
        const code = await runWith(["--port", "0", "--no-ip-limit"], async (url) => {
            expect(new Set(await burst(`${url}${hostnamePath("app.example.com")}`, 230))).to.deep.equal(new Set([200]));
        });
        expect(code).to.equal(0);
    });

    it("runs as a process, prints the default credential hint and exits 0 on SIGTERM", async function () {
        this.timeout(15_000);
        const child = spawn(
            process.execPath,
            ["-r", "ts-node/register/transpile-only", join(REPO, "emulator/main.ts"), "--port", "0", "--seed", "sample"],
            {
                cwd: REPO,
                stdio: ["ignore", "pipe", "pipe"],
            },
        );
        const line = await new Promise<string>((resolve, reject) => {
            let buffer = "";
            child.stdout.on("data", (chunk: Buffer) => {
                buffer += chunk.toString();
                if (buffer.includes("\n")) resolve(buffer.split("\n")[0]);
            });
            child.once("exit", (code) => reject(new Error(`exited early with ${code}`)));
        });
        expect(line).to.include("CLOUDFLARE_API_TOKEN=local-emulator-token");
        const url = /CLOUDFLARE_BASE_URL=(\S+)/.exec(line)?.[1] ?? "";
        expect((await send(`${url}${hostnamePath("app.example.com")}`, { headers: BEARER })).status).to.equal(200);
        const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
        child.kill("SIGTERM");
        expect(await exited).to.equal(0);
    });
});
