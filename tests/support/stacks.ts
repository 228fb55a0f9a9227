/**
 * Shared setup for tests that run real Pulumi programs (the root stack, the examples) through
 * the engine harness against the emulator, with a recognisable fake token so any leak is found.
 */
import path from "node:path";

import { DEMO_HOSTNAMES, demoSeed, SAMPLE_ZONE_ID, startEmulator, type EmulatorOptions, type RunningEmulator } from "../../emulator/index";
import { StackHarness, type OperationResult, type ProgramOptions, type RecordedState } from "./engine";
import { FAKE_TOKEN } from "./scripted-server";

export const REPO_ROOT = path.resolve(__dirname, "../..");
export const ZONE = SAMPLE_ZONE_ID;
export const HOSTS = DEMO_HOSTNAMES;
export const AOP_TYPE = "pulumi-nodejs:dynamic/cloudflare:AuthenticatedOriginPullStatus";

export function startTestEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
    return startEmulator({ seed: demoSeed(), credentials: { tokens: [FAKE_TOKEN] }, ...options });
}

/** A stack of `programDir` whose provider talks to `emulator` with the fake token as a config secret. */
export function stackFor(
    programDir: string,
    emulator: RunningEmulator,
    config: Record<string, string>,
    extra: Partial<ProgramOptions> = {},
): StackHarness {
    return new StackHarness({
        programDir: path.resolve(REPO_ROOT, programDir),
        config: { "cloudflare:baseUrl": emulator.url, ...config },
        secretConfig: { "cloudflare:apiToken": FAKE_TOKEN },
        ...extra,
    });
}

/** Steps and host calls for our resources only. */
export function aopSteps(result: OperationResult): Array<{ name: string; op: string }> {
    return result.steps.filter((step) => step.type === AOP_TYPE).map(({ name, op }) => ({ name, op }));
}

export function hostCallCounts(result: OperationResult): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const call of result.hostCalls) counts[call.method] = (counts[call.method] ?? 0) + 1;
    return counts;
}

export function aopResources(state: RecordedState): RecordedState["resources"] {
    return state.resources.filter((resource) => resource.type === AOP_TYPE);
}

/** Every place a secret must never reach after an operation. */
export function everythingVisible(result: OperationResult): string {
    return [
        JSON.stringify(result.state),
        JSON.stringify(result.outputs),
        JSON.stringify(result.outputsPlain),
        result.hostStderr,
        result.error ?? "",
    ].join("\n");
}
