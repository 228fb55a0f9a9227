/**
 * The Pulumi CLI runs that the recipes ask for, as a `pulumi/actions` step or as a command line,
 * read into one shape and carried out with the engine harness (the Pulumi CLI cannot run here).
 * Only the inputs and flags the recipes use are modelled; any other fails, so a recipe cannot lean
 * on behaviour no test exercises.
 */
import type { OperationResult, StackHarness } from "../engine";
import { booleanInput, listInput, PULUMI_ACTIONS_INPUTS, type WorkflowStep } from "./workflow";

export interface PulumiRun {
    command: "preview" | "up" | "refresh";
    stack: string;
    /** `--refresh` (`refresh: true` in the action): read every resource again first. */
    refresh: boolean;
    /** `--expect-no-changes`: fail when any change is proposed. */
    expectNoChanges: boolean;
    policyPacks: string[];
    policyPackConfigs: string[];
}

const MODELLED_ACTION_INPUTS = new Set(["command", "stack-name", "refresh", "expect-no-changes", "policyPacks", "policyPackConfigs"]);

/** The CLI run a `pulumi/actions` step makes (src/main.ts: the inputs become Automation API options, then CLI flags). */
export function fromActionStep(step: WorkflowStep): PulumiRun {
    if (!/^pulumi\/actions@v\d+$/.test(step.uses ?? "")) throw new Error(`${step.uses} is not pulumi/actions pinned to a major version`);
    const inputs = step.with ?? {};
    for (const name of Object.keys(inputs)) {
        if (!PULUMI_ACTIONS_INPUTS.has(name)) throw new Error(`pulumi/actions has no input "${name}"`);
        if (!MODELLED_ACTION_INPUTS.has(name)) throw new Error(`the input "${name}" is not modelled by the recipe tests`);
    }
    const command = String(inputs.command ?? "");
    if (command !== "preview" && command !== "up" && command !== "refresh") throw new Error(`command "${command}" is not modelled`);
    const stack = inputs["stack-name"];
    if (typeof stack !== "string" || stack === "") throw new Error("stack-name is required");
    const run: PulumiRun = {
        command,
        stack,
        refresh: booleanInput(inputs.refresh),
        expectNoChanges: booleanInput(inputs["expect-no-changes"]),
        policyPacks: listInput(inputs.policyPacks),
        policyPackConfigs: listInput(inputs.policyPackConfigs),
    };
    if (run.policyPackConfigs.length > run.policyPacks.length) throw new Error("more policyPackConfigs than policyPacks");
    return run;
}

/** A `pulumi preview|up|refresh …` command line with the flags the recipes use. */
export function fromCommandLine(line: string): PulumiRun {
    if (/["'$`\\|;&<>]/.test(line)) throw new Error(`quoting, expansion and redirection are not modelled: ${line}`);
    const words = line
        .replace(/\s+#.*$/, "")
        .trim()
        .split(/\s+/);
    if (words[0] !== "pulumi") throw new Error(`not a pulumi command: ${line}`);
    const command = words[1];
    if (command !== "preview" && command !== "up" && command !== "refresh") throw new Error(`pulumi ${command} is not modelled`);
    const run: PulumiRun = { command, stack: "", refresh: false, expectNoChanges: false, policyPacks: [], policyPackConfigs: [] };
    for (let i = 2; i < words.length; i++) {
        const flag = words[i];
        const value = (): string => {
            const next = words[++i];
            if (next === undefined || next.startsWith("-")) throw new Error(`${flag} needs a value: ${line}`);
            return next;
        };
        if (flag === "--stack" || flag === "-s") run.stack = value();
        else if (flag === "--refresh" || flag === "-r") run.refresh = true;
        else if (flag === "--expect-no-changes") run.expectNoChanges = true;
        else if (flag === "--policy-pack") run.policyPacks.push(value());
        else if (flag === "--policy-pack-config") run.policyPackConfigs.push(value());
        else if (flag === "--yes" || flag === "-y") continue;
        else throw new Error(`the flag ${flag} is not modelled: ${line}`);
    }
    if (run.stack === "") throw new Error(`the command names no --stack: ${line}`);
    return run;
}

export interface CarriedOut {
    /** False when the CLI would exit non-zero. */
    ok: boolean;
    /** Why it fails: the operation's errors, or the CLI's --expect-no-changes error. */
    error?: string;
    /** The main operation's result (the preview, the up or the refresh). */
    result: OperationResult;
    /** The resources the operation proposes to change (their names), for preview and up. */
    changes: string[];
}

/**
 * Carries out the run on the harness. `--refresh` is a refresh before the operation; unlike the
 * CLI's in-memory refresh in a preview, the harness records it, which no later step of a test
 * depends on. Policy packs are not run here: the caller analyzes `result.state` with the analyzer.
 */
export async function carryOut(run: PulumiRun, stack: StackHarness): Promise<CarriedOut> {
    if (run.command === "refresh" && run.expectNoChanges) throw new Error("pulumi refresh --expect-no-changes is not modelled");
    if (run.refresh && run.command !== "refresh") {
        const refreshed = await stack.refresh();
        if (!refreshed.ok) return { ok: false, error: refreshed.error, result: refreshed, changes: [] };
    }
    const result = run.command === "preview" ? await stack.preview() : run.command === "up" ? await stack.up() : await stack.refresh();
    // engine.HasChanges: every step but same and reads counts as a change.
    const changes = result.steps
        .filter(
            (step) =>
                step.op !== "same" &&
                step.op !== "read" &&
                step.type !== "pulumi:pulumi:Stack" &&
                !step.type.startsWith("pulumi:providers:"),
        )
        .map((step) => step.name);
    if (!result.ok) return { ok: false, error: result.error, result, changes };
    // pulumi/pulumi pkg/cmd/pulumi preview.go and up.go: `expectNop && engine.HasChanges(changes)` fails the command with this error.
    if (run.expectNoChanges && changes.length > 0) {
        return { ok: false, error: "error: no changes were expected but changes were proposed", result, changes };
    }
    return { ok: true, result, changes };
}
