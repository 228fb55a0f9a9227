// The admin HTTP API under /__emulator: no auth, never rate-limited, never
// in the request log. JSON in, JSON out: `{ok: true, ...}` or
// `{ok: false, error: {name, message}}`.

import type { IncomingMessage, ServerResponse } from "node:http";
import type { CredentialRegistry } from "./auth";
import type { Control } from "./control";
import { EmulatorError, isEmulatorError, NotFoundError, UnknownCredentialError } from "./errors";
import { jsonOutcome, readBody, writeOutcome, type RespondOutcome } from "./http-io";
import type { MemoryRequestLog } from "./request-log";
import type { CredentialRef, FaultSpec, HostnamePatch } from "./types";

export const ADMIN_PREFIX = "/__emulator";

export interface AdminContext {
    control: Control;
    credentials: CredentialRegistry;
    log: MemoryRequestLog;
    describe(): { url: string; origin: string };
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
            const label = credentialLabel(ctx.credentials, body.credential);
            return { state: control.consumeQuotaByLabel(label, body.count as number) };
        }
        case "GET /quota": {
            const label = credentialLabel(ctx.credentials, url.searchParams.get("credential") ?? undefined);
            return { state: control.rateLimitStateByLabel(label) };
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

/** Admin callers may name a credential by label ("token#1") or by its secret, like the control API. */
function credentialLabel(registry: CredentialRegistry, credential: unknown): string {
    if (credential === undefined || credential === null) return registry.labelFor();
    if (typeof credential === "string") {
        if (!registry.hasLabel(credential)) throw new UnknownCredentialError(`No configured credential is labelled ${credential}`);
        return credential;
    }
    if (typeof credential === "object") {
        const ref = credential as Record<string, unknown>;
        if (typeof ref.token === "string") return registry.labelFor({ token: ref.token });
        if (typeof ref.email === "string" && typeof ref.key === "string")
            return registry.labelFor({ email: ref.email, key: ref.key } as CredentialRef);
    }
    throw new UnknownCredentialError('credential must be a label like "token#1", {"token"} or {"email","key"}');
}
