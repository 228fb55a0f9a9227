import { cloneMap, isObject, PropertyMap, PropertyValue, SECRET_SIG, SIG_KEY } from "./properties";
import { SecretCipher } from "./secrets";
import { RecordedResource, RecordedState } from "./types";

export const ROOT_STACK_TYPE = "pulumi:pulumi:Stack";

/**
 * One resource as the backend keeps it. Values are in engine form, so secrets
 * are still readable here; they are sealed only when state is handed out.
 */
export interface ResourceState {
    urn: string;
    type: string;
    custom: boolean;
    id?: string;
    external: boolean;
    parent?: string;
    provider?: string;
    dependencies: string[];
    inputs: PropertyMap;
    outputs: PropertyMap;
    protect: boolean;
    retainOnDelete: boolean;
    initErrors?: string[];
}

function holdsSealedSecret(value: PropertyValue | undefined): boolean {
    if (Array.isArray(value)) return value.some(holdsSealedSecret);
    if (!isObject(value)) return false;
    if (value[SIG_KEY] === SECRET_SIG) return true;
    return Object.values(value).some(holdsSealedSecret);
}

export function nameOfUrn(urn: string): string {
    return urn.slice(urn.lastIndexOf("::") + 2);
}

export function cloneResource(resource: ResourceState): ResourceState {
    return {
        ...resource,
        dependencies: [...resource.dependencies],
        inputs: cloneMap(resource.inputs),
        outputs: cloneMap(resource.outputs),
        initErrors: resource.initErrors ? [...resource.initErrors] : undefined,
    };
}

/**
 * An ordered checkpoint: resources in the order the deployment finished them,
 * which is dependency order, as in a real snapshot.
 */
export class Snapshot {
    private readonly byUrn = new Map<string, ResourceState>();

    constructor(resources: Iterable<ResourceState> = []) {
        for (const resource of resources) {
            this.byUrn.set(resource.urn, resource);
        }
    }

    get(urn: string): ResourceState | undefined {
        return this.byUrn.get(urn);
    }

    has(urn: string): boolean {
        return this.byUrn.has(urn);
    }

    /** Puts a resource at the end, or replaces it where it stands. */
    set(resource: ResourceState): void {
        this.byUrn.set(resource.urn, resource);
    }

    delete(urn: string): void {
        this.byUrn.delete(urn);
    }

    get resources(): ResourceState[] {
        return [...this.byUrn.values()];
    }

    get stack(): ResourceState | undefined {
        return this.resources.find((resource) => resource.type === ROOT_STACK_TYPE && resource.parent === undefined);
    }

    clone(): Snapshot {
        return new Snapshot(this.resources.map(cloneResource));
    }

    /**
     * A checkpoint saved from `stack.state` (by this harness or by an older version of it), as
     * `pulumi stack import` takes an exported one. Its URNs must name `project` and `stack`.
     * Secrets sealed by another harness cannot be opened (the key lived in that harness), so a
     * checkpoint holding one is refused: save checkpoints from stacks whose secrets come from the
     * environment. `protect` and `retainOnDelete` are not recorded, so they start false.
     */
    static fromRecorded(state: RecordedState, project: string, stack: string): Snapshot {
        const prefix = `urn:pulumi:${stack}::${project}::`;
        return new Snapshot(
            state.resources.map((resource): ResourceState => {
                if (!resource.urn.startsWith(prefix)) {
                    throw new Error(`the checkpoint's resource ${resource.urn} does not belong to stack ${stack} of project ${project}`);
                }
                for (const [where, props] of [
                    ["inputs", resource.inputs],
                    ["outputs", resource.outputs],
                ] as const) {
                    if (holdsSealedSecret(props as PropertyMap)) {
                        throw new Error(
                            `the checkpoint's ${resource.urn} holds a sealed secret in its ${where}, which only the harness that sealed it can open`,
                        );
                    }
                }
                return {
                    urn: resource.urn,
                    type: resource.type,
                    custom: resource.custom,
                    ...(resource.id !== undefined ? { id: resource.id } : {}),
                    external: resource.external === true,
                    ...(resource.parent !== undefined ? { parent: resource.parent } : {}),
                    ...(resource.provider !== undefined ? { provider: resource.provider } : {}),
                    dependencies: [...(resource.dependencies ?? [])],
                    inputs: cloneMap(resource.inputs as PropertyMap),
                    outputs: cloneMap(resource.outputs as PropertyMap),
                    protect: false,
                    retainOnDelete: false,
                    ...(resource.initErrors !== undefined ? { initErrors: [...resource.initErrors] } : {}),
                };
            }),
        );
    }

    /** The checkpoint as tests see it: a deep copy with every secret sealed. */
    record(cipher: SecretCipher): RecordedState {
        const resources: RecordedResource[] = this.resources.map((resource) => {
            const recorded: RecordedResource = {
                urn: resource.urn,
                type: resource.type,
                name: nameOfUrn(resource.urn),
                ...(resource.id !== undefined ? { id: resource.id } : {}),
                custom: resource.custom,
                ...(resource.external ? { external: true } : {}),
                ...(resource.parent !== undefined ? { parent: resource.parent } : {}),
                ...(resource.provider !== undefined ? { provider: resource.provider } : {}),
                ...(resource.dependencies.length > 0 ? { dependencies: [...resource.dependencies] } : {}),
                inputs: cipher.sealMap(resource.inputs),
                outputs: cipher.sealMap(resource.outputs),
                ...(resource.initErrors !== undefined ? { initErrors: [...resource.initErrors] } : {}),
            };
            return recorded;
        });
        const stack = this.stack;
        return { resources, outputs: stack ? cipher.sealMap(stack.outputs) : {} };
    }
}
