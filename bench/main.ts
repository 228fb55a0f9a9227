/**
 * `npm run bench`: measures the fleet read (ours vs the official SDK), the CPU overhead per read,
 * state size, program and host cost, and scaling, all on loopback against the emulator, and
 * writes BENCHMARKS.md with charts. `-- --quick` runs a smaller version for development.
 *
 * Order: section 1's ours/SDK pairs interleaved (alternating which goes first), then the other
 * scaling sizes interleaved with each other, then overhead, then the stack. Progress goes to stderr.
 */
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";

import { buildRevision, pinDist, removeRevisionBuild, unpinDist } from "./lib/dist";
import { runFleet, type FleetClient, type FleetFiles, type FleetRun } from "./lib/fleet";
import { describeMachine, type MachineInfo } from "./lib/machine";
import { measureHtmlReport } from "./lib/html-report";
import { measureOverhead } from "./lib/overhead";
import { BENCH_TOKEN, planFor, type BenchPlan } from "./lib/plan";
import { writeReport, type BenchResults } from "./lib/report/index";
import { BENCH_TMP, writeFleetSeed, writeTargetsFile } from "./lib/seed";
import { runSmallFleet, type SmallFleetRun } from "./lib/small-fleet";
import { measureControlStack, measureStackCost } from "./lib/stack-cost";

function progress(text: string): void {
    process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${text}\n`);
}

function describeRun(run: FleetRun): string {
    return (
        `${run.client} N=${run.targets}: ${(run.wallMs / 1000).toFixed(1)} s, bound ${(run.bound.ms / 1000).toFixed(1)} s, ratio ${run.ratio.toFixed(2)}; ` +
        `${run.failures} failed, ${run.traffic.http429}×429, ${run.traffic.blocks.length} block(s), other client refused ${run.other.rejected}/${run.other.hits}`
    );
}

async function main(): Promise<void> {
    const argv = process.argv.slice(2);
    // `--from-results FILE` re-renders the report from a saved run without measuring again.
    const fromIndex = argv.indexOf("--from-results");
    if (fromIndex >= 0) {
        const saved = JSON.parse(readFileSync(argv[fromIndex + 1], "utf8")) as BenchResults;
        const fresh = planFor(argv);
        writeReport({ ...saved, plan: { ...saved.plan, reportFile: fresh.reportFile, chartsDir: fresh.chartsDir } });
        progress(`re-rendered ${fresh.reportFile}`);
        return;
    }
    const started = performance.now();
    const plan = planFor(argv);
    // `--only-small-fleet FILE` measures section 6 again and re-renders the report with the other
    // sections from a saved run (each section's figures are within-run ratios of its own).
    const onlySmallIndex = argv.indexOf("--only-small-fleet");
    if (onlySmallIndex >= 0) {
        const saved = JSON.parse(readFileSync(argv[onlySmallIndex + 1], "utf8")) as BenchResults;
        const pinnedSmall = pinDist(BENCH_TMP);
        removeRevisionBuild(BENCH_TMP);
        progress(`small fleets again; measuring the build copied to ${pinnedSmall}`);
        try {
            const files = new Map<number, FleetFiles>();
            try {
                const smallFleetRuns = await measureSmallFleets(plan, (targets) => {
                    const entry = files.get(targets) ?? { seedFile: writeFleetSeed(targets), targetsFile: writeTargetsFile(targets) };
                    files.set(targets, entry);
                    return entry;
                });
                const merged: BenchResults = {
                    ...saved,
                    smallFleetRuns,
                    plan: { ...saved.plan, smallFleet: plan.smallFleet, reportFile: plan.reportFile, chartsDir: plan.chartsDir },
                };
                writeFileSync(path.join(BENCH_TMP, `results-${plan.mode}.json`), JSON.stringify(merged));
                writeReport(merged);
                progress(`re-rendered ${plan.reportFile} with new small-fleet runs`);
            } finally {
                for (const entry of files.values()) for (const file of [entry.seedFile, entry.targetsFile]) rmSync(file, { force: true });
            }
        } finally {
            unpinDist();
        }
        return;
    }
    // `--ref REV` measures a commit (built aside) instead of the working tree's dist/.
    const refIndex = argv.indexOf("--ref");
    const revision = refIndex >= 0 ? buildRevision(argv[refIndex + 1], BENCH_TMP) : null;
    const pinned = pinDist(BENCH_TMP, revision?.dist);
    removeRevisionBuild(BENCH_TMP);
    const machine = describeMachine();
    if (revision) {
        machine.commit = revision.commit;
        machine.providerChanges = [];
        machine.builtFrom = `--ref ${argv[refIndex + 1]}`;
    }
    progress(
        `${plan.mode} run on ${machine.cores} cores, node ${machine.node}; measuring the build copied to ${pinned}; report → ${plan.reportFile}`,
    );
    try {
        await measureAll(plan, machine, started);
    } finally {
        unpinDist();
    }
}

async function measureAll(plan: BenchPlan, machine: MachineInfo, started: number): Promise<void> {
    const files = new Map<number, FleetFiles>();
    const filesFor = (targets: number): FleetFiles => {
        let entry = files.get(targets);
        if (!entry) {
            entry = { seedFile: writeFleetSeed(targets), targetsFile: writeTargetsFile(targets) };
            files.set(targets, entry);
        }
        return entry;
    };

    try {
        await measureAndReport(plan, machine, started, filesFor);
    } finally {
        for (const entry of files.values()) for (const file of [entry.seedFile, entry.targetsFile]) rmSync(file, { force: true });
    }
}

async function measureAndReport(
    plan: BenchPlan,
    machine: MachineInfo,
    started: number,
    filesFor: (targets: number) => FleetFiles,
): Promise<void> {
    const fleetRuns: FleetRun[] = [];
    for (let pair = 0; pair < plan.fleetPairs; pair++) {
        const order: FleetClient[] = pair % 2 === 0 ? ["ours", "sdk"] : ["sdk", "ours"];
        for (const client of order) {
            const run = await runFleet(client, plan.fleetTargets, plan.fleet, filesFor(plan.fleetTargets));
            fleetRuns.push(run);
            progress(`fleet ${fleetRuns.length}/${plan.fleetPairs * 2} ${describeRun(run)}`);
        }
    }

    const scalingRuns: FleetRun[] = [];
    const extra = plan.scaling.filter((size) => size.targets !== plan.fleetTargets);
    const rounds = Math.max(0, ...extra.map((size) => size.runs));
    for (let round = 0; round < rounds; round++) {
        for (const size of extra.filter((entry) => round < entry.runs)) {
            const run = await runFleet("ours", size.targets, plan.fleet, filesFor(size.targets));
            scalingRuns.push(run);
            progress(`scaling ${describeRun(run)}; CLI peak RSS ${((run.peakRssKb ?? 0) / 1024).toFixed(0)} MiB`);
        }
    }

    const smallFleetRuns = await measureSmallFleets(plan, filesFor);

    progress("overhead per read");
    const overhead = await measureOverhead({
        ...plan.overhead,
        token: BENCH_TOKEN,
        seedFile: filesFor(Math.min(...plan.scaling.map((p) => p.targets))).seedFile,
    });
    progress(
        `overhead: ours ${overhead.cpuUsPerRead.ours.toFixed(0)} µs, raw ${overhead.cpuUsPerRead.raw.toFixed(0)} µs CPU per read, ratio ${overhead.ratioOursToRaw.toFixed(2)}`,
    );

    progress(`stack of ${plan.stackCount} resources`);
    const stack = await measureStackCost({
        count: plan.stackCount,
        latencyMs: plan.fleet.latencyMs,
        token: BENCH_TOKEN,
        seedFile: filesFor(plan.stackCount).seedFile,
    });
    progress(`stack: __provider ${stack.state.providerBytes.outputs} B, state ${(stack.state.totalBytes / 1024 / 1024).toFixed(1)} MiB`);
    const controls = {
        "same-shape": await measureControlStack("same-shape", plan.stackCount),
        minimal: await measureControlStack("minimal", plan.stackCount),
    };
    progress("control stacks done");

    progress(`HTML report for ${plan.htmlReport.targets} targets`);
    const htmlReport = await measureHtmlReport(plan.htmlReport);
    progress(
        `HTML report: ${htmlReport.bytes} B, interactive in ${htmlReport.medianInteractiveMs.toFixed(0)} ms (median of ${htmlReport.runs.length})`,
    );

    machine.loadAtEnd = os.loadavg()[0];
    const results: BenchResults = {
        plan,
        machine,
        durationMs: performance.now() - started,
        fleetRuns,
        scalingRuns,
        overhead,
        stack,
        controls,
        smallFleetRuns,
        htmlReport,
    };
    const resultsFile = path.join(BENCH_TMP, `results-${plan.mode}.json`);
    writeFileSync(resultsFile, JSON.stringify(results));
    progress(`raw results in ${resultsFile}`);
    writeReport(results);
    progress(`wrote ${plan.reportFile} in ${((performance.now() - started) / 1000 / 60).toFixed(1)} min`);
}

/** Section 6: each size and burst in turn, round after round. */
async function measureSmallFleets(plan: BenchPlan, filesFor: (targets: number) => FleetFiles): Promise<SmallFleetRun[]> {
    const smallFleetRuns: SmallFleetRun[] = [];
    const small = plan.smallFleet;
    for (let round = 0; small && round < small.runs; round++) {
        for (const targets of small.sizes) {
            for (const burst of small.bursts) {
                const run = await runSmallFleet(small, targets, burst, filesFor(targets));
                smallFleetRuns.push(run);
                progress(
                    `small fleet N=${targets}${burst > 0 ? ` after a burst of ${burst}` : ""}: ${run.wallMs.toFixed(0)} ms − start-up ${run.startupMs.toFixed(0)} ms ` +
                        `= ${(run.wallMs - run.startupMs).toFixed(0)} ms, bound ${run.boundMs} ms, ratio ${run.ratio.toFixed(2)}; raw client ${run.rawMs.toFixed(0)} ms; ${run.requests} requests, ${run.http429}×429, ${run.failures} failed`,
                );
            }
        }
    }
    return smallFleetRuns;
}

main().then(
    () => process.exit(0),
    (error: unknown) => {
        console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
        process.exit(1);
    },
);
