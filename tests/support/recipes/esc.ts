/**
 * Evaluates the part of Pulumi ESC's environment language the recipes use, so a test can open the
 * recipe's environment as `esc open` would and hand its outputs to the stack and the CLI:
 *
 * - `values:` (required), plain YAML values;
 * - `fn::secret: <value>` marks a value secret;
 * - `${a.b[0]}` references another value by path: a whole-string reference keeps the value's type and
 *   secretness, an interpolation inside a longer string makes a string (secret if any part is);
 * - the reserved outputs `pulumiConfig` (stack configuration; a key without a namespace takes the
 *   project's) and `environmentVariables` (exported by `esc run`).
 *
 * Syntax: https://www.pulumi.com/docs/esc/reference/ and the reserved properties at
 * https://www.pulumi.com/docs/esc/concepts/outputs/. Anything else (`imports`, other `fn::`
 * functions, `context.*`) fails: the test would otherwise pass on text ESC reads differently.
 */

import * as yaml from "js-yaml";

export interface EscValue {
    value: unknown;
    secret: boolean;
}

type Raw = unknown;

function isRecord(value: unknown): value is Record<string, unknown> {
    return typeof value === "object" && value !== null && !Array.isArray(value);
}

const REFERENCE = /\$\{([^}]+)\}/g;

function parsePath(path: string): Array<string | number> {
    const parts: Array<string | number> = [];
    for (const match of path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) parts.push(match[2] !== undefined ? Number(match[2]) : match[1]);
    return parts;
}

export class EscEnvironment {
    private readonly root: Record<string, Raw>;
    private readonly resolving = new Set<string>();

    constructor(text: string) {
        const document = yaml.load(text);
        if (!isRecord(document)) throw new Error("the environment is not a YAML mapping");
        for (const key of Object.keys(document)) {
            if (key !== "values") throw new Error(`top-level key "${key}" is not modelled (only values:)`);
        }
        if (!isRecord(document.values)) throw new Error("the environment has no values: mapping");
        this.root = document.values;
    }

    /** The evaluated value at `path` (e.g. "pulumiConfig"), as `esc open` shows it. */
    open(path: string): EscValue {
        return this.evaluate(this.lookup(parsePath(path), path), path);
    }

    /** `pulumiConfig` as stack config: full keys, string values (JSON for objects), with which ones are secret. */
    pulumiConfig(project: string): { config: Record<string, string>; secretConfig: Record<string, string> } {
        const { value } = this.open("pulumiConfig");
        if (!isRecord(value)) throw new Error("pulumiConfig must be a mapping");
        const config: Record<string, string> = {};
        const secretConfig: Record<string, string> = {};
        for (const [key, entry] of Object.entries(value as Record<string, EscValue>)) {
            const fullKey = key.includes(":") ? key : `${project}:${key}`;
            const plain = plainValue(entry);
            const text = typeof plain === "string" ? plain : JSON.stringify(plain);
            if (containsSecret(entry)) secretConfig[fullKey] = text;
            else config[fullKey] = text;
        }
        return { config, secretConfig };
    }

    /** `environmentVariables`, as `esc run` exports them: each must be a string (or a scalar it prints). */
    environmentVariables(): Record<string, string> {
        const { value } = this.open("environmentVariables");
        if (!isRecord(value)) throw new Error("environmentVariables must be a mapping");
        const result: Record<string, string> = {};
        for (const [name, entry] of Object.entries(value as Record<string, EscValue>)) {
            const plain = plainValue(entry);
            if (typeof plain === "object" && plain !== null) throw new Error(`environmentVariables.${name} must be a scalar`);
            result[name] = String(plain);
        }
        return result;
    }

    private lookup(path: Array<string | number>, text: string): Raw {
        let node: Raw = this.root;
        for (const part of path) {
            if (typeof part === "number" ? !Array.isArray(node) || part >= node.length : !isRecord(node) || !(part in node)) {
                throw new Error(`\${${text}} does not name a value`);
            }
            node = (node as Record<string | number, Raw>)[part];
        }
        return node;
    }

    private evaluate(node: Raw, at: string): EscValue {
        if (this.resolving.has(at)) throw new Error(`\${${at}} refers to itself`);
        this.resolving.add(at);
        try {
            if (Array.isArray(node)) {
                const items = node.map((item, index) => this.evaluate(item, `${at}[${index}]`));
                return { value: items, secret: false };
            }
            if (isRecord(node)) {
                const functions = Object.keys(node).filter((key) => key.startsWith("fn::"));
                if (functions.length > 0) {
                    if (functions.length !== 1 || Object.keys(node).length !== 1) throw new Error(`${at}: a function must be the only key`);
                    if (functions[0] !== "fn::secret") throw new Error(`${at}: ${functions[0]} is not modelled`);
                    const inner = this.evaluate(node["fn::secret"], `${at}.fn::secret`);
                    if (typeof inner.value === "object" && inner.value !== null) throw new Error(`${at}: fn::secret takes a scalar`);
                    return { value: inner.value, secret: true };
                }
                const entries = Object.entries(node).map(([key, value]) => [key, this.evaluate(value, `${at}.${key}`)] as const);
                return { value: Object.fromEntries(entries), secret: false };
            }
            if (typeof node === "string") return this.interpolate(node);
            return { value: node, secret: false };
        } finally {
            this.resolving.delete(at);
        }
    }

    private interpolate(text: string): EscValue {
        const whole = /^\$\{([^}]+)\}$/.exec(text);
        if (whole) return this.reference(whole[1]);
        let secret = false;
        const value = text.replace(REFERENCE, (_, path: string) => {
            const referenced = this.reference(path);
            const plain = plainValue(referenced);
            if (typeof plain === "object" && plain !== null)
                throw new Error(`\${${path}} is not a scalar and cannot be interpolated into a string`);
            secret ||= containsSecret(referenced);
            return String(plain);
        });
        return { value, secret };
    }

    private reference(path: string): EscValue {
        if (path.startsWith("context.")) throw new Error(`\${${path}}: context values are not modelled`);
        return this.evaluate(this.lookup(parsePath(path), path), path);
    }
}

function plainValue(entry: EscValue): unknown {
    if (Array.isArray(entry.value)) return (entry.value as EscValue[]).map(plainValue);
    if (isRecord(entry.value))
        return Object.fromEntries(Object.entries(entry.value as Record<string, EscValue>).map(([k, v]) => [k, plainValue(v)]));
    return entry.value;
}

function containsSecret(entry: EscValue): boolean {
    if (entry.secret) return true;
    if (Array.isArray(entry.value)) return (entry.value as EscValue[]).some(containsSecret);
    if (isRecord(entry.value)) return Object.values(entry.value as Record<string, EscValue>).some(containsSecret);
    return false;
}
