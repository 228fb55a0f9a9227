// Answers API requests the way Cloudflare does, in Cloudflare's order: the per-client-IP limit,
// the credential, the user's rate-limit budget, then (emulator only) injected faults, then routing,
// ids and scope, then the operation (operations.ts).

import type { IncomingMessage, ServerResponse } from "node:http";
import { clientAddressOf, tokenCondition, type CredentialDirectory, type Identification } from "./auth";
import { apiFailures, type ApiFailure } from "./envelope";
import { faultOutcome, omitEnvelopeKeys } from "./fault-responses";
import type { FaultQueue } from "./faults";
import { writeOutcome, type CancellableDelays, type Outcome } from "./http-io";
import { answer, failure, type OperationContext } from "./operations";
import { rateLimitHeaders, type ClientIpLimiter, type RateLimiter } from "./rate-limit";
import { redactSecrets, type MemoryRequestLog } from "./request-log";
import { matchRoute, type RouteMatch } from "./routes";
import type { ZoneStore } from "./state";
import { countTraffic } from "./traffic";
import type { OmittableEnvelopeKey, RequestLogEntry } from "./types";

export interface ApiContext extends OperationContext {
    store: ZoneStore;
    credentials: CredentialDirectory;
    limiter: RateLimiter;
    /** Undefined when the per-client-IP limit is off. */
    clientIpLimiter?: ClientIpLimiter;
    faults: FaultQueue;
    log: MemoryRequestLog;
    delays: CancellableDelays;
    latencyMs(): number;
}

export async function handleApiRequest(ctx: ApiContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = req.method ?? "GET";
    const rawPath = req.url ?? "/";
    const [pathname, queryString = ""] = splitOnce(rawPath, "?");
    const route = matchRoute(method, pathname);
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
        decided = await decide(ctx, req, route, new URLSearchParams(queryString), entry);
    } catch (error) {
        // A bug in the emulator should look like a Cloudflare 500, not a dropped socket.
        decided = { outcome: failure(apiFailures.emulatorBug(String(error)), {}), extraDelayMs: 0 };
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

function splitOnce(text: string, separator: string): [string, string?] {
    const at = text.indexOf(separator);
    return at < 0 ? [text] : [text.slice(0, at), text.slice(at + 1)];
}

const VERIFY_ROUTES = new Set(["user-token-verify", "account-token-verify"]);

/** The verify endpoints answer an unknown token with 401 / 1000 rather than the 403 / 9109 of other endpoints. */
function refusal(identification: Extract<Identification, { ok: false }>, route: RouteMatch): ApiFailure {
    const unknownToken = identification.kind === "token" && identification.failure.errors[0]?.code === 9109;
    return unknownToken && VERIFY_ROUTES.has(route.name) ? apiFailures.invalidApiToken() : identification.failure;
}

async function decide(
    ctx: ApiContext,
    req: IncomingMessage,
    route: RouteMatch,
    query: URLSearchParams,
    entry: RequestLogEntry,
): Promise<Decided> {
    const identification = ctx.credentials.identify(req.headers);
    if (identification.ok) {
        entry.auth = identification.principal.kind;
        entry.credential = identification.principal.label;
        entry.user = identification.principal.user.id;
    } else {
        entry.auth = identification.kind;
        if (identification.label !== undefined) entry.credential = identification.label;
    }
    const untracked = ctx.limiter.untracked();
    const untrackedHeaders = rateLimitHeaders(ctx.limiter.policy, untracked.remaining, untracked.resetSeconds);

    // The per-IP limit is enforced before anything looks at the request, so its 429 carries no
    // user budget headers: only Retry-After, which the limits page documents for every 429.
    const clientIp = clientAddressOf(req.socket.remoteAddress);
    const ipDecision = ctx.clientIpLimiter?.hit(clientIp);
    if (ipDecision !== undefined && !ipDecision.allowed) {
        entry.rateLimited = true;
        entry.rateLimitedBy = "client-ip";
        return immediately(failure(apiFailures.clientIpRateLimited(ipDecision.retryAfterSeconds), {}));
    }

    // Credentials Cloudflare refuses are not counted against any budget.
    if (!identification.ok) return immediately(failure(refusal(identification, route), untrackedHeaders));
    const { principal } = identification;
    const condition = principal.kind === "token" ? tokenCondition(principal.token, ctx.now(), clientIp) : "usable";
    if (condition === "wrong-location") return immediately(failure(apiFailures.tokenLocation(clientIp), untrackedHeaders));
    // The verify endpoints report a disabled or expired token's status; everything else refuses it.
    if (condition !== "usable" && !VERIFY_ROUTES.has(route.name)) return immediately(failure(apiFailures.invalidToken(), untrackedHeaders));

    const decision = ctx.limiter.hit(principal.budget);
    const rateHeaders = rateLimitHeaders(ctx.limiter.policy, decision.remaining, decision.resetSeconds);
    if (!decision.allowed) {
        entry.rateLimited = true;
        entry.rateLimitedBy = "user";
        return immediately(failure(apiFailures.rateLimited(decision.retryAfterSeconds), rateHeaders));
    }

    const fault = ctx.faults.take({ zoneId: route.zoneId, hostname: route.hostname, route: route.name });
    let extraDelayMs = 0;
    let omit: OmittableEnvelopeKey[] | undefined;
    let timeOut = false;
    if (fault !== undefined) {
        entry.fault = fault.kind;
        const faulted = faultOutcome(fault, rateHeaders);
        if (faulted.kind !== "proceed") return immediately(faulted);
        extraDelayMs = faulted.extraDelayMs;
        omit = faulted.omit;
        timeOut = faulted.timeOut === true;
    }
    const outcome = await answer(ctx, { req, route, query, principal, condition, rateHeaders, timeOut });
    return { outcome: omit === undefined ? outcome : omitEnvelopeKeys(outcome, omit), extraDelayMs };
}

function immediately(outcome: Outcome): Decided {
    return { outcome, extraDelayMs: 0 };
}
