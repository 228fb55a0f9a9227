/**
 * A tiny real HTTP server on 127.0.0.1 whose answers each test scripts, for client tests that
 * need exact control over status, headers and bodies (the emulator covers realistic behaviour).
 * It records every request it receives, without the credential values. With `tls`, it serves
 * HTTPS with a self-signed certificate for 127.0.0.1 (see `loopbackCertificate`).
 */
import http from "node:http";
import https from "node:https";
import type { AddressInfo, Socket } from "node:net";

import forge from "node-forge";

import { CloudflareClient, type ClientOptions } from "../../provider/client";
import { Credentials } from "../../provider/credentials";
import { RequestLimiter } from "../../provider/limiter";

export interface ScriptedReply {
    status?: number;
    headers?: Record<string, string>;
    /** An object is sent as JSON; a string as is. */
    body?: unknown;
    /** Wait this long before answering. */
    delayMs?: number;
    /** Destroy the socket instead of answering. */
    drop?: boolean;
    /** Never answer. */
    hang?: boolean;
    /** Write the response yourself (a body that drips, a huge one, a compressed one). */
    respond?: (res: http.ServerResponse) => void;
}

export interface RecordedRequest {
    method: string;
    url: string;
    userAgent?: string;
    authKind: "token" | "key" | "none";
    /** The raw auth headers; tests only ever send fake credentials. */
    authorization?: string;
    xAuthEmail?: string;
    xAuthKey?: string;
    /** Header names sent, lower-case. */
    headerNames: string[];
    /** The raw headers, for the few tests about transport headers (never credentials' values). */
    acceptEncoding?: string;
    at: number;
}

export type Script = (request: RecordedRequest, index: number) => ScriptedReply;

export const SAMPLE_PEM =
    "-----BEGIN CERTIFICATE-----\nMIIDtTCCAp2gAwIBAgIJAMHAwfXZ5/PWMA0GCSqGSIb3DQEBCwUAMEUxCzAJBgNV\nBAYTAkFVMRMwEQYDVQQIEwpTb21lLVN0YXRlMSEwHwYDVQQKExhJbnRlcm5ldCBX\naWRnaXRzIFB0eSBMdGQwHhcNMTYwODI0MTY0MzAxWhcNMTYxMTIyMTY0MzAxWjBF\nMQswCQYDVQQGEwJBVTETMBEGA1UECBMKU29tZS1TdGF0ZTEhMB8GA1UEChMYSW50\nZXJuZXQgV2lkZ2l0cyBQdHkgTHRkMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIB\nCgKCAQEAwQHoetcl9+5ikGzV6cMzWtWPJHqXT3wpbEkRU9Yz7lgvddmGdtcGbg/1\nCGZu0jJGkMoppoUo4c3dts3iwqRYmBikUP77wwY2QGmDZw2FvkJCJlKnabIRuGvB\nKwzESIXgKk2016aTP6/dAjEHyo6SeoK8lkIySUvK0fyOVlsiEsCmOpidtnKX/a+5\n0GjB79CJH4ER2lLVZnhePFR/zUOyPxZQQ4naHf7yu/b5jhO0f8fwt+pyFxIXjbEI\ndZliWRkRMtzrHOJIhrmJ2A1J7iOrirbbwillwjjNVUWPf3IJ3M12S9pEewooaeO2\nizNTERcG9HzAacbVRn2Y2SWIyT/18QIDAQABo4GnMIGkMB0GA1UdDgQWBBT/LbE4\n9rWf288N6sJA5BRb6FJIGDB1BgNVHSMEbjBsgBT/LbE49rWf288N6sJA5BRb6FJI\nGKFJpEcwRTELMAkGA1UEBhMCQVUxEzARBgNVBAgTClNvbWUtU3RhdGUxITAfBgNV\nBAoTGEludGVybmV0IFdpZGdpdHMgUHR5IEx0ZIIJAMHAwfXZ5/PWMAwGA1UdEwQF\nMAMBAf8wDQYJKoZIhvcNAQELBQADggEBAHHFwl0tH0quUYZYO0dZYt4R7SJ0pCm2\n2satiyzHl4OnXcHDpekAo7/a09c6Lz6AU83cKy/+x3/djYHXWba7HpEu0dR3ugQP\nMlr4zrhd9xKZ0KZKiYmtJH+ak4OM4L3FbT0owUZPyjLSlhMtJVcoRp5CJsjAMBUG\nSvD8RX+T01wzox/Qb+lnnNnOlaWpqu8eoOenybxKp1a9ULzIVvN/LAcc+14vioFq\n2swRWtmocBAs8QR9n4uvbpiYvS8eYueDCWMM4fvFfBhaDZ3N9IbtySh3SpFdQDhw\nYbjM2rxXiyLGxB4Bol7QTv4zHif7Zt89FReT/NBy4rzaskDJY5L6xmY=\n-----END CERTIFICATE-----\n";

/** The spec's example result for app.example.com. */
export function sampleResult(overrides: Record<string, unknown> = {}): Record<string, unknown> {
    return {
        cert_id: "023e105f4ecef8ad9ca31a8372d0c353",
        cert_status: "active",
        cert_updated_at: "2100-01-01T05:20:00Z",
        cert_uploaded_on: "2019-10-28T18:11:23.37411Z",
        certificate: SAMPLE_PEM,
        created_at: "2100-01-01T05:20:00Z",
        enabled: true,
        expires_on: "2100-01-01T05:20:00Z",
        hostname: "app.example.com",
        issuer: "GlobalSign",
        serial_number: "6743787633689793699141714808227354901",
        signature: "SHA256WithRSA",
        status: "active",
        updated_at: "2100-01-01T05:20:00Z",
        ...overrides,
    };
}

export function envelope(result: unknown): Record<string, unknown> {
    return { success: true, errors: [], messages: [], result };
}

export function failure(code: number, message: string): Record<string, unknown> {
    return { success: false, errors: [{ code, message }], messages: [], result: null };
}

let certificate: { key: string; cert: string } | undefined;

/** A self-signed certificate for 127.0.0.1, made once per process; trust it with `ca: cert`. */
export function loopbackCertificate(): { key: string; cert: string } {
    if (certificate) return certificate;
    const keys = forge.pki.rsa.generateKeyPair({ bits: 2048, e: 0x10001 });
    const cert = forge.pki.createCertificate();
    cert.publicKey = keys.publicKey;
    cert.serialNumber = "01";
    cert.validity.notBefore = new Date(Date.now() - 3_600_000);
    cert.validity.notAfter = new Date(Date.now() + 24 * 3_600_000);
    const attrs = [{ name: "commonName", value: "127.0.0.1" }];
    cert.setSubject(attrs);
    cert.setIssuer(attrs);
    cert.setExtensions([
        { name: "basicConstraints", cA: true },
        { name: "subjectAltName", altNames: [{ type: 7, ip: "127.0.0.1" }] },
    ]);
    cert.sign(keys.privateKey, forge.md.sha256.create());
    certificate = { key: forge.pki.privateKeyToPem(keys.privateKey), cert: forge.pki.certificateToPem(cert) };
    return certificate;
}

export class ScriptedServer {
    readonly requests: RecordedRequest[] = [];
    private script: Script = () => ({ status: 200, body: envelope(sampleResult()) });
    private readonly sockets = new Set<Socket>();
    private server!: http.Server;
    private secure = false;
    private active = 0;
    /** The most requests this server was answering at once. */
    maxConcurrent = 0;
    port = 0;

    get baseUrl(): string {
        return `${this.secure ? "https" : "http"}://127.0.0.1:${this.port}/client/v4`;
    }

    static async start(options: { tls?: boolean } = {}): Promise<ScriptedServer> {
        const scripted = new ScriptedServer();
        scripted.secure = options.tls === true;
        const handler = (req: http.IncomingMessage, res: http.ServerResponse): void => scripted.handle(req, res);
        scripted.server = scripted.secure ? https.createServer(loopbackCertificate(), handler) : http.createServer(handler);
        scripted.server.on("connection", (socket) => {
            scripted.sockets.add(socket);
            socket.on("close", () => scripted.sockets.delete(socket));
        });
        await new Promise<void>((resolve) => scripted.server.listen(0, "127.0.0.1", resolve));
        scripted.port = (scripted.server.address() as AddressInfo).port;
        return scripted;
    }

    /** Answers every following request with `script`. */
    reply(script: Script): void {
        this.script = script;
    }

    /** Answers the next requests with `replies` in order, then with the last one forever. */
    sequence(...replies: ScriptedReply[]): void {
        this.script = (_request, index) => replies[Math.min(index, replies.length - 1)];
    }

    reset(): void {
        this.requests.length = 0;
        this.maxConcurrent = 0;
    }

    async stop(): Promise<void> {
        for (const socket of this.sockets) socket.destroy();
        await new Promise<void>((resolve) => this.server.close(() => resolve()));
    }

    private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
        const authKind = req.headers.authorization ? "token" : req.headers["x-auth-key"] ? "key" : "none";
        const recorded: RecordedRequest = {
            method: req.method ?? "",
            url: req.url ?? "",
            userAgent: req.headers["user-agent"],
            authKind,
            authorization: req.headers.authorization,
            xAuthEmail: req.headers["x-auth-email"] as string | undefined,
            xAuthKey: req.headers["x-auth-key"] as string | undefined,
            headerNames: Object.keys(req.headers),
            acceptEncoding: req.headers["accept-encoding"],
            at: Date.now(),
        };
        const index = this.requests.length;
        this.requests.push(recorded);
        this.active++;
        this.maxConcurrent = Math.max(this.maxConcurrent, this.active);
        res.on("close", () => this.active--);
        const reply = this.script(recorded, index);
        const send = (): void => {
            if (reply.drop) {
                req.socket.destroy();
                return;
            }
            if (reply.hang) return;
            if (reply.respond) {
                reply.respond(res);
                return;
            }
            const body = typeof reply.body === "string" ? reply.body : JSON.stringify(reply.body ?? envelope(sampleResult()));
            res.writeHead(reply.status ?? 200, { "content-type": "application/json", ...reply.headers });
            res.end(body);
        };
        if (reply.delayMs) setTimeout(send, reply.delayMs);
        else send();
    }
}

/** The Authorization header value a test credential produces; secrets used in tests are fakes. */
export const FAKE_TOKEN = "fake-token-DO-NOT-LEAK-7f3a9c";
export const FAKE_KEY = "fake-key-DO-NOT-LEAK-b81e20";
export const FAKE_EMAIL = "leak-check@example.com";

/**
 * A client of `baseUrl` with the token FAKE_TOKEN, test-sized timeouts and a limiter of its own
 * (so no test inherits another's budget, whatever its `concurrency`); `overrides` win.
 */
export function scriptedClient(baseUrl: string, overrides: Partial<ClientOptions> = {}): CloudflareClient {
    return new CloudflareClient({
        credentials: Credentials.token(FAKE_TOKEN, "environment variable CLOUDFLARE_API_TOKEN"),
        baseUrl,
        maxRetries: 2,
        requestTimeoutMs: 2_000,
        deadlineMs: 10_000,
        limiter: new RequestLimiter({ concurrency: overrides.concurrency ?? 4 }),
        ...overrides,
    });
}
