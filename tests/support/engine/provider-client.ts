import * as grpc from "@grpc/grpc-js";
import * as structproto from "google-protobuf/google/protobuf/struct_pb";
import * as provrpc from "@pulumi/pulumi/proto/provider_grpc_pb";
import * as provproto from "@pulumi/pulumi/proto/provider_pb";
import * as statusproto from "@pulumi/pulumi/proto/status_pb";
import * as crypto from "crypto";
import { asPropertyMap, PropertyMap } from "./properties";
import { HostCall, HostMethod } from "./types";

/** Pulumi's own limit for gRPC messages (runtime/settings.js). */
const MAX_MESSAGE_BYTES = 1024 * 1024 * 400;

export interface CheckResult {
    inputs: PropertyMap;
    failures: Array<{ property: string; reason: string }>;
}

export type DiffChanges = "unknown" | "none" | "some";

export interface DiffResult {
    changes: DiffChanges;
    replaces: string[];
    changedKeys: string[];
    deleteBeforeReplace: boolean;
}

export interface ReadResult {
    id: string;
    properties: PropertyMap;
    inputs?: PropertyMap;
}

/** What a resource request names: the engine always sends urn, name and type. */
export interface ResourceRef {
    urn: string;
    type: string;
}

/**
 * A failed host call. `message` is the gRPC status message, which is what the
 * engine prints (the host puts the provider's `Error.message` there).
 * `initFailure` is set when the provider threw an error carrying an `id`: the
 * resource exists but did not initialize (`ErrorResourceInitFailed`).
 */
export class HostCallError extends Error {
    constructor(
        message: string,
        readonly code: number,
        readonly initFailure?: { id: string; properties: PropertyMap; reasons: string[] },
    ) {
        super(message);
        this.name = "HostCallError";
    }
}

function nameOf(urn: string): string {
    return urn.slice(urn.lastIndexOf("::") + 2);
}

function struct(props: PropertyMap): structproto.Struct {
    return structproto.Struct.fromJavaScript(props);
}

function fromStruct(value: structproto.Struct | undefined): PropertyMap {
    return value ? asPropertyMap(value.toJavaScript()) : {};
}

type Unary<Req, Res> = (
    request: Req,
    metadata: grpc.Metadata,
    options: Partial<grpc.CallOptions>,
    callback: (error: grpc.ServiceError | null, response: Res) => void,
) => grpc.ClientUnaryCall;

/**
 * The engine's side of the `pulumirpc.ResourceProvider` conversation with one
 * dynamic provider host. It speaks the request shapes the engine's
 * provider_plugin.go sends and records every call for the operation result.
 */
export class ProviderClient {
    private readonly client: provrpc.ResourceProviderClient;

    constructor(
        address: string,
        private readonly calls: HostCall[],
        private readonly callTimeoutMs: number,
    ) {
        this.client = new provrpc.ResourceProviderClient(address, grpc.credentials.createInsecure(), {
            "grpc.max_receive_message_length": MAX_MESSAGE_BYTES,
            "grpc.max_send_message_length": MAX_MESSAGE_BYTES,
        });
    }

    close(): void {
        this.client.close();
    }

    /**
     * `args` carries the whole stack config (dynamic providers get every
     * namespace), secrets still wrapped so the host unwraps them; `variables`
     * is the legacy `<pkg>:config:<key>` string map the engine also sends.
     */
    async configure(provider: ResourceRef & { id: string }, args: PropertyMap, variables: Record<string, string>): Promise<void> {
        const request = new provproto.ConfigureRequest();
        request.setArgs(struct(args));
        for (const [key, value] of Object.entries(variables)) {
            request.getVariablesMap().set(key, value);
        }
        request.setAcceptsecrets(true);
        request.setAcceptresources(true);
        request.setSendsOldInputs(true);
        request.setSendsOldInputsToDelete(true);
        request.setUrn(provider.urn);
        request.setName(nameOf(provider.urn));
        request.setType(provider.type);
        request.setId(provider.id);
        await this.call("Configure", { urn: provider.urn }, this.client.configure.bind(this.client), request);
    }

    async check(resource: ResourceRef, olds: PropertyMap, news: PropertyMap): Promise<CheckResult> {
        const request = new provproto.CheckRequest();
        this.describe(request, resource);
        request.setOlds(struct(olds));
        request.setNews(struct(news));
        request.setRandomseed(crypto.randomBytes(32));
        const response = await this.call("Check", { urn: resource.urn }, this.client.check.bind(this.client), request);
        return {
            inputs: fromStruct(response.getInputs()),
            failures: response.getFailuresList().map((failure) => ({
                property: failure.getProperty(),
                reason: failure.getReason(),
            })),
        };
    }

    async diff(
        resource: ResourceRef,
        id: string,
        oldInputs: PropertyMap,
        oldOutputs: PropertyMap,
        newInputs: PropertyMap,
        ignoreChanges: readonly string[],
    ): Promise<DiffResult> {
        const request = new provproto.DiffRequest();
        this.describe(request, resource);
        request.setId(id);
        request.setOlds(struct(oldOutputs));
        request.setOldInputs(struct(oldInputs));
        request.setNews(struct(newInputs));
        request.setIgnorechangesList([...ignoreChanges]);
        const response = await this.call("Diff", { urn: resource.urn, id }, this.client.diff.bind(this.client), request);
        const changes = response.getChanges();
        return {
            changes:
                changes === provproto.DiffResponse.DiffChanges.DIFF_SOME
                    ? "some"
                    : changes === provproto.DiffResponse.DiffChanges.DIFF_NONE
                      ? "none"
                      : "unknown",
            replaces: response.getReplacesList(),
            changedKeys: response.getDiffsList(),
            deleteBeforeReplace: response.getDeletebeforereplace(),
        };
    }

    async create(resource: ResourceRef, properties: PropertyMap): Promise<{ id: string; properties: PropertyMap }> {
        const request = new provproto.CreateRequest();
        this.describe(request, resource);
        request.setProperties(struct(properties));
        request.setPreview(false);
        const response = await this.call("Create", { urn: resource.urn }, this.client.create.bind(this.client), request);
        return { id: response.getId(), properties: fromStruct(response.getProperties()) };
    }

    async read(resource: ResourceRef, id: string, state: PropertyMap, inputs?: PropertyMap): Promise<ReadResult> {
        const request = new provproto.ReadRequest();
        this.describe(request, resource);
        request.setId(id);
        request.setProperties(struct(state));
        if (inputs !== undefined) {
            request.setInputs(struct(inputs));
        }
        const response = await this.call("Read", { urn: resource.urn, id }, this.client.read.bind(this.client), request);
        const returnedInputs = response.getInputs();
        return {
            id: response.getId(),
            properties: fromStruct(response.getProperties()),
            inputs: returnedInputs ? fromStruct(returnedInputs) : undefined,
        };
    }

    async update(
        resource: ResourceRef,
        id: string,
        oldInputs: PropertyMap,
        oldOutputs: PropertyMap,
        newInputs: PropertyMap,
        ignoreChanges: readonly string[],
    ): Promise<PropertyMap> {
        const request = new provproto.UpdateRequest();
        this.describe(request, resource);
        request.setId(id);
        request.setOlds(struct(oldOutputs));
        request.setOldInputs(struct(oldInputs));
        request.setNews(struct(newInputs));
        request.setIgnorechangesList([...ignoreChanges]);
        request.setPreview(false);
        const response = await this.call("Update", { urn: resource.urn, id }, this.client.update.bind(this.client), request);
        return fromStruct(response.getProperties());
    }

    async delete(resource: ResourceRef, id: string, oldInputs: PropertyMap, oldOutputs: PropertyMap): Promise<void> {
        const request = new provproto.DeleteRequest();
        this.describe(request, resource);
        request.setId(id);
        request.setProperties(struct(oldOutputs));
        request.setOldInputs(struct(oldInputs));
        await this.call("Delete", { urn: resource.urn, id }, this.client.delete.bind(this.client), request);
    }

    private describe(
        request: { setUrn(v: string): unknown; setName(v: string): unknown; setType(v: string): unknown },
        resource: ResourceRef,
    ): void {
        request.setUrn(resource.urn);
        request.setName(nameOf(resource.urn));
        request.setType(resource.type);
    }

    private call<Req, Res>(method: HostMethod, target: { urn?: string; id?: string }, rpc: Unary<Req, Res>, request: Req): Promise<Res> {
        const record: HostCall = { method, ...target, ok: false };
        this.calls.push(record);
        const deadline = new Date(Date.now() + this.callTimeoutMs);
        return new Promise<Res>((resolve, reject) => {
            rpc(request, new grpc.Metadata(), { deadline }, (error, response) => {
                if (error) {
                    const failure = toHostCallError(error);
                    record.error = failure.message;
                    reject(failure);
                    return;
                }
                record.ok = true;
                resolve(response);
            });
        });
    }
}

/**
 * Turns a gRPC error into what the engine reports. The details field carries
 * the provider's message without grpc-js's "2 UNKNOWN:" prefix, like Go's
 * `rpcerror.Convert(err).Message()`.
 */
function toHostCallError(error: grpc.ServiceError): HostCallError {
    const message = error.details || error.message;
    return new HostCallError(message, error.code, initFailureOf(error));
}

function initFailureOf(error: grpc.ServiceError): HostCallError["initFailure"] {
    const [detailsBin] = error.metadata?.get("grpc-status-details-bin") ?? [];
    if (!detailsBin || typeof detailsBin === "string") {
        return undefined;
    }
    try {
        const status = statusproto.Status.deserializeBinary(new Uint8Array(detailsBin));
        for (const detail of status.getDetailsList()) {
            if (detail.getTypeName() !== "pulumirpc.ErrorResourceInitFailed") {
                continue;
            }
            const failed = provproto.ErrorResourceInitFailed.deserializeBinary(detail.getValue_asU8());
            return {
                id: failed.getId(),
                properties: fromStruct(failed.getProperties()),
                reasons: failed.getReasonsList(),
            };
        }
    } catch {
        // Malformed details: report the plain error, as the engine would.
    }
    return undefined;
}
