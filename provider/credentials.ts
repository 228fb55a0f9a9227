/**
 * Where credentials and connection settings come from, and how to tell each reader to set them.
 *
 * Two readers, two worlds:
 * - the provider and the functions read stack config (`cloudflare:apiToken`, …) first, then the
 *   environment (`CLOUDFLARE_API_TOKEN`, …), the names @pulumi/cloudflare, Terraform and
 *   Cloudflare's SDKs use. With a config namespace of their own (`<ns>:apiToken`, …) they read
 *   that namespace only and never fall back to `CLOUDFLARE_*`, so a stack that means to use a
 *   second account cannot silently use the first;
 * - the CLI reads the environment only (`<PREFIX>_API_TOKEN`, default prefix `CLOUDFLARE`), so
 *   its messages never mention `pulumi config`.
 *
 * `SettingNames` is that difference as data. A resolved credential carries it, so every error
 * about the credential (a refused token, a missing permission) says where it came from and how
 * to fix it in the reader's own terms.
 *
 * Secrets live only in memory, in non-enumerable fields, so JSON.stringify, util.inspect and
 * Pulumi's closure serializer can never pick them up by accident.
 */
import { createHash } from "node:crypto";
import { inspect } from "node:util";

import { checkBaseUrl } from "./base-url";
import { ConfigurationError, CredentialsError } from "./errors";
import { MIN_SECRET_LENGTH, redactorFor, type Redactor } from "./redaction";
import { DEFAULT_CONFIG_NAMESPACE, validateConfigNamespace } from "./validation";

/** Reads a full config key such as `cloudflare:apiToken`; blank means unset. */
export interface ConfigSource {
    get(key: string): string | undefined;
}

export type Environment = Readonly<Record<string, string | undefined>>;

export const DEFAULT_BASE_URL = "https://api.cloudflare.com/client/v4";
export { DEFAULT_CONFIG_NAMESPACE };
export const DEFAULT_ENV_PREFIX = "CLOUDFLARE";

/** The four settings, by their name in one place (config keys or environment variables). */
export interface SettingKeys {
    readonly apiToken: string;
    readonly apiKey: string;
    readonly email: string;
    readonly baseUrl: string;
}

/** Where one reader looks for its settings, and so what its messages tell the user to set. */
export interface SettingNames {
    /** Stack config keys, or null where there is no stack config (the CLI). */
    readonly config: SettingKeys | null;
    /** Environment variables, or null where the environment is not read (a custom config namespace). */
    readonly env: SettingKeys | null;
    /** The command-line flag that sets the base URL, where there is one. */
    readonly baseUrlFlag?: string;
}

function configKeys(namespace: string): SettingKeys {
    return {
        apiToken: `${namespace}:apiToken`,
        apiKey: `${namespace}:apiKey`,
        email: `${namespace}:email`,
        baseUrl: `${namespace}:baseUrl`,
    };
}

function envKeys(prefix: string): SettingKeys {
    return { apiToken: `${prefix}_API_TOKEN`, apiKey: `${prefix}_API_KEY`, email: `${prefix}_EMAIL`, baseUrl: `${prefix}_BASE_URL` };
}

/**
 * The provider's and the functions' names: `<namespace>:apiToken`, …; with the default
 * namespace also `CLOUDFLARE_*` from the environment, with any other namespace nothing else.
 */
export function providerSettingNames(namespace: string = DEFAULT_CONFIG_NAMESPACE): SettingNames {
    const failures = validateConfigNamespace(namespace, "config namespace");
    if (failures.length > 0) throw new ConfigurationError(failures[0].reason);
    return {
        config: configKeys(namespace),
        env: namespace === DEFAULT_CONFIG_NAMESPACE ? envKeys(DEFAULT_ENV_PREFIX) : null,
    };
}

/** The CLI's names: `<PREFIX>_API_TOKEN`, `<PREFIX>_API_KEY`, `<PREFIX>_EMAIL`, `<PREFIX>_BASE_URL` and `--base-url`. */
export function cliSettingNames(prefix: string = DEFAULT_ENV_PREFIX): SettingNames {
    const trimmed = prefix.replace(/_+$/, "");
    if (!/^[A-Z][A-Z0-9_]*$/.test(trimmed)) {
        throw new ConfigurationError(
            `the environment prefix ${JSON.stringify(prefix)} is not valid: use upper-case letters, digits and "_" (e.g. "CLOUDFLARE")`,
        );
    }
    return { config: null, env: envKeys(trimmed), baseUrlFlag: "--base-url" };
}

/** Backwards-compatible names of the default places. */
export const CONFIG_KEYS: SettingKeys = configKeys(DEFAULT_CONFIG_NAMESPACE);
export const ENV_KEYS: SettingKeys = envKeys(DEFAULT_ENV_PREFIX);

/** "`pulumi config set --secret cloudflare:apiToken <token>` or CLOUDFLARE_API_TOKEN"; the CLI: "CLOUDFLARE_API_TOKEN". */
export function howToSetToken(names: SettingNames): string {
    const ways: string[] = [];
    if (names.config) ways.push(`\`pulumi config set --secret ${names.config.apiToken} <token>\``);
    if (names.env) ways.push(names.env.apiToken);
    return ways.join(" or ");
}

/** "cloudflare:apiKey + cloudflare:email or CLOUDFLARE_API_KEY + CLOUDFLARE_EMAIL"; the CLI: the variables only. */
export function howToSetKey(names: SettingNames): string {
    const ways: string[] = [];
    if (names.config) ways.push(`${names.config.apiKey} + ${names.config.email}`);
    if (names.env) ways.push(`${names.env.apiKey} + ${names.env.email}`);
    return ways.join(" or ");
}

/** "--base-url or CLOUDFLARE_BASE_URL", "cloudflare:baseUrl or CLOUDFLARE_BASE_URL". */
export function baseUrlSettings(names: SettingNames): string {
    const ways: string[] = [];
    if (names.baseUrlFlag) ways.push(names.baseUrlFlag);
    if (names.config) ways.push(names.config.baseUrl);
    if (names.env) ways.push(names.env.baseUrl);
    return ways.join(" or ");
}

function howToSetAny(names: SettingNames): string {
    return `Set an API token with ${howToSetToken(names)} (or a Global API key with ${howToSetKey(names)})`;
}

export class Credentials {
    readonly kind: "token" | "key";
    /** Human description of where the credential came from, safe to print ("stack config cloudflare:apiToken"). */
    readonly source: string;
    /** Where this reader keeps its settings: what its messages tell the user to set. */
    readonly names: SettingNames;
    declare private readonly secret: string;
    declare private readonly email: string;

    private constructor(kind: "token" | "key", source: string, names: SettingNames, secret: string, email = "") {
        this.kind = kind;
        this.source = source;
        this.names = names;
        Object.defineProperty(this, "secret", { value: secret, enumerable: false });
        Object.defineProperty(this, "email", { value: email, enumerable: false });
    }

    static token(token: string, source: string, names: SettingNames = providerSettingNames()): Credentials {
        return new Credentials("token", source, names, token);
    }

    static key(email: string, key: string, source: string, names: SettingNames = providerSettingNames()): Credentials {
        return new Credentials("key", source, names, key, email);
    }

    /** The request headers; the only place a secret leaves this object. */
    authHeaders(): Record<string, string> {
        return this.kind === "token"
            ? { Authorization: `Bearer ${this.secret}` }
            : { "X-Auth-Email": this.email, "X-Auth-Key": this.secret };
    }

    /**
     * Scrubs this credential's token, key and email from text (Cloudflare messages, HTML titles,
     * body previews) before it enters an error. The secrets themselves never leave.
     */
    redactor(): Redactor {
        const secrets = [this.secret, this.email].filter((value, index) =>
            index === 0 ? value.length >= MIN_SECRET_LENGTH : value.length > 0,
        );
        return redactorFor(secrets);
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

function fromConfig(config: ConfigSource | undefined, names: SettingNames): Credentials | undefined {
    const keys = names.config;
    if (!config || !keys) return undefined;
    const token = value(config.get(keys.apiToken));
    if (token) return Credentials.token(token, `stack config ${keys.apiToken}`, names);
    const key = value(config.get(keys.apiKey));
    const email = value(config.get(keys.email));
    if (key && email) return Credentials.key(email, key, `stack config ${keys.apiKey} and ${keys.email}`, names);
    if (key || email) {
        throw new CredentialsError(
            `Stack config sets ${key ? keys.apiKey : keys.email} but not ${key ? keys.email : keys.apiKey}; a Global API key needs both. ` +
                howToSetAny(names),
        );
    }
    return undefined;
}

function fromEnvironment(env: Environment, names: SettingNames): Credentials | undefined {
    const keys = names.env;
    if (!keys) return undefined;
    const token = value(env[keys.apiToken]);
    if (token) return Credentials.token(token, `environment variable ${keys.apiToken}`, names);
    const key = value(env[keys.apiKey]);
    const email = value(env[keys.email]);
    if (key && email) return Credentials.key(email, key, `environment variables ${keys.apiKey} and ${keys.email}`, names);
    if (key || email) {
        throw new CredentialsError(
            `${key ? keys.apiKey : keys.email} is set but ${key ? keys.email : keys.apiKey} is not; a Global API key needs both. ` +
                howToSetAny(names),
        );
    }
    return undefined;
}

/**
 * Explicit config wins over the environment; no credentials at all is an error that says how
 * to set them, in the reader's terms (`names`: the provider's by default).
 */
export function resolveCredentials(config?: ConfigSource, env: Environment = process.env, names?: SettingNames): Credentials {
    const where = names ?? providerSettingNames();
    const credentials = fromConfig(config, where) ?? fromEnvironment(env, where);
    if (!credentials) throw new CredentialsError(`No Cloudflare credentials found. ${howToSetAny(where)}`);
    return credentials;
}

/**
 * The base URL from config, else the environment, else Cloudflare's, checked by
 * `checkBaseUrl` (https except on loopback; no user info, query or fragment). A bad value is a
 * ConfigurationError naming the setting it came from.
 */
export function resolveBaseUrl(config?: ConfigSource, env: Environment = process.env, names?: SettingNames): string {
    const where = names ?? providerSettingNames();
    const fromConfig = where.config && config ? value(config.get(where.config.baseUrl)) : undefined;
    if (fromConfig !== undefined && where.config) return checkBaseUrl(fromConfig, where.config.baseUrl);
    const fromEnv = where.env ? value(env[where.env.baseUrl]) : undefined;
    if (fromEnv !== undefined && where.env) return checkBaseUrl(fromEnv, where.env.baseUrl);
    return DEFAULT_BASE_URL;
}
