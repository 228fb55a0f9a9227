/**
 * `aop-status doctor`'s judgement, as a pure function: what the run found (the credential and
 * where it came from, the settings, the proxy, the API's answers reduced to data) in, a checklist
 * out. No I/O here, so the tests feed it plain values; commands/doctor.ts does the asking.
 *
 * Each item passes, warns, fails (with the fix) or is skipped because an earlier item failed:
 * a check that could not run is never shown as a failure of its own, so the first ✗ is the one
 * to fix. The fixes for Cloudflare's refusals are the typed errors' own (interpret.ts builds them
 * once, for every reader); only what no error says (a token about to expire, a skewed clock, an
 * account-owned token verified at the user endpoint) is worded here.
 */
import { isLoopbackHost } from "../base-url";
import { isRecord } from "../guards";
import { baseUrlSettings, howToSetToken, type SettingNames } from "../credentials";
import {
    cloudflareCodes,
    formatCloudflareMessages,
    isAuthenticationError,
    isZoneOrRouteError,
    type AuthenticationReason,
    type CloudflareError,
    type CloudflareMessage,
} from "../errors";
import { authenticationFix, type CredentialDescription } from "../interpret";

export type CheckStatus = "pass" | "warn" | "fail" | "skip";
export type CheckKind = "credential" | "settings" | "proxy" | "connection" | "credential-state" | "zone" | "zones" | "clock";

export type FactValue = string | number | boolean | null | readonly string[] | readonly number[];
/** What a check found, as data for `--format json`: never a secret, only names, ids, dates and codes. */
export type Facts = Readonly<Record<string, FactValue>>;

export interface ChecklistItem {
    /** Unique in one checklist: the kind, and for a zone `zone:<zone id>`. */
    id: string;
    kind: CheckKind;
    title: string;
    status: CheckStatus;
    /** What was found, or for `skip` why the check could not run. */
    detail: string;
    /** What to do; set for `fail` and for most `warn`. */
    fix: string | null;
    facts: Facts;
}

/** A typed error reduced to data; commands/doctor.ts builds it from the error object. */
export interface ErrorFacts {
    name: string;
    /** The typed error's message, written to be shown; it already ends with its fix. */
    message: string;
    /** The HTTP status when something answered; null without an answer. */
    status: number | null;
    /** Cloudflare's error codes, error chains included. */
    codes: number[];
    /** Cloudflare's errors as text, `[10000] Authentication error`; null when there were none. */
    cloudflare: string | null;
    reason: AuthenticationReason | null;
    /** The error's own fix (AuthenticationError, ZoneNotFoundError, RouteNotFoundError); null for other kinds. */
    fix: string | null;
}

/** A typed error (also one made by another copy of this package: fields are read by name) as data. */
export function errorFactsOf(error: CloudflareError): ErrorFacts {
    const record = error as unknown as { status?: unknown; errors?: unknown; fix?: unknown };
    const errors = Array.isArray(record.errors) ? (record.errors as CloudflareMessage[]) : [];
    const ownFix = isAuthenticationError(error) || isZoneOrRouteError(error);
    return {
        name: error.name,
        message: error.message,
        status: typeof record.status === "number" ? record.status : null,
        codes: cloudflareCodes(errors),
        cloudflare: errors.length > 0 ? formatCloudflareMessages(errors) : null,
        reason: isAuthenticationError(error) ? error.reason : null,
        fix: ownFix && typeof record.fix === "string" ? record.fix : null,
    };
}

export interface CredentialFound {
    kind: "token" | "key";
    /** "environment variable CLOUDFLARE_API_TOKEN", … (never the value). */
    source: string;
    /** The variables it came from. */
    variables: string[];
    /** Variables of the other kind that are set too, and so ignored (a token wins). */
    ignored: string[];
}

export type CredentialObservation = { found: true; credential: CredentialFound } | { found: false; error: ErrorFacts };

export type SettingsObservation =
    /** `source` is the flag or variable the base URL came from, null for the default. */
    { ok: true; baseUrl: string; source: string | null } | { ok: false; error: ErrorFacts };

export type ProxyObservation =
    /** `configured`: proxy variables that are set but do not apply to the base URL. */
    | { kind: "direct"; configured: string[] }
    /** `url` is scheme://host:port, never with its user and password. */
    | { kind: "proxy"; url: string; hostname: string; tunnel: boolean }
    | { kind: "invalid"; error: ErrorFacts };

export type Answer =
    | {
          ok: true;
          result: unknown;
          /** `result_info.total_count`, when the answer had one. */
          totalCount: number | null;
          /** The response's `Date` header (ISO 8601), null when absent. */
          serverDate: string | null;
          /** This machine's clock when the answer arrived (ISO 8601). */
          receivedAt: string;
      }
    | { ok: false; error: ErrorFacts };

export interface DoctorObservations {
    /** Where this run reads its settings (the CLI's environment variables), for fixes. */
    names: SettingNames;
    credential: CredentialObservation;
    settings: SettingsObservation;
    /** Absent when the settings were not usable. */
    proxy?: ProxyObservation;
    /** `--account-id`, for an account-owned token. */
    accountId: string | null;
    /** The answer of the credential check (`credentialCheckPath`); absent when it was not sent. */
    verify?: Answer;
    /** Zones given, in order, without duplicates. */
    zoneIds: readonly string[];
    /** The permission probe's answer per zone; absent for a zone that was not asked about. */
    zones: Readonly<Record<string, Answer>>;
    /** This machine's clock now, for token dates when no answer carried a `Date`. */
    now: Date;
}

/** Warn when the token expires within this many days. */
export const TOKEN_EXPIRY_WARNING_DAYS = 30;
/** Warn when the server's `Date` and this machine's clock differ by more than this. */
export const MAX_CLOCK_SKEW_MS = 5 * 60 * 1000;

const DAY_MS = 86_400_000;
const PERMISSION = "Zone → SSL and Certificates → Read";

/** Refusals that hold for the credential everywhere: asking about the zones would only repeat them. */
const CREDENTIAL_WIDE: ReadonlySet<AuthenticationReason> = new Set([
    "missing-credentials",
    "malformed-token",
    "malformed-key",
    "invalid-headers",
    "invalid-token",
    "token-location",
    "unknown-key",
]);

/** Errors that mean Cloudflare's API did not answer at all. */
const NO_ANSWER: ReadonlySet<string> = new Set(["ConnectionError", "DeadlineExceededError", "InvalidResponseError"]);

/** The endpoint that checks the credential: a token's verify (the account's for an account-owned token), or `/user` for a key. */
export function credentialCheckPath(kind: "token" | "key", accountId: string | null): string[] {
    if (kind === "key") return ["user"];
    return accountId === null ? ["user", "tokens", "verify"] : ["accounts", accountId, "tokens", "verify"];
}

/** The one permission probe per zone: the first page of the zone's hostname certificates. */
export function zoneProbePath(zoneId: string): string[] {
    return ["zones", zoneId, "origin_tls_client_auth", "hostnames", "certificates"];
}

function pathText(segments: readonly string[]): string {
    return `/${segments.join("/")}`;
}

function describeCredential(credential: CredentialFound, names: SettingNames): CredentialDescription {
    return { kind: credential.kind, source: credential.source, names };
}

function originOf(baseUrl: string): string {
    try {
        return new URL(baseUrl).host;
    } catch {
        return baseUrl;
    }
}

/** Why no request can be sent at all, or null when one can. */
export function requestBlocker(observations: Pick<DoctorObservations, "credential" | "settings" | "proxy">): string | null {
    if (!observations.credential.found) return "no usable credential was found";
    if (!observations.settings.ok) return "the base URL or a setting is not usable";
    if (observations.proxy?.kind === "invalid") return "the proxy setting is not usable";
    return null;
}

function reachedApi(answer: Answer): boolean {
    return answer.ok || !NO_ANSWER.has(answer.error.name);
}

function dateOf(text: unknown): Date | null {
    if (typeof text !== "string") return null;
    const time = Date.parse(text);
    return Number.isNaN(time) ? null : new Date(time);
}

function day(date: Date): string {
    return date.toISOString().slice(0, 10);
}

/** What the verify answer says about a token, judged against `now` (the server's clock when known). */
interface TokenState {
    status: CheckStatus;
    detail: string;
    fix: string | null;
    facts: Facts;
}

function stringField(result: unknown, name: string): string | null {
    if (!isRecord(result)) return null;
    const value = result[name];
    return typeof value === "string" ? value : null;
}

function judgeToken(result: unknown, now: Date, credential: CredentialDescription): TokenState {
    const status = stringField(result, "status");
    const expiresOn = stringField(result, "expires_on");
    const notBefore = stringField(result, "not_before");
    const id = stringField(result, "id");
    const expires = dateOf(expiresOn);
    const starts = dateOf(notBefore);
    const daysLeft = expires === null ? null : Math.floor((expires.getTime() - now.getTime()) / DAY_MS);
    const facts: Facts = { tokenId: id, tokenStatus: status, expiresOn, notBefore, daysLeft };
    const renew = authenticationFix("invalid-token", credential, {}, []);
    if (status === null) {
        return {
            status: "fail",
            detail: 'the verify answer has no "status", so the token\'s state is unknown',
            fix: "check the base URL: Cloudflare's verify endpoint always reports one",
            facts,
        };
    }
    if (status !== "active") return { status: "fail", detail: `Cloudflare reports the token ${status}`, fix: renew, facts };
    if (starts !== null && starts.getTime() > now.getTime()) {
        return {
            status: "fail",
            detail: `active, but not valid before ${notBefore ?? ""}`,
            fix: `wait until ${day(starts)}, or create a token without a start date and set it with ${howToSetToken(credential.names)}`,
            facts,
        };
    }
    if (expires !== null && daysLeft !== null) {
        if (expires.getTime() <= now.getTime()) {
            return { status: "fail", detail: `expired on ${expiresOn ?? ""}`, fix: renew, facts };
        }
        if (daysLeft < TOKEN_EXPIRY_WARNING_DAYS) {
            return {
                status: "warn",
                detail: `active, but expires on ${expiresOn ?? ""}, in ${daysLeft} day${daysLeft === 1 ? "" : "s"}`,
                fix: `roll the token or create a new one with ${PERMISSION} before ${day(expires)}, and set it with ${howToSetToken(credential.names)}`,
                facts,
            };
        }
        return { status: "pass", detail: `active; expires on ${expiresOn ?? ""}, in ${daysLeft} days`, fix: null, facts };
    }
    return { status: "pass", detail: "active, with no expiry date", fix: null, facts };
}

/** The clock to judge token dates by: the server's when an answer carried a `Date`, else this machine's. */
function serverNow(observations: DoctorObservations): Date {
    const answer = clockAnswer(observations);
    return answer === null ? observations.now : new Date(answer.server.getTime() + (observations.now.getTime() - answer.local.getTime()));
}

function clockAnswer(observations: DoctorObservations): { server: Date; local: Date } | null {
    const answers = [observations.verify, ...observations.zoneIds.map((zone) => observations.zones[zone])];
    for (const answer of answers) {
        if (answer === undefined || !answer.ok) continue;
        const server = dateOf(answer.serverDate);
        const local = dateOf(answer.receivedAt);
        if (server !== null && local !== null) return { server, local };
    }
    return null;
}

function verifyUsable(observations: DoctorObservations, credential: CredentialFound): TokenState | null {
    const { verify } = observations;
    if (verify === undefined || !verify.ok || credential.kind !== "token") return null;
    return judgeToken(verify.result, serverNow(observations), describeCredential(credential, observations.names));
}

/** Why the zones cannot be asked about (given what the credential check answered), or null when they can. */
export function zoneProbeBlocker(observations: Omit<DoctorObservations, "zones" | "zoneIds">): string | null {
    const blocked = requestBlocker(observations);
    if (blocked !== null) return blocked;
    const { verify, credential } = observations;
    if (verify === undefined) return "the credential was not checked";
    if (!reachedApi(verify)) return "the API could not be reached";
    if (!credential.found) return "no usable credential was found";
    if (verify.ok) {
        const state = verifyUsable({ ...observations, zoneIds: [], zones: {} }, credential.credential);
        return state?.status === "fail" ? "the token cannot be used (see above)" : null;
    }
    const { error } = verify;
    if (error.name === "RateLimitedError" || error.name === "BudgetWaitError") return "Cloudflare is rate limiting this credential";
    if (error.reason !== null && CREDENTIAL_WIDE.has(error.reason)) return "Cloudflare refused the credential (see above)";
    // A wrong base path fails every request the same way; one answer says so.
    if (error.name === "RouteNotFoundError") return "the base URL has no route to the API (see above)";
    return null;
}

function item(kind: CheckKind, title: string, status: CheckStatus, detail: string, fix: string | null, facts: Facts = {}, id?: string) {
    return { id: id ?? kind, kind, title, status, detail, fix, facts } satisfies ChecklistItem;
}

function errorFacts(error: ErrorFacts): Facts {
    return { error: error.name, httpStatus: error.status, codes: error.codes, reason: error.reason };
}

/** `HTTP 403 [10000] Authentication error`, or the message when nothing answered. */
function answerText(error: ErrorFacts): string {
    if (error.status === null || error.cloudflare === null) return error.message;
    return `HTTP ${error.status} ${error.cloudflare}`;
}

function credentialItem(observations: DoctorObservations): ChecklistItem {
    const { credential } = observations;
    if (!credential.found) {
        return item("credential", "Credential", "fail", credential.error.message, null, { credentialKind: null, variables: [] });
    }
    const found = credential.credential;
    const what = found.kind === "token" ? "an API token" : "a Global API key and email";
    const ignored =
        found.ignored.length > 0
            ? ` (${found.ignored.join(" and ")} ${found.ignored.length === 1 ? "is" : "are"} set too, and ignored: a token wins)`
            : "";
    return item("credential", "Credential", "pass", `${what} from ${found.source}${ignored}`, null, {
        credentialKind: found.kind,
        variables: found.variables,
        ignored: found.ignored,
    });
}

function settingsItem(observations: DoctorObservations): ChecklistItem {
    const { settings, names } = observations;
    const title = "Base URL and settings";
    if (!settings.ok) return item("settings", title, "fail", settings.error.message, null, { baseUrl: null, source: null });
    const from = settings.source === null ? "the default" : `from ${settings.source}`;
    const facts: Facts = { baseUrl: settings.baseUrl, source: settings.source };
    let path = "";
    try {
        path = new URL(settings.baseUrl).pathname.replace(/\/+$/, "");
    } catch {
        // checkBaseUrl accepted it, so it parses; nothing to add if it somehow does not.
    }
    if (!path.endsWith("/client/v4")) {
        return item(
            "settings",
            title,
            "warn",
            `${settings.baseUrl} (${from}) passes the base URL rules, but does not end in /client/v4`,
            `Cloudflare's API is under /client/v4 (https://api.cloudflare.com/client/v4); without it every request gets 7003 "No route": set ${baseUrlSettings(names)}`,
            facts,
        );
    }
    return item("settings", title, "pass", `${settings.baseUrl} (${from}) passes the base URL rules`, null, facts);
}

function proxyItem(observations: DoctorObservations): ChecklistItem {
    const { proxy, settings } = observations;
    const title = "Proxy";
    if (proxy === undefined || !settings.ok) return item("proxy", title, "skip", "needs a usable base URL", null, { proxy: null });
    const origin = originOf(settings.baseUrl);
    if (proxy.kind === "invalid") {
        return item(
            "proxy",
            title,
            "fail",
            proxy.error.message,
            "fix HTTPS_PROXY, HTTP_PROXY or ALL_PROXY (an http:// or https:// URL), or list the API's host in NO_PROXY",
            { proxy: null },
        );
    }
    if (proxy.kind === "direct") {
        const unused =
            proxy.configured.length > 0
                ? `; ${proxy.configured.join(", ")} ${proxy.configured.length === 1 ? "is" : "are"} set, but not used for this URL (NO_PROXY, or a variable for another scheme)`
                : "";
        return item("proxy", title, "pass", `none: requests go directly to ${origin}${unused}`, null, {
            proxy: null,
            configured: proxy.configured,
        });
    }
    const facts: Facts = { proxy: proxy.url, tunnel: proxy.tunnel };
    if (proxy.tunnel) {
        return item(
            "proxy",
            title,
            "pass",
            `${proxy.url} for ${origin}, through a CONNECT tunnel: the proxy does not see the credential`,
            null,
            facts,
        );
    }
    const detail = `${proxy.url} for ${origin}, forwarded in clear text: the proxy sees every request, the credential included`;
    if (isLoopbackHost(proxy.hostname)) return item("proxy", title, "pass", detail, null, facts);
    return item(
        "proxy",
        title,
        "warn",
        detail,
        "use an https base URL (then the proxy only tunnels), or list the API's host in NO_PROXY",
        facts,
    );
}

function connectionItem(observations: DoctorObservations): ChecklistItem {
    const title = "Connection";
    const blocked = requestBlocker(observations);
    if (blocked !== null) return item("connection", title, "skip", blocked, null);
    const { verify, settings, names, proxy } = observations;
    const origin = settings.ok ? originOf(settings.baseUrl) : "";
    const via = proxy?.kind === "proxy" ? ` through ${proxy.url}` : "";
    if (verify === undefined) return item("connection", title, "skip", "nothing was sent", null);
    if (verify.ok || !NO_ANSWER.has(verify.error.name)) {
        const status = verify.ok ? "" : ` (HTTP ${verify.error.status ?? "?"})`;
        return item("connection", title, "pass", `Cloudflare's API answered at ${origin}${via}${status}`, null, { reached: true });
    }
    const { error } = verify;
    const fix =
        error.name === "InvalidResponseError"
            ? `something other than Cloudflare's API answered: check the base URL (${baseUrlSettings(names)}) and any proxy in between`
            : error.name === "DeadlineExceededError"
              ? "the API did not answer in time: check the network, or raise AOP_STATUS_DEADLINE_SECONDS / AOP_STATUS_REQUEST_TIMEOUT_SECONDS"
              : `check that ${origin} can be reached from here: the base URL (${baseUrlSettings(names)}), the network, and any proxy (HTTPS_PROXY, HTTP_PROXY, ALL_PROXY, NO_PROXY)`;
    return item("connection", title, "fail", error.message, fix, { reached: false, ...errorFacts(error) });
}

function credentialStateItem(observations: DoctorObservations): ChecklistItem {
    const { credential, verify, accountId, names } = observations;
    if (!credential.found) return item("credential-state", "Credential status", "skip", "no usable credential was found", null);
    const found = credential.credential;
    const description = describeCredential(found, names);
    const path = pathText(credentialCheckPath(found.kind, found.kind === "token" ? accountId : null));
    const title = found.kind === "key" ? "Key and email" : accountId === null ? "Token" : `Token (account ${accountId})`;
    const blocked = requestBlocker(observations);
    if (blocked !== null) return item("credential-state", title, "skip", blocked, null, { endpoint: path });
    if (verify === undefined) return item("credential-state", title, "skip", "not checked", null, { endpoint: path });
    if (!reachedApi(verify)) return item("credential-state", title, "skip", "the API could not be reached", null, { endpoint: path });
    const accountNote =
        found.kind === "key" && accountId !== null ? " (--account-id applies to account-owned tokens only, so it was not used)" : "";

    if (verify.ok) {
        if (found.kind === "key") {
            const userId = stringField(verify.result, "id");
            const who = userId === null ? "" : ` (user ${userId})`;
            return item("credential-state", title, "pass", `GET ${path}: Cloudflare knows this key and email${who}${accountNote}`, null, {
                endpoint: path,
                userId,
            });
        }
        const state = judgeToken(verify.result, serverNow(observations), description);
        return item("credential-state", title, state.status, `GET ${path}: ${state.detail}`, state.fix, { endpoint: path, ...state.facts });
    }

    const { error } = verify;
    const facts: Facts = { endpoint: path, ...errorFacts(error) };
    const detail = `GET ${path}: ${answerText(error)}`;
    if (found.kind === "token" && error.name === "AuthenticationError" && error.status === 401) {
        if (accountId === null) {
            const readsAZone = observations.zoneIds.some((zone) => observations.zones[zone]?.ok === true);
            const tryAccount =
                "if it is an account-owned token (made under an account's API Tokens), run again with --account-id ACCOUNT_ID, " +
                "which verifies it at /accounts/{account_id}/tokens/verify";
            const refusal = observations.zoneIds
                .map((zone) => observations.zones[zone])
                .find(
                    (answer) =>
                        answer !== undefined && !answer.ok && answer.error.reason !== null && CREDENTIAL_WIDE.has(answer.error.reason),
                );
            if (refusal !== undefined && !refusal.ok) {
                // The zones refuse it for what it is, so it is not an account-owned token: their fix is the one.
                return item(
                    "credential-state",
                    title,
                    "fail",
                    `${detail}; the zone reads were refused with ${refusal.error.cloudflare ?? refusal.error.name} as well`,
                    refusal.error.fix ?? error.fix ?? error.message,
                    facts,
                );
            }
            if (readsAZone) {
                return item(
                    "credential-state",
                    title,
                    "warn",
                    `${detail}; yet it reads the zone${observations.zoneIds.length === 1 ? "" : "s"} below, so it is probably account-owned and its expiry is unknown`,
                    tryAccount,
                    facts,
                );
            }
            return item("credential-state", title, "fail", detail, `${tryAccount}; otherwise: ${error.fix ?? error.message}`, facts);
        }
        return item(
            "credential-state",
            title,
            "fail",
            detail,
            `check that account ${accountId} owns this token (a user token is verified without --account-id); otherwise: ${error.fix ?? error.message}`,
            facts,
        );
    }
    return item("credential-state", title, "fail", error.fix === null ? error.message : detail, error.fix, facts);
}

function zoneItems(observations: DoctorObservations): ChecklistItem[] {
    const { zoneIds } = observations;
    if (zoneIds.length === 0) {
        return [
            item(
                "zones",
                "Zones",
                "skip",
                "no zone given, so the permission was not checked: add --zone-id ZONE_ID (repeatable), ZONE_ID/HOSTNAME targets or --targets-file",
                null,
            ),
        ];
    }
    const blocked = zoneProbeBlocker(observations);
    return zoneIds.map((zoneId) => {
        const title = `Zone ${zoneId}`;
        const id = `zone:${zoneId}`;
        const endpoint = pathText(zoneProbePath(zoneId));
        const answer = observations.zones[zoneId];
        if (blocked !== null) return item("zone", title, "skip", blocked, null, { zoneId, endpoint }, id);
        if (answer === undefined) return item("zone", title, "skip", "not checked", null, { zoneId, endpoint }, id);
        if (answer.ok) {
            const listed = Array.isArray(answer.result) ? answer.result.length : null;
            const count = answer.totalCount ?? listed;
            const certificates = count === null ? "" : ` (${count} hostname certificate${count === 1 ? "" : "s"})`;
            return item(
                "zone",
                title,
                "pass",
                `may read SSL and Certificates${certificates}`,
                null,
                { zoneId, endpoint, certificates: count },
                id,
            );
        }
        const { error } = answer;
        if (error.reason !== null && CREDENTIAL_WIDE.has(error.reason)) {
            // The credential's own problem, fixed once under its own item rather than once per zone.
            return item(
                "zone",
                title,
                "fail",
                `${answerText(error)}: the credential's problem, see above`,
                null,
                { zoneId, endpoint, ...errorFacts(error) },
                id,
            );
        }
        return item(
            "zone",
            title,
            "fail",
            error.fix === null ? error.message : answerText(error),
            error.fix,
            { zoneId, endpoint, ...errorFacts(error) },
            id,
        );
    });
}

/** "10 min", "3 h", "2 days": a skew in the unit a person reads at a glance. */
export function formatDuration(ms: number): string {
    const seconds = Math.round(Math.abs(ms) / 1000);
    if (seconds < 120) return `${seconds} s`;
    const minutes = Math.round(seconds / 60);
    if (minutes < 120) return `${minutes} min`;
    const hours = Math.round(minutes / 60);
    if (hours < 48) return `${hours} h`;
    return `${Math.round(hours / 24)} days`;
}

function clockItem(observations: DoctorObservations): ChecklistItem {
    const title = "Clock";
    const blocked = requestBlocker(observations);
    if (blocked !== null) return item("clock", title, "skip", blocked, null);
    if (observations.verify !== undefined && !reachedApi(observations.verify)) {
        return item("clock", title, "skip", "the API could not be reached", null);
    }
    const answer = clockAnswer(observations);
    if (answer === null) return item("clock", title, "skip", "no successful answer carried a Date header to compare with", null);
    const skewMs = answer.server.getTime() - answer.local.getTime();
    const serverDate = answer.server.toISOString();
    const localDate = answer.local.toISOString();
    const facts: Facts = { serverDate, localDate, skewSeconds: Math.round(skewMs / 1000) };
    if (Math.abs(skewMs) <= MAX_CLOCK_SKEW_MS) {
        return item("clock", title, "pass", `this machine's clock agrees with the server's (${formatDuration(skewMs)} apart)`, null, facts);
    }
    const way = skewMs > 0 ? "behind" : "ahead of";
    return item(
        "clock",
        title,
        "warn",
        `this machine's clock is ${formatDuration(skewMs)} ${way} the server's (server ${serverDate}, here ${localDate})`,
        "set this machine's clock (NTP): certificate expiry, the warning window and token dates are judged against it",
        facts,
    );
}

/** The whole checklist, in the order a person fixes things. */
export function buildChecklist(observations: DoctorObservations): ChecklistItem[] {
    return [
        credentialItem(observations),
        settingsItem(observations),
        proxyItem(observations),
        connectionItem(observations),
        credentialStateItem(observations),
        ...zoneItems(observations),
        clockItem(observations),
    ];
}

export interface ChecklistSummary {
    pass: number;
    warn: number;
    fail: number;
    skip: number;
}

export function summarizeChecklist(items: readonly ChecklistItem[]): ChecklistSummary {
    const summary: ChecklistSummary = { pass: 0, warn: 0, fail: 0, skip: 0 };
    for (const entry of items) summary[entry.status]++;
    return summary;
}
