/**
 * getAuthenticatedOriginPullStatus / getAuthenticatedOriginPullStatusOutput: read a hostname's
 * status in the program process, with @pulumi/cloudflare's `getAuthenticatedOriginPulls`
 * signature: the same `{zoneId, hostname}` arguments, `opts?: pulumi.InvokeOptions` and
 * `opts?: pulumi.InvokeOutputOptions`, and a result with the same fields (plus ours).
 *
 * Credentials: stack config under `configNamespace` (default `cloudflare:`), then, for the default
 * namespace only, the environment, exactly as the provider resolves them in its host.
 *
 * What the options do is in program-reads.ts: `dependsOn` (Output form) delays the read until
 * those resources exist; `parent`, `version`, `pluginDownloadURL` and `async` change nothing;
 * `provider` is refused.
 */
import * as pulumi from "@pulumi/pulumi";

import { InputValidationError } from "./errors";
import { outputsFor } from "./mapping";
import { dependenciesDone, programClient, providerOptionFailures } from "./program-reads";
import type { AuthenticatedOriginPullStatusArgs } from "./resource";
import type { StatusOutputs } from "./types";
import { checkInputs, DEFAULT_CONFIG_NAMESPACE, formatTargetId, validateConfigNamespace } from "./validation";

export interface GetAuthenticatedOriginPullStatusArgs {
    /** The zone's 32-character hexadecimal id. */
    zoneId: string;
    /** The hostname, e.g. `app.example.com` (lower-cased; IDNs become punycode). */
    hostname: string;
    /** With true, a hostname without an association gives `found: false` instead of failing. Default false. */
    allowMissing?: boolean;
    /** A certificate expiring in fewer days than this is a problem. Default 30. */
    expiryWarningDays?: number;
    /**
     * The stack config namespace that holds the credential: `<configNamespace>:apiToken` (or
     * `:apiKey` + `:email`) and `:baseUrl`. Default `cloudflare`, which also falls back to
     * `CLOUDFLARE_*` variables; any other namespace reads its own keys only. This is how one stack
     * reads more than one Cloudflare account.
     */
    configNamespace?: string;
}

/** The Output form's arguments: the resource's, each a `pulumi.Input`. */
export type GetAuthenticatedOriginPullStatusOutputArgs = AuthenticatedOriginPullStatusArgs;

/**
 * The resource's outputs, plus `id` as @pulumi/cloudflare's result has. Every field of
 * @pulumi/cloudflare's `GetAuthenticatedOriginPullsResult` is here under the same name, nullable
 * where Cloudflare may leave it out (`enabled` is null where Cloudflare voided the association).
 */
export interface AuthenticatedOriginPullStatusResult extends StatusOutputs {
    /** `<zoneId>/<hostname>`, the import id @pulumi/cloudflare uses for the association. */
    id: string;
    /** The config namespace whose credential read it. */
    configNamespace: string;
}

/**
 * Reads the hostname's status once, now. `opts` is accepted for @pulumi/cloudflare's signature:
 * `parent`, `version`, `pluginDownloadURL` and `async` change nothing; `provider` is refused.
 */
export async function getAuthenticatedOriginPullStatus(
    args: GetAuthenticatedOriginPullStatusArgs,
    opts?: pulumi.InvokeOptions,
): Promise<AuthenticatedOriginPullStatusResult> {
    const { inputs, failures } = checkInputs({ ...args });
    failures.unshift(...providerOptionFailures(opts));
    failures.push(...validateConfigNamespace(args.configNamespace));
    if (failures.length > 0) throw new InputValidationError(failures);
    const configNamespace = args.configNamespace ?? DEFAULT_CONFIG_NAMESPACE;
    const client = programClient(configNamespace);
    const outputs = outputsFor(inputs, await client.getHostnameStatus(inputs.zoneId, inputs.hostname));
    return { id: formatTargetId(inputs.zoneId, inputs.hostname), ...outputs, configNamespace };
}

/**
 * The same read as an Output, for arguments that are Outputs. With `dependsOn`, the read starts
 * only once every resource it names has been created (or updated) in this deployment, so it sees
 * what they did; during a preview in which one of them is still to be created, the result is
 * unknown and nothing is read, as for an engine invoke. Components stand for their children.
 */
export function getAuthenticatedOriginPullStatusOutput(
    args: GetAuthenticatedOriginPullStatusOutputArgs,
    opts?: pulumi.InvokeOutputOptions,
): pulumi.Output<AuthenticatedOriginPullStatusResult> {
    const { dependsOn, ...invokeOptions } = opts ?? {};
    return pulumi
        .all([pulumi.output(args), dependenciesDone(dependsOn)])
        .apply(([resolved]) => getAuthenticatedOriginPullStatus(resolved, invokeOptions));
}
