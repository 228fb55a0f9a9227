import * as structproto from "google-protobuf/google/protobuf/struct_pb";
import * as resproto from "@pulumi/pulumi/proto/resource_pb";
import { MockCallArgs, MockMonitor, MockResourceArgs, MockResourceResult } from "@pulumi/pulumi/runtime/mocks";
import { Deployment, ResourceResponse } from "./deployment";
import { asPropertyMap, PropertyMap } from "./properties";

type Callback<T> = (error: Error | null, response: T | undefined) => void;

/**
 * Under `pulumi.runtime.setMocks` the SDK talks to a `MockMonitor` instead of
 * the engine's resource monitor. This one keeps the SDK's mock plumbing
 * (feature flags, packages, `getResource`) but hands every registration, read
 * and `registerOutputs` to the harness's deployment, so the program gets what
 * the engine would answer.
 */
export class EngineMonitor extends MockMonitor {
    constructor(private readonly deployment: Deployment) {
        super(unsupportedMocks);
    }

    override async registerResource(
        request: resproto.RegisterResourceRequest,
        callback: Callback<resproto.RegisterResourceResponse>,
    ): Promise<void> {
        let result: ResourceResponse;
        try {
            result = await this.deployment.registerResource({
                type: request.getType(),
                name: request.getName(),
                parent: request.getParent() || undefined,
                custom: request.getCustom(),
                inputs: propertiesOf(request.getObject()),
                provider: request.getProvider(),
                dependencies: request.getDependenciesList(),
                importId: request.getImportid(),
                deleteBeforeReplace: request.getDeletebeforereplacedefined() ? request.getDeletebeforereplace() : undefined,
                ignoreChanges: request.getIgnorechangesList(),
                replaceOnChanges: request.getReplaceonchangesList(),
                additionalSecretOutputs: request.getAdditionalsecretoutputsList(),
                protect: request.getProtect() ?? false,
                retainOnDelete: request.getRetainondelete() ?? false,
            });
        } catch (err) {
            callback(asError(err), undefined);
            return;
        }
        this.remember(result);
        const response = new resproto.RegisterResourceResponse();
        response.setUrn(result.urn);
        response.setId(result.id);
        response.setObject(structproto.Struct.fromJavaScript(result.outputs));
        response.setResult(resproto.Result.SUCCESS);
        callback(null, response);
    }

    override async readResource(request: resproto.ReadResourceRequest, callback: Callback<resproto.ReadResourceResponse>): Promise<void> {
        let result: ResourceResponse;
        try {
            result = await this.deployment.readResource({
                type: request.getType(),
                name: request.getName(),
                parent: request.getParent() || undefined,
                id: request.getId(),
                properties: propertiesOf(request.getProperties()),
                provider: request.getProvider(),
                dependencies: request.getDependenciesList(),
                additionalSecretOutputs: request.getAdditionalsecretoutputsList(),
            });
        } catch (err) {
            callback(asError(err), undefined);
            return;
        }
        this.remember(result);
        const response = new resproto.ReadResourceResponse();
        response.setUrn(result.urn);
        response.setProperties(structproto.Struct.fromJavaScript(result.outputs));
        callback(null, response);
    }

    override registerResourceOutputs(request: resproto.RegisterResourceOutputsRequest, callback: Callback<object>): void {
        const outputs = propertiesOf(request.getOutputs());
        this.deployment.registerResourceOutputs(request.getUrn(), outputs);
        const known = this.resources.get(request.getUrn());
        if (known) {
            known.state = outputs;
        }
        callback(null, {});
    }

    /** `pulumi:pulumi:getResource` (used to rehydrate resource references) reads this map. */
    private remember(result: ResourceResponse): void {
        this.resources.set(result.urn, { urn: result.urn, id: result.id || null, state: result.outputs });
    }
}

/**
 * The harness answers registrations itself, so the SDK never calls
 * `newResource`. Invokes would need a real provider plugin, which we do not have.
 */
const unsupportedMocks = {
    newResource(args: MockResourceArgs): MockResourceResult {
        throw new Error(`unexpected mock registration of ${args.type} ${args.name}`);
    },
    call(args: MockCallArgs): Record<string, unknown> {
        throw new Error(
            `invoke of '${args.token}' is not supported by the engine harness: it needs a provider plugin that only the Pulumi CLI can load`,
        );
    },
};

function propertiesOf(value: structproto.Struct | undefined): PropertyMap {
    return value ? asPropertyMap(value.toJavaScript()) : {};
}

function asError(err: unknown): Error {
    return err instanceof Error ? err : new Error(String(err));
}
