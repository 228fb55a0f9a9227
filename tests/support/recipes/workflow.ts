/**
 * GitHub Actions workflows from the recipes: parsed, checked for the shape GitHub requires, and
 * taken apart into the steps the tests run. Only what the recipes use is modelled; anything else
 * fails loudly rather than being skipped.
 */

import * as yaml from "js-yaml";

export interface WorkflowStep {
    name?: string;
    uses?: string;
    with?: Record<string, string | number | boolean>;
    run?: string;
    shell?: string;
    env?: Record<string, string>;
    if?: string;
}

export interface WorkflowJob {
    id: string;
    "runs-on": string;
    env?: Record<string, string>;
    steps: WorkflowStep[];
}

export interface Workflow {
    name: string;
    on: Record<string, unknown>;
    env?: Record<string, string>;
    jobs: WorkflowJob[];
}

/**
 * The inputs pulumi/actions declares, from its action.yml
 * (https://github.com/pulumi/actions/blob/4ddd4329226d5f7fdca0bc1fe3a0a659f4de25fe/action.yml).
 * `policyPacks` and `policyPackConfigs` are multiline inputs, one pack or file per line, passed to
 * the CLI as `--policy-pack` and `--policy-pack-config` (src/config.ts `getMultilineInput`, and the
 * Automation API's `stack.preview` options); `expect-no-changes` becomes `--expect-no-changes`.
 */
export const PULUMI_ACTIONS_INPUTS: ReadonlySet<string> = new Set([
    "command",
    "stack-name",
    "pulumi-version",
    "pulumi-version-file",
    "work-dir",
    "comment-on-pr",
    "comment-on-pr-number",
    "comment-on-summary",
    "github-token",
    "cloud-url",
    "secrets-provider",
    "parallel",
    "message",
    "config-map",
    "expect-no-changes",
    "diff",
    "replace",
    "target",
    "target-dependents",
    "policyPacks",
    "policyPackConfigs",
    "refresh",
    "upsert",
    "remove",
    "edit-pr-comment",
    "color",
    "exclude-protected",
    "plan",
    "suppress-outputs",
    "suppress-progress",
    "always-include-summary",
]);

function isRecord(value: unknown): value is Record<string, unknown> {
    return typeof value === "object" && value !== null && !Array.isArray(value);
}

function stringMap(value: unknown, where: string): Record<string, string> | undefined {
    if (value === undefined) return undefined;
    if (!isRecord(value)) throw new Error(`${where} must be a mapping`);
    for (const [key, entry] of Object.entries(value)) {
        if (typeof entry !== "string") throw new Error(`${where}.${key} must be a string (quote it), got ${JSON.stringify(entry)}`);
    }
    return value as Record<string, string>;
}

export function parseWorkflow(text: string, where: string): Workflow {
    const document = yaml.load(text);
    if (!isRecord(document)) throw new Error(`${where} is not a YAML mapping`);
    const { name, on, jobs } = document;
    if (typeof name !== "string") throw new Error(`${where} has no name`);
    if (!isRecord(on)) throw new Error(`${where}: "on" must be a mapping of events`);
    if (!isRecord(jobs) || Object.keys(jobs).length === 0) throw new Error(`${where} has no jobs`);
    return {
        name,
        on,
        env: stringMap(document.env, `${where} env`),
        jobs: Object.entries(jobs).map(([id, job]) => {
            if (!isRecord(job)) throw new Error(`${where}: job ${id} must be a mapping`);
            if (typeof job["runs-on"] !== "string") throw new Error(`${where}: job ${id} has no runs-on`);
            if (!Array.isArray(job.steps) || job.steps.length === 0) throw new Error(`${where}: job ${id} has no steps`);
            const steps = job.steps.map((step: unknown, index: number): WorkflowStep => {
                const at = `${where}: job ${id} step ${index + 1}`;
                if (!isRecord(step)) throw new Error(`${at} must be a mapping`);
                if ((step.uses === undefined) === (step.run === undefined)) throw new Error(`${at} must have exactly one of uses and run`);
                if (step.with !== undefined && !isRecord(step.with)) throw new Error(`${at}: with must be a mapping`);
                return { ...step, env: stringMap(step.env, `${at} env`) };
            });
            return { id, "runs-on": job["runs-on"], env: stringMap(job.env, `${where}: job ${id} env`), steps };
        }),
    };
}

/** The cron strings of `on.schedule`. */
export function scheduleCrons(workflow: Workflow): string[] {
    const schedule = workflow.on.schedule;
    if (!Array.isArray(schedule)) return [];
    return schedule.map((entry: unknown) => {
        if (!isRecord(entry) || typeof entry.cron !== "string")
            throw new Error(`${workflow.name}: every schedule entry needs a cron string`);
        return entry.cron;
    });
}

export interface ExpressionContext {
    secrets: Record<string, string>;
}

/**
 * Replaces `${{ secrets.NAME }}` with the value the test gives for NAME. Any other expression, or a
 * secret the test did not provide, fails: a recipe that needs more must be modelled, not guessed.
 */
export function expandExpressions(text: string, context: ExpressionContext): string {
    return text.replace(/\$\{\{\s*([^}]*?)\s*\}\}/g, (_, expression: string) => {
        const secret = /^secrets\.([A-Za-z_][A-Za-z0-9_]*)$/.exec(expression);
        if (!secret) throw new Error(`the test does not model the expression \${{ ${expression} }}`);
        const value = context.secrets[secret[1]];
        if (value === undefined) throw new Error(`the test gives no value for secrets.${secret[1]}`);
        return value;
    });
}

/** The environment a step runs with: workflow, then job, then step `env`, expressions expanded. */
export function stepEnvironment(
    workflow: Workflow,
    job: WorkflowJob,
    step: WorkflowStep,
    context: ExpressionContext,
): Record<string, string> {
    const env: Record<string, string> = {};
    for (const layer of [workflow.env, job.env, step.env]) {
        for (const [name, value] of Object.entries(layer ?? {})) env[name] = expandExpressions(value, context);
    }
    return env;
}

/** Every `uses:` step of an action (`owner/repo`, any version), with the job it is in. */
export function stepsUsing(workflow: Workflow, action: string): Array<{ job: WorkflowJob; step: WorkflowStep }> {
    return workflow.jobs.flatMap((job) => job.steps.filter((step) => step.uses?.split("@")[0] === action).map((step) => ({ job, step })));
}

/** Every `run:` step, with the job it is in. */
export function runSteps(workflow: Workflow): Array<{ job: WorkflowJob; step: WorkflowStep & { run: string } }> {
    return workflow.jobs.flatMap((job) =>
        job.steps.filter((step): step is WorkflowStep & { run: string } => typeof step.run === "string").map((step) => ({ job, step })),
    );
}

/**
 * A list input of pulumi/actions (`policyPacks`, `policyPackConfigs`, `target`, `replace`): one
 * value per line, and each line also split at commas, then trimmed (`getMultilineInput` followed
 * by `parseSemicolorToArray` in pulumi/actions src/config.ts and src/libs/utils.ts).
 */
export function listInput(value: string | number | boolean | undefined): string[] {
    if (value === undefined) return [];
    return String(value)
        .split("\n")
        .filter((line) => line !== "")
        .flatMap((line) => line.split(","))
        .filter((x) => x !== "")
        .map((x) => x.trim());
}

/** A boolean input the way @actions/core's getBooleanInput reads it: the YAML 1.2 core schema's spellings of true and false, anything else an error. */
export function booleanInput(value: string | number | boolean | undefined, fallback = false): boolean {
    if (value === undefined) return fallback;
    const text = String(value);
    if (["true", "True", "TRUE"].includes(text)) return true;
    if (["false", "False", "FALSE"].includes(text)) return false;
    throw new Error(`${JSON.stringify(value)} is not a boolean input (true or false)`);
}
