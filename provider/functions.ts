/**
 * getAuthenticatedOriginPullStatus / getAuthenticatedOriginPullStatusOutput: read a hostname's
 * status in the program process, with @pulumi/cloudflare's `getAuthenticatedOriginPulls`
 * signature: the same `{zoneId, hostname}` arguments, `opts?: pulumi.InvokeOptions` and
 * `opts?: pulumi.InvokeOutputOptions`, and a result with the same fields (plus ours).
 *
 * Credentials: stack config under `configNamespace` (default `cloudflare:`), then, for the default
 * namespace only, the environment, exactly as the provider resolves them in its host.
 *
 * These are not engine invokes: no provider plugin runs them, so the options that pick or
 * configure a plugin mean nothing here. `dependsOn` (Output form) delays the read until those
 * resources exist, as the engine does for an invoke; `parent`, `version`, `pluginDownloadURL` and
 * `async` are accepted and change nothing; `provider` is refused (see `refuseProvider`).
 */
import * as pulumi from "@pulumi/pulumi";

import { providerSettingNames, resolveBaseUrl, resolveCredentials, type ConfigSource } from "./credentials";
import { InputValidationError } from "./errors";
import { sharedClient } from "./client";
import { outputsFor } from "./mapping";
import type { AuthenticatedOriginPullStatusArgs } from "./resource";
import { resolveTuning } from "./settings";
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

/** Stack config through pulumi.Config, one namespace object per prefix. */
function stackConfig(): ConfigSource {
    const namespaces = new Map<string, pulumi.Config>();
    return {
        get(key: string): string | undefined {
            const separator = key.indexOf(":");
            const namespace = key.slice(0, separator);
            let config = namespaces.get(namespace);
            if (!config) {
                config = new pulumi.Config(namespace);
                namespaces.set(namespace, config);
            }
            return config.get(key.slice(separator + 1));
        },
    };
}

/**
 * @pulumi/cloudflare's functions pick an account by their `provider` option. Here no plugin runs
 * the read, so a provider could only be ignored, and the read would then use the default account
 * without a word: refused instead, with the way that works.
 */
function refuseProvider(opts: pulumi.InvokeOptions | undefined): void {
    if (opts?.provider === undefined) return;
    throw new InputValidationError([
        {
            property: "provider",
            reason:
                "the provider option cannot choose the account: this function reads Cloudflare from the program process, not through a provider plugin. " +
                'Set configNamespace instead (e.g. configNamespace: "cloudflare-second" reads cloudflare-second:apiToken and cloudflare-second:baseUrl)',
        },
    ]);
}

/**
 * Reads the hostname's status once, now. `opts` is accepted for @pulumi/cloudflare's signature:
 * `parent`, `version`, `pluginDownloadURL` and `async` change nothing; `provider` is refused.
 */
export async function getAuthenticatedOriginPullStatus(
    args: GetAuthenticatedOriginPullStatusArgs,
    opts?: pulumi.InvokeOptions,
): Promise<AuthenticatedOriginPullStatusResult> {
    refuseProvider(opts);
    const { inputs, failures } = checkInputs({ ...args });
    failures.push(...validateConfigNamespace(args.configNamespace));
    if (failures.length > 0) throw new InputValidationError(failures);
    const configNamespace = args.configNamespace ?? DEFAULT_CONFIG_NAMESPACE;
    const names = providerSettingNames(configNamespace);
    const config = stackConfig();
    // Settings before credentials: a bad base URL is reported as what it is even where no credential is set.
    const baseUrl = resolveBaseUrl(config, process.env, names);
    const tuning = resolveTuning(config);
    const client = sharedClient(resolveCredentials(config, process.env, names), baseUrl, tuning);
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

/**
 * An Output that resolves once every resource in `dependsOn` exists: a custom resource's id
 * resolves when the engine has created it, and stays unknown in a preview that would create it,
 * which makes anything computed from it unknown too. A component stands for the custom
 * resources beneath it, as `dependsOn` means for the engine.
 */
function dependenciesDone(dependsOn: pulumi.InvokeOutputOptions["dependsOn"]): pulumi.Output<unknown[]> {
    return pulumi.output(dependsOn).apply((resolved) => {
        const resources = (Array.isArray(resolved) ? resolved : [resolved]).filter((item): item is pulumi.Resource =>
            pulumi.Resource.isInstance(item),
        );
        return pulumi.all(customResourcesOf(resources).map((resource) => resource.id));
    });
}

/** The custom resources `resources` stand for: themselves, or a component's descendants (not a custom resource's children). */
function customResourcesOf(resources: readonly pulumi.Resource[], seen = new Set<pulumi.Resource>()): pulumi.CustomResource[] {
    const found: pulumi.CustomResource[] = [];
    for (const resource of resources) {
        if (seen.has(resource)) continue;
        seen.add(resource);
        if (pulumi.CustomResource.isInstance(resource)) {
            found.push(resource);
            continue;
        }
        // The SDK keeps a component's children in this field; it is how the engine's own
        // dependsOn expands a component (@pulumi/pulumi runtime/dependsOn.js).
        const children = (resource as unknown as { __childResources?: Set<pulumi.Resource> }).__childResources;
        if (children) found.push(...customResourcesOf([...children], seen));
    }
    return found;
}
