/**
 * The reader's Pulumi project, built from the recipe's own files (Pulumi.yaml, index.ts and the
 * stack's Pulumi.<stack>.yaml) in a folder outside this repository, whose node_modules is this
 * repository's: `pulumi-cloudflare-aop-status` and `@pulumi/pulumi` resolve by package name, as in
 * a project that ran `npm install`, and the program is exactly the text the recipe shows.
 */
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import * as yaml from "js-yaml";

import { StackHarness, type ProgramOptions } from "../engine";
import { REPO_ROOT, type Recipe } from "./recipe";

export interface StackFile {
    /** Stack config as the harness takes it: full keys, strings (JSON for objects and lists). */
    config: Record<string, string>;
    /** Pulumi ESC environments the stack imports (`environment:`). */
    environment: string[];
}

/** Reads Pulumi.<stack>.yaml. A `secure:` value is refused: a recipe never shows an encrypted secret. */
export function parseStackFile(text: string, where: string): StackFile {
    const document = yaml.load(text);
    if (typeof document !== "object" || document === null || Array.isArray(document)) throw new Error(`${where} is not a YAML mapping`);
    const { config = {}, environment = [] } = document as { config?: unknown; environment?: unknown };
    if (typeof config !== "object" || config === null || Array.isArray(config)) throw new Error(`${where}: config must be a mapping`);
    if (!Array.isArray(environment) || !environment.every((e) => typeof e === "string")) {
        throw new Error(`${where}: environment must be a list of environment names`);
    }
    const result: Record<string, string> = {};
    for (const [key, value] of Object.entries(config)) {
        if (typeof value === "object" && value !== null && "secure" in value) throw new Error(`${where}: ${key} is an encrypted secret`);
        result[key] = typeof value === "string" ? value : JSON.stringify(value);
    }
    return { config: result, environment };
}

export class RecipeStackProject {
    readonly dir = mkdtempSync(join(tmpdir(), "aop-recipe-stack-"));

    constructor(
        readonly recipe: Recipe,
        readonly stackName: string,
    ) {
        writeFileSync(join(this.dir, "Pulumi.yaml"), recipe.file("Pulumi.yaml"));
        writeFileSync(join(this.dir, "index.ts"), recipe.file("index.ts"));
        writeFileSync(join(this.dir, `Pulumi.${stackName}.yaml`), recipe.file(`Pulumi.${stackName}.yaml`));
        symlinkSync(join(REPO_ROOT, "node_modules"), join(this.dir, "node_modules"), "dir");
    }

    get stackFile(): StackFile {
        return parseStackFile(this.recipe.file(`Pulumi.${this.stackName}.yaml`), `Pulumi.${this.stackName}.yaml`);
    }

    /**
     * A harness for the stack with its stack file's config plus `extra` (more config, secret config,
     * environment). No CLOUDFLARE_* variable of the developer's shell reaches it.
     */
    harness(extra: Partial<ProgramOptions> = {}): StackHarness {
        return new StackHarness({
            ...extra,
            programDir: this.dir,
            stack: this.stackName,
            config: { ...this.stackFile.config, ...extra.config },
            env: {
                CLOUDFLARE_API_TOKEN: undefined,
                CLOUDFLARE_API_KEY: undefined,
                CLOUDFLARE_EMAIL: undefined,
                CLOUDFLARE_BASE_URL: undefined,
                ...extra.env,
            },
        });
    }

    dispose(): void {
        rmSync(this.dir, { recursive: true, force: true });
    }
}
