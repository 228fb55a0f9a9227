/**
 * Shared by the hostile-server suite: a client on a private limiter (so no test inherits another's
 * budget), collection of Node's process warnings, RSS sampling, and a deadline for reads that,
 * without their fix, would hang forever.
 */
import http from "node:http";
import https from "node:https";
import net, { type AddressInfo, type Socket } from "node:net";
import { gzipSync } from "node:zlib";

import { expect } from "chai";
import { createProxy } from "proxy";

import type { CloudflareClient, ClientOptions } from "../../../provider/client";
import { scriptedClient } from "../../support/scripted-server";

export const ZONE = "023e105f4ecef8ad9ca31a8372d0c353";

export function hostname(index: number): string {
    return `host-${index}.hostile.example.com`;
}

export function hostileClient(baseUrl: string, overrides: Partial<ClientOptions> = {}): CloudflareClient {
    return scriptedClient(baseUrl, { maxRetries: 0, requestTimeoutMs: 5_000, deadlineMs: 30_000, ...overrides });
}

export type Settled = { ok: true; value: unknown } | { ok: false; error: Error };

/** Every read's outcome and how long all of them took; fails the test instead of hanging past `limitMs`. */
export async function settleWithin(
    reads: Array<Promise<unknown>>,
    limitMs: number,
    what: string,
): Promise<{ outcomes: Settled[]; elapsedMs: number }> {
    const started = Date.now();
    let timer: NodeJS.Timeout | undefined;
    const limit = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`${what}: reads still pending after ${limitMs} ms`)), limitMs);
    });
    try {
        const outcomes = await Promise.race([
            Promise.all(
                reads.map((read) =>
                    read.then(
                        (value): Settled => ({ ok: true, value }),
                        (error: unknown): Settled => ({ ok: false, error: error as Error }),
                    ),
                ),
            ),
            limit,
        ]);
        return { outcomes, elapsedMs: Date.now() - started };
    } finally {
        clearTimeout(timer);
    }
}

/** Collects process warnings of one name (e.g. TimeoutOverflowWarning) while a test runs. */
export class WarningWatch {
    readonly seen: Error[] = [];
    private readonly listener = (warning: Error): void => {
        if (warning.name === this.name) this.seen.push(warning);
    };

    constructor(private readonly name: string) {
        process.on("warning", this.listener);
    }

    /** Warnings are emitted on the next tick; let them arrive, then stop listening. */
    async stop(): Promise<Error[]> {
        await new Promise((resolve) => setTimeout(resolve, 50));
        process.removeListener("warning", this.listener);
        return this.seen;
    }
}

/** The growth of the resident set while `run` runs, sampled every 5 ms (peaks included). */
export async function rssGrowth<T>(run: () => Promise<T>): Promise<{ result: T; growthBytes: number }> {
    global.gc?.();
    const before = process.memoryUsage.rss();
    let peak = before;
    const sampler = setInterval(() => {
        peak = Math.max(peak, process.memoryUsage.rss());
    }, 5);
    try {
        const result = await run();
        peak = Math.max(peak, process.memoryUsage.rss());
        return { result, growthBytes: peak - before };
    } finally {
        clearInterval(sampler);
    }
}

export const MB = 1024 * 1024;

export function expectRssGrowthUnder(growthBytes: number, limitMb: number): void {
    expect(growthBytes / MB, `RSS growth in MB`).to.be.below(limitMb);
}

/** A real forward proxy (the `proxy` package) on 127.0.0.1, counting what it was asked to do. */
export class LoopbackProxy {
    forwarded = 0;
    tunnels = 0;
    private readonly sockets = new Set<Socket>();

    private constructor(
        private readonly server: http.Server,
        readonly port: number,
    ) {
        server.on("request", () => this.forwarded++);
        server.on("connect", () => this.tunnels++);
        server.on("connection", (socket: Socket) => {
            this.sockets.add(socket);
            socket.on("close", () => this.sockets.delete(socket));
        });
    }

    get url(): string {
        return `${this.server instanceof https.Server ? "https" : "http"}://127.0.0.1:${this.port}`;
    }

    /** With `tls`, an https:// proxy: TLS from the client to the proxy. */
    static async start(
        options: { authenticate?: (req: http.IncomingMessage) => boolean; tls?: { key: string; cert: string } } = {},
    ): Promise<LoopbackProxy> {
        const server = createProxy(options.tls ? https.createServer(options.tls) : http.createServer());
        if (options.authenticate) server.authenticate = options.authenticate;
        await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
        return new LoopbackProxy(server, (server.address() as AddressInfo).port);
    }

    reset(): void {
        this.forwarded = 0;
        this.tunnels = 0;
    }

    async stop(): Promise<void> {
        for (const socket of this.sockets) socket.destroy();
        await new Promise<void>((resolve) => this.server.close(() => resolve()));
    }
}

/** A "proxy" that answers CONNECT as `answer` says: how hostile proxies behave, on 127.0.0.1. */
export async function scriptedConnectProxy(answer: (socket: Socket) => void): Promise<{ port: number; stop: () => Promise<void> }> {
    const sockets = new Set<Socket>();
    const server = net.createServer((socket) => {
        sockets.add(socket);
        socket.on("close", () => sockets.delete(socket));
        socket.on("error", () => undefined);
        socket.once("data", () => answer(socket));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    return {
        port: (server.address() as AddressInfo).port,
        stop: async () => {
            for (const socket of sockets) socket.destroy();
            await new Promise<void>((resolve) => server.close(() => resolve()));
        },
    };
}

/** A port on 127.0.0.1 that nothing listens on (bound, then closed). */
export async function closedPort(): Promise<number> {
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    return port;
}

const PROXY_VARIABLES = ["HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy", "ALL_PROXY", "all_proxy", "NO_PROXY", "no_proxy"];

/** Sets the proxy variables for one test (every other one unset); returns the function that restores them. */
export function proxyEnvironment(values: Record<string, string>): () => void {
    const saved = new Map(PROXY_VARIABLES.map((name) => [name, process.env[name]]));
    for (const name of PROXY_VARIABLES) delete process.env[name];
    Object.assign(process.env, values);
    return () => {
        for (const [name, value] of saved) {
            if (value === undefined) delete process.env[name];
            else process.env[name] = value;
        }
    };
}

/** Writes `total` bytes of `fill` in 1 MiB chunks, respecting backpressure, until done or the client goes away. */
export function streamBytes(res: http.ServerResponse, total: number, headers: Record<string, string> = {}): void {
    res.writeHead(200, { "content-type": "application/json", "content-length": String(total), ...headers });
    const chunk = Buffer.alloc(MB, 0x20);
    let sent = 0;
    const write = (): void => {
        while (sent < total && !res.destroyed) {
            const size = Math.min(chunk.length, total - sent);
            sent += size;
            if (!res.write(size === chunk.length ? chunk : chunk.subarray(0, size))) {
                res.once("drain", write);
                return;
            }
        }
        if (!res.destroyed) res.end();
    };
    write();
}

/** A body that never ends: one byte every `everyMs`, until the client goes away. */
export function dripBytes(res: http.ServerResponse, everyMs: number): void {
    res.writeHead(200, { "content-type": "application/json" });
    res.write("{");
    const timer = setInterval(() => res.write(" "), everyMs);
    res.on("close", () => clearInterval(timer));
}

let bomb: Buffer | undefined;

/**
 * About 520 KB of gzip that inflates to 512 MiB of zeros: 512 gzip members of 1 MiB each (a
 * gunzip inflates concatenated members as one stream). Built in milliseconds, unlike one member
 * compressed from 512 MiB.
 */
export function gzipBomb(): Buffer {
    bomb ??= (() => {
        const member = gzipSync(Buffer.alloc(MB), { level: 9 });
        return Buffer.concat(Array.from({ length: 512 }, () => member));
    })();
    return bomb;
}
