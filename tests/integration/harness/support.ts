import * as crypto from "crypto";
import * as path from "path";
import { HostCall, HostMethod, OperationResult, ProgramOptions, StackHarness } from "../../support/engine";

export const FIXTURES = path.resolve(__dirname, "../../fixtures/harness");
export const ECHO_DIR = path.join(FIXTURES, "echo");
export const FLEET_DIR = path.join(FIXTURES, "fleet");

export const TOKEN = "tok-3f9a-super-secret";
export const TOKEN_FINGERPRINT = crypto.createHash("sha256").update(TOKEN).digest("hex").slice(0, 16);

const harnesses: StackHarness[] = [];

/** An echo-fixture stack; `config` keys are short names in the `harness-echo` namespace. */
export function echoStack(config: Record<string, string> = {}, extra: Partial<ProgramOptions> = {}): StackHarness {
    return track(
        new StackHarness({
            programDir: ECHO_DIR,
            config: echoConfig(config),
            secretConfig: { "harness-echo:token": TOKEN },
            ...extra,
        }),
    );
}

export function echoConfig(config: Record<string, string>): Record<string, string> {
    return Object.fromEntries(Object.entries(config).map(([key, value]) => [`harness-echo:${key}`, value]));
}

export function track(harness: StackHarness): StackHarness {
    harnesses.push(harness);
    return harness;
}

/** Kills any host a failed test left running. */
export async function disposeAll(): Promise<void> {
    await Promise.all(harnesses.splice(0).map((harness) => harness.dispose()));
}

/** Echo resources are children of the "group" component. */
export function echoUrn(name: string, stack = "dev"): string {
    return `urn:pulumi:${stack}::harness-echo::harness:index:EchoGroup$pulumi-nodejs:dynamic/harness:Echo::${name}`;
}

/** The host methods called for one resource, in order. */
export function callsFor(result: OperationResult, urn: string): HostMethod[] {
    return result.hostCalls.filter((call: HostCall) => call.urn === urn).map((call) => call.method);
}

export function methods(result: OperationResult): HostMethod[] {
    return result.hostCalls.map((call) => call.method);
}

export function stepOf(result: OperationResult, name: string): OperationResult["steps"][number] | undefined {
    return result.steps.find((step) => step.name === name);
}

/** Fails with the operation's own error text, which is what one needs to see. */
export function assertOk(result: OperationResult): OperationResult {
    if (!result.ok) {
        throw new Error(`operation failed:\n${result.error}\nhost stderr:\n${result.hostStderr}`);
    }
    return result;
}
