/**
 * Property values as the engine holds them.
 *
 * The Pulumi wire format is JSON inside google.protobuf.Struct, with a few
 * "signature" objects for things JSON cannot say: secrets, unknowns (during
 * preview), resource references, assets and archives. The harness keeps
 * values in exactly that shape (the "engine form") so what it stores and
 * replays is what the real engine would marshal. The constants are the ones in
 * @pulumi/pulumi/runtime/rpc.js.
 */

/** A JSON value as produced by `Struct.toJavaScript()`. */
export type PropertyValue = null | boolean | number | string | PropertyValue[] | PropertyMap;
export interface PropertyMap {
    [key: string]: PropertyValue;
}

export const SIG_KEY = "4dabf18193072939515e22adb298388d";
export const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
export const RESOURCE_SIG = "5cf8f73096256a8f31e491e813e4eb8e";
/** The engine's stand-in for a value not known until `up` (`plugin.UnknownStringValue`). */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** How unknowns show in results meant for people and tests. */
export const COMPUTED_MARKER = "<computed>";
/** How secrets show in results meant for people and tests, as the CLI prints them. */
export const SECRET_MARKER = "[secret]";

export function isObject(value: PropertyValue | undefined): value is PropertyMap {
    return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function isSecret(value: PropertyValue | undefined): value is PropertyMap {
    return isObject(value) && value[SIG_KEY] === SECRET_SIG;
}

/** A plain object map: not a secret, reference, asset or any other signature object. */
export function isPlainObject(value: PropertyValue | undefined): value is PropertyMap {
    return isObject(value) && !(SIG_KEY in value);
}

export function makeSecret(value: PropertyValue): PropertyMap {
    return isSecret(value) ? value : { [SIG_KEY]: SECRET_SIG, value };
}

export function secretElement(secret: PropertyMap): PropertyValue {
    return secret.value ?? null;
}

export function containsSecrets(value: PropertyValue | undefined): boolean {
    if (isSecret(value)) {
        return true;
    }
    if (Array.isArray(value)) {
        return value.some(containsSecrets);
    }
    if (isObject(value)) {
        return Object.values(value).some(containsSecrets);
    }
    return false;
}

export interface HostMarshalOptions {
    /** Keep unknowns (only Check and Diff during preview do, like `MarshalOptions.KeepUnknowns`). */
    keepUnknowns: boolean;
}

/**
 * What the engine sends to the dynamic provider host. The host answers
 * `acceptSecrets: false` and `acceptResources: false` to Configure, so secrets
 * travel as their plain value and resource references as their id (custom
 * resources) or URN (components).
 */
export function toHostProperties(props: PropertyMap, options: HostMarshalOptions): PropertyMap {
    const result: PropertyMap = {};
    for (const [key, value] of Object.entries(props)) {
        const marshalled = toHostValue(value, options);
        if (marshalled !== undefined) {
            result[key] = marshalled;
        }
    }
    return result;
}

function toHostValue(value: PropertyValue, options: HostMarshalOptions): PropertyValue | undefined {
    if (value === UNKNOWN) {
        return options.keepUnknowns ? UNKNOWN : undefined;
    }
    if (Array.isArray(value)) {
        // An array keeps its length: an element the engine may not send becomes null.
        return value.map((element) => toHostValue(element, options) ?? null);
    }
    if (!isObject(value)) {
        return value;
    }
    if (value[SIG_KEY] === SECRET_SIG) {
        return toHostValue(secretElement(value), options);
    }
    if (value[SIG_KEY] === RESOURCE_SIG) {
        const id = value.id;
        if (typeof id === "string" && id !== "") {
            return id;
        }
        if (id === "") {
            return options.keepUnknowns ? UNKNOWN : undefined;
        }
        return value.urn ?? null;
    }
    if (SIG_KEY in value) {
        // Assets and archives go across as they are.
        return value;
    }
    return toHostProperties(value, options);
}

/**
 * Copies secretness from inputs to outputs by property name, because a
 * provider that cannot accept secrets hands back plain values. This is the
 * engine's `annotateSecrets` (sdk/go/common/resource/plugin/provider_plugin.go):
 * objects recurse, anything else becomes secret as a whole.
 */
export function annotateSecrets(outs: PropertyMap, ins: PropertyMap | undefined): PropertyMap {
    if (ins === undefined) {
        return outs;
    }
    for (const [key, inValue] of Object.entries(ins)) {
        if (!(key in outs)) {
            continue;
        }
        const outValue = outs[key];
        if (isPlainObject(outValue) && isPlainObject(inValue)) {
            annotateSecrets(outValue, inValue);
        } else if (!isSecret(outValue) && containsSecrets(inValue)) {
            outs[key] = makeSecret(outValue);
        }
    }
    return outs;
}

/** Marks the named top-level outputs secret (the `additionalSecretOutputs` resource option). */
export function applyAdditionalSecretOutputs(outs: PropertyMap, names: readonly string[]): PropertyMap {
    for (const name of names) {
        if (name in outs && !isSecret(outs[name])) {
            outs[name] = makeSecret(outs[name]);
        }
    }
    return outs;
}

/** Strips secret wrappers (values compare by content, not by how they were marked). */
export function unwrapSecrets(value: PropertyValue): PropertyValue {
    if (isSecret(value)) {
        return unwrapSecrets(secretElement(value));
    }
    if (Array.isArray(value)) {
        return value.map(unwrapSecrets);
    }
    if (isObject(value)) {
        const result: PropertyMap = {};
        for (const [key, element] of Object.entries(value)) {
            result[key] = unwrapSecrets(element);
        }
        return result;
    }
    return value;
}

export function deepEqual(a: PropertyValue | undefined, b: PropertyValue | undefined): boolean {
    if (a === b) {
        return true;
    }
    if (Array.isArray(a) || Array.isArray(b)) {
        return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
    }
    if (isObject(a) && isObject(b)) {
        const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
        for (const key of keys) {
            if (!deepEqual(a[key], b[key])) {
                return false;
            }
        }
        return true;
    }
    return false;
}

/**
 * Top-level keys whose values differ, treating null like a missing key as the
 * engine's `PropertyMap.Diff` does. Used when a provider has no `diff` (the
 * host answers DIFF_UNKNOWN) and to name changed keys in the step list.
 */
export function changedKeys(olds: PropertyMap, news: PropertyMap): string[] {
    const keys = new Set([...Object.keys(olds), ...Object.keys(news)]);
    const changed: string[] = [];
    for (const key of keys) {
        const before = olds[key] ?? null;
        const after = news[key] ?? null;
        if (!deepEqual(unwrapSecrets(before), unwrapSecrets(after))) {
            changed.push(key);
        }
    }
    return changed.sort();
}

/** Values for people and tests: secrets as "[secret]" (or their plain value), unknowns as "<computed>". */
export function toDisplayValue(value: PropertyValue, options: { revealSecrets: boolean }): unknown {
    if (value === UNKNOWN) {
        return COMPUTED_MARKER;
    }
    if (isSecret(value)) {
        return options.revealSecrets ? toDisplayValue(secretElement(value), options) : SECRET_MARKER;
    }
    if (Array.isArray(value)) {
        return value.map((element) => toDisplayValue(element, options));
    }
    if (isObject(value)) {
        const result: Record<string, unknown> = {};
        for (const [key, element] of Object.entries(value)) {
            result[key] = toDisplayValue(element, options);
        }
        return result;
    }
    return value;
}

export function toDisplayMap(props: PropertyMap, options: { revealSecrets: boolean }): Record<string, unknown> {
    return toDisplayValue(props, options) as Record<string, unknown>;
}

/**
 * Narrows `Struct.toJavaScript()` output (typed loosely by google-protobuf) to
 * a property map. It is JSON by construction, so this only guards the top.
 */
export function asPropertyMap(value: unknown): PropertyMap {
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
        return {};
    }
    return value as PropertyMap;
}

export function cloneMap(props: PropertyMap): PropertyMap {
    return structuredClone(props);
}

/** Formats a value the way Go's `%v` prints a `resource.PropertyValue` in check-failure messages. */
export function formatForDiagnostic(value: PropertyValue | undefined): string {
    if (value === undefined) {
        return "{<nil>}";
    }
    if (isSecret(value)) {
        return `{${SECRET_MARKER}}`;
    }
    if (typeof value === "string") {
        return `{${value}}`;
    }
    return `{${JSON.stringify(unwrapSecrets(value))}}`;
}
