import * as crypto from "crypto";
import { ConcurrencyPool, SerialQueue } from "./concurrency";
import { DYNAMIC_PROVIDER_PACKAGE, HostSession } from "./host-session";
import { DeploymentCancelledError, OperationLog, StepFailedError } from "./operation-log";
import { PulumiProject, StackConfig } from "./project";
import {
    annotateSecrets,
    applyAdditionalSecretOutputs,
    changedKeys,
    cloneMap,
    deepEqual,
    PropertyMap,
    toHostProperties,
    UNKNOWN,
} from "./properties";
import { HostCallError, ProviderClient, ResourceRef } from "./provider-client";
import { cloneResource, ResourceState, ROOT_STACK_TYPE, Snapshot } from "./state-store";
import { StepOp } from "./types";

const DYNAMIC_TYPE_PREFIX = "pulumi-nodejs:dynamic";
const PROVIDER_TYPE_PREFIX = "pulumi:providers:";
const DEFAULT_PROVIDER_TYPE = `${PROVIDER_TYPE_PREFIX}${DYNAMIC_PROVIDER_PACKAGE}`;

/** A RegisterResource request from the program, as the engine reads it. */
export interface RegisterRequest {
    type: string;
    name: string;
    parent?: string;
    custom: boolean;
    inputs: PropertyMap;
    /** Explicit provider reference, "" for the default provider. */
    provider: string;
    dependencies: string[];
    importId: string;
    deleteBeforeReplace?: boolean;
    ignoreChanges: string[];
    replaceOnChanges: string[];
    additionalSecretOutputs: string[];
    protect: boolean;
    retainOnDelete: boolean;
}

/** A ReadResource request from the program (`opts.id`, i.e. `Resource.get`). */
export interface ReadRequest {
    type: string;
    name: string;
    parent?: string;
    id: string;
    properties: PropertyMap;
    provider: string;
    dependencies: string[];
    additionalSecretOutputs: string[];
}

/** What goes back to the program: the URN, the id ("" when unknown) and the outputs. */
export interface ResourceResponse {
    urn: string;
    id: string;
    outputs: PropertyMap;
}

export interface DeploymentOptions {
    project: PulumiProject;
    stack: string;
    config: StackConfig;
    preview: boolean;
    old: Snapshot;
    host: HostSession;
    log: OperationLog;
    parallel: number;
    parallelDiff: boolean;
}

/** A step the generator decided on; `apply` performs it (Create/Update/… on the host). */
interface PlannedStep {
    op: StepOp;
    diffKeys?: string[];
    apply: () => Promise<ResourceState>;
}

interface DefaultProvider {
    ref: string;
    client: ProviderClient;
}

export function isDynamicType(type: string): boolean {
    return type === DYNAMIC_TYPE_PREFIX || type.startsWith(`${DYNAMIC_TYPE_PREFIX}:`) || type.startsWith(`${DYNAMIC_TYPE_PREFIX}/`);
}

export function isProviderType(type: string): boolean {
    return type.startsWith(PROVIDER_TYPE_PREFIX);
}

export function defaultProviderUrn(project: string, stack: string): string {
    return `urn:pulumi:${stack}::${project}::${DEFAULT_PROVIDER_TYPE}::default`;
}

/**
 * One `pulumi up` or `pulumi preview`: the engine's step generator and step
 * executor for the registrations a program sends.
 *
 * Registrations are planned one at a time in arrival order (Check, then Diff
 * when there is prior state), as the engine's step generator does; the
 * resulting Create/Update/Read/Delete calls run in a pool bounded by
 * `parallel`, as the step executor does. The first error cancels everything
 * not yet started; finished work is kept.
 */
export class Deployment {
    /** Resources finished by this deployment, in the order they finished. */
    private readonly next = new Snapshot();
    private readonly seen = new Set<string>();
    /** Old resources replaced create-before-delete; deleted once everything else is done. */
    private readonly replaced: ResourceState[] = [];
    /** Old resources this deployment deleted; they do not carry over into the new checkpoint. */
    private readonly deleted = new Set<string>();
    private readonly generator = new SerialQueue();
    private readonly executor: ConcurrencyPool;
    private defaultProvider?: Promise<DefaultProvider>;
    private stackOutputs?: PropertyMap;

    constructor(private readonly options: DeploymentOptions) {
        this.executor = new ConcurrencyPool(options.parallel);
    }

    private get log(): OperationLog {
        return this.options.log;
    }

    private get preview(): boolean {
        return this.options.preview;
    }

    /** The stack outputs the program registered in this operation, if it got that far. */
    get registeredStackOutputs(): PropertyMap | undefined {
        return this.stackOutputs;
    }

    /** The engine's URN scheme: the parent's qualified type is prefixed, except for the root stack. */
    urnFor(type: string, name: string, parent: string | undefined): string {
        let qualifiedType = type;
        if (parent) {
            const parentQualifiedType = parent.split("::")[2] ?? "";
            if (parentQualifiedType !== ROOT_STACK_TYPE) {
                qualifiedType = `${parentQualifiedType}$${type}`;
            }
        }
        return `urn:pulumi:${this.options.stack}::${this.options.project.name}::${qualifiedType}::${name}`;
    }

    async registerResource(request: RegisterRequest): Promise<ResourceResponse> {
        const urn = this.claimUrn(request.type, request.name, request.parent);
        if (!request.custom) {
            return this.generator.run(() => Promise.resolve(this.registerComponent(urn, request)));
        }
        if (isProviderType(request.type)) {
            return this.generator.run(() => Promise.resolve(this.registerProviderResource(urn, request)));
        }
        if (!isDynamicType(request.type)) {
            throw this.log.error(urn, unsupportedTypeMessage(request.type));
        }
        if (request.importId !== "") {
            throw this.log.error(urn, "importing resources (the `import` option) is not supported by the engine harness");
        }
        const plan = this.options.parallelDiff
            ? () => this.executor.run(() => this.planDynamic(urn, request))
            : () => this.generator.run(() => this.planDynamic(urn, request));
        const step = await plan();
        const state = step.op === "same" ? await step.apply() : await this.execute(step.apply);
        this.next.set(state);
        this.log.step(urn, request.type, step.op, step.diffKeys);
        return { urn, id: state.id ?? "", outputs: state.outputs };
    }

    async readResource(request: ReadRequest): Promise<ResourceResponse> {
        const urn = this.claimUrn(request.type, request.name, request.parent);
        if (!isDynamicType(request.type)) {
            throw this.log.error(urn, unsupportedTypeMessage(request.type));
        }
        const provider = await this.generator.run(() => this.ensureDefaultProvider());
        const resource: ResourceRef = { urn, type: request.type };
        const state = await this.execute(async () => {
            let outputs: PropertyMap = {};
            let id = request.id;
            // Read steps run in preview too; only an id that is not known yet skips the call.
            if (id !== "" && id !== UNKNOWN) {
                const result = await this.hostCall(urn, () =>
                    provider.client.read(resource, id, toHostProperties(request.properties, { keepUnknowns: false })),
                );
                id = result.id || id;
                outputs = annotateSecrets(result.properties, request.properties);
            }
            applyAdditionalSecretOutputs(outputs, request.additionalSecretOutputs);
            const read: ResourceState = {
                urn,
                type: request.type,
                custom: true,
                id,
                external: true,
                parent: request.parent,
                provider: provider.ref,
                dependencies: request.dependencies,
                inputs: cloneMap(request.properties),
                outputs,
                protect: false,
                retainOnDelete: false,
            };
            return read;
        });
        this.next.set(state);
        this.log.step(urn, request.type, "read");
        return { urn, id: state.id ?? "", outputs: state.outputs };
    }

    /** `registerOutputs` of a component; for the root stack these are the stack's exports. */
    registerResourceOutputs(urn: string, outputs: PropertyMap): void {
        if (this.log.failed) {
            // The engine has cancelled by now; the checkpoint keeps what it had.
            return;
        }
        const resource = this.next.get(urn);
        if (!resource) {
            return;
        }
        resource.outputs = cloneMap(outputs);
        if (resource.type === ROOT_STACK_TYPE && resource.parent === undefined) {
            this.stackOutputs = resource.outputs;
        }
    }

    /** Records an error that stopped the program itself. */
    programFailed(message: string): void {
        if (this.log.failed) {
            // The program failed because the engine failed its registrations; that error is already reported.
            return;
        }
        const stack = this.next.stack;
        this.log.error(
            stack?.urn ?? this.urnFor(ROOT_STACK_TYPE, `${this.options.project.name}-${this.options.stack}`, undefined),
            message,
        );
    }

    /**
     * Ends the deployment. After a successful program run, resources it no
     * longer declares are deleted (dependents first), then replaced resources.
     * Returns the checkpoint to keep: unchanged for preview.
     */
    async finish(programCompleted: boolean): Promise<Snapshot> {
        if (programCompleted && !this.log.failed) {
            await this.deleteLeftovers();
        }
        if (this.preview) {
            return this.options.old.clone();
        }
        const result = new Snapshot(this.next.resources.map(cloneResource));
        for (const old of this.options.old.resources) {
            // Whatever the deployment did not reach (or failed to change) stays as it was.
            if (!result.has(old.urn) && !this.deleted.has(old.urn)) {
                result.set(cloneResource(old));
            }
        }
        return result;
    }

    private claimUrn(type: string, name: string, parent: string | undefined): string {
        const urn = this.urnFor(type, name, parent);
        if (this.log.failed) {
            throw new DeploymentCancelledError();
        }
        if (this.seen.has(urn)) {
            throw this.log.error(urn, `Duplicate resource URN '${urn}'; try giving it a unique name`);
        }
        this.seen.add(urn);
        return urn;
    }

    /** Runs a step in the executor pool, unless the deployment was cancelled before it started. */
    private execute<T>(work: () => Promise<T>): Promise<T> {
        return this.executor.run(async () => {
            if (this.log.failed) {
                throw new DeploymentCancelledError();
            }
            return work();
        });
    }

    private registerComponent(urn: string, request: RegisterRequest): ResourceResponse {
        const old = this.options.old.get(urn);
        const state: ResourceState = {
            urn,
            type: request.type,
            custom: false,
            external: false,
            parent: request.parent,
            dependencies: request.dependencies,
            inputs: cloneMap(request.inputs),
            // Until registerOutputs arrives, a component keeps its previous outputs (a "same" step copies them).
            outputs: old ? cloneMap(old.outputs) : {},
            protect: request.protect,
            retainOnDelete: request.retainOnDelete,
        };
        this.next.set(state);
        this.log.step(urn, request.type, !old ? "create" : deepEqual(old.inputs, state.inputs) ? "same" : "update");
        return { urn, id: "", outputs: {} };
    }

    /** Explicit provider resources need no plugin call here: their outputs are their inputs. */
    private registerProviderResource(urn: string, request: RegisterRequest): ResourceResponse {
        const old = this.options.old.get(urn);
        const state: ResourceState = {
            urn,
            type: request.type,
            custom: true,
            id: old?.id ?? crypto.randomUUID(),
            external: false,
            parent: request.parent,
            dependencies: request.dependencies,
            inputs: cloneMap(request.inputs),
            outputs: cloneMap(request.inputs),
            protect: request.protect,
            retainOnDelete: request.retainOnDelete,
        };
        this.next.set(state);
        this.log.step(urn, request.type, !old ? "create" : deepEqual(old.inputs, state.inputs) ? "same" : "update");
        return { urn, id: state.id ?? "", outputs: state.outputs };
    }

    /**
     * The default `pulumi-nodejs` provider, registered the first time a
     * dynamic resource needs it. Its inputs are the whole stack config; the
     * host is started and configured with them.
     */
    private ensureDefaultProvider(): Promise<DefaultProvider> {
        this.defaultProvider ??= (async () => {
            const { project, stack, config, old, host } = this.options;
            const urn = defaultProviderUrn(project.name, stack);
            const previous = old.get(urn);
            const inputs = config.providerInputs();
            const state: ResourceState = {
                urn,
                type: DEFAULT_PROVIDER_TYPE,
                custom: true,
                id: previous?.id ?? crypto.randomUUID(),
                external: false,
                dependencies: [],
                inputs,
                outputs: cloneMap(inputs),
                protect: false,
                retainOnDelete: false,
            };
            this.seen.add(urn);
            const client = await this.hostCall(urn, () => host.configure({ urn, id: state.id ?? "", type: DEFAULT_PROVIDER_TYPE, inputs }));
            this.next.set(state);
            this.log.step(urn, DEFAULT_PROVIDER_TYPE, !previous ? "create" : deepEqual(previous.inputs, inputs) ? "same" : "update");
            return { ref: `${urn}::${state.id}`, client };
        })();
        return this.defaultProvider;
    }

    /** The step generator for one dynamic resource: Check, then Diff against prior state. */
    private async planDynamic(urn: string, request: RegisterRequest): Promise<PlannedStep> {
        if (this.log.failed) {
            throw new DeploymentCancelledError();
        }
        const provider = await this.ensureDefaultProvider();
        const resource: ResourceRef = { urn, type: request.type };
        const old = this.options.old.get(urn);
        // An old external (read) resource is not ours: the engine creates a new one in its place.
        const hasOld = old !== undefined && old.custom && !old.external && old.id !== undefined;
        const goal = hasOld ? applyIgnoreChanges(request.inputs, old.inputs, request.ignoreChanges) : cloneMap(request.inputs);
        const inputs = await this.check(provider.client, resource, hasOld ? old.inputs : {}, goal);
        const planned: ResourceState = {
            urn,
            type: request.type,
            custom: true,
            external: false,
            parent: request.parent,
            provider: provider.ref,
            dependencies: request.dependencies,
            inputs,
            outputs: {},
            protect: request.protect,
            retainOnDelete: request.retainOnDelete,
        };
        if (!hasOld) {
            return { op: "create", apply: () => this.create(provider.client, planned, request) };
        }
        const diff = await this.diff(provider.client, resource, old, inputs, request);
        // A resource that failed to initialize gets an Update even without changes, to finish initializing.
        if (!diff.changed && !(old.initErrors && old.initErrors.length > 0)) {
            return {
                op: "same",
                apply: () => Promise.resolve({ ...planned, id: old.id, outputs: cloneMap(old.outputs) }),
            };
        }
        if (diff.replaces.length > 0) {
            if (request.protect && old.protect) {
                throw this.log.error(
                    urn,
                    `unable to replace resource "${urn}"\nas it is currently marked for protection. To unprotect the resource, remove the \`protect\` flag from the resource in your Pulumi program and run \`pulumi up\``,
                );
            }
            // A replacement starts from scratch, so the engine checks the goal again without old inputs.
            planned.inputs = await this.check(provider.client, resource, {}, cloneMap(request.inputs));
            const deleteBeforeReplace = request.deleteBeforeReplace ?? diff.deleteBeforeReplace;
            return {
                op: "replace",
                diffKeys: diff.replaces,
                apply: async () => {
                    if (!this.preview) {
                        if (deleteBeforeReplace) {
                            await this.deleteOnHost(provider.client, old);
                        } else {
                            this.replaced.push(old);
                        }
                    }
                    return this.create(provider.client, planned, request);
                },
            };
        }
        return { op: "update", diffKeys: diff.keys, apply: () => this.update(provider.client, old, planned, request) };
    }

    private async check(client: ProviderClient, resource: ResourceRef, olds: PropertyMap, goal: PropertyMap): Promise<PropertyMap> {
        const keepUnknowns = this.preview;
        const result = await this.hostCall(resource.urn, () =>
            client.check(resource, toHostProperties(olds, { keepUnknowns }), toHostProperties(goal, { keepUnknowns })),
        );
        if (result.failures.length > 0) {
            throw this.log.checkFailed(resource.urn, resource.type, goal, result.failures);
        }
        return annotateSecrets(result.inputs, goal);
    }

    /**
     * Diff as the engine does it: old *outputs* go in `olds` (that is what the
     * dynamic host hands the provider's `diff`), old inputs in `old_inputs`.
     * DIFF_UNKNOWN (no `diff` in the provider) falls back to comparing inputs,
     * and `replaceOnChanges` turns changed keys into replacements.
     */
    private async diff(
        client: ProviderClient,
        resource: ResourceRef,
        old: ResourceState,
        inputs: PropertyMap,
        request: RegisterRequest,
    ): Promise<{ changed: boolean; replaces: string[]; keys: string[]; deleteBeforeReplace: boolean }> {
        const keepUnknowns = this.preview;
        const result = await this.hostCall(resource.urn, () =>
            client.diff(
                resource,
                old.id ?? "",
                toHostProperties(old.inputs, { keepUnknowns }),
                toHostProperties(old.outputs, { keepUnknowns }),
                toHostProperties(inputs, { keepUnknowns }),
                request.ignoreChanges,
            ),
        );
        let changed = result.changes === "some";
        let providerKeys = result.changedKeys;
        if (result.changes === "unknown") {
            providerKeys = changedKeys(old.inputs, applyIgnoreChanges(inputs, old.inputs, request.ignoreChanges));
            changed = providerKeys.length > 0;
        }
        const replaces = [...result.replaces];
        if (changed) {
            for (const key of providerKeys) {
                if (request.replaceOnChanges.some((pattern) => pathCovers(pattern, key)) && !replaces.includes(key)) {
                    replaces.push(key);
                }
            }
        }
        // For the step list, name what changed even when the provider did not say.
        const keys = providerKeys.length > 0 ? providerKeys : changedKeys(old.inputs, inputs);
        return { changed, replaces, keys, deleteBeforeReplace: result.deleteBeforeReplace };
    }

    /**
     * Create. In preview the engine never calls the host (it reports
     * `supportsPreview: false`), so the inputs stand in for the outputs and
     * anything else stays unknown.
     */
    private async create(client: ProviderClient, planned: ResourceState, request: RegisterRequest): Promise<ResourceState> {
        if (this.preview) {
            return {
                ...planned,
                id: undefined,
                outputs: applyAdditionalSecretOutputs(cloneMap(planned.inputs), request.additionalSecretOutputs),
            };
        }
        const resource: ResourceRef = { urn: planned.urn, type: planned.type };
        let created: { id: string; properties: PropertyMap };
        try {
            created = await client.create(resource, toHostProperties(planned.inputs, { keepUnknowns: false }));
        } catch (err) {
            if (err instanceof HostCallError && err.initFailure && err.initFailure.id !== "") {
                // The resource exists but failed to initialize: the engine keeps it, with its init errors.
                const { id, properties, reasons } = err.initFailure;
                this.next.set({
                    ...planned,
                    id,
                    outputs: applyAdditionalSecretOutputs(annotateSecrets(properties, planned.inputs), request.additionalSecretOutputs),
                    initErrors: reasons,
                });
            }
            throw this.hostError(planned.urn, err);
        }
        if (created.id === "") {
            throw this.log.error(
                planned.urn,
                `plugin for package '${DYNAMIC_PROVIDER_PACKAGE}' returned empty resource.ID from create '${planned.urn}'`,
            );
        }
        const outputs = applyAdditionalSecretOutputs(annotateSecrets(created.properties, planned.inputs), request.additionalSecretOutputs);
        return { ...planned, id: created.id, outputs };
    }

    private async update(
        client: ProviderClient,
        old: ResourceState,
        planned: ResourceState,
        request: RegisterRequest,
    ): Promise<ResourceState> {
        if (this.preview) {
            return {
                ...planned,
                id: old.id,
                outputs: applyAdditionalSecretOutputs(cloneMap(planned.inputs), request.additionalSecretOutputs),
            };
        }
        const resource: ResourceRef = { urn: planned.urn, type: planned.type };
        const properties = await this.hostCall(planned.urn, () =>
            client.update(
                resource,
                old.id ?? "",
                toHostProperties(old.inputs, { keepUnknowns: false }),
                toHostProperties(old.outputs, { keepUnknowns: false }),
                toHostProperties(planned.inputs, { keepUnknowns: false }),
                request.ignoreChanges,
            ),
        );
        const outputs = applyAdditionalSecretOutputs(annotateSecrets(properties, planned.inputs), request.additionalSecretOutputs);
        return { ...planned, id: old.id, outputs };
    }

    private async deleteOnHost(client: ProviderClient, old: ResourceState): Promise<void> {
        const resource: ResourceRef = { urn: old.urn, type: old.type };
        await this.hostCall(old.urn, () =>
            client.delete(
                resource,
                old.id ?? "",
                toHostProperties(old.inputs, { keepUnknowns: false }),
                toHostProperties(old.outputs, { keepUnknowns: false }),
            ),
        );
    }

    /**
     * Deletes what the program no longer declares, then the old halves of
     * create-before-delete replacements. A resource goes only after everything
     * that depends on it (dependencies, children, provider references) is gone.
     */
    private async deleteLeftovers(): Promise<void> {
        const condemned = this.options.old.resources.filter((resource) => !this.seen.has(resource.urn));
        if (this.preview) {
            for (const resource of [...condemned].reverse()) {
                this.log.step(resource.urn, resource.type, "delete");
            }
            return;
        }
        const done = new Map<string, Promise<void>>();
        const dependentsOf = (resource: ResourceState): ResourceState[] =>
            condemned.filter(
                (other) =>
                    other !== resource &&
                    (other.dependencies.includes(resource.urn) ||
                        other.parent === resource.urn ||
                        (other.provider !== undefined && other.provider.startsWith(`${resource.urn}::`))),
            );
        const remove = (resource: ResourceState): Promise<void> => {
            let pending = done.get(resource.urn);
            if (!pending) {
                pending = Promise.all(dependentsOf(resource).map(remove)).then(() => this.execute(() => this.deleteOne(resource)));
                done.set(resource.urn, pending);
            }
            return pending;
        };
        await Promise.allSettled(condemned.map(remove));
        if (this.log.failed) {
            return;
        }
        await Promise.allSettled(this.replaced.map((old) => this.execute(async () => this.deleteOnHost(await this.clientFor(old), old))));
    }

    private async deleteOne(resource: ResourceState): Promise<void> {
        if (resource.protect) {
            throw this.log.error(
                resource.urn,
                `unable to delete resource "${resource.urn}"\nas it is currently marked for protection. To unprotect the resource, remove the \`protect\` flag from the resource in your Pulumi program and run \`pulumi up\``,
            );
        }
        // External (read) resources are not Pulumi's to delete; retainOnDelete only drops them from state.
        if (resource.custom && isDynamicType(resource.type) && !resource.external && !resource.retainOnDelete && resource.id) {
            await this.deleteOnHost(await this.clientFor(resource), resource);
        }
        this.deleted.add(resource.urn);
        this.log.step(resource.urn, resource.type, "delete");
    }

    /**
     * The client to delete with. If this deployment never needed the provider,
     * the host is configured with the old provider's inputs, as the engine
     * loads the provider a deleted resource was created with.
     */
    private async clientFor(resource: ResourceState): Promise<ProviderClient> {
        if (this.defaultProvider) {
            return (await this.defaultProvider).client;
        }
        const { project, stack, config, old, host } = this.options;
        const urn = defaultProviderUrn(project.name, stack);
        const previous = old.get(urn);
        return this.hostCall(resource.urn, () =>
            host.configure({
                urn,
                id: previous?.id ?? crypto.randomUUID(),
                type: DEFAULT_PROVIDER_TYPE,
                inputs: previous?.inputs ?? config.providerInputs(),
            }),
        );
    }

    /** Runs a host interaction; a failure becomes the operation's error (once). */
    private async hostCall<T>(urn: string, call: () => Promise<T>): Promise<T> {
        try {
            return await call();
        } catch (err) {
            throw this.hostError(urn, err);
        }
    }

    private hostError(urn: string, err: unknown): Error {
        if (err instanceof StepFailedError || err instanceof DeploymentCancelledError) {
            return err;
        }
        const message = err instanceof Error ? err.message : String(err);
        return this.log.error(urn, message);
    }
}

function unsupportedTypeMessage(type: string): string {
    const pkg = type.split(":")[0];
    return (
        `resource type '${type}' needs the '${pkg}' provider plugin, which the engine harness does not have: ` +
        `only dynamic resources (${DYNAMIC_TYPE_PREFIX}:*), components and provider resources (${PROVIDER_TYPE_PREFIX}*) can run here`
    );
}

/**
 * `ignoreChanges`: the named top-level properties keep their old values (or
 * stay absent). Nested paths are not interpreted.
 */
function applyIgnoreChanges(inputs: PropertyMap, oldInputs: PropertyMap, ignoreChanges: readonly string[]): PropertyMap {
    const result = cloneMap(inputs);
    for (const key of ignoreChanges) {
        if (key in oldInputs) {
            result[key] = structuredClone(oldInputs[key]);
        } else {
            delete result[key];
        }
    }
    return result;
}

/** Whether a `replaceOnChanges` path covers a changed key ("*" covers everything). */
function pathCovers(pattern: string, key: string): boolean {
    return pattern === "*" || pattern === key || key.startsWith(`${pattern}.`) || key.startsWith(`${pattern}[`);
}
