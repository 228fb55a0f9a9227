// The answer of each route once the request got past credentials, budgets and faults: routing
// and id checks, the credential's scope, then the operation itself.

import type { IncomingMessage } from "node:http";
import { mayAccessZone, reportedStatus, type KnownToken, type KnownUser, type Principal, type TokenCondition } from "./auth";
import { apiFailures, failureEnvelope, successEnvelope, TOKEN_VALID_NOTE, type ApiFailure, type ApiNote } from "./envelope";
import { jsonOutcome, readBody, type Outcome } from "./http-io";
import { pageRequest, paginate } from "./pagination";
import type { RouteMatch } from "./routes";
import { isZoneId } from "./seed-validation";
import type { HostnameConfigItem, ZoneStore } from "./state";

export interface OperationContext {
    store: ZoneStore;
    defaultPerPage: number;
    now(): number;
}

export interface Asked {
    req: IncomingMessage;
    route: RouteMatch;
    query: URLSearchParams;
    principal: Principal;
    /** The token's condition (always "usable" for a key); only the verify endpoints see other values. */
    condition: TokenCondition;
    rateHeaders: Record<string, string>;
    /** A `time-out` fault hit this request. */
    timeOut: boolean;
}

const ACCOUNT_ID = /^[0-9a-f]{32}$/;

export function failure(apiFailure: ApiFailure, rateHeaders: Record<string, string>): Outcome {
    return jsonOutcome(apiFailure.status, failureEnvelope(apiFailure.errors), { ...rateHeaders, ...apiFailure.headers });
}

export async function answer(ctx: OperationContext, asked: Asked): Promise<Outcome> {
    const { route, principal, rateHeaders } = asked;
    const ok = (result: unknown, options: Parameters<typeof successEnvelope>[1] = {}): Outcome =>
        jsonOutcome(200, successEnvelope(result, options), rateHeaders);

    switch (route.name) {
        case "unknown":
            return failure(apiFailures.noRoute(), rateHeaders);
        case "user":
            // An account-owned token has no user behind it (cloudflare/workers-sdk#13858).
            if (principal.kind === "token" && principal.token.account !== undefined)
                return failure(apiFailures.unauthorizedResource(), rateHeaders);
            return ok(userResult(principal.user));
        case "user-token-verify": {
            if (principal.kind !== "token" || principal.token.account !== undefined)
                return failure(apiFailures.invalidApiToken(), rateHeaders);
            return ok(...verification(principal.token, asked.condition, ctx.now()));
        }
        case "account-token-verify": {
            const accountId = route.accountId ?? "";
            if (!ACCOUNT_ID.test(accountId)) return failure(apiFailures.invalidObjectIdentifier(route.fullPath), rateHeaders);
            if (principal.kind !== "token" || principal.token.account !== accountId)
                return failure(apiFailures.invalidApiToken(), rateHeaders);
            return ok(...verification(principal.token, asked.condition, ctx.now()));
        }
        default:
            return answerZoneRoute(ctx, asked, ok);
    }
}

async function answerZoneRoute(
    ctx: OperationContext,
    asked: Asked,
    ok: (result: unknown, options?: Parameters<typeof successEnvelope>[1]) => Outcome,
): Promise<Outcome> {
    const { route, principal, rateHeaders } = asked;
    const zoneId = route.zoneId ?? "";
    if (!isZoneId(zoneId)) return failure(apiFailures.invalidObjectIdentifier(route.fullPath), rateHeaders);
    // A token without the permission, or scoped to other zones, cannot even learn whether the zone exists.
    if (!mayAccessZone(principal, zoneId, route.name === "hostnames-put" ? "edit" : "read")) {
        return failure(apiFailures.authenticationError(), rateHeaders);
    }
    if (!ctx.store.hasZone(zoneId)) return failure(apiFailures.unknownZone(), rateHeaders);
    const { store } = ctx;

    switch (route.name) {
        case "hostname-status": {
            const hostname = route.hostname ?? "";
            const record = store.hostname(zoneId, hostname);
            return record === undefined ? failure(apiFailures.unknownHostname(hostname), rateHeaders) : ok(record);
        }
        case "hostname-certificates": {
            const page = paginate(store.certificates(zoneId) ?? [], pageRequest(asked.query, ctx.defaultPerPage));
            return ok(page.items, { resultInfo: page.resultInfo });
        }
        case "hostname-certificate": {
            const certificate = store.certificate(zoneId, route.certificateId ?? "");
            return certificate === undefined
                ? failure(apiFailures.unknownCertificateId(route.certificateId ?? ""), rateHeaders)
                : ok(certificate);
        }
        case "zone-certificates": {
            const page = paginate(store.zoneCertificates(zoneId) ?? [], pageRequest(asked.query, ctx.defaultPerPage));
            return ok(page.items, { resultInfo: page.resultInfo });
        }
        case "zone-certificate": {
            const certificate = store.zoneCertificate(zoneId, route.certificateId ?? "");
            return certificate === undefined
                ? failure(apiFailures.unknownCertificateId(route.certificateId ?? ""), rateHeaders)
                : ok(certificate);
        }
        case "zone-settings":
            return ok(store.settings(zoneId));
        case "hostnames-put":
            return putHostnames(store, asked, zoneId, ok);
        default:
            return failure(apiFailures.noRoute(), rateHeaders);
    }
}

/** `result` and `messages` of a verify endpoint (cloudflare SDK's TokenVerifyResponse: id, status, expires_on?, not_before?). */
function verification(token: KnownToken, condition: TokenCondition, now: number): [Record<string, string>, { messages: ApiNote[] }] {
    const result: Record<string, string> = { id: token.id, status: reportedStatus(token, now) };
    if (token.expires_on !== undefined) result.expires_on = token.expires_on;
    if (token.not_before !== undefined) result.not_before = token.not_before;
    // favonia/cloudflare-ddns recorded the note on active tokens and none on disabled or expired ones.
    return [result, { messages: condition === "usable" ? [TOKEN_VALID_NOTE] : [] }];
}

/** GET /user's result: the fields of the SDK's UserGetResponse the emulator can answer truthfully. */
function userResult(user: KnownUser): Record<string, unknown> {
    return {
        id: user.id,
        email: user.email ?? `user-${user.id.slice(0, 8)}@example.com`,
        first_name: null,
        last_name: null,
        telephone: null,
        country: null,
        zipcode: null,
        two_factor_authentication_enabled: false,
        two_factor_authentication_locked: false,
        has_pro_zones: false,
        has_business_zones: false,
        has_enterprise_zones: false,
        suspended: false,
        betas: [],
    };
}

async function putHostnames(store: ZoneStore, asked: Asked, zoneId: string, ok: (result: unknown) => Outcome): Promise<Outcome> {
    const { rateHeaders } = asked;
    const body = await readBody(asked.req);
    if (!body.ok) return body.reason === "too-large" ? failure(apiFailures.bodyTooLarge(), rateHeaders) : { kind: "drop" };
    let parsed: unknown;
    try {
        parsed = JSON.parse(body.text);
    } catch {
        return failure(apiFailures.malformedJsonBody(), rateHeaders);
    }
    const items = parseConfig(parsed, (certId) => store.hasCertificate(zoneId, certId));
    if (!Array.isArray(items)) return failure(items, rateHeaders);
    const results = store.applyConfig(zoneId, items, { timeOut: asked.timeOut }).map((record) => ({ id: record.cert_id, ...record }));
    return ok(results);
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
