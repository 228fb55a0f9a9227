// Maps method + path to one of the operations the emulator serves. Purely structural: whether an
// id is well formed or known is decided later, so the log can name the route even for rejected
// requests. Literal segments win over templates, as in the spec (`…/hostnames/certificates` is the
// list, not a hostname called "certificates"; `…/origin_tls_client_auth/settings` is not a
// certificate id).

import type { RouteName } from "./types";

export const API_PREFIX = "/client/v4";

export interface RouteMatch {
    name: RouteName;
    /** The path as received, without the query: what Cloudflare quotes in its 7003 messages (with /client/v4). */
    fullPath: string;
    /** The path after /client/v4. */
    apiPath: string;
    /** Raw zone segment (zone routes only). */
    zoneId?: string;
    /** Raw account segment (account-token-verify only). */
    accountId?: string;
    /** Hostname segment, percent-decoded once (hostname-status only). */
    hostname?: string;
    /** Certificate id segment, percent-decoded once (hostname-certificate, zone-certificate). */
    certificateId?: string;
}

export function matchRoute(method: string, pathname: string): RouteMatch {
    const under = pathname.startsWith(`${API_PREFIX}/`);
    const apiPath = under ? pathname.slice(API_PREFIX.length) : pathname;
    const base = { fullPath: pathname, apiPath };
    const unknown: RouteMatch = { name: "unknown", ...base };
    if (!under) return unknown;

    const segments = apiPath.split("/").slice(1);
    if (segments.some((segment) => segment === "")) return unknown;
    const get = method === "GET";

    if (segments[0] === "user") {
        if (get && segments.length === 1) return { name: "user", ...base };
        if (get && segments.length === 3 && segments[1] === "tokens" && segments[2] === "verify")
            return { name: "user-token-verify", ...base };
        return unknown;
    }
    if (segments[0] === "accounts") {
        const [, accountId, tokens, verify, ...rest] = segments;
        if (get && tokens === "tokens" && verify === "verify" && rest.length === 0)
            return { name: "account-token-verify", ...base, accountId };
        return unknown;
    }

    const [zones, zoneId, family, ...rest] = segments;
    if (zones !== "zones" || zoneId === undefined || family !== "origin_tls_client_auth") return unknown;
    const zone = { ...base, zoneId };

    if (rest[0] === "hostnames") {
        const tail = rest.slice(1);
        if (tail.length === 0) return method === "PUT" ? { name: "hostnames-put", ...zone } : unknown;
        if (!get) return unknown;
        if (tail[0] === "certificates") {
            if (tail.length === 1) return { name: "hostname-certificates", ...zone };
            if (tail.length === 2) return { name: "hostname-certificate", ...zone, certificateId: decodeOnce(tail[1]) };
            return unknown;
        }
        return tail.length === 1 ? { name: "hostname-status", ...zone, hostname: decodeOnce(tail[0]) } : unknown;
    }
    if (!get) return unknown;
    if (rest.length === 0) return { name: "zone-certificates", ...zone };
    if (rest.length === 1) {
        return rest[0] === "settings"
            ? { name: "zone-settings", ...zone }
            : { name: "zone-certificate", ...zone, certificateId: decodeOnce(rest[0]) };
    }
    return unknown;
}

function decodeOnce(segment: string): string {
    try {
        return decodeURIComponent(segment);
    } catch {
        // A malformed escape cannot name a seeded hostname; keep it for the 404 message.
        return segment;
    }
}
