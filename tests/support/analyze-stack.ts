/**
 * Turns a stack's checkpoint (from the engine harness) into the AnalyzeStack request the engine
 * sends a policy pack, and the pack's answer into plain diagnostics.
 *
 * As the engine does (pulumi/pulumi sdk/go/common/resource/plugin/analyzer_plugin.go, AnalyzeStack):
 * properties are marshalled with KeepUnknowns, KeepSecrets and SkipInternalKeys, so `__provider`
 * is left out and secrets travel as secrets; each custom resource carries its provider; resources
 * read with `.get` are not registered by the program and are not in the request.
 */
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import * as analyzerproto from "@pulumi/pulumi/proto/analyzer_pb";

import { SECRET_SIG, SIG_KEY } from "./engine/properties";
import type { RecordedResource, RecordedState } from "./engine";
import { levelName, type EnforcementLevelName } from "./policy-pack-config";

/** Opens one sealed secret, e.g. StackHarness.revealSecrets. */
export type Reveal = (sealed: unknown) => unknown;

/** Checkpoint form → the engine's in-memory form: each sealed secret becomes `{sig: secret, value}`. */
function unseal(value: unknown, reveal: Reveal): unknown {
    if (Array.isArray(value)) return value.map((element) => unseal(element, reveal));
    if (typeof value === "object" && value !== null) {
        const record = value as Record<string, unknown>;
        if (record[SIG_KEY] === SECRET_SIG && typeof record.ciphertext === "string") {
            return { [SIG_KEY]: SECRET_SIG, value: reveal(record) };
        }
        return Object.fromEntries(Object.entries(record).map(([key, element]) => [key, unseal(element, reveal)]));
    }
    return value;
}

function properties(outputs: Record<string, unknown>, reveal: Reveal): Struct {
    const visible = Object.fromEntries(Object.entries(outputs).filter(([key]) => !key.startsWith("__")));
    return Struct.fromJavaScript(unseal(visible, reveal) as Parameters<typeof Struct.fromJavaScript>[0]);
}

function providerOf(
    resource: RecordedResource,
    byUrn: Map<string, RecordedResource>,
    reveal: Reveal,
): analyzerproto.AnalyzerProviderResource | undefined {
    if (!resource.provider) return undefined;
    const urn = resource.provider.slice(0, resource.provider.lastIndexOf("::"));
    const provider = byUrn.get(urn);
    if (!provider) throw new Error(`${resource.urn} refers to provider ${urn}, which is not in state`);
    const entry = new analyzerproto.AnalyzerProviderResource();
    entry.setType(provider.type);
    entry.setName(provider.name);
    entry.setUrn(provider.urn);
    entry.setProperties(properties(provider.outputs, reveal));
    return entry;
}

export function analyzeStackRequest(state: RecordedState, reveal: Reveal): analyzerproto.AnalyzeStackRequest {
    const byUrn = new Map(state.resources.map((r) => [r.urn, r]));
    const request = new analyzerproto.AnalyzeStackRequest();
    request.setResourcesList(
        state.resources
            .filter((resource) => !resource.external)
            .map((resource) => {
                const options = new analyzerproto.AnalyzerResourceOptions();
                options.setCustomtimeouts(new analyzerproto.AnalyzerResourceOptions.CustomTimeouts());
                const entry = new analyzerproto.AnalyzerResource();
                entry.setType(resource.type);
                entry.setName(resource.name);
                entry.setUrn(resource.urn);
                entry.setProperties(properties(resource.outputs, reveal));
                entry.setOptions(options);
                if (resource.parent) entry.setParent(resource.parent);
                entry.setDependenciesList(resource.dependencies ?? []);
                const provider = providerOf(resource, byUrn, reveal);
                if (provider) entry.setProvider(provider);
                return entry;
            }),
    );
    return request;
}

export interface Diagnostic {
    policy: string;
    level: EnforcementLevelName;
    /** The resource's name (the last part of its URN). */
    resource: string;
    message: string;
}

export function diagnosticsOf(response: analyzerproto.AnalyzeResponse): Diagnostic[] {
    return response.getDiagnosticsList().map((d) => ({
        policy: d.getPolicyname(),
        level: levelName(d.getEnforcementlevel()),
        resource: d.getUrn().split("::").pop() ?? "",
        message: d.getMessage(),
    }));
}

/** A mandatory violation fails `pulumi preview` and `pulumi up` (so does "remediate" for a stack policy, which cannot remediate). */
export function failsTheRun(diagnostics: readonly Diagnostic[]): boolean {
    return diagnostics.some((d) => d.level === "mandatory" || d.level === "remediate");
}
