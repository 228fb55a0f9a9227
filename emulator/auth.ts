// Who is asking: recognises the credential a request presents, judges its format the way
// Cloudflare does, and says whose rate-limit budget it draws on. Only labels ("token#1",
// "key#1") and ids leave this module, so the request log and rate limiter never hold a secret.

import { createHash } from "node:crypto";
import { BlockList, isIP } from "node:net";
import type { IncomingHttpHeaders } from "node:http";
import {
    couldBeToken,
    isWellFormedApiKey,
    isWellFormedEmail,
    looksLikeGlobalApiKey,
    looksLikeToken,
    readAuthorization,
} from "./credential-format";
import { apiFailures, type ApiFailure } from "./envelope";
import { UnknownCredentialError } from "./errors";
import type { CredentialRef, EmulatorCredentials, TokenPermission, TokenSeed, TokenStatus, UserSeed } from "./types";

/**
 * The emulator's own fake credentials. They unlock nothing but the emulator, so printing them is
 * fine (user-supplied ones are never printed). They belong to one user (`DEFAULT_USERS`), so they
 * share one rate-limit budget.
 */
export const DEFAULT_CREDENTIALS: EmulatorCredentials = {
    tokens: ["local-emulator-token"],
    keys: [{ email: "emulator@example.com", key: "local-emulator-key" }],
};

/** The default user: the fake key and token above, full access to every zone. */
export const DEFAULT_USERS: readonly UserSeed[] = [
    {
        id: "3c4f5e6d7a8b49c0a1b2c3d4e5f60718",
        email: DEFAULT_CREDENTIALS.keys[0].email,
        key: DEFAULT_CREDENTIALS.keys[0].key,
        tokens: [{ id: "9a8b7c6d5e4f40312a1b0c9d8e7f6a5b", value: DEFAULT_CREDENTIALS.tokens[0] }],
    },
];

/**
 * Bare credentials (the `credentials` option, `--token`, `--key`) become one user each, with full
 * access: so each keeps a budget of its own, as before users existed. Ids are derived from the
 * position, never from the secret.
 */
export function usersFromCredentials(credentials: EmulatorCredentials): UserSeed[] {
    const derivedId = (label: string): string => createHash("sha256").update(`aop-emulator:${label}`).digest("hex").slice(0, 32);
    return [
        ...credentials.tokens.map((value, i) => ({
            id: derivedId(`user-of-token#${i + 1}`),
            tokens: [{ id: derivedId(`token#${i + 1}`), value }],
        })),
        ...credentials.keys.map((k, i) => ({ id: derivedId(`user-of-key#${i + 1}`), email: k.email, key: k.key })),
    ];
}

export interface KnownUser {
    id: string;
    /** "user#1", in configuration order. */
    label: string;
    email?: string;
    key?: string;
    /** "key#1" when the user has a key. */
    keyLabel?: string;
    tokens: KnownToken[];
}

export interface KnownToken {
    id: string;
    value: string;
    /** "token#1", in configuration order across all users. */
    label: string;
    user: KnownUser;
    zones: "all" | ReadonlySet<string>;
    permission: TokenPermission;
    status: TokenStatus;
    expiresOn?: number;
    notBefore?: number;
    expires_on?: string;
    not_before?: string;
    /** Undefined: usable from anywhere. */
    allowedFrom?: BlockList;
    deniedFrom?: BlockList;
    account?: string;
}

export type Principal =
    | { kind: "key"; label: string; user: KnownUser; budget: string }
    | { kind: "token"; label: string; user: KnownUser; token: KnownToken; budget: string };

export type AuthKind = "token" | "key" | "none";

export type Identification =
    | { ok: true; principal: Principal }
    | {
          ok: false;
          kind: AuthKind;
          /** Set when a credential was presented but is not one the emulator knows. */
          label?: "unrecognised";
          failure: ApiFailure;
      };

/** Whether a known token may be used now, from here. */
export type TokenCondition = "usable" | "disabled" | "expired" | "not-yet-valid" | "wrong-location";

export function budgetOf(user: KnownUser, token?: KnownToken): string {
    // "Client API per user/account token: 1200/5 minutes"
    // (https://developers.cloudflare.com/fundamentals/api/reference/limits/): a user's key and user
    // tokens share the user's budget; an account-owned token has one of its own.
    return token?.account !== undefined ? `account token ${token.id}` : `user ${user.id}`;
}

function blockList(entries: readonly string[] | undefined): BlockList | undefined {
    if (entries === undefined) return undefined;
    const list = new BlockList();
    for (const entry of entries) {
        const [address, prefix] = entry.split("/");
        const family = isIP(address) === 6 ? "ipv6" : "ipv4";
        if (prefix === undefined) list.addAddress(address, family);
        else list.addSubnet(address, Number(prefix), family);
    }
    return list;
}

function matches(list: BlockList, address: string): boolean {
    return list.check(address, isIP(address) === 6 ? "ipv6" : "ipv4");
}

function normalizeIp(address: string | undefined): string {
    if (address === undefined) return "127.0.0.1";
    // A dual-stack socket reports IPv4 peers as ::ffff:a.b.c.d.
    return address.startsWith("::ffff:") && isIP(address.slice(7)) === 4 ? address.slice(7) : address;
}

/** The client address Cloudflare would see: the emulator only listens on loopback, so this is 127.0.0.1. */
export function clientAddressOf(remoteAddress: string | undefined): string {
    return normalizeIp(remoteAddress);
}

export class CredentialDirectory {
    readonly users: readonly KnownUser[];
    private readonly tokensByValue = new Map<string, KnownToken>();
    private readonly usersByKey = new Map<string, KnownUser>();

    /** `users` must be valid (see validateUsers): ids, secrets and emails unique, formats checked. */
    constructor(users: readonly UserSeed[]) {
        let tokenCount = 0;
        let keyCount = 0;
        this.users = users.map((seed, index) => {
            const user: KnownUser = { id: seed.id, label: `user#${index + 1}`, tokens: [] };
            if (seed.email !== undefined) user.email = seed.email;
            if (seed.key !== undefined) {
                user.key = seed.key;
                user.keyLabel = `key#${(keyCount += 1)}`;
                this.usersByKey.set(seed.key, user);
            }
            for (const tokenSeed of seed.tokens ?? []) {
                const token = knownToken(tokenSeed, user, `token#${(tokenCount += 1)}`);
                user.tokens.push(token);
                this.tokensByValue.set(token.value, token);
            }
            return user;
        });
    }

    /**
     * Cloudflare prefers `Authorization` when present, so a request carrying both a bearer token and
     * key headers is judged on the token alone.
     */
    identify(headers: IncomingHttpHeaders): Identification {
        const authorization = readAuthorization(singleHeader(headers.authorization, { keepBlank: true }));
        if (authorization.kind === "malformed") {
            return { ok: false, kind: "token", label: "unrecognised", failure: apiFailures.malformedAuthorization() };
        }
        if (authorization.kind === "bearer") return this.identifyToken(authorization.value);

        const email = singleHeader(headers["x-auth-email"]);
        const key = singleHeader(headers["x-auth-key"]);
        if (email === undefined && key === undefined) return { ok: false, kind: "none", failure: apiFailures.missingCredentials() };
        return this.identifyKey(email ?? "", key ?? "");
    }

    private identifyToken(value: string): Identification {
        const token = this.tokensByValue.get(value);
        if (token !== undefined) {
            return {
                ok: true,
                principal: { kind: "token", label: token.label, user: token.user, token, budget: budgetOf(token.user, token) },
            };
        }
        // A configured key sent as a token, or anything shaped like a Global API Key, is the classic
        // mistake Cloudflare answers with 6111 (jeessy2/ddns-go#1296).
        const malformed = this.usersByKey.has(value) || looksLikeGlobalApiKey(value) || !couldBeToken(value);
        const failure = malformed ? apiFailures.malformedAuthorization() : apiFailures.invalidToken();
        return { ok: false, kind: "token", label: "unrecognised", failure };
    }

    private identifyKey(email: string, key: string): Identification {
        const user = this.usersByKey.get(key);
        if (user !== undefined && user.email !== undefined && sameEmail(user.email, email)) {
            return { ok: true, principal: { kind: "key", label: user.keyLabel ?? "key", user, budget: budgetOf(user) } };
        }
        // A configured value is well formed by definition; anything else must have Cloudflare's shapes.
        const knownEmail = this.users.some((u) => u.email !== undefined && sameEmail(u.email, email));
        const emailMalformed = !knownEmail && !isWellFormedEmail(email);
        const keyMalformed = user === undefined && (this.tokensByValue.has(key) || looksLikeToken(key) || !isWellFormedApiKey(key));
        const failure =
            emailMalformed || keyMalformed
                ? apiFailures.malformedKeyHeaders({ email: emailMalformed, key: keyMalformed })
                : apiFailures.unknownApiKey();
        return { ok: false, kind: "key", label: "unrecognised", failure };
    }

    /** A user by id or label ("user#1"). */
    user(idOrLabel: string): KnownUser | undefined {
        return this.users.find((u) => u.id === idOrLabel || u.label === idOrLabel);
    }

    /** The principal a configured credential, label or user stands for; the first configured credential when `ref` is omitted. */
    principalFor(ref?: CredentialRef | { user: string } | string): Principal {
        if (ref === undefined) {
            const first = this.firstCredential();
            if (first === undefined) throw new UnknownCredentialError("The emulator has no configured credentials");
            return first;
        }
        if (typeof ref === "string") {
            const byLabel = this.byLabel(ref);
            if (byLabel === undefined) throw new UnknownCredentialError(`No configured credential is labelled ${ref}`);
            return byLabel;
        }
        if ("user" in ref) {
            const user = this.user(ref.user);
            const principal = user === undefined ? undefined : this.firstCredentialOf(user);
            if (principal === undefined) throw new UnknownCredentialError(`No configured user ${ref.user} with a credential`);
            return principal;
        }
        if ("token" in ref) {
            const token = this.tokensByValue.get(ref.token);
            if (token === undefined) throw new UnknownCredentialError("That token is not one of the emulator's configured tokens");
            return { kind: "token", label: token.label, user: token.user, token, budget: budgetOf(token.user, token) };
        }
        const user = this.usersByKey.get(ref.key);
        if (user === undefined || user.email === undefined || !sameEmail(user.email, ref.email)) {
            throw new UnknownCredentialError("That email/key pair is not one of the emulator's configured keys");
        }
        return { kind: "key", label: user.keyLabel ?? "key", user, budget: budgetOf(user) };
    }

    /** Every configured secret, so callers can redact them from anything they record. */
    secrets(): string[] {
        return [...this.tokensByValue.keys(), ...this.usersByKey.keys()].filter((s) => s.length > 0);
    }

    private byLabel(label: string): Principal | undefined {
        for (const user of this.users) {
            if (user.label === label) return this.firstCredentialOf(user);
            if (user.keyLabel === label) return { kind: "key", label, user, budget: budgetOf(user) };
            const token = user.tokens.find((t) => t.label === label);
            if (token !== undefined) return { kind: "token", label, user, token, budget: budgetOf(user, token) };
        }
        return undefined;
    }

    private firstCredential(): Principal | undefined {
        // Tokens first, as the emulator always did: "token#1" is the default credential.
        const token = this.users.flatMap((u) => u.tokens)[0];
        if (token !== undefined) return { kind: "token", label: token.label, user: token.user, token, budget: budgetOf(token.user, token) };
        const user = this.users.find((u) => u.keyLabel !== undefined);
        return user === undefined ? undefined : { kind: "key", label: user.keyLabel ?? "key", user, budget: budgetOf(user) };
    }

    private firstCredentialOf(user: KnownUser): Principal | undefined {
        if (user.keyLabel !== undefined) return { kind: "key", label: user.keyLabel, user, budget: budgetOf(user) };
        const token = user.tokens.find((t) => t.account === undefined) ?? user.tokens[0];
        return token === undefined ? undefined : { kind: "token", label: token.label, user, token, budget: budgetOf(user, token) };
    }
}

function knownToken(seed: TokenSeed, user: KnownUser, label: string): KnownToken {
    const token: KnownToken = {
        id: seed.id,
        value: seed.value,
        label,
        user,
        zones: seed.zones === undefined || seed.zones === "all" ? "all" : new Set(seed.zones),
        permission: seed.permission ?? "edit",
        status: seed.status ?? "active",
    };
    if (seed.expires_on !== undefined) {
        token.expires_on = seed.expires_on;
        token.expiresOn = Date.parse(seed.expires_on);
    }
    if (seed.not_before !== undefined) {
        token.not_before = seed.not_before;
        token.notBefore = Date.parse(seed.not_before);
    }
    const allowed = blockList(seed.condition?.request_ip?.in);
    const denied = blockList(seed.condition?.request_ip?.not_in);
    if (allowed !== undefined) token.allowedFrom = allowed;
    if (denied !== undefined) token.deniedFrom = denied;
    if (seed.account !== undefined) token.account = seed.account;
    return token;
}

/** The status the verify endpoints report: an active token past its `expires_on` is expired. */
export function reportedStatus(token: KnownToken, now: number): TokenStatus {
    if (token.status !== "active") return token.status;
    return token.expiresOn !== undefined && now >= token.expiresOn ? "expired" : "active";
}

/** Whether a known token may be used at `now` from `clientIp`; the location is checked first, as part of the request. */
export function tokenCondition(token: KnownToken, now: number, clientIp: string): TokenCondition {
    if (token.allowedFrom !== undefined && !matches(token.allowedFrom, clientIp)) return "wrong-location";
    if (token.deniedFrom !== undefined && matches(token.deniedFrom, clientIp)) return "wrong-location";
    const status = reportedStatus(token, now);
    if (status !== "active") return status;
    if (token.notBefore !== undefined && now < token.notBefore) return "not-yet-valid";
    return "usable";
}

/** What a principal needs for an operation on a zone. */
export type ZoneNeed = "read" | "edit";

/** Whether the principal may do `need` on `zoneId`. A key sees every zone (the emulator models no zone ownership). */
export function mayAccessZone(principal: Principal, zoneId: string, need: ZoneNeed): boolean {
    if (principal.kind === "key") return true;
    const { token } = principal;
    if (token.permission === "none" || (need === "edit" && token.permission !== "edit")) return false;
    return token.zones === "all" || token.zones.has(zoneId);
}

// E-mail addresses are matched case-insensitively, as account logins are.
function sameEmail(a: string, b: string): boolean {
    return a.toLowerCase() === b.toLowerCase();
}

function singleHeader(value: string | string[] | undefined, options: { keepBlank?: boolean } = {}): string | undefined {
    const text = Array.isArray(value) ? value[0] : value;
    if (text === undefined) return undefined;
    if (options.keepBlank === true) return text;
    return text.trim() === "" ? undefined : text.trim();
}
