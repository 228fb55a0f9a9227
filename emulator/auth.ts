// Recognises the credential a request presents. Only labels ("token#1",
// "key#1") leave this module, so the request log and rate limiter never
// hold a secret.

import type { IncomingHttpHeaders } from "node:http";
import { apiFailures, type ApiFailure } from "./envelope";
import { UnknownCredentialError } from "./errors";
import type { ApiKeyCredential, CredentialRef, EmulatorCredentials } from "./types";

/**
 * The emulator's own fake credentials. They unlock nothing but the emulator,
 * so printing them is fine (user-supplied ones are never printed).
 */
export const DEFAULT_CREDENTIALS: EmulatorCredentials = {
    tokens: ["local-emulator-token"],
    keys: [{ email: "emulator@example.com", key: "local-emulator-key" }],
};

export type AuthKind = "token" | "key" | "none";

export type AuthResult =
    { ok: true; kind: "token" | "key"; label: string } | { ok: false; kind: AuthKind; label?: "unrecognised"; failure: ApiFailure };

export class CredentialRegistry {
    private readonly tokens: readonly string[];
    private readonly keys: readonly ApiKeyCredential[];

    constructor(credentials: EmulatorCredentials) {
        this.tokens = [...credentials.tokens];
        this.keys = credentials.keys.map((k) => ({ email: k.email, key: k.key }));
    }

    /**
     * Cloudflare prefers `Authorization` when present, so a request carrying
     * both a bearer token and key headers is judged on the token alone.
     */
    authenticate(headers: IncomingHttpHeaders): AuthResult {
        const authorization = singleHeader(headers.authorization);
        if (authorization !== undefined) {
            const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(authorization);
            if (match === null) {
                return {
                    ok: false,
                    kind: "token",
                    label: "unrecognised",
                    failure: apiFailures.malformedAuthHeader({ code: 6111, message: "Invalid format for Authorization header" }),
                };
            }
            const index = this.tokens.indexOf(match[1]);
            if (index < 0) return { ok: false, kind: "token", label: "unrecognised", failure: apiFailures.invalidToken() };
            return { ok: true, kind: "token", label: tokenLabel(index) };
        }

        const email = singleHeader(headers["x-auth-email"]);
        const key = singleHeader(headers["x-auth-key"]);
        if (email === undefined && key === undefined) {
            return { ok: false, kind: "none", failure: apiFailures.missingCredentials() };
        }
        if (email === undefined || key === undefined) {
            const cause =
                email === undefined
                    ? { code: 6102, message: "Invalid format for X-Auth-Email header" }
                    : { code: 6103, message: "Invalid format for X-Auth-Key header" };
            return { ok: false, kind: "key", label: "unrecognised", failure: apiFailures.malformedAuthHeader(cause) };
        }
        const index = this.keys.findIndex((k) => sameEmail(k.email, email) && k.key === key);
        if (index < 0) return { ok: false, kind: "key", label: "unrecognised", failure: apiFailures.invalidApiKey() };
        return { ok: true, kind: "key", label: keyLabel(index) };
    }

    /** Label of a configured credential; the first configured one when `ref` is omitted. */
    labelFor(ref?: CredentialRef): string {
        if (ref === undefined) {
            if (this.tokens.length > 0) return tokenLabel(0);
            if (this.keys.length > 0) return keyLabel(0);
            throw new UnknownCredentialError("The emulator has no configured credentials");
        }
        if ("token" in ref) {
            const index = this.tokens.indexOf(ref.token);
            if (index < 0) throw new UnknownCredentialError("That token is not one of the emulator's configured tokens");
            return tokenLabel(index);
        }
        const index = this.keys.findIndex((k) => sameEmail(k.email, ref.email) && k.key === ref.key);
        if (index < 0) throw new UnknownCredentialError("That email/key pair is not one of the emulator's configured keys");
        return keyLabel(index);
    }

    /** Whether `label` names a configured credential (admin API accepts labels). */
    hasLabel(label: string): boolean {
        const match = /^(token|key)#(\d+)$/.exec(label);
        if (match === null) return false;
        const index = Number(match[2]) - 1;
        return index >= 0 && index < (match[1] === "token" ? this.tokens.length : this.keys.length);
    }

    /** Every configured secret, so callers can redact them from anything they record. */
    secrets(): string[] {
        return [...this.tokens, ...this.keys.map((k) => k.key)].filter((s) => s.length > 0);
    }
}

function tokenLabel(index: number): string {
    return `token#${index + 1}`;
}

function keyLabel(index: number): string {
    return `key#${index + 1}`;
}

// E-mail addresses are matched case-insensitively, as account logins are.
function sameEmail(a: string, b: string): boolean {
    return a.toLowerCase() === b.toLowerCase();
}

function singleHeader(value: string | string[] | undefined): string | undefined {
    const text = Array.isArray(value) ? value[0] : value;
    return text === undefined || text.trim() === "" ? undefined : text.trim();
}
