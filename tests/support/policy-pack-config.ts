/**
 * What the Pulumi CLI does with `--policy-pack-config FILE` before it configures a pack, so a test
 * can hand the real analyzer exactly what `pulumi preview` would. A port of pulumi/pulumi
 * pkg/resource/analyzer/config.go (parsePolicyPackConfig, ReconcilePolicyPackConfig, applyConfig,
 * validatePolicyPackConfig): each policy's value is an enforcement level or an object with an
 * optional `enforcementLevel` and its settings; `all` sets every policy's level; the schema's
 * defaults are filled in first; the result is validated against each policy's config schema (the
 * CLI uses gojsonschema, here Ajv) and any error stops the run.
 */
import Ajv from "ajv";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import * as analyzerproto from "@pulumi/pulumi/proto/analyzer_pb";

const LEVELS = {
    advisory: analyzerproto.EnforcementLevel.ADVISORY,
    mandatory: analyzerproto.EnforcementLevel.MANDATORY,
    disabled: analyzerproto.EnforcementLevel.DISABLED,
    remediate: analyzerproto.EnforcementLevel.REMEDIATE,
} as const;
export type EnforcementLevelName = keyof typeof LEVELS;

function isLevel(value: unknown): value is EnforcementLevelName {
    return typeof value === "string" && value in LEVELS;
}

export function levelName(level: analyzerproto.EnforcementLevel): EnforcementLevelName {
    const name = (Object.keys(LEVELS) as EnforcementLevelName[]).find((key) => LEVELS[key] === level);
    if (!name) throw new Error(`unknown enforcement level ${level}`);
    return name;
}

export interface PolicyConfig {
    enforcementLevel?: EnforcementLevelName;
    properties?: Record<string, unknown>;
}

/** parsePolicyPackConfig: the file's JSON, each value an enforcement level or an object. */
export function parsePolicyPackConfig(text: string): Record<string, PolicyConfig> {
    if (text.trim() === "") return {};
    const document = JSON.parse(text) as unknown;
    if (typeof document !== "object" || document === null || Array.isArray(document))
        throw new Error("the policy config is not a JSON object");
    const result: Record<string, PolicyConfig> = {};
    for (const [policy, value] of Object.entries(document)) {
        let enforcementLevel: EnforcementLevelName | undefined;
        let properties: Record<string, unknown> | undefined;
        if (typeof value === "string") {
            if (!isLevel(value)) throw new Error(`parsing enforcement level for "${policy}": "${value}" is not a valid enforcement level`);
            enforcementLevel = value;
        } else if (typeof value === "object" && value !== null && !Array.isArray(value)) {
            const { enforcementLevel: level, ...rest } = value as Record<string, unknown>;
            if (level !== undefined) {
                if (!isLevel(level))
                    throw new Error(`parsing enforcement level for "${policy}": ${JSON.stringify(level)} is not a valid enforcement level`);
                enforcementLevel = level;
            }
            if (Object.keys(rest).length > 0) properties = rest;
        } else {
            throw new Error(`parsing "${policy}": ${JSON.stringify(value)} is not a valid value; must be a string or object`);
        }
        if (enforcementLevel === undefined && properties === undefined) continue;
        result[policy] = { enforcementLevel, properties };
    }
    return result;
}

export interface EffectivePolicyConfig {
    enforcementLevel: EnforcementLevelName;
    properties?: Record<string, unknown>;
}

/**
 * ReconcilePolicyPackConfig: defaults from the pack's GetAnalyzerInfo, then the file's values;
 * returns the validation errors the CLI would print instead of running the pack.
 */
export function reconcilePolicyPackConfig(
    info: analyzerproto.AnalyzerInfo,
    config: Record<string, PolicyConfig>,
): { config: Record<string, EffectivePolicyConfig>; errors: string[] } {
    const result: Record<string, EffectivePolicyConfig> = {};
    for (const policy of info.getPoliciesList()) {
        let properties: Record<string, unknown> | undefined;
        const schema = policy.getConfigschema()?.getProperties()?.toJavaScript() ?? {};
        for (const [key, property] of Object.entries(schema)) {
            if (typeof property === "object" && property !== null && "default" in property) {
                properties = { ...properties, [key]: (property as { default: unknown }).default };
            }
        }
        result[policy.getName()] = { enforcementLevel: levelName(policy.getEnforcementlevel()), properties };
    }
    const all = config.all?.enforcementLevel;
    if (all !== undefined) for (const entry of Object.values(result)) entry.enforcementLevel = all;
    const errors: string[] = [];
    for (const [policy, given] of Object.entries(config)) {
        if (policy === "all") continue;
        const current = result[policy];
        // Stricter than the CLI, which passes an unknown name along and the pack ignores it: in a
        // recipe, that is a typo that silently leaves a policy at its defaults.
        if (!current) {
            errors.push(`${policy}: the pack has no such policy`);
            continue;
        }
        result[policy] = {
            enforcementLevel: given.enforcementLevel ?? current.enforcementLevel,
            properties: given.properties ? { ...current.properties, ...given.properties } : current.properties,
        };
    }
    const ajv = new Ajv({ allErrors: true, strict: false });
    for (const policy of info.getPoliciesList()) {
        const configSchema = policy.getConfigschema();
        if (!configSchema) continue;
        const properties = configSchema.getProperties()?.toJavaScript() ?? {};
        const required = configSchema.getRequiredList();
        // convertSchema: an object schema with the policy's properties and required list.
        const schema = {
            type: "object",
            ...(Object.keys(properties).length > 0 ? { properties } : {}),
            ...(required.length > 0 ? { required } : {}),
        };
        const validate = ajv.compile(schema);
        if (!validate(result[policy.getName()]?.properties ?? {})) {
            for (const error of validate.errors ?? [])
                errors.push(`${policy.getName()}: ${error.instancePath || "(root)"} ${error.message ?? ""}`);
        }
    }
    return { config: result, errors };
}

/** The ConfigureAnalyzerRequest the engine sends with that config. */
export function configureRequest(config: Record<string, EffectivePolicyConfig>): analyzerproto.ConfigureAnalyzerRequest {
    const request = new analyzerproto.ConfigureAnalyzerRequest();
    const map = request.getPolicyconfigMap();
    for (const [policy, entry] of Object.entries(config)) {
        const policyConfig = new analyzerproto.PolicyConfig();
        policyConfig.setEnforcementlevel(LEVELS[entry.enforcementLevel]);
        policyConfig.setProperties(Struct.fromJavaScript((entry.properties ?? {}) as Parameters<typeof Struct.fromJavaScript>[0]));
        map.set(policy, policyConfig);
    }
    return request;
}
