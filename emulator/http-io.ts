// Small node:http helpers shared by the API and admin handlers.

import type { IncomingMessage, ServerResponse } from "node:http";

/** What a handler decided to do with a request. */
export type Outcome =
    | { kind: "respond"; status: number; headers: Record<string, string>; body: string }
    /** Destroy the socket without answering. */
    | { kind: "drop" }
    /** Never answer; the socket stays open until the client or `stop()` closes it. */
    | { kind: "hang" };

export type RespondOutcome = Extract<Outcome, { kind: "respond" }>;

export function jsonOutcome(status: number, body: unknown, headers: Record<string, string> = {}): RespondOutcome {
    return { kind: "respond", status, headers: { "Content-Type": "application/json", ...headers }, body: JSON.stringify(body) };
}

/**
 * Writes an answer. `now` is the emulator's clock: its `Date` header follows it, as Cloudflare's
 * follows Cloudflare's, so a client's clock-skew check can be tested with a skewed emulator.
 */
export function writeOutcome(res: ServerResponse, outcome: RespondOutcome, now?: () => number): void {
    if (res.destroyed || res.writableEnded) return;
    const date = now === undefined ? {} : { Date: new Date(now()).toUTCString() };
    res.writeHead(outcome.status, { ...date, ...outcome.headers, "Content-Length": String(Buffer.byteLength(outcome.body)) });
    res.end(outcome.body);
}

export const MAX_BODY_BYTES = 1_048_576;

export type BodyResult = { ok: true; text: string } | { ok: false; reason: "too-large" | "aborted" };

export function readBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<BodyResult> {
    return new Promise((resolve) => {
        const chunks: Buffer[] = [];
        let size = 0;
        let settled = false;
        const finish = (result: BodyResult): void => {
            if (settled) return;
            settled = true;
            resolve(result);
        };
        req.on("data", (chunk: Buffer) => {
            size += chunk.length;
            if (size > limit) {
                // Keep draining so the answer can still be written on this connection.
                chunks.length = 0;
                finish({ ok: false, reason: "too-large" });
                return;
            }
            if (!settled) chunks.push(chunk);
        });
        req.on("end", () => finish({ ok: true, text: Buffer.concat(chunks).toString("utf8") }));
        req.on("error", () => finish({ ok: false, reason: "aborted" }));
        req.on("close", () => finish({ ok: false, reason: "aborted" }));
    });
}

/**
 * Timers the server can cancel on stop, so a pending latency never keeps the
 * process alive after `stop()`.
 */
export class CancellableDelays {
    private readonly controller = new AbortController();

    /** Resolves true after `ms`, or false as soon as the server stops. */
    wait(ms: number): Promise<boolean> {
        if (this.controller.signal.aborted) return Promise.resolve(false);
        if (ms <= 0) return Promise.resolve(true);
        return new Promise((resolve) => {
            const onAbort = (): void => {
                clearTimeout(timer);
                resolve(false);
            };
            const timer = setTimeout(() => {
                this.controller.signal.removeEventListener("abort", onAbort);
                resolve(true);
            }, ms);
            this.controller.signal.addEventListener("abort", onAbort, { once: true });
        });
    }

    cancelAll(): void {
        this.controller.abort();
    }
}
