/**
 * What the live contract test asks, and whether it may ask at all. Pure: the environment in, the
 * settings (or why it is skipped, or a usage error) and the list of questions out.
 *
 * It runs only when a credential (`CLOUDFLARE_API_TOKEN`, or `CLOUDFLARE_API_KEY` and
 * `CLOUDFLARE_EMAIL`), `AOP_LIVE_ZONE_ID` and `AOP_LIVE_HOSTNAME` are all set; otherwise it is
 * skipped and sends nothing. `CLOUDFLARE_BASE_URL` is deliberately NOT read: it usually points at
 * the emulator, and this test is about the real API. `AOP_LIVE_BASE_URL` overrides the real API's
 * URL (the tests point it at a loopback emulator) and obeys the base URL rules.
 */
import { checkBaseUrl } from "../../provider/base-url";
import { cliSettingNames, DEFAULT_BASE_URL, resolveCredentials, type Credentials, type Environment } from "../../provider/credentials";
import { normalizeHostname, validateZoneId } from "../../provider/validation";

export const LIVE_VARIABLES = {
    zoneId: "AOP_LIVE_ZONE_ID",
    hostname: "AOP_LIVE_HOSTNAME",
    missingHostname: "AOP_LIVE_MISSING_HOSTNAME",
    accountId: "AOP_LIVE_ACCOUNT_ID",
    baseUrl: "AOP_LIVE_BASE_URL",
    record: "AOP_LIVE_RECORD",
} as const;

/** A zone id nobody has: well formed, so the answer says what Cloudflare does with an unknown zone. */
export const UNKNOWN_ZONE_ID = "00000000000000000000000000000000";
/**
 * The "malformed token": a Global API Key's shape (37 lower-case hex) sent as a Bearer token, the
 * mistake with public evidence of Cloudflare's answer (emulator errata 4; jeessy2/ddns-go#1296).
 * A made-up value, not anybody's key.
 */
export const MALFORMED_TOKEN = "0badc0de0badc0de0badc0de0badc0de0badc";

export interface LiveSettings {
    credentials: Credentials;
    zoneId: string;
    hostname: string;
    missingHostname: string;
    accountId: string | null;
    baseUrl: string;
    /** Where the record goes; null for a fresh file in the system's temporary folder. */
    recordPath: string | null;
}

export type LiveGate =
    | { run: true; settings: LiveSettings }
    | { run: false; skipped: true; missing: string[] }
    /** Set, but unusable: a usage error (exit 2), nothing sent. */
    | { run: false; skipped: false; problems: string[] };

function value(env: Environment, name: string): string | undefined {
    const text = env[name]?.trim();
    return text ? text : undefined;
}

/** Decides from the environment alone, before anything could be sent. */
export function liveGate(env: Environment): LiveGate {
    const names = cliSettingNames();
    const keys = names.env ?? { apiToken: "CLOUDFLARE_API_TOKEN", apiKey: "CLOUDFLARE_API_KEY", email: "CLOUDFLARE_EMAIL", baseUrl: "" };
    const missing: string[] = [];
    const hasCredential =
        value(env, keys.apiToken) !== undefined || (value(env, keys.apiKey) !== undefined && value(env, keys.email) !== undefined);
    if (!hasCredential) missing.push(`${keys.apiToken} (or ${keys.apiKey} and ${keys.email})`);
    if (value(env, LIVE_VARIABLES.zoneId) === undefined) missing.push(LIVE_VARIABLES.zoneId);
    if (value(env, LIVE_VARIABLES.hostname) === undefined) missing.push(LIVE_VARIABLES.hostname);
    if (missing.length > 0) return { run: false, skipped: true, missing };

    const problems: string[] = [];
    const zoneId = value(env, LIVE_VARIABLES.zoneId) ?? "";
    problems.push(...validateZoneId(zoneId, LIVE_VARIABLES.zoneId).map((failure) => failure.reason));
    const hostname = normalizeHostname(value(env, LIVE_VARIABLES.hostname), LIVE_VARIABLES.hostname);
    problems.push(...hostname.failures.map((failure) => failure.reason));
    const bare = (hostname.hostname ?? "").replace(/^\*\./, "");
    // Without one of its own, a name under the associated hostname: in the zone, and surely without an association.
    const given = value(env, LIVE_VARIABLES.missingHostname);
    const missingHostname = normalizeHostname(given ?? `no-aop-association-check.${bare}`, LIVE_VARIABLES.missingHostname);
    if (given !== undefined || hostname.failures.length === 0) problems.push(...missingHostname.failures.map((failure) => failure.reason));
    const accountId = value(env, LIVE_VARIABLES.accountId) ?? null;
    if (accountId !== null && !/^[0-9a-f]{32}$/.test(accountId)) {
        problems.push(`${LIVE_VARIABLES.accountId} must be 32 lower-case hexadecimal characters`);
    }
    let baseUrl = DEFAULT_BASE_URL;
    const override = value(env, LIVE_VARIABLES.baseUrl);
    try {
        if (override !== undefined) baseUrl = checkBaseUrl(override, LIVE_VARIABLES.baseUrl);
    } catch (error) {
        problems.push((error as Error).message);
    }
    if (problems.length > 0) return { run: false, skipped: false, problems };
    return {
        run: true,
        settings: {
            credentials: resolveCredentials(undefined, env, names),
            zoneId,
            hostname: hostname.hostname ?? "",
            missingHostname: missingHostname.hostname ?? "",
            accountId,
            baseUrl,
            recordPath: value(env, LIVE_VARIABLES.record) ?? null,
        },
    };
}

/** Which credential a question sends: the one configured, the malformed token, or none at all. */
export type QuestionAuth = "credential" | "malformed-token" | "none";

export interface Question {
    id: string;
    /** What it asks, for the table and the record. */
    about: string;
    /** Path segments under the base URL. */
    path: string[];
    auth: QuestionAuth;
}

export interface QuestionSubjects {
    kind: "token" | "key";
    zoneId: string;
    hostname: string;
    missingHostname: string;
    accountId: string | null;
}

const hostnamePath = (zoneId: string, hostname: string): string[] => ["zones", zoneId, "origin_tls_client_auth", "hostnames", hostname];

/** The questions, every one a GET, in the order they are asked. */
export function questionsFor(subjects: QuestionSubjects): Question[] {
    const { kind, zoneId, hostname, missingHostname, accountId } = subjects;
    const credentialCheck =
        kind === "key" ? ["user"] : accountId === null ? ["user", "tokens", "verify"] : ["accounts", accountId, "tokens", "verify"];
    return [
        {
            id: "credential-check",
            about: "the credential's own check (verify, or /user for a key)",
            path: credentialCheck,
            auth: "credential",
        },
        { id: "associated-hostname", about: "a hostname with an association", path: hostnamePath(zoneId, hostname), auth: "credential" },
        {
            id: "missing-hostname",
            about: "a hostname without an association",
            path: hostnamePath(zoneId, missingHostname),
            auth: "credential",
        },
        { id: "unknown-zone", about: "the all-zeros zone id", path: hostnamePath(UNKNOWN_ZONE_ID, hostname), auth: "credential" },
        {
            id: "malformed-token",
            about: "a Global API Key's shape sent as a token",
            path: hostnamePath(zoneId, hostname),
            auth: "malformed-token",
        },
        { id: "no-credential", about: "no credential at all", path: hostnamePath(zoneId, hostname), auth: "none" },
        {
            id: "hostname-certificates",
            about: "the zone's hostname certificates (doctor's probe)",
            path: ["zones", zoneId, "origin_tls_client_auth", "hostnames", "certificates"],
            auth: "credential",
        },
    ];
}
