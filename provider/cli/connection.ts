/**
 * The client for a CLI run: base URL from --base-url, else CLOUDFLARE_BASE_URL, else Cloudflare;
 * credentials from the environment only.
 *
 * Settings are resolved before credentials so that a typo in --base-url or an AOP_STATUS_*
 * variable is reported as what it is (exit 2) even on a machine without credentials.
 */
import { sharedClient, type CloudflareClient } from "../client";
import { resolveBaseUrl, resolveCredentials, type ConfigSource, type Environment } from "../credentials";
import { ConfigurationError, isCloudflareError } from "../errors";
import { resolveTuning, type ClientTuning } from "../settings";

export interface ConnectionSettings {
    baseUrl: string;
    tuning: ClientTuning;
}

/** A config source that answers only the base URL: credentials must never come from a flag. */
function baseUrlFlag(url: string | undefined): ConfigSource | undefined {
    return url === undefined ? undefined : { get: (key) => (key === "cloudflare:baseUrl" ? url : undefined) };
}

/** Throws ConfigurationError for a bad base URL or AOP_STATUS_* value. */
export function resolveConnection(
    env: Environment,
    baseUrl: string | undefined,
    overrides: Partial<ClientTuning> = {},
): ConnectionSettings {
    let url: string;
    try {
        url = resolveBaseUrl(baseUrlFlag(baseUrl), env);
    } catch (error) {
        if (baseUrl !== undefined && isCloudflareError(error))
            throw new ConfigurationError(`invalid --base-url ${JSON.stringify(baseUrl)}: ${error.message}`);
        throw error;
    }
    // Only the environment: the CLI has no stack config, and flags never carry tuning secrets anyway.
    return { baseUrl: url, tuning: resolveTuning(undefined, env, overrides) };
}

/** Throws CredentialsError when the environment has no usable credential. */
export function connect(env: Environment, connection: ConnectionSettings): CloudflareClient {
    return sharedClient(resolveCredentials(undefined, env), connection.baseUrl, connection.tuning);
}
