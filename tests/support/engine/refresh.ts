import { ConcurrencyPool } from "./concurrency";
import { defaultProviderUrn, isDynamicType } from "./deployment";
import { DYNAMIC_PROVIDER_PACKAGE, HostSession } from "./host-session";
import { OperationLog } from "./operation-log";
import { PulumiProject, StackConfig } from "./project";
import { annotateSecrets, toHostProperties } from "./properties";
import { ResourceState, Snapshot } from "./state-store";

export interface RefreshOptions {
    project: PulumiProject;
    stack: string;
    config: StackConfig;
    old: Snapshot;
    host: HostSession;
    log: OperationLog;
    parallel: number;
}

/**
 * `pulumi refresh --yes`: without running the program, Read every custom
 * dynamic resource in state (external ones included) and store what the
 * provider reports. The host gets the provider inputs recorded in state
 * (the config of the last `up`), as the engine loads providers from the
 * checkpoint, and each provider runs the `__provider` code stored in the
 * resource's outputs. A Read that returns no id means the resource is gone.
 */
export async function refresh(options: RefreshOptions): Promise<Snapshot> {
    const { project, stack, config, old, host, log } = options;
    const result = old.clone();
    const providerUrn = defaultProviderUrn(project.name, stack);
    const provider = old.get(providerUrn);
    const pool = new ConcurrencyPool(options.parallel);
    const refreshable = result.resources.filter((resource) => resource.custom && isDynamicType(resource.type) && resource.id !== undefined);
    await Promise.allSettled(
        refreshable.map((resource) =>
            pool.run(async () => {
                if (log.failed) {
                    return;
                }
                try {
                    await refreshOne(resource);
                } catch (err) {
                    log.error(resource.urn, err instanceof Error ? err.message : String(err));
                }
            }),
        ),
    );
    return result;

    async function refreshOne(resource: ResourceState): Promise<void> {
        const client = await host.configure({
            urn: providerUrn,
            id: provider?.id ?? "",
            type: `pulumi:providers:${DYNAMIC_PROVIDER_PACKAGE}`,
            inputs: provider?.inputs ?? config.providerInputs(),
        });
        const read = await client.read(
            { urn: resource.urn, type: resource.type },
            resource.id ?? "",
            toHostProperties(resource.outputs, { keepUnknowns: false }),
            toHostProperties(resource.inputs, { keepUnknowns: false }),
        );
        if (read.id === "") {
            result.delete(resource.urn);
            log.step(resource.urn, resource.type, "delete");
            return;
        }
        resource.id = read.id;
        resource.outputs = annotateSecrets(read.properties, resource.outputs);
        if (read.inputs !== undefined) {
            resource.inputs = annotateSecrets(read.inputs, resource.inputs);
        }
        log.step(resource.urn, resource.type, "refresh");
    }
}
