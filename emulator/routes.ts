// Maps method + path to one of the three operations the emulator serves.
// Purely structural: whether the zone id is well formed or known is decided
// later, so the log can name the route even for rejected requests.

import type { RouteName } from "./types";

export const API_PREFIX = "/client/v4";

export interface RouteMatch {
    name: RouteName;
    /** The path after /client/v4, without the query; used in 7003 messages. */
    apiPath: string;
    /** Raw zone segment (only for known routes). */
    zoneId?: string;
    /** Hostname segment, percent-decoded once (only for hostname-status). */
    hostname?: string;
}

export function matchRoute(method: string, pathname: string): RouteMatch {
    const apiPath = pathname.startsWith(`${API_PREFIX}/`) ? pathname.slice(API_PREFIX.length) : pathname;
    const unknown: RouteMatch = { name: "unknown", apiPath };
    if (!pathname.startsWith(`${API_PREFIX}/`)) return unknown;

    const segments = apiPath.split("/").slice(1);
    const [zones, zoneId, family, hostnames, ...rest] = segments;
    if (zones !== "zones" || !zoneId || family !== "origin_tls_client_auth" || hostnames !== "hostnames") return unknown;

    if (rest.length === 0) return method === "PUT" ? { name: "hostnames-put", apiPath, zoneId } : unknown;
    if (rest.length !== 1 || rest[0] === "" || method !== "GET") return unknown;
    // The literal path wins over the {hostname} template, as in the spec.
    if (rest[0] === "certificates") return { name: "hostname-certificates", apiPath, zoneId };
    return { name: "hostname-status", apiPath, zoneId, hostname: decodeOnce(rest[0]) };
}

function decodeOnce(segment: string): string {
    try {
        return decodeURIComponent(segment);
    } catch {
        // A malformed escape cannot name a seeded hostname; keep it for the 404 message.
        return segment;
    }
}
