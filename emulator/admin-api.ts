// The admin HTTP API under /__emulator: no auth, never rate-limited, never
// in the request log. JSON in, JSON out: `{ok: true, ...}` or
// `{ok: false, error: {name, message}}`.
//
// No auth, so it only answers what no web page can send: a page in a browser
// could otherwise inject faults into a developer's emulator with a
// cross-origin `text/plain` POST (a "simple" request needs no CORS preflight),
// or read it through DNS rebinding. Refused: any request with an `Origin`
// header (browsers send one on every cross-origin request and on every POST),
// a body that is not `application/json` (415), and a `Host` that is not a
// loopback name.

import type { IncomingMessage, ServerResponse } from "node:http";
import type { Control, CredentialSelector } from "./control";
import { EmulatorError, isEmulatorError, NotFoundError, UnknownCredentialError } from "./errors";
import { jsonOutcome, readBody, writeOutcome, type RespondOutcome } from "./http-io";
import type { MemoryRequestLog } from "./request-log";
import type { FaultSpec, HostnamePatch } from "./types";

export const ADMIN_PREFIX = "/__emulator";

export interface AdminContext {
    control: Control;
    log: MemoryRequestLog;
    describe(): { url: string; origin: string };
}

/** Host names a loopback client uses; anything else means the request came through another name (DNS rebinding). */
const LOOPBACK_HOST = /^(127\.\d{1,3}\.\d{1,3}\.\d{1,3}|localhost|\[::1\])(:\d+)?$/i;

/** Why a request may not use the admin API, or undefined when it may. */
export function adminRefusal(headers: IncomingMessage["headers"]): { status: number; message: string } | undefined {
    if (headers.origin !== undefined) {
        return { status: 403, message: "The admin API refuses requests with an Origin header: web pages may not drive the emulator" };
    }
    const host = headers.host ?? "";
    if (!LOOPBACK_HOST.test(host))
        return { status: 403, message: `The admin API only answers requests addressed to a loopback host, not ${host}` };
    const hasBody =
        (headers["content-length"] !== undefined && headers["content-length"] !== "0") || headers["transfer-encoding"] !== undefined;
    const mediaType = (headers["content-type"] ?? "").split(";")[0].trim().toLowerCase();
    if (hasBody && mediaType !== "application/json") {
        return {
            status: 415,
            message: `The admin API takes application/json bodies only, not ${mediaType === "" ? "a body without a content-type" : mediaType}`,
        };
    }
    return undefined;
}

export function isAdminPath(pathname: string): boolean {
    return pathname === ADMIN_PREFIX || pathname.startsWith(`${ADMIN_PREFIX}/`);
}

/** A request the admin API cannot act on (bad JSON, unknown route). */
class AdminRequestError extends EmulatorError {
    constructor(
        message: string,
        readonly status: number,
    ) {
        super(message);
        this.name = "AdminRequestError";
    }
}

export async function handleAdminRequest(ctx: AdminContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const refused = adminRefusal(req.headers);
    if (refused !== undefined) {
        // Answer without reading the body, and close: nothing of it is wanted.
        res.setHeader("Connection", "close");
        writeOutcome(res, jsonOutcome(refused.status, { ok: false, error: { name: "AdminRequestRefused", message: refused.message } }));
        return;
    }
    let outcome: RespondOutcome;
    try {
        outcome = jsonOutcome(200, { ok: true, ...(await route(ctx, req)) });
    } catch (error) {
        const status =
            error instanceof AdminRequestError ? error.status : error instanceof NotFoundError ? 404 : isEmulatorError(error) ? 400 : 500;
        const name = error instanceof Error ? error.name : "Error";
        const message = error instanceof Error ? error.message : String(error);
        outcome = jsonOutcome(status, { ok: false, error: { name, message } });
    }
    writeOutcome(res, outcome);
}

async function route(ctx: AdminContext, req: IncomingMessage): Promise<Record<string, unknown>> {
    const method = req.method ?? "GET";
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const path = url.pathname.slice(ADMIN_PREFIX.length);
    const { control } = ctx;

    switch (`${method} ${path}`) {
        case "GET /health":
            return { status: "up", ...ctx.describe() };
        case "GET /faults":
            return { faults: control.pendingFaults() };
        case "POST /faults":
            control.injectFault((await jsonBody(req)) as unknown as FaultSpec);
            return { faults: control.pendingFaults() };
        case "DELETE /faults":
            control.clearFaults();
            return {};
        case "PUT /latency": {
            const body = await jsonBody(req);
            control.setLatency(body.ms as number);
            return { latencyMs: control.latencyMs() };
        }
        case "POST /quota/consume": {
            const body = await jsonBody(req);
            return { state: control.consume(selector(body.credential, body.user), body.count) };
        }
        case "GET /quota": {
            const { searchParams } = url;
            return {
                state: control.rateLimitState(selector(searchParams.get("credential") ?? undefined, searchParams.get("user") ?? undefined)),
            };
        }
        case "GET /log":
            return { entries: ctx.log.entries() };
        case "DELETE /log":
            ctx.log.clear();
            return {};
        case "POST /reset":
            control.reset();
            return {};
        case "GET /snapshot":
            return { snapshot: control.snapshot() };
    }

    const hostnameRoute = /^\/zones\/([^/]+)\/hostnames\/([^/]+)$/.exec(path);
    if (hostnameRoute !== null) {
        const zoneId = hostnameRoute[1];
        const hostname = decodeSegment(hostnameRoute[2]);
        if (method === "PUT") {
            const patch = (await jsonBody(req)) as HostnamePatch;
            return { record: control.setHostname(zoneId, { ...patch, hostname }) };
        }
        if (method === "DELETE") {
            if (!control.deleteHostname(zoneId, hostname)) throw new NotFoundError(`No hostname ${hostname} in zone ${zoneId}`);
            return {};
        }
    }
    throw new AdminRequestError(`No admin route for ${method} ${url.pathname}`, 404);
}

function decodeSegment(segment: string): string {
    try {
        return decodeURIComponent(segment);
    } catch {
        throw new AdminRequestError(`Malformed percent-encoding in ${segment}`, 400);
    }
}

async function jsonBody(req: IncomingMessage): Promise<Record<string, unknown>> {
    const body = await readBody(req);
    if (!body.ok)
        throw new AdminRequestError(body.reason === "too-large" ? "Request body too large" : "Request body was not received", 400);
    if (body.text.trim() === "") return {};
    let parsed: unknown;
    try {
        parsed = JSON.parse(body.text);
    } catch {
        throw new AdminRequestError("Request body is not valid JSON", 400);
    }
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed))
        throw new AdminRequestError("Request body must be a JSON object", 400);
    return parsed as Record<string, unknown>;
}

/**
 * Admin callers may name a credential by label ("token#1"), by its secret like the control API, or
 * a user by id or label ("user#1"); nothing named means the first configured credential.
 */
function selector(credential: unknown, user: unknown): CredentialSelector | undefined {
    if (user !== undefined && user !== null) {
        if (typeof user !== "string") throw new UnknownCredentialError('user must be a user id or a label like "user#1"');
        return { user };
    }
    if (credential === undefined || credential === null) return undefined;
    if (typeof credential === "string") return credential;
    if (typeof credential === "object") {
        const ref = credential as Record<string, unknown>;
        if (typeof ref.token === "string") return { token: ref.token };
        if (typeof ref.email === "string" && typeof ref.key === "string") return { email: ref.email, key: ref.key };
    }
    throw new UnknownCredentialError('credential must be a label like "token#1", {"token"} or {"email","key"}');
}
