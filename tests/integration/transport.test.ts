import http from "node:http";
import https from "node:https";
import type { AddressInfo } from "node:net";

import axios from "axios";
import { expect } from "chai";

import { directAdapter, MAX_RESPONSE_BYTES, parseBase, proxyConfigured } from "../../provider/transport";

describe("the direct transport", () => {
    let server: http.Server;
    let base: string;
    const client = () =>
        axios.create({
            baseURL: base,
            responseType: "text",
            transformResponse: [],
            validateStatus: null,
            adapter: directAdapter({ http: new http.Agent({ keepAlive: true }), https: new https.Agent({ keepAlive: true }) }),
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
            expect((error as Error).message).to.contain(`larger than ${MAX_RESPONSE_BYTES} bytes`);
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

    it("notices a proxy in the environment, so the client can hand over to axios's own adapter", () => {
        expect(proxyConfigured({ HTTPS_PROXY: "http://proxy:3128" })).to.equal(true);
        expect(proxyConfigured({ https_proxy: " " })).to.equal(false);
        expect(proxyConfigured({})).to.equal(false);
    });
});
