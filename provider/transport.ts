/**
 * The axios adapter that carries our GETs: node:http(s) with keep-alive agents, directly or
 * through the proxy the environment names, under one policy on every path:
 *
 *  - a hard limit on the whole exchange of each attempt (connecting, the proxy's tunnel, TLS,
 *    headers and body), not an idle timeout, so a server or proxy trickling bytes cannot hold a
 *    read;
 *  - at most MAX_RESPONSE_BYTES of body, read as raw bytes: no `Accept-Encoding` is sent and a
 *    compressed body sent anyway is never inflated, so it stays within the same cap;
 *  - no redirects followed (a redirect must not carry our Authorization header elsewhere).
 *
 * Why not axios's own adapter: it costs about 2.5x the CPU of a plain node:http request per read
 * (a fleet read is thousands of small GETs), it asks for compression and inflates whatever
 * arrives, and its proxy path has neither the size cap nor a limit on the whole exchange.
 *
 * Which proxy, if any: the `*_PROXY` and `NO_PROXY` variables, decided exactly as axios's http
 * adapter decides (proxy-from-env's getProxyForUrl, then axios's own NO_PROXY matching). An
 * https target is reached through a CONNECT tunnel, so the proxy never sees the token; an http
 * target (a loopback emulator) in absolute form. The CONNECT is hand-written (see the README's
 * Dependencies): its answer is bounded, the attempt's timer covers it, and a refusal is the
 * proxy's error, never mistaken for the API's answer. Failures name the proxy by host and port,
 * never its userinfo.
 */
import http from "node:http";
import https from "node:https";
import net from "node:net";
import type { Duplex } from "node:stream";
import tls from "node:tls";

import { AxiosHeaders, type AxiosAdapter, type AxiosResponse, type InternalAxiosRequestConfig } from "axios";
import { getProxyForUrl } from "proxy-from-env";

import { errorProperty } from "./guards";

/** A response bigger than this is not a hostname status; stop reading rather than buffer it. */
export const MAX_RESPONSE_BYTES = 4 * 1024 * 1024;
/** A proxy's answer to CONNECT is a status line and a few headers; more than this is not one. */
export const MAX_CONNECT_ANSWER_BYTES = 16 * 1024;
/** Node's timers hold a signed 32-bit millisecond count. */
const MAX_TIMER_MS = 2 ** 31 - 1;

export type TransportFailureKind = "timeout" | "too-large" | "connection" | "proxy";

/**
 * Why an attempt got no usable response. Carries no request config (axios's holds the headers,
 * and with them the token): only what the client needs to word its error.
 */
export class TransportFailure extends Error {
    override name = "TransportFailure";

    constructor(
        readonly kind: TransportFailureKind,
        /** An errno-style code: ETIMEDOUT, ECONNREFUSED, ERR_RESPONSE_TOO_LARGE, EPROXYREFUSED, ... */
        readonly code: string,
        message: string,
        /** The proxy this attempt went through, as host:port; null when direct. */
        readonly proxy: string | null,
        /** The HTTP status, when the response had begun (too-large) or the proxy answered (proxy). */
        readonly status: number | null = null,
    ) {
        super(message);
    }
}

export function isTransportFailure(error: unknown): error is TransportFailure {
    return error instanceof TransportFailure || errorProperty(error, "name") === "TransportFailure";
}

interface Origin {
    secure: boolean;
    hostname: string;
    port: string;
    /** The base URL's path, e.g. "/client/v4", without a trailing slash. */
    prefix: string;
}

/** Parsing the base URL once per client, not once per request, is measurable at fleet scale. */
export function parseBase(baseURL: string): Origin {
    const url = new URL(baseURL);
    // Brackets are URL syntax; node:http wants the bare IPv6 address.
    return {
        secure: url.protocol === "https:",
        hostname: url.hostname.replace(/^\[(.*)\]$/, "$1"),
        port: url.port,
        prefix: url.pathname.replace(/\/+$/, ""),
    };
}

/** A proxy as the transport uses it. `display` is host:port, the only form that goes into messages. */
export interface ProxyEndpoint {
    secure: boolean;
    hostname: string;
    port: number;
    display: string;
    /** `Basic …` from the proxy URL's userinfo; sent to the proxy only, never shown. */
    authorization: string | null;
}

/**
 * axios 1.x applies its own NO_PROXY matching on top of proxy-from-env's (loopback aliases, CIDR
 * entries, IP normalisation). It is not public API, so it is loaded where the package exposes it
 * and, failing that (an older Node that cannot require an ES module, a future axios that moved
 * it), proxy-from-env's matching alone decides; the transport tests compare with axios's choice.
 */
function loadAxiosBypass(): (url: string) => boolean {
    try {
        // eslint-disable-next-line @typescript-eslint/no-require-imports -- an ES module of axios's, loaded lazily on purpose
        const loaded = require("axios/unsafe/helpers/shouldBypassProxy.js") as { default?: unknown };
        if (typeof loaded.default === "function") return loaded.default as (url: string) => boolean;
    } catch {
        // fall through
    }
    return () => false;
}

let axiosBypass: ((url: string) => boolean) | undefined;

/** The proxy for `url` from the environment, or null for a direct connection. Throws TransportFailure for an unusable proxy URL. */
export function proxyFor(url: string): ProxyEndpoint | null {
    const configured = getProxyForUrl(url);
    if (!configured) return null;
    axiosBypass ??= loadAxiosBypass();
    if (axiosBypass(url)) return null;
    let proxy: URL;
    try {
        proxy = new URL(configured);
    } catch {
        throw new TransportFailure(
            "proxy",
            "EPROXYCONFIG",
            "the proxy URL in HTTPS_PROXY, HTTP_PROXY or ALL_PROXY is not a valid URL",
            null,
        );
    }
    const hostname = proxy.hostname.replace(/^\[(.*)\]$/, "$1");
    const secure = proxy.protocol === "https:";
    const port = Number(proxy.port) || (secure ? 443 : 80);
    const display = `${proxy.hostname}:${port}`;
    if (proxy.protocol !== "http:" && proxy.protocol !== "https:") {
        throw new TransportFailure(
            "proxy",
            "EPROXYCONFIG",
            `the proxy ${display} uses ${proxy.protocol.replace(/:$/, "")}://, but only http:// and https:// proxies are supported`,
            display,
        );
    }
    const authorization =
        proxy.username || proxy.password
            ? `Basic ${Buffer.from(`${decodeURIComponent(proxy.username)}:${decodeURIComponent(proxy.password)}`).toString("base64")}`
            : null;
    return { secure, hostname, port, display, authorization };
}

/** The header object node:http wants, without Accept-Encoding: we never ask for a body we would have to inflate. */
function plainHeaders(config: InternalAxiosRequestConfig): Record<string, string> {
    const headers = config.headers instanceof AxiosHeaders ? config.headers : AxiosHeaders.from(config.headers);
    const plain = headers.toJSON(true);
    for (const name of Object.keys(plain)) if (name.toLowerCase() === "accept-encoding") delete plain[name];
    return plain;
}

/** `host:port` as it goes into a CONNECT line or a Host header; brackets around IPv6. */
function authority(hostname: string, port: string | number, defaultPort?: number): string {
    const host = net.isIPv6(hostname) ? `[${hostname}]` : hostname;
    return port === "" || Number(port) === defaultPort ? host : `${host}:${port}`;
}

/**
 * Opens a tunnel through `proxy` to host:port with CONNECT. Resolves with the socket once the
 * proxy answers 2xx; rejects with a TransportFailure naming the proxy otherwise, or when `signal`
 * aborts (the attempt's timer).
 */
export function openTunnel(
    proxy: ProxyEndpoint,
    host: string,
    port: number,
    signal?: AbortSignal,
    ca?: tls.ConnectionOptions["ca"],
): Promise<Duplex> {
    return new Promise((resolve, reject) => {
        const target = authority(host, port);
        const socket: net.Socket = proxy.secure
            ? tls.connect({
                  host: proxy.hostname,
                  port: proxy.port,
                  ...(net.isIP(proxy.hostname) ? {} : { servername: proxy.hostname }),
                  ...(ca === undefined ? {} : { ca }),
              })
            : net.connect({ host: proxy.hostname, port: proxy.port });
        let answer = Buffer.alloc(0);
        let settled = false;
        const settle = (failure: TransportFailure | null): void => {
            if (settled) return;
            settled = true;
            socket.removeListener("readable", read);
            socket.removeListener("error", onError);
            socket.removeListener("end", onEnd);
            signal?.removeEventListener("abort", onAbort);
            if (failure) {
                socket.destroy();
                reject(failure);
            } else resolve(socket);
        };
        const refused = (code: string, detail: string, status: number | null = null): TransportFailure =>
            new TransportFailure("proxy", code, `proxy ${proxy.display} ${detail}`, proxy.display, status);
        function read(): void {
            while (!settled) {
                const chunk = socket.read() as Buffer | null;
                if (chunk === null) return;
                answer = Buffer.concat([answer, chunk]);
                const end = answer.indexOf("\r\n\r\n");
                if (end === -1) {
                    if (answer.length > MAX_CONNECT_ANSWER_BYTES)
                        settle(
                            refused(
                                "EPROXYRESPONSE",
                                `sent more than ${MAX_CONNECT_ANSWER_BYTES / 1024} KiB without ending its answer to CONNECT`,
                            ),
                        );
                    continue;
                }
                const status = /^HTTP\/1\.[01] (\d{3})/.exec(answer.subarray(0, Math.min(end, 64)).toString("latin1"));
                if (!status) {
                    settle(refused("EPROXYRESPONSE", "answered CONNECT with something that is not HTTP"));
                } else if (!status[1].startsWith("2")) {
                    settle(refused("EPROXYREFUSED", `refused the tunnel to ${target} (HTTP ${status[1]})`, Number(status[1])));
                } else {
                    // Nothing may follow the answer before our TLS handshake; hand back anything that did.
                    if (answer.length > end + 4) socket.unshift(answer.subarray(end + 4));
                    settle(null);
                }
            }
        }
        const onError = (error: NodeJS.ErrnoException): void =>
            settle(refused(error.code ?? "ECONNERROR", `could not be reached (${error.code ?? error.message})`));
        const onEnd = (): void => settle(refused("EPROXYCLOSED", "closed the connection before answering CONNECT"));
        const onAbort = (): void => settle(refused("ETIMEDOUT", "did not open the tunnel in time"));
        if (signal?.aborted) return onAbort();
        signal?.addEventListener("abort", onAbort, { once: true });
        socket.on("readable", read);
        socket.on("error", onError);
        socket.on("end", onEnd);
        socket.once(proxy.secure ? "secureConnect" : "connect", () => {
            const credentials = proxy.authorization ? `Proxy-Authorization: ${proxy.authorization}\r\n` : "";
            socket.write(`CONNECT ${target} HTTP/1.1\r\nHost: ${target}\r\n${credentials}\r\n`);
        });
    });
}

/** Per-request options the tunnel agent reads: the attempt's abort signal. */
interface TunnelRequestOptions extends https.RequestOptions {
    tunnelSignal?: AbortSignal;
}

/**
 * A keep-alive https agent whose sockets are TLS over a CONNECT tunnel: node's pool reuses them
 * like direct ones, so a fleet through a proxy pays for one tunnel per slot, not per read.
 */
class TunnelAgent extends https.Agent {
    constructor(
        private readonly proxy: ProxyEndpoint,
        options: https.AgentOptions,
    ) {
        super(options);
    }

    override createConnection(options: TunnelRequestOptions, callback?: (error: Error | null, stream: Duplex) => void): undefined {
        const host = options.hostname ?? options.host ?? "";
        const port = Number(options.port) || 443;
        openTunnel(this.proxy, host, port, options.tunnelSignal, options.ca).then(
            (socket) => {
                // Only what is set: tls.connect takes an explicit undefined as a value, not as "the default".
                // `host` is what the certificate is checked against (an IP address is checked as one).
                const settings: tls.ConnectionOptions = { socket, host };
                if (!net.isIP(host)) settings.servername = options.servername ?? host;
                if (options.ca !== undefined) settings.ca = options.ca;
                if (options.rejectUnauthorized !== undefined) settings.rejectUnauthorized = options.rejectUnauthorized;
                if (options.minVersion !== undefined) settings.minVersion = options.minVersion;
                if (options.checkServerIdentity !== undefined) settings.checkServerIdentity = options.checkServerIdentity;
                const secure = tls.connect(settings);
                callback?.(null, secure);
            },
            (error: Error) => (callback as ((error: Error) => void) | undefined)?.(error),
        );
        return undefined;
    }
}

export interface TransportOptions {
    /** Keep-alive sockets per destination: the client's concurrency. */
    maxSockets: number;
    /** Extra trusted certificates for TLS to the API and to an https:// proxy (tests; NODE_EXTRA_CA_CERTS serves users). */
    ca?: string | Buffer;
}

interface Route {
    origin: Origin;
    proxy: ProxyEndpoint | null;
}

/** A transport error from node:http, worded with where it went. */
function connectionFailure(error: NodeJS.ErrnoException, proxy: ProxyEndpoint | null): TransportFailure {
    if (isTransportFailure(error)) return error;
    const code = error.code ?? "ECONNERROR";
    if (proxy && ["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH"].includes(code)) {
        return new TransportFailure("proxy", code, `proxy ${proxy.display} could not be reached (${code})`, proxy.display);
    }
    return new TransportFailure("connection", code, error.message, proxy?.display ?? null);
}

/**
 * The adapter: one set of keep-alive agents per client, the proxy decided once per base URL
 * (from the environment as it is at the client's first request).
 */
export function transportAdapter(options: TransportOptions): AxiosAdapter {
    const agentOptions = { keepAlive: true, maxSockets: options.maxSockets, ...(options.ca ? { ca: options.ca } : {}) };
    const direct = { http: new http.Agent(agentOptions), https: new https.Agent(agentOptions) };
    const viaProxy = new Map<string, http.Agent>();
    const proxyAgent = (proxy: ProxyEndpoint, tunnel: boolean): http.Agent => {
        const key = `${tunnel ? "tunnel" : "forward"} ${proxy.secure ? "https" : "http"}://${proxy.display} ${proxy.authorization ?? ""}`;
        let agent = viaProxy.get(key);
        if (!agent) {
            agent = tunnel
                ? new TunnelAgent(proxy, agentOptions)
                : proxy.secure
                  ? new https.Agent(agentOptions)
                  : new http.Agent(agentOptions);
            viaProxy.set(key, agent);
        }
        return agent;
    };
    let cached: { baseURL: string; route: Route } | undefined;

    return (config) =>
        new Promise<AxiosResponse>((resolve, reject) => {
            const baseURL = config.baseURL ?? "";
            // A bad base URL or proxy setting throws here, before anything is sent: the Promise
            // constructor turns that throw into this request's rejection.
            if (cached?.baseURL !== baseURL) cached = { baseURL, route: { origin: parseBase(baseURL), proxy: proxyFor(baseURL) } };
            const { origin, proxy } = cached.route;
            const path = `${origin.prefix}/${(config.url ?? "").replace(/^\/+/, "")}`;
            const headers = plainHeaders(config);
            const method = (config.method ?? "get").toUpperCase();
            let tunnelAbort: AbortController | undefined;
            let requestOptions: TunnelRequestOptions;
            if (proxy === null) {
                requestOptions = {
                    protocol: origin.secure ? "https:" : "http:",
                    hostname: origin.hostname,
                    port: origin.port,
                    path,
                    agent: origin.secure ? direct.https : direct.http,
                };
            } else if (origin.secure) {
                tunnelAbort = new AbortController();
                requestOptions = {
                    protocol: "https:",
                    hostname: origin.hostname,
                    port: origin.port,
                    path,
                    agent: proxyAgent(proxy, true),
                    tunnelSignal: tunnelAbort.signal,
                };
            } else {
                // Absolute form (RFC 9112 §3.2.2): the proxy forwards to the Host named here.
                const host = authority(origin.hostname, origin.port, 80);
                headers.host = host;
                if (proxy.authorization) headers["proxy-authorization"] = proxy.authorization;
                requestOptions = {
                    protocol: proxy.secure ? "https:" : "http:",
                    hostname: proxy.hostname,
                    port: proxy.port,
                    path: `http://${host}${path}`,
                    agent: proxyAgent(proxy, false),
                };
            }
            const via = proxy?.display ?? null;
            let settled = false;
            // The first outcome wins: after a timeout, the request's and response's own errors
            // (socket hang up, aborted) are consequences, and must not be reported instead.
            const fail = (error: TransportFailure): void => {
                if (settled) return;
                settled = true;
                clearTimeout(timer);
                reject(error);
            };
            const secureRequest = proxy === null || origin.secure ? origin.secure : proxy.secure;
            const request = (secureRequest ? https : http).request(
                { ...requestOptions, method, headers, signal: config.signal as AbortSignal | undefined },
                (response) => {
                    const chunks: Buffer[] = [];
                    let size = 0;
                    response.on("data", (chunk: Buffer) => {
                        size += chunk.length;
                        if (size > MAX_RESPONSE_BYTES) {
                            fail(
                                new TransportFailure(
                                    "too-large",
                                    "ERR_RESPONSE_TOO_LARGE",
                                    `response larger than ${MAX_RESPONSE_BYTES / 1024 / 1024} MiB`,
                                    via,
                                    response.statusCode ?? null,
                                ),
                            );
                            request.destroy();
                            return;
                        }
                        chunks.push(chunk);
                    });
                    response.on("end", () => {
                        if (settled) return;
                        settled = true;
                        clearTimeout(timer);
                        resolve({
                            data: Buffer.concat(chunks).toString("utf8"),
                            status: response.statusCode ?? 0,
                            statusText: response.statusMessage ?? "",
                            headers: response.headers as AxiosResponse["headers"],
                            config,
                            request,
                        });
                    });
                    response.on("aborted", () =>
                        fail(new TransportFailure("connection", "ECONNRESET", "the connection closed before the response ended", via)),
                    );
                    response.on("error", (error: NodeJS.ErrnoException) => fail(connectionFailure(error, proxy)));
                },
            );
            // A hard limit on the whole exchange, not an idle timeout: a server trickling bytes must
            // not hold a read forever. A timer is also far cheaper per request than an AbortSignal.
            const timer = config.timeout
                ? setTimeout(
                      () => {
                          fail(new TransportFailure("timeout", "ETIMEDOUT", `no response within ${config.timeout} ms`, via));
                          tunnelAbort?.abort();
                          request.destroy();
                      },
                      Math.min(config.timeout, MAX_TIMER_MS),
                  )
                : undefined;
            request.on("error", (error: NodeJS.ErrnoException) => fail(connectionFailure(error, proxy)));
            request.end();
        });
}
