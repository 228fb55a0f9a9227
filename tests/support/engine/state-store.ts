import { cloneMap, PropertyMap } from "./properties";
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
