/**
 * getAuthenticatedOriginPullStatus / getAuthenticatedOriginPullStatusOutput: read a hostname's
 * status in the program process, with the same argument shape as @pulumi/cloudflare's
 * `getAuthenticatedOriginPulls({zoneId, hostname})`, so switching is a one-line change.
 *
 * Credentials: stack config (`pulumi.Config("cloudflare")`), then the environment, exactly as
 * the provider resolves them in its host.
 */
import * as pulumi from "@pulumi/pulumi";

import { sharedClient, outputsFor } from "./client";
import { resolveBaseUrl, resolveCredentials, type ConfigSource } from "./credentials";
import { InputValidationError } from "./errors";
import { resolveTuning } from "./settings";
import type { StatusOutputs } from "./types";
import { checkInputs, formatTargetId } from "./validation";

export interface GetAuthenticatedOriginPullStatusArgs {
    zoneId: string;
    hostname: string;
    /** With true, a hostname without an association gives `found: false` instead of failing. */
    allowMissing?: boolean;
    /** Default 30. */
    expiryWarningDays?: number;
}

export interface GetAuthenticatedOriginPullStatusOutputArgs {
    zoneId: pulumi.Input<string>;
    hostname: pulumi.Input<string>;
    allowMissing?: pulumi.Input<boolean>;
    expiryWarningDays?: pulumi.Input<number>;
}

/** The outputs of the resource, plus `id` (`<zoneId>/<hostname>`) as @pulumi/cloudflare's result has. */
export interface AuthenticatedOriginPullStatusResult extends StatusOutputs {
    /** `<zoneId>/<hostname>`, the import id @pulumi/cloudflare uses for the association. */
    id: string;
}

/** Stack config through pulumi.Config, one namespace object per prefix. */
export function stackConfig(): ConfigSource {
    const namespaces = new Map<string, pulumi.Config>();
    return {
        get(key: string): string | undefined {
            const [namespace, name] = key.split(":", 2);
            let config = namespaces.get(namespace);
            if (!config) {
                config = new pulumi.Config(namespace);
                namespaces.set(namespace, config);
            }
            return config.get(name);
        },
    };
}

export async function getAuthenticatedOriginPullStatus(
    args: GetAuthenticatedOriginPullStatusArgs,
): Promise<AuthenticatedOriginPullStatusResult> {
    const { inputs, failures } = checkInputs({ ...args });
    if (failures.length > 0) throw new InputValidationError(failures);
    const config = stackConfig();
    // Settings before credentials: a bad base URL is reported as what it is even where no credential is set.
    const baseUrl = resolveBaseUrl(config);
    const tuning = resolveTuning(config);
    const client = sharedClient(resolveCredentials(config), baseUrl, tuning);
    const outputs = outputsFor(inputs, await client.getHostnameStatus(inputs.zoneId, inputs.hostname));
    return { id: formatTargetId(inputs.zoneId, inputs.hostname), ...outputs };
}

export function getAuthenticatedOriginPullStatusOutput(
    args: GetAuthenticatedOriginPullStatusOutputArgs,
): pulumi.Output<AuthenticatedOriginPullStatusResult> {
    return pulumi.output(args).apply((resolved) => getAuthenticatedOriginPullStatus(resolved));
}
