/**
 * What the functions that read Cloudflare in the program process share
 * (getAuthenticatedOriginPullStatus, getAuthenticatedOriginPullInventory): stack config as a
 * ConfigSource, the client for a config namespace, the refusal of a `provider` option, and the
 * wait for `dependsOn`.
 *
 * These are not engine invokes: no provider plugin runs them, so the options that pick or
 * configure a plugin mean nothing here. `dependsOn` (Output forms) delays the read until those
 * resources exist, as the engine does for an invoke; `parent`, `version`, `pluginDownloadURL` and
 * `async` are accepted and change nothing; `provider` is refused.
 */
import * as pulumi from "@pulumi/pulumi";

import { sharedClient, type CloudflareClient } from "./client";
import { providerSettingNames, resolveBaseUrl, resolveCredentials, type ConfigSource } from "./credentials";
import { resolveTuning } from "./settings";
import type { CheckFailure } from "./validation";

/** Stack config through pulumi.Config, one namespace object per prefix. */
export function stackConfig(): ConfigSource {
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
 * The process's shared client for a config namespace's credential and base URL (the environment
 * stands in only for the default namespace). Settings are resolved before credentials, so a bad
 * base URL is reported as what it is even where no credential is set.
 */
export function programClient(configNamespace: string): CloudflareClient {
    const names = providerSettingNames(configNamespace);
    const config = stackConfig();
    const baseUrl = resolveBaseUrl(config, process.env, names);
    const tuning = resolveTuning(config);
    return sharedClient(resolveCredentials(config, process.env, names), baseUrl, tuning);
}

/**
 * @pulumi/cloudflare's functions pick an account by their `provider` option. Here no plugin runs
 * the read, so a provider could only be ignored, and the read would then use the default account
 * without a word: refused instead, with the way that works.
 */
export function providerOptionFailures(opts: pulumi.InvokeOptions | undefined): CheckFailure[] {
    if (opts?.provider === undefined) return [];
    return [
        {
            property: "provider",
            reason:
                "the provider option cannot choose the account: this function reads Cloudflare from the program process, not through a provider plugin. " +
                'Set configNamespace instead (e.g. configNamespace: "cloudflare-second" reads cloudflare-second:apiToken and cloudflare-second:baseUrl)',
        },
    ];
}

/**
 * An Output that resolves once every resource in `dependsOn` exists: a custom resource's id
 * resolves when the engine has created it, and stays unknown in a preview that would create it,
 * which makes anything computed from it unknown too. A component stands for the custom
 * resources beneath it, as `dependsOn` means for the engine.
 */
export function dependenciesDone(dependsOn: pulumi.InvokeOutputOptions["dependsOn"]): pulumi.Output<unknown[]> {
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
