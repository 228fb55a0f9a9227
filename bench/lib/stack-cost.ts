/** Sections 3 and 4: state size, program and host cost of a many-resource stack. */
import path from "node:path";

import { benchProgramDir } from "./dist";
import { EmulatorProcess, REPO_ROOT } from "./emulator-process";
import { FLEET_ZONE } from "./seed";
import { runWorker } from "./worker";
import type { StackCostInput, StackCostOutput } from "../workers/stack-cost";

/** The benchmark program; measurements use benchProgramDir("fleet-stack"), which follows a pinned build. */
export const FLEET_STACK_DIR = path.join(REPO_ROOT, "bench", "fleet-stack");

export interface StackCostSettings {
    count: number;
    latencyMs: number;
    token: string;
    seedFile: string;
}

export type StackCostResult = StackCostOutput & { latencyMs: number };

export const AOP_TYPE = "pulumi-nodejs:dynamic/cloudflare:AuthenticatedOriginPullStatus";

export async function measureStackCost(settings: StackCostSettings): Promise<StackCostResult> {
    // A budget no stack of this size can reach: this section measures size and memory, not pacing.
    const emulator = await EmulatorProcess.start({
        latencyMs: settings.latencyMs,
        quota: 100_000_000,
        windowSeconds: 300,
        penaltySeconds: 300,
        token: settings.token,
        dataFile: settings.seedFile,
    });
    try {
        const input: StackCostInput = {
            programDir: benchProgramDir("fleet-stack"),
            config: {
                "aop-bench-fleet:zoneId": FLEET_ZONE,
                "aop-bench-fleet:count": String(settings.count),
                "cloudflare:baseUrl": emulator.url,
            },
            secretConfig: { "cloudflare:apiToken": settings.token },
            count: settings.count,
            resourceType: AOP_TYPE,
        };
        const { result } = await runWorker<StackCostOutput>("stack-cost", input);
        return { ...result, latencyMs: settings.latencyMs };
    } finally {
        await emulator.stop();
    }
}

/**
 * Controls for the same operations, no network:
 *  - "same-shape": bench/echo-stack, resources with our inputs and declared outputs behind an echo provider;
 *  - "minimal": the harness's own fleet fixture, a dynamic resource with three properties.
 */
export type ControlKind = "same-shape" | "minimal";

export const CONTROL_PROGRAMS: Record<ControlKind, { dir: () => string; type: string; countKey: string; description: string }> = {
    "same-shape": {
        dir: () => benchProgramDir("echo-stack"),
        type: "pulumi-nodejs:dynamic/bench:EchoStatus",
        countKey: "aop-bench-echo:count",
        description: "same inputs and declared outputs as ours, provider echoes its inputs (`bench/echo-stack`)",
    },
    minimal: {
        dir: () => path.join(REPO_ROOT, "tests", "fixtures", "harness", "fleet"),
        type: "pulumi-nodejs:dynamic/harness:Member",
        countKey: "harness-fleet:count",
        description: "three properties, provider echoes its inputs (the harness's `tests/fixtures/harness/fleet`)",
    },
};

export async function measureControlStack(kind: ControlKind, count: number): Promise<StackCostOutput> {
    const program = CONTROL_PROGRAMS[kind];
    const input: StackCostInput = {
        programDir: program.dir(),
        config: { [program.countKey]: String(count) },
        secretConfig: {},
        count,
        resourceType: program.type,
    };
    const { result } = await runWorker<StackCostOutput>("stack-cost", input);
    return result;
}
