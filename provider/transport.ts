/**
 * The axios adapter that carries our GETs: node:http(s) with keep-alive agents and nothing else.
 *
 * axios's general-purpose http adapter costs about 2.5x the CPU of a plain node:http request per
 * read (proxy resolution, stream plumbing, a setsockopt per request). A fleet read is thousands
 * of small GETs, so the client keeps axios for configuration, headers and its error type, and
 * swaps in this lean transport. When a proxy is configured in the environment, axios's own
 * adapter is used instead, because it knows how to talk through one.
 */
import http from "node:http";
import https from "node:https";

import { AxiosError, AxiosHeaders, type AxiosAdapter, type AxiosResponse, type InternalAxiosRequestConfig } from "axios";

import type { Environment } from "./credentials";

/** A response bigger than this is not a hostname status; stop reading rather than buffer it. */
export const MAX_RESPONSE_BYTES = 4 * 1024 * 1024;

const PROXY_VARIABLES = ["HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy", "ALL_PROXY", "all_proxy"];

export function proxyConfigured(env: Environment = process.env): boolean {
    return PROXY_VARIABLES.some((name) => (env[name] ?? "").trim() !== "");
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

/** The header object node:http wants; axios hands adapters an AxiosHeaders instance. */
function plainHeaders(config: InternalAxiosRequestConfig): Record<string, string> {
    const headers = config.headers instanceof AxiosHeaders ? config.headers : AxiosHeaders.from(config.headers);
    return headers.toJSON(true) as Record<string, string>;
}

export function directAdapter(agents: { http: http.Agent; https: https.Agent }): AxiosAdapter {
    let cached: { baseURL: string; origin: Origin } | undefined;
    return (config) =>
        new Promise<AxiosResponse>((resolve, reject) => {
            const baseURL = config.baseURL ?? "";
            if (cached?.baseURL !== baseURL) cached = { baseURL, origin: parseBase(baseURL) };
            const { secure, hostname, port, prefix } = cached.origin;
            let settled = false;
            // The first outcome wins: after a timeout, the request's and response's own errors
            // (socket hang up, aborted) are consequences, and must not be reported instead.
            const fail = (error: AxiosError): void => {
                if (settled) return;
                settled = true;
                clearTimeout(timer);
                reject(error);
            };
            const request = (secure ? https : http).request(
                {
                    protocol: secure ? "https:" : "http:",
                    hostname,
                    port,
                    path: `${prefix}/${(config.url ?? "").replace(/^\/+/, "")}`,
                    method: (config.method ?? "get").toUpperCase(),
                    headers: plainHeaders(config),
                    agent: secure ? agents.https : agents.http,
                    signal: config.signal as AbortSignal | undefined,
                },
                (response) => {
                    const chunks: Buffer[] = [];
                    let size = 0;
                    response.on("data", (chunk: Buffer) => {
                        size += chunk.length;
                        if (size > MAX_RESPONSE_BYTES) {
                            fail(
                                new AxiosError(
                                    `response larger than ${MAX_RESPONSE_BYTES} bytes`,
                                    AxiosError.ERR_BAD_RESPONSE,
                                    config,
                                    request,
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
                        fail(new AxiosError("the connection closed before the response ended", "ECONNRESET", config, request)),
                    );
                    response.on("error", (error: NodeJS.ErrnoException) => fail(AxiosError.from(error, error.code, config, request)));
                },
            );
            // A hard limit on the whole exchange, not an idle timeout: a server trickling bytes must
            // not hold a read forever. A timer is also far cheaper per request than an AbortSignal.
            const timer = config.timeout
                ? setTimeout(() => {
                      fail(new AxiosError(`no response within ${config.timeout} ms`, AxiosError.ETIMEDOUT, config, request));
                      request.destroy();
                  }, config.timeout)
                : undefined;
            request.on("error", (error: NodeJS.ErrnoException) => fail(AxiosError.from(error, error.code, config, request)));
            request.end();
        });
}
