/**
 * Worker: state size and program/host cost of a COUNT-resource stack, through the engine harness
 * and the real dynamic-provider host. Runs in its own process so its peak RSS is the program's
 * (the harness stands in for the engine and shares the process, as documented in its README).
 *
 *  1. preview  — registers COUNT resources: Check only, no API reads;
 *  2. up       — registers them again, Check + Create (one GET each);
 *  3. refresh  — Read for every resource (one GET each), program not run.
 *
 * `serializeFunction` of @pulumi/pulumi's closure serializer is wrapped before anything runs,
 * to count how often the provider is serialized. The host's peak RSS is polled from /proc.
 *
 * Input: StackCostInput. Output: StackCostOutput. The same worker measures a control program
 * (the harness's own trivial fleet fixture) so the harness's share of the cost can be told apart.
 */
import { writeFileSync } from "node:fs";

import type * as SerializeClosure from "@pulumi/pulumi/runtime/closure/serializeClosure";

import { StackHarness, type OperationResult } from "../../tests/support/engine";
import { ChildMemoryWatch, readMemory } from "../lib/proc";

export interface StackCostInput {
    programDir: string;
    /** Stack config by full key; the secret one holds the token. */
    config: Record<string, string>;
    secretConfig: Record<string, string>;
    /** Resources the program registers. */
    count: number;
    /** The type token whose resources' state is measured. */
    resourceType: string;
}

export interface OperationCost {
    op: "preview" | "up" | "refresh";
    ok: boolean;
    error?: string;
    durationMs: number;
    hostCalls: Record<string, number>;
    /** Peak RSS of the provider host(s) of this operation, KiB. */
    hostPeakKb: number | null;
    hostProcesses: number;
    /** This (program + harness) process's peak RSS after the operation, KiB. */
    programPeakKb: number;
    /** serializeFunction calls made during this operation. */
    serializeCalls: number;
}

export interface StackCostOutput {
    count: number;
    /** RSS of this process before the first operation (ts-node, harness and SDK loaded), KiB. */
    baselineRssKb: number;
    operations: OperationCost[];
    state: {
        resources: number;
        /** Bytes of JSON.stringify(state), the whole recorded checkpoint. */
        totalBytes: number;
        /** Bytes of `__provider` in one resource's outputs (and inputs). */
        providerBytes: { outputs: number; inputs: number };
        /** Distinct `__provider` texts across all resources (1 = one shared serialization). */
        distinctProviderTexts: number;
        /** Mean bytes of one measured resource in state, `__provider` included. */
        bytesPerResource: number;
        /** The `__provider` text itself, for the report. */
        providerText: string;
    };
}

function ownPeakKb(): number {
    return readMemory(process.pid)?.peakKb ?? process.resourceUsage().maxRSS;
}

async function main(): Promise<void> {
    const input = JSON.parse(process.argv[2]) as StackCostInput;
    const resultFile = process.argv[3];

    // Count provider serializations. dynamic.Resource looks the function up on this module object at
    // call time, so the patch must land on that very object: require gives it, an import's namespace need not.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const closure = require("@pulumi/pulumi/runtime/closure/serializeClosure") as typeof SerializeClosure;
    const original = closure.serializeFunction;
    let serializeCalls = 0;
    (closure as { serializeFunction: typeof original }).serializeFunction = (...args: Parameters<typeof original>) => {
        serializeCalls += 1;
        return original(...args);
    };

    const stack = new StackHarness({
        programDir: input.programDir,
        config: input.config,
        secretConfig: input.secretConfig,
        env: {
            CLOUDFLARE_API_TOKEN: undefined,
            CLOUDFLARE_API_KEY: undefined,
            CLOUDFLARE_EMAIL: undefined,
            CLOUDFLARE_BASE_URL: undefined,
        },
    });
    const baselineRssKb = Math.round(process.memoryUsage().rss / 1024);
    const operations: OperationCost[] = [];
    const measure = async (op: OperationCost["op"], run: () => Promise<OperationResult>): Promise<OperationResult> => {
        const before = serializeCalls;
        const watch = new ChildMemoryWatch("dynamic-provider");
        const result = await run();
        const peaks = watch.stop();
        const hostCalls: Record<string, number> = {};
        for (const call of result.hostCalls) hostCalls[call.method] = (hostCalls[call.method] ?? 0) + 1;
        operations.push({
            op,
            ok: result.ok,
            error: result.error,
            durationMs: result.durationMs,
            hostCalls,
            hostPeakKb: peaks.size === 0 ? null : Math.max(...peaks.values()),
            hostProcesses: peaks.size,
            programPeakKb: ownPeakKb(),
            serializeCalls: serializeCalls - before,
        });
        if (!result.ok) throw new Error(`${op} failed: ${result.error ?? "(no message)"}\n${result.hostStderr}`);
        return result;
    };
    try {
        await measure("preview", () => stack.preview());
        await measure("up", () => stack.up());
        await measure("refresh", () => stack.refresh());
    } finally {
        await stack.dispose();
    }

    const state = stack.state;
    const resources = state.resources.filter((resource) => resource.type === input.resourceType);
    const providerOf = (props: Record<string, unknown>): string => (typeof props.__provider === "string" ? props.__provider : "");
    const texts = new Set(resources.flatMap((resource) => [providerOf(resource.outputs), providerOf(resource.inputs)]));
    const first = resources[0];
    const output: StackCostOutput = {
        count: input.count,
        baselineRssKb,
        operations,
        state: {
            resources: resources.length,
            totalBytes: Buffer.byteLength(JSON.stringify(state)),
            providerBytes: {
                outputs: first ? Buffer.byteLength(providerOf(first.outputs)) : 0,
                inputs: first ? Buffer.byteLength(providerOf(first.inputs)) : 0,
            },
            distinctProviderTexts: texts.size,
            bytesPerResource:
                resources.length === 0
                    ? 0
                    : resources.reduce((total, r) => total + Buffer.byteLength(JSON.stringify(r)), 0) / resources.length,
            providerText: first ? providerOf(first.outputs) : "",
        },
    };
    writeFileSync(resultFile, JSON.stringify(output));
}

main().then(
    () => process.exit(0),
    (error: unknown) => {
        console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
        process.exit(1);
    },
);
