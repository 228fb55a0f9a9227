import http from "node:http";
import type { AddressInfo } from "node:net";

import axios from "axios";
import { expect } from "chai";

import { MAX_RESPONSE_BYTES, parseBase, transportAdapter } from "../../provider/transport";
import { loopbackCertificate, ScriptedServer } from "../support/scripted-server";
import { LoopbackProxy, proxyEnvironment } from "./hostile/support";

describe("the transport, without a proxy", () => {
    let server: http.Server;
    let base: string;
    const client = () =>
        axios.create({
            baseURL: base,
            responseType: "text",
            transformResponse: [],
            validateStatus: null,
            adapter: transportAdapter({ maxSockets: 8 }),
        });

    before(async () => {
        server = http.createServer((req, res) => {
            if (req.url === "/api/echo") {
                res.writeHead(201, { "content-type": "application/json", ratelimit: '"default";r=5;t=9' });
                res.end(JSON.stringify({ method: req.method, auth: req.headers.authorization ?? null }));
            } else if (req.url === "/api/trickle") {
                res.writeHead(200);
                const timer = setInterval(() => res.write("."), 50);
                res.on("close", () => clearInterval(timer));
            } else if (req.url === "/api/huge") {
                res.writeHead(200);
                const chunk = Buffer.alloc(1024 * 1024, 120);
                for (let i = 0; i < 5; i++) res.write(chunk);
                res.end();
            } else {
                res.writeHead(404);
                res.end("nope");
            }
        });
        await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
        base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api`;
    });
    after(() => new Promise<void>((resolve) => server.close(() => resolve())));

    it("sends the method and headers and returns status, headers and the body as text", async () => {
        const response = await client().get("/echo", { headers: { Authorization: "Bearer abc" } });
        expect(response.status).to.equal(201);
        expect(response.headers.ratelimit).to.equal('"default";r=5;t=9');
        expect(JSON.parse(response.data as string)).to.deep.equal({ method: "GET", auth: "Bearer abc" });
    });

    it("cuts off a response that trickles in past the timeout, reporting ETIMEDOUT", async () => {
        const started = Date.now();
        try {
            await client().get("/trickle", { timeout: 300 });
            expect.fail("the request should time out");
        } catch (error) {
            expect((error as { code?: string }).code).to.equal("ETIMEDOUT");
        }
        expect(Date.now() - started).to.be.within(250, 1500);
    });

    it("refuses to buffer a response larger than the limit", async () => {
        try {
            await client().get("/huge");
            expect.fail("the request should fail");
        } catch (error) {
            expect((error as Error).message).to.contain(`larger than ${MAX_RESPONSE_BYTES / 1024 / 1024} MiB`);
        }
    });

    it("parses a base URL once into what node:http needs, IPv6 included", () => {
        expect(parseBase("https://api.cloudflare.com/client/v4/")).to.deep.equal({
            secure: true,
            hostname: "api.cloudflare.com",
            port: "",
            prefix: "/client/v4",
        });
        expect(parseBase("http://[::1]:8787/client/v4")).to.deep.equal({
            secure: false,
            hostname: "::1",
            port: "8787",
            prefix: "/client/v4",
        });
    });
});

describe("the transport's choice of proxy", function () {
    this.timeout(30_000);
    let server: ScriptedServer;
    let proxy: LoopbackProxy;
    let restore: () => void = () => undefined;

    before(async () => {
        server = await ScriptedServer.start();
        proxy = await LoopbackProxy.start();
    });
    after(async () => {
        await server.stop();
        await proxy.stop();
    });
    afterEach(() => restore());

    /** Whether a GET to the loopback server went through the proxy, with axios's own adapter or ours. */
    async function proxied(adapter: "axios" | "ours"): Promise<boolean> {
        proxy.reset();
        const client = axios.create({
            baseURL: server.baseUrl,
            maxRedirects: 0,
            responseType: "text",
            transformResponse: [],
            validateStatus: null,
            timeout: 5_000,
            adapter: adapter === "axios" ? "http" : transportAdapter({ maxSockets: 1 }),
        });
        const response = await client.get("/zones/z/origin_tls_client_auth/hostnames/app.example.com");
        expect(response.status).to.equal(200);
        return proxy.forwarded > 0;
    }

    // Every NO_PROXY form axios understands, applied to http://127.0.0.1:<port>: ours must agree.
    const cases = (port: number): Array<[string, boolean]> => [
        ["", true],
        ["127.0.0.1", false],
        [`127.0.0.1:${port}`, false],
        ["127.0.0.1:1", true],
        ["localhost", false],
        ["127.0.0.0/8", false],
        ["10.0.0.0/8", true],
        [".0.0.1", false],
        ["*", false],
        ["example.com, 127.0.0.1", false],
        ["example.com", true],
    ];

    it("follows NO_PROXY exactly as axios's own http adapter does", async () => {
        for (const [noProxy, expected] of cases(server.port)) {
            restore();
            restore = proxyEnvironment({ HTTP_PROXY: proxy.url, NO_PROXY: noProxy });
            const axiosChoice = await proxied("axios");
            const ours = await proxied("ours");
            expect({ noProxy, ours }).to.deep.equal({ noProxy, ours: axiosChoice });
            expect({ noProxy, proxied: ours }).to.deep.equal({ noProxy, proxied: expected });
        }
    });

    it("sends the proxy's credentials to the proxy only, and never Accept-Encoding", async () => {
        const seen: Array<string | undefined> = [];
        const authenticating = await LoopbackProxy.start({
            authenticate: (req) => {
                seen.push(req.headers["proxy-authorization"]);
                return true;
            },
        });
        restore = proxyEnvironment({ HTTP_PROXY: `http://user:p%40ss@127.0.0.1:${authenticating.port}` });
        try {
            server.reset();
            const client = axios.create({
                baseURL: server.baseUrl,
                responseType: "text",
                transformResponse: [],
                validateStatus: null,
                adapter: transportAdapter({ maxSockets: 1 }),
            });
            await client.get("/zones/z/origin_tls_client_auth/hostnames/app.example.com");
            expect(seen).to.deep.equal([`Basic ${Buffer.from("user:p@ss").toString("base64")}`]);
            expect(server.requests[0].headerNames).to.not.include("proxy-authorization");
            expect(server.requests[0].acceptEncoding).to.equal(undefined);
        } finally {
            await authenticating.stop();
        }
    });

    it("reaches an https API through an https:// proxy: TLS to the proxy, and TLS to the API inside the tunnel", async () => {
        const secure = await ScriptedServer.start({ tls: true });
        const { key, cert } = loopbackCertificate();
        const tlsProxy = await LoopbackProxy.start({ tls: { key, cert } });
        restore = proxyEnvironment({ HTTPS_PROXY: tlsProxy.url });
        try {
            const client = axios.create({
                baseURL: secure.baseUrl,
                responseType: "text",
                transformResponse: [],
                validateStatus: null,
                timeout: 5_000,
                adapter: transportAdapter({ maxSockets: 1, ca: cert }),
            });
            const response = await client.get("/zones/z/origin_tls_client_auth/hostnames/app.example.com");
            expect(response.status).to.equal(200);
            expect(tlsProxy.url).to.match(/^https:/);
            expect(tlsProxy.tunnels).to.equal(1);
            expect(secure.requests).to.have.length(1);
        } finally {
            await tlsProxy.stop();
            await secure.stop();
        }
    });

    it("refuses a proxy it cannot use, naming it without its userinfo", async () => {
        restore = proxyEnvironment({ HTTP_PROXY: "socks5://user:secret@127.0.0.1:1080" });
        const client = axios.create({ baseURL: server.baseUrl, adapter: transportAdapter({ maxSockets: 1 }) });
        try {
            await client.get("/x");
            expect.fail("the request should be refused");
        } catch (error) {
            expect((error as Error).message).to.equal(
                "the proxy 127.0.0.1:1080 uses socks5://, but only http:// and https:// proxies are supported",
            );
        }
    });
});
