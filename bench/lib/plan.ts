/** What a benchmark run does: the full report (default) or `--quick` for development. */
import path from "node:path";

import { REPO_ROOT } from "./emulator-process";
import type { FleetSettings } from "./fleet";
import { BENCH_TMP } from "./seed";
import type { SmallFleetSettings } from "./small-fleet";

export interface BenchPlan {
    mode: "full" | "quick";
    /** The fleet-read settings shared by sections 1 and 5 (and, scaled, by the smoke test). */
    fleet: FleetSettings;
    /** Section 1: N and how many ours/SDK pairs. */
    fleetTargets: number;
    fleetPairs: number;
    /** Section 5: N → runs (the fleet-read size reuses section 1's runs of ours). */
    scaling: Array<{ targets: number; runs: number }>;
    overhead: { reads: number; rounds: number; warmup: number };
    /** Section 6: small fleets with ample budget. Optional so that older saved results still render. */
    smallFleet?: SmallFleetSettings;
    stackCount: number;
    /** The HTML report: its fleet size, and how many times it is opened in the browser. */
    htmlReport: { targets: number; runs: number };
    /** Where the report goes; charts go to `chartsDir`. */
    reportFile: string;
    chartsDir: string;
}

export const BENCH_TOKEN = "bench-local-token-not-a-secret";

/** Section 1's emulator: 20 ms latency, 200 requests per 5 s, 5 s block, another client taking 25 %. */
export const FLEET_SETTINGS: FleetSettings = {
    latencyMs: 20,
    quota: 200,
    windowSeconds: 5,
    penaltySeconds: 5,
    otherPerWindow: 50,
    concurrency: 8,
    token: BENCH_TOKEN,
};

/** Section 6: N = 20 and 100 at 100 ms latency, the documented 1200 per 300 s, untouched or just after another tool's burst of 100. */
function smallFleetSettings(runs: number): SmallFleetSettings {
    return {
        sizes: [20, 100],
        bursts: [0, 100],
        runs,
        latencyMs: 100,
        quota: 1200,
        windowSeconds: 300,
        concurrency: 8,
        token: BENCH_TOKEN,
    };
}

export function planFor(argv: readonly string[]): BenchPlan {
    const quick = argv.includes("--quick");
    const outIndex = argv.indexOf("--out");
    const out = outIndex >= 0 ? argv[outIndex + 1] : undefined;
    if (quick) {
        return {
            mode: "quick",
            fleet: FLEET_SETTINGS,
            fleetTargets: 250,
            fleetPairs: 2,
            scaling: [
                { targets: 50, runs: 2 },
                { targets: 250, runs: 2 },
                { targets: 500, runs: 1 },
            ],
            overhead: { reads: 500, rounds: 3, warmup: 300 },
            smallFleet: smallFleetSettings(2),
            stackCount: 100,
            htmlReport: { targets: 1000, runs: 3 },
            reportFile: path.resolve(out ?? path.join(BENCH_TMP, "BENCHMARKS.quick.md")),
            chartsDir: path.join(BENCH_TMP, "charts"),
        };
    }
    return {
        mode: "full",
        fleet: FLEET_SETTINGS,
        fleetTargets: 1000,
        fleetPairs: 5,
        scaling: [
            { targets: 100, runs: 5 },
            { targets: 1000, runs: 5 },
            { targets: 5000, runs: 3 },
        ],
        overhead: { reads: 2000, rounds: 7, warmup: 1000 },
        smallFleet: smallFleetSettings(7),
        stackCount: 1000,
        htmlReport: { targets: 1000, runs: 9 },
        reportFile: path.resolve(out ?? path.join(REPO_ROOT, "BENCHMARKS.md")),
        chartsDir: path.join(REPO_ROOT, "bench", "charts"),
    };
}
