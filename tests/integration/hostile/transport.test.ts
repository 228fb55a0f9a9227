/**
 * Issue 11, items 2 and 3: one transport policy on every path. Each hostile body is served by a
 * scripted loopback server, reached directly and through a real loopback proxy; the bound each
 * case enforces (time, RSS growth, requests sent) is the same on both paths. An https target
 * through the proxy (a CONNECT tunnel) is covered in the last block, with the transport itself.
 */
import axios from "axios";
import { expect } from "chai";

import { ConnectionError, InvalidResponseError, isConnectionError } from "../../../provider/errors";
import { MAX_RESPONSE_BYTES, transportAdapter, TransportFailure } from "../../../provider/transport";
import { envelope, loopbackCertificate, sampleResult, ScriptedServer } from "../../support/scripted-server";
import {
    closedPort,
    dripBytes,
    expectRssGrowthUnder,
    gzipBomb,
    hostileClient,
    hostname,
    LoopbackProxy,
    MB,
    proxyEnvironment,
    rssGrowth,
    scriptedConnectProxy,
    settleWithin,
    streamBytes,
    ZONE,
} from "./support";

async function failureOf(read: Promise<unknown>, limitMs: number): Promise<{ error: Error; elapsedMs: number }> {
    const { outcomes, elapsedMs } = await settleWithin([read], limitMs, "the read");
    const [outcome] = outcomes;
    if (outcome.ok) throw new Error("expected the read to fail");
    return { error: outcome.error, elapsedMs };
}

describe("hostile case 2: the same bounds with and without a proxy", function () {
    this.timeout(60_000);
    let server: ScriptedServer;
    let proxy: LoopbackProxy;
    let restoreEnvironment: () => void = () => undefined;

    before(async () => {
        server = await ScriptedServer.start();
        proxy = await LoopbackProxy.start();
    });
    after(async () => {
        await server.stop();
        await proxy.stop();
    });
    beforeEach(() => {
        server.reset();
        server.reply(() => ({ body: envelope(sampleResult()) }));
        proxy.reset();
    });
    afterEach(() => restoreEnvironment());

    for (const path of ["direct", "through HTTP_PROXY"] as const) {
        describe(path, () => {
            beforeEach(() => {
                restoreEnvironment = proxyEnvironment(path === "direct" ? {} : { HTTP_PROXY: proxy.url });
            });
            afterEach(() => {
                // The path under test is the one taken: the proxy saw every request, or none.
                expect(proxy.forwarded, "requests the proxy forwarded").to.equal(path === "direct" ? 0 : server.requests.length);
            });

            it("cuts a body dripping a byte every 500 ms at the per-attempt timeout", async () => {
                server.reply(() => ({ respond: (res) => dripBytes(res, 500) }));
                const client = hostileClient(server.baseUrl, { requestTimeoutMs: 1_500 });
                const { error, elapsedMs } = await failureOf(client.getHostnameStatus(ZONE, hostname(1)), 20_000);
                expect(error).to.be.instanceOf(ConnectionError);
                expect((error as ConnectionError).code).to.equal("ETIMEDOUT");
                expect(elapsedMs, "cut at the 1.5 s timeout").to.be.below(3_500);
                if (path !== "direct") expect(error.message).to.contain(`through proxy 127.0.0.1:${proxy.port}`);
            });

            it("stops a 50 MB body at the 4 MiB cap after exactly one request, with RSS growth under 50 MB", async () => {
                server.reply(() => ({ respond: (res) => streamBytes(res, 50 * MB) }));
                // Retries allowed: the size is not something a retry can fix, so there must be none.
                const client = hostileClient(server.baseUrl, { maxRetries: 4 });
                const { result, growthBytes } = await rssGrowth(() => failureOf(client.getHostnameStatus(ZONE, hostname(2)), 30_000));
                expectRssGrowthUnder(growthBytes, 50);
                expect(result.error).to.be.instanceOf(InvalidResponseError);
                expect(result.error.message).to.contain("response larger than 4 MiB");
                expect(server.requests, "requests the server saw").to.have.length(1);
            });

            it("does not ask for compression, and does not inflate a 520 KB gzip bomb sent anyway (RSS growth under 50 MB)", async () => {
                const bomb = gzipBomb();
                server.reply(() => ({
                    respond: (res) => {
                        res.writeHead(200, {
                            "content-type": "application/json",
                            "content-encoding": "gzip",
                            "content-length": String(bomb.length),
                        });
                        res.end(bomb);
                    },
                }));
                const client = hostileClient(server.baseUrl, { maxRetries: 4 });
                const { result, growthBytes } = await rssGrowth(() => failureOf(client.getHostnameStatus(ZONE, hostname(3)), 30_000));
                expectRssGrowthUnder(growthBytes, 50);
                // Read as the bytes that came: not JSON, so an unusable response, and not retried.
                expect(result.error).to.be.instanceOf(InvalidResponseError);
                expect(server.requests).to.have.length(1);
                expect(server.requests[0].acceptEncoding, "Accept-Encoding sent").to.equal(undefined);
            });

            it("does not follow a redirect", async () => {
                server.reply(() => ({ status: 302, headers: { location: "http://127.0.0.1:9/elsewhere" }, body: "" }));
                const client = hostileClient(server.baseUrl);
                const { error } = await failureOf(client.getHostnameStatus(ZONE, hostname(4)), 10_000);
                expect(error).to.be.instanceOf(InvalidResponseError);
                expect(server.requests).to.have.length(1);
            });
        });
    }

    describe("choosing the proxy", () => {
        it("bypasses the proxy for NO_PROXY=127.0.0.1", async () => {
            restoreEnvironment = proxyEnvironment({ HTTP_PROXY: proxy.url, NO_PROXY: "127.0.0.1" });
            const client = hostileClient(server.baseUrl);
            const lookup = await client.getHostnameStatus(ZONE, hostname(5));
            expect(lookup.found).to.equal(true);
            expect(server.requests).to.have.length(1);
            expect(proxy.forwarded + proxy.tunnels, "requests through the proxy").to.equal(0);
        });

        it("names an unreachable proxy by 127.0.0.1:<port>, never its userinfo, and not the API", async () => {
            const port = await closedPort();
            restoreEnvironment = proxyEnvironment({ HTTP_PROXY: `http://proxy-user:proxy-SECRET-pass@127.0.0.1:${port}` });
            const client = hostileClient(server.baseUrl);
            const { error } = await failureOf(client.getHostnameStatus(ZONE, hostname(6)), 10_000);
            expect(isConnectionError(error)).to.equal(true);
            expect(error.message).to.contain(`proxy 127.0.0.1:${port} could not be reached (ECONNREFUSED)`);
            expect(error.message).to.not.contain(`refused by http://127.0.0.1:${server.port}`);
            for (const text of [error.message, error.stack ?? "", JSON.stringify(error)]) {
                expect(text).to.not.contain("proxy-user").and.not.contain("proxy-SECRET-pass");
            }
            expect(server.requests).to.have.length(0);
        });
    });
});

describe("hostile case 2: the same bounds through a CONNECT tunnel to an https API", function () {
    this.timeout(60_000);
    let server: ScriptedServer;
    let proxy: LoopbackProxy;
    let restoreEnvironment: () => void = () => undefined;
    const ca = (): string => loopbackCertificate().cert;
    const http = (timeout = 5_000) =>
        axios.create({
            baseURL: server.baseUrl,
            responseType: "text",
            transformResponse: [],
            validateStatus: null,
            timeout,
            adapter: transportAdapter({ maxSockets: 4, ca: ca() }),
        });
    const path = `/zones/${ZONE}/origin_tls_client_auth/hostnames/app.example.com`;

    before(async function () {
        this.timeout(60_000);
        server = await ScriptedServer.start({ tls: true });
        proxy = await LoopbackProxy.start();
    });
    after(async () => {
        await server.stop();
        await proxy.stop();
    });
    beforeEach(() => {
        server.reset();
        server.reply(() => ({ body: envelope(sampleResult()) }));
        proxy.reset();
        restoreEnvironment = proxyEnvironment({ HTTPS_PROXY: proxy.url });
    });
    afterEach(() => restoreEnvironment());

    it("reads through one tunnel per connection, kept alive across reads", async () => {
        const client = http();
        for (let i = 0; i < 3; i++) {
            const response = await client.get(path);
            expect(response.status).to.equal(200);
        }
        expect(server.requests).to.have.length(3);
        expect(proxy.tunnels, "CONNECTs").to.equal(1);
        expect(proxy.forwarded, "requests the proxy saw in clear").to.equal(0);
        expect(server.requests[0].acceptEncoding).to.equal(undefined);
    });

    it("cuts a body dripping a byte every 500 ms at the timeout", async () => {
        server.reply(() => ({ respond: (res) => dripBytes(res, 500) }));
        const { error, elapsedMs } = await failureOf(http(1_500).get(path), 20_000);
        expect(error).to.be.instanceOf(TransportFailure);
        expect((error as TransportFailure).kind).to.equal("timeout");
        expect((error as TransportFailure).proxy).to.equal(`127.0.0.1:${proxy.port}`);
        expect(elapsedMs).to.be.below(3_500);
    });

    it("stops a 50 MB body at the 4 MiB cap, with RSS growth under 50 MB", async () => {
        server.reply(() => ({ respond: (res) => streamBytes(res, 50 * MB) }));
        const { result, growthBytes } = await rssGrowth(() => failureOf(http(20_000).get(path), 30_000));
        expectRssGrowthUnder(growthBytes, 50);
        expect((result.error as TransportFailure).kind).to.equal("too-large");
        expect(result.error.message).to.equal(`response larger than ${MAX_RESPONSE_BYTES / MB} MiB`);
        expect(server.requests).to.have.length(1);
    });

    it("reports a proxy that refuses the tunnel as the proxy's failure, never as the API's answer", async () => {
        const refusing = await LoopbackProxy.start({ authenticate: () => false });
        restoreEnvironment();
        restoreEnvironment = proxyEnvironment({ HTTPS_PROXY: refusing.url });
        try {
            const { error } = await failureOf(http().get(path), 10_000);
            expect((error as TransportFailure).kind).to.equal("proxy");
            expect(error.message).to.match(
                new RegExp(`^proxy 127\\.0\\.0\\.1:${refusing.port} refused the tunnel to 127\\.0\\.0\\.1:${server.port} \\(HTTP 407\\)$`),
            );
            expect(server.requests).to.have.length(0);
        } finally {
            await refusing.stop();
        }
    });

    it("cuts a proxy that never finishes its answer to CONNECT at the timeout", async () => {
        const stalling = await scriptedConnectProxy((socket) => {
            socket.write("HTTP/1.1 200 Connection established\r\n");
            const timer = setInterval(() => socket.write("X-Slow: y\r\n"), 200);
            socket.on("close", () => clearInterval(timer));
        });
        restoreEnvironment();
        restoreEnvironment = proxyEnvironment({ HTTPS_PROXY: `http://127.0.0.1:${stalling.port}` });
        try {
            const { error, elapsedMs } = await failureOf(http(1_500).get(path), 10_000);
            expect((error as TransportFailure).kind).to.equal("timeout");
            expect(elapsedMs).to.be.below(3_500);
        } finally {
            await stalling.stop();
        }
    });

    it("refuses a CONNECT answer larger than 16 KiB instead of buffering it", async () => {
        const flooding = await scriptedConnectProxy((socket) => {
            socket.write("HTTP/1.1 200 Connection established\r\n");
            socket.write(`X-Flood: ${"y".repeat(64 * 1024)}\r\n`);
        });
        restoreEnvironment();
        restoreEnvironment = proxyEnvironment({ HTTPS_PROXY: `http://127.0.0.1:${flooding.port}` });
        try {
            const { error } = await failureOf(http().get(path), 10_000);
            expect((error as TransportFailure).kind).to.equal("proxy");
            expect(error.message).to.equal(`proxy 127.0.0.1:${flooding.port} sent more than 16 KiB without ending its answer to CONNECT`);
        } finally {
            await flooding.stop();
        }
    });
});
