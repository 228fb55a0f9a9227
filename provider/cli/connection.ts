/**
 * The client for a CLI run: base URL from --base-url, else <PREFIX>_BASE_URL, else Cloudflare;
 * credentials from the environment only (`<PREFIX>_API_TOKEN`, or `<PREFIX>_API_KEY` +
 * `<PREFIX>_EMAIL`; the prefix is `CLOUDFLARE` unless `--credentials-env` says otherwise). Every
 * message about them names those variables, never stack config.
 *
 * Settings are resolved before credentials so that a typo in --base-url or an AOP_STATUS_*
 * variable is reported as what it is (exit 2, nothing sent) even on a machine without credentials.
 */
import { checkBaseUrl } from "../base-url";
import { sharedClient, type CloudflareClient } from "../client";
import {
    cliSettingNames,
    DEFAULT_ENV_PREFIX,
    resolveBaseUrl,
    resolveCredentials,
    type Environment,
    type SettingNames,
} from "../credentials";
import { resolveTuning, type ClientTuning } from "../settings";

export interface ConnectionSettings {
    baseUrl: string;
    tuning: ClientTuning;
    /** The environment variables (and flag) this run reads, for messages. */
    names: SettingNames;
}

/** Throws ConfigurationError (exit 2) for a bad base URL or AOP_STATUS_* value, naming the flag or variable. */
export function resolveConnection(
    env: Environment,
    baseUrl: string | undefined,
    overrides: Partial<ClientTuning> = {},
    envPrefix: string = DEFAULT_ENV_PREFIX,
): ConnectionSettings {
    const names = cliSettingNames(envPrefix);
    const flag = baseUrl?.trim();
    const url =
        flag !== undefined && flag !== "" ? checkBaseUrl(flag, names.baseUrlFlag ?? "--base-url") : resolveBaseUrl(undefined, env, names);
    // Only the environment: the CLI has no stack config, and flags never carry tuning secrets anyway.
    return { baseUrl: url, tuning: resolveTuning(undefined, env, overrides), names };
}

/** Throws CredentialsError when the environment has no usable credential. */
export function connect(env: Environment, connection: ConnectionSettings): CloudflareClient {
    return sharedClient(resolveCredentials(undefined, env, connection.names), connection.baseUrl, connection.tuning);
}
