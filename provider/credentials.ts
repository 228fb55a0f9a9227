/**
 * Where credentials and connection settings come from: explicit stack config first, then the
 * environment (the same names @pulumi/cloudflare, Terraform and Cloudflare's SDKs use).
 *
 * Secrets live only in memory, in non-enumerable fields, so JSON.stringify, util.inspect and
 * Pulumi's closure serializer can never pick them up by accident.
 */
import { createHash } from "node:crypto";
import { inspect } from "node:util";

import { ConfigurationError, CredentialsError } from "./errors";

/** Reads a full config key such as `cloudflare:apiToken`; blank means unset. */
export interface ConfigSource {
    get(key: string): string | undefined;
}

export type Environment = Readonly<Record<string, string | undefined>>;

export const DEFAULT_BASE_URL = "https://api.cloudflare.com/client/v4";

export const CONFIG_KEYS = {
    apiToken: "cloudflare:apiToken",
    apiKey: "cloudflare:apiKey",
    email: "cloudflare:email",
    baseUrl: "cloudflare:baseUrl",
} as const;

export const ENV_KEYS = {
    apiToken: "CLOUDFLARE_API_TOKEN",
    apiKey: "CLOUDFLARE_API_KEY",
    email: "CLOUDFLARE_EMAIL",
    baseUrl: "CLOUDFLARE_BASE_URL",
} as const;

const HOW_TO_SET =
    "Set an API token with `pulumi config set --secret cloudflare:apiToken <token>` or the CLOUDFLARE_API_TOKEN " +
    "environment variable (or a global API key with cloudflare:apiKey + cloudflare:email, or CLOUDFLARE_API_KEY + CLOUDFLARE_EMAIL)";

export class Credentials {
    readonly kind: "token" | "key";
    /** Human description of where the credential came from, safe to print. */
    readonly source: string;
    declare private readonly secret: string;
    declare private readonly email: string;

    private constructor(kind: "token" | "key", source: string, secret: string, email = "") {
        this.kind = kind;
        this.source = source;
        Object.defineProperty(this, "secret", { value: secret, enumerable: false });
        Object.defineProperty(this, "email", { value: email, enumerable: false });
    }

    static token(token: string, source: string): Credentials {
        return new Credentials("token", source, token);
    }

    static key(email: string, key: string, source: string): Credentials {
        return new Credentials("key", source, key, email);
    }

    /** The request headers; the only place a secret leaves this object. */
    authHeaders(): Record<string, string> {
        return this.kind === "token"
            ? { Authorization: `Bearer ${this.secret}` }
            : { "X-Auth-Email": this.email, "X-Auth-Key": this.secret };
    }

    /** A stable, non-reversible id, so limiters can be shared per credential without keeping the secret as a key. */
    fingerprint(): string {
        return createHash("sha256").update(`${this.kind}\0${this.email}\0${this.secret}`).digest("hex").slice(0, 16);
    }

    toJSON(): { kind: string; source: string } {
        return { kind: this.kind, source: this.source };
    }

    [inspect.custom](): string {
        return `Credentials { kind: '${this.kind}', source: '${this.source}' }`;
    }
}

function value(text: string | undefined): string | undefined {
    const trimmed = text?.trim();
    return trimmed ? trimmed : undefined;
}

function fromConfig(config: ConfigSource | undefined): Credentials | undefined {
    if (!config) return undefined;
    const token = value(config.get(CONFIG_KEYS.apiToken));
    if (token) return Credentials.token(token, `stack config ${CONFIG_KEYS.apiToken}`);
    const key = value(config.get(CONFIG_KEYS.apiKey));
    const email = value(config.get(CONFIG_KEYS.email));
    if (key && email) return Credentials.key(email, key, `stack config ${CONFIG_KEYS.apiKey} and ${CONFIG_KEYS.email}`);
    if (key || email) {
        const missing = key ? CONFIG_KEYS.email : CONFIG_KEYS.apiKey;
        throw new CredentialsError(
            `Stack config sets ${key ? CONFIG_KEYS.apiKey : CONFIG_KEYS.email} but not ${missing}; a global API key needs both. ${HOW_TO_SET}`,
        );
    }
    return undefined;
}

function fromEnvironment(env: Environment): Credentials | undefined {
    const token = value(env[ENV_KEYS.apiToken]);
    if (token) return Credentials.token(token, `environment variable ${ENV_KEYS.apiToken}`);
    const key = value(env[ENV_KEYS.apiKey]);
    const email = value(env[ENV_KEYS.email]);
    if (key && email) return Credentials.key(email, key, `environment variables ${ENV_KEYS.apiKey} and ${ENV_KEYS.email}`);
    if (key || email) {
        const missing = key ? ENV_KEYS.email : ENV_KEYS.apiKey;
        throw new CredentialsError(
            `${key ? ENV_KEYS.apiKey : ENV_KEYS.email} is set but ${missing} is not; a global API key needs both. ${HOW_TO_SET}`,
        );
    }
    return undefined;
}

/** Explicit config wins over the environment; no credentials at all is an error that says how to fix it. */
export function resolveCredentials(config?: ConfigSource, env: Environment = process.env): Credentials {
    const credentials = fromConfig(config) ?? fromEnvironment(env);
    if (!credentials) throw new CredentialsError(`No Cloudflare credentials found. ${HOW_TO_SET}`);
    return credentials;
}

export function resolveBaseUrl(config?: ConfigSource, env: Environment = process.env): string {
    const raw = value(config?.get(CONFIG_KEYS.baseUrl)) ?? value(env[ENV_KEYS.baseUrl]) ?? DEFAULT_BASE_URL;
    let url: URL;
    try {
        url = new URL(raw);
    } catch {
        throw new ConfigurationError(
            `The Cloudflare base URL ${JSON.stringify(raw)} (cloudflare:baseUrl / CLOUDFLARE_BASE_URL) is not a valid URL`,
        );
    }
    if (url.protocol !== "https:" && url.protocol !== "http:") {
        throw new ConfigurationError(
            `The Cloudflare base URL must use http or https, got ${url.protocol} (cloudflare:baseUrl / CLOUDFLARE_BASE_URL)`,
        );
    }
    if (url.username || url.password) {
        throw new ConfigurationError("The Cloudflare base URL must not contain a user name or password; use cloudflare:apiToken instead");
    }
    return raw.replace(/\/+$/, "");
}
