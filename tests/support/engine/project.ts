import * as fs from "fs";
import * as path from "path";
// js-yaml is what @pulumi/pulumi itself uses to read Pulumi.yaml (it is one of its dependencies).
import * as yaml from "js-yaml";
import { makeSecret, PropertyMap } from "./properties";

export interface PulumiProject {
    name: string;
    dir: string;
    /** What the language host requires: Pulumi.yaml's `main`, else the folder itself. */
    entry: string;
    /** `runtime.options` from Pulumi.yaml; the engine hands them to plugins as PULUMI_RUNTIME_<KEY>. */
    runtimeOptions: Record<string, string>;
}

export function loadProject(programDir: string): PulumiProject {
    const dir = path.resolve(programDir);
    const file = ["Pulumi.yaml", "Pulumi.yml"].map((f) => path.join(dir, f)).find((f) => fs.existsSync(f));
    if (!file) {
        throw new Error(`no Pulumi.yaml in ${dir}`);
    }
    const document = yaml.load(fs.readFileSync(file, "utf8"));
    if (typeof document !== "object" || document === null) {
        throw new Error(`${file} is not a YAML mapping`);
    }
    const project = document as Record<string, unknown>;
    if (typeof project.name !== "string" || project.name === "") {
        throw new Error(`${file} has no project name`);
    }
    const runtime = project.runtime;
    const runtimeName = typeof runtime === "object" && runtime !== null ? (runtime as Record<string, unknown>).name : runtime;
    if (runtimeName !== "nodejs") {
        throw new Error(`${file} must use runtime: nodejs (found ${JSON.stringify(runtimeName)})`);
    }
    const runtimeOptions: Record<string, string> = {};
    if (typeof runtime === "object" && runtime !== null) {
        const options = (runtime as Record<string, unknown>).options;
        if (typeof options === "object" && options !== null) {
            for (const [key, value] of Object.entries(options)) {
                runtimeOptions[key] = String(value);
            }
        }
    }
    const main = typeof project.main === "string" ? project.main : ".";
    return { name: project.name, dir, entry: path.resolve(dir, main), runtimeOptions };
}

/** The stack's configuration as the CLI holds it: string values, some secret. */
export class StackConfig {
    readonly values: Readonly<Record<string, string>>;
    readonly secretKeys: readonly string[];

    constructor(plain: Record<string, string> = {}, secret: Record<string, string> = {}) {
        for (const key of [...Object.keys(plain), ...Object.keys(secret)]) {
            if (!/^[^:]+:[^:]/.test(key)) {
                throw new Error(`config key ${JSON.stringify(key)} must be a full key like "project:name"`);
            }
        }
        this.values = { ...plain, ...secret };
        this.secretKeys = Object.keys(secret);
    }

    /**
     * The default `pulumi-nodejs` provider's inputs. For dynamic providers the
     * engine passes every key with its namespace (`Target.GetPackageConfig`),
     * secrets marked secret.
     */
    providerInputs(): PropertyMap {
        const inputs: PropertyMap = {};
        for (const [key, value] of Object.entries(this.values)) {
            inputs[key] = this.secretKeys.includes(key) ? makeSecret(value) : value;
        }
        return inputs;
    }
}

/**
 * Configure's legacy `variables`: every input under `<pkg>:config:<key>`,
 * as plain strings (provider_plugin.go, `Configure`).
 */
export function configureVariables(pkg: string, plainInputs: Record<string, string>): Record<string, string> {
    const variables: Record<string, string> = {};
    for (const [key, value] of Object.entries(plainInputs)) {
        variables[`${pkg}:config:${key}`] = value;
    }
    return variables;
}
