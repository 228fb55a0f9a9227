// Answers API requests the way Cloudflare does, in Cloudflare's order:
// authentication, then the per-credential rate limit, then (emulator only)
// injected faults, then routing and zone validation, then the operation.

import type { IncomingMessage, ServerResponse } from "node:http";
import type { CredentialRegistry } from "./auth";
import { apiFailures, failureEnvelope, successEnvelope, type ApiFailure } from "./envelope";
import { faultOutcome } from "./fault-responses";
import type { FaultQueue } from "./faults";
import { jsonOutcome, readBody, writeOutcome, type CancellableDelays, type Outcome } from "./http-io";
import { rateLimitHeaders, type RateLimiter } from "./rate-limit";
import { redactSecrets, type MemoryRequestLog } from "./request-log";
import { matchRoute, type RouteMatch } from "./routes";
import { isZoneId } from "./seed-validation";
import type { HostnameConfigItem, ZoneStore } from "./state";
import { countTraffic } from "./traffic";
import type { RequestLogEntry } from "./types";

export interface ApiContext {
    store: ZoneStore;
    credentials: CredentialRegistry;
    limiter: RateLimiter;
    faults: FaultQueue;
    log: MemoryRequestLog;
    delays: CancellableDelays;
    latencyMs(): number;
    now(): number;
}

export async function handleApiRequest(ctx: ApiContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = req.method ?? "GET";
    const rawPath = req.url ?? "/";
    const route = matchRoute(method, rawPath.split("?")[0]);
    // Anything taken from the URL is redacted: a careless client may put a secret there.
    const secrets = ctx.credentials.secrets();
    const entry: RequestLogEntry = {
        seq: ctx.log.nextSequence(),
        time: ctx.now(),
        method,
        path: redactSecrets(rawPath, secrets),
        route: route.name,
        auth: "none",
        status: 0,
    };
    const userAgent = req.headers["user-agent"];
    if (typeof userAgent === "string") entry.userAgent = redactSecrets(userAgent.slice(0, 200), secrets);
    countTraffic(entry.userAgent, method);
    if (route.zoneId !== undefined) entry.zoneId = redactSecrets(route.zoneId, secrets);
    if (route.hostname !== undefined) entry.hostname = redactSecrets(route.hostname, secrets);

    let decided: Decided;
    try {
        decided = await decide(ctx, req, route, entry);
    } catch (error) {
        // A bug in the emulator should look like a Cloudflare 500, not a dropped socket.
        decided = {
            outcome: jsonOutcome(500, failureEnvelope([{ code: 1000, message: `Emulator error: ${String(error)}` }])),
            extraDelayMs: 0,
        };
    }
    const { outcome, extraDelayMs } = decided;

    if (outcome.kind === "hang") {
        ctx.log.record(entry);
        return;
    }
    const stillRunning = await ctx.delays.wait(ctx.latencyMs() + extraDelayMs);
    if (!stillRunning || outcome.kind === "drop") {
        req.socket.destroy();
        ctx.log.record(entry);
        return;
    }
    writeOutcome(res, outcome);
    entry.status = outcome.status;
    ctx.log.record(entry);
}

interface Decided {
    outcome: Outcome;
    extraDelayMs: number;
}

async function decide(ctx: ApiContext, req: IncomingMessage, route: RouteMatch, entry: RequestLogEntry): Promise<Decided> {
    const auth = ctx.credentials.authenticate(req.headers);
    entry.auth = auth.kind;
    if (auth.label !== undefined) entry.credential = auth.label;
    if (!auth.ok) {
        // Unknown or missing credentials are not tracked per credential.
        const untracked = ctx.limiter.untracked();
        return immediately(failure(auth.failure, rateLimitHeaders(ctx.limiter.policy, untracked.remaining, untracked.resetSeconds)));
    }

    const decision = ctx.limiter.hit(auth.label);
    const rateHeaders = rateLimitHeaders(ctx.limiter.policy, decision.remaining, decision.resetSeconds);
    if (!decision.allowed) {
        entry.rateLimited = true;
        return immediately(failure(apiFailures.rateLimited(decision.retryAfterSeconds), rateHeaders));
    }

    const fault = ctx.faults.take({ zoneId: route.zoneId, hostname: route.hostname });
    let extraDelayMs = 0;
    if (fault !== undefined) {
        entry.fault = fault.kind;
        const faulted = faultOutcome(fault, rateHeaders);
        if (faulted.kind !== "proceed") return immediately(faulted);
        extraDelayMs = faulted.extraDelayMs;
    }
    return { outcome: await dispatch(ctx, req, route, rateHeaders), extraDelayMs };
}

function immediately(outcome: Outcome): Decided {
    return { outcome, extraDelayMs: 0 };
}

function failure(apiFailure: ApiFailure, rateHeaders: Record<string, string>): Outcome {
    return jsonOutcome(apiFailure.status, failureEnvelope(apiFailure.errors), { ...rateHeaders, ...apiFailure.headers });
}

async function dispatch(ctx: ApiContext, req: IncomingMessage, route: RouteMatch, rateHeaders: Record<string, string>): Promise<Outcome> {
    if (route.name === "unknown" || route.zoneId === undefined) return failure(apiFailures.noRoute(), rateHeaders);
    const zoneId = route.zoneId;
    if (!isZoneId(zoneId)) return failure(apiFailures.invalidObjectIdentifier(route.apiPath), rateHeaders);
    if (!ctx.store.hasZone(zoneId)) return failure(apiFailures.unknownZone(), rateHeaders);

    switch (route.name) {
        case "hostname-status": {
            const hostname = route.hostname ?? "";
            const record = ctx.store.hostname(zoneId, hostname);
            if (record === undefined) return failure(apiFailures.unknownHostname(hostname), rateHeaders);
            return jsonOutcome(200, successEnvelope(record), rateHeaders);
        }
        case "hostname-certificates": {
            const certificates = ctx.store.certificates(zoneId) ?? [];
            const count = certificates.length;
            return jsonOutcome(
                200,
                successEnvelope(certificates, { page: 1, per_page: Math.max(20, count), count, total_count: count }),
                rateHeaders,
            );
        }
        case "hostnames-put":
            return putHostnames(ctx, req, zoneId, rateHeaders);
    }
}

async function putHostnames(ctx: ApiContext, req: IncomingMessage, zoneId: string, rateHeaders: Record<string, string>): Promise<Outcome> {
    const body = await readBody(req);
    if (!body.ok) return body.reason === "too-large" ? failure(apiFailures.bodyTooLarge(), rateHeaders) : { kind: "drop" };
    let parsed: unknown;
    try {
        parsed = JSON.parse(body.text);
    } catch {
        return failure(apiFailures.malformedJsonBody(), rateHeaders);
    }
    const items = parseConfig(parsed, (certId) => ctx.store.hasCertificate(zoneId, certId));
    if (!Array.isArray(items)) return failure(items, rateHeaders);
    const results = ctx.store.applyConfig(zoneId, items).map((record) => ({ id: record.cert_id, ...record }));
    return jsonOutcome(200, successEnvelope(results), rateHeaders);
}

function isRecord(value: unknown): value is Record<string, unknown> {
    return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Validates a PUT body; all items are checked before any is applied. */
export function parseConfig(body: unknown, certificateExists: (certId: string) => boolean): HostnameConfigItem[] | ApiFailure {
    if (!isRecord(body) || !Array.isArray(body.config)) {
        return apiFailures.invalidHostnameConfig('the body must be {"config": [{"hostname", "cert_id", "enabled"}]}');
    }
    const items: HostnameConfigItem[] = [];
    for (const [index, item] of body.config.entries()) {
        if (!isRecord(item)) return apiFailures.invalidHostnameConfig(`config[${index}] must be an object`);
        const { hostname, cert_id: certId, enabled } = item;
        if (typeof hostname !== "string" || hostname.length === 0 || hostname.length > 255) {
            return apiFailures.invalidHostnameConfig(`config[${index}].hostname must be a non-empty string of at most 255 characters`);
        }
        if (!(enabled === null || typeof enabled === "boolean")) {
            return apiFailures.invalidHostnameConfig(`config[${index}].enabled must be true, false or null`);
        }
        if (typeof certId !== "string" || !certificateExists(certId)) {
            return apiFailures.unknownCertificate(typeof certId === "string" ? certId : "(missing)");
        }
        items.push({ hostname, cert_id: certId, enabled });
    }
    return items;
}
