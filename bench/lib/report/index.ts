/** BENCHMARKS.md and its charts, from the measured results. */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";

import { median, sum } from "../stats";
import { costSection, overheadSection, stateSection } from "./costs";
import { fleetSection, scalingChart, scalingPoints, scalingSection, windowChart } from "./fleet";
import { mib, runsOf, seconds, table, times, int, verdict } from "./format";
import { htmlReportSection, htmlReportSummaryRows } from "./html-report";
import type { BenchResults } from "./results";
import { smallFleetSection, smallFleetSummaryRows } from "./small-fleet";

export type { BenchResults } from "./results";

function header(results: BenchResults): string[] {
    const { plan, machine } = results;
    const runCounts =
        `${plan.fleetPairs} ours/SDK pairs at N = ${plan.fleetTargets}; scaling ${plan.scaling.map((p) => `N = ${p.targets} × ${p.runs}`).join(", ")}; ` +
        `overhead ${plan.overhead.rounds} rounds × ${plan.overhead.reads} reads per variant after ${plan.overhead.warmup} warm-up reads; a ${plan.stackCount}-resource stack and its controls once each`;
    return [
        "# Benchmarks",
        "",
        `Written by \`npm run bench${plan.mode === "quick" ? " -- --quick" : ""}\` (bench/main.ts, see bench/README.md) on **${machine.date.slice(0, 10)}**; the whole run took **${(results.durationMs / 60000).toFixed(1)} min**.`,
        "",
        plan.mode === "quick"
            ? "> **Quick mode**: fewer runs and smaller N, for development only. The full report is `npm run bench`.\n"
            : "",
        "Everything runs on loopback against the emulator (`dist/emulator/main.js` in a separate process, a fresh one for every fleet run). " +
            "The machine is shared and noisy, so every figure is a **median** of several runs, and the headline figures are **ratios measured in the same run** " +
            "(wall ÷ lower bound, ours ÷ raw), not absolute times.",
        "",
        table(
            ["machine", ""],
            [
                ["date", machine.date],
                ["node", machine.node],
                ["CPU", `${machine.cores} cores, ${machine.cpuModel}`],
                ["memory", `${machine.memoryGb} GiB`],
                ["OS", machine.platform],
                ["load average (1 min) at start / end", `${machine.loadAtStart.toFixed(2)} / ${machine.loadAtEnd?.toFixed(2) ?? "–"}`],
                [
                    "code measured",
                    `commit ${machine.commit}${machine.providerChanges.length > 0 ? ` plus uncommitted changes to ${machine.providerChanges.join(", ")}` : ""}, ` +
                        (machine.builtFrom !== undefined && machine.builtFrom !== "working tree"
                            ? `built aside from git (\`${machine.builtFrom}\`) and copied for the run (build ${machine.build})`
                            : `built into dist/ and copied for the run (build ${machine.build ?? "–"})`),
                ],
                ["runs", runCounts],
            ],
        ),
        "",
    ];
}

function summary(results: BenchResults): string[] {
    const { plan, fleetRuns, overhead, stack } = results;
    const ours = runsOf(fleetRuns, "ours");
    const sdk = runsOf(fleetRuns, "sdk");
    const oursRatio = median(ours.map((r) => r.ratio));
    const oursFailures = sum(ours.map((r) => r.failures));
    const ours429 = sum(ours.map((r) => r.traffic.http429));
    const points = scalingPoints(results);
    const providerBytes = stack.state.providerBytes.outputs;
    const up = stack.operations.find((o) => o.op === "up");
    const refresh = stack.operations.find((o) => o.op === "refresh");
    const preview = stack.operations.find((o) => o.op === "preview");
    const serializations = sum(stack.operations.map((o) => o.serializeCalls));
    return [
        "## Summary",
        "",
        table(
            ["measure", "target", "measured (median)", ""],
            [
                [
                    `fleet read (N = ${plan.fleetTargets}), ours: wall ÷ lower bound`,
                    "≤ 1.15×",
                    times(oursRatio),
                    verdict(oursRatio <= 1.15),
                ],
                ["fleet read, ours: failed targets", "0", `${oursFailures} in ${ours.length} runs`, verdict(oursFailures === 0)],
                ["fleet read, ours: 429 responses", "0", `${ours429} in ${ours.length} runs`, verdict(ours429 === 0)],
                [
                    "fleet read, official SDK: wall ÷ bound / failed / 429s / token blocked",
                    "(reference)",
                    `${times(median(sdk.map((r) => r.ratio)))} / ${int(median(sdk.map((r) => r.failures)))} / ${int(median(sdk.map((r) => r.traffic.http429)))} / ${seconds(median(sdk.map((r) => r.traffic.blockedMs)))}`,
                    "",
                ],
                ["CPU per read, ours ÷ raw `node:http`", "≤ 2×", times(overhead.ratioOursToRaw), verdict(overhead.ratioOursToRaw <= 2)],
                ["`__provider` per resource", "≤ 4 KB (4096 B)", `${providerBytes} B`, verdict(providerBytes <= 4096)],
                [
                    `provider serializations for ${stack.count} resources`,
                    "once per process",
                    String(serializations),
                    verdict(serializations === 1),
                ],
                [`time to register ${stack.count} resources (preview)`, "–", seconds(preview?.durationMs ?? Number.NaN), ""],
                [
                    `provider host peak RSS reading ${stack.count} resources`,
                    "–",
                    `${mib(up?.hostPeakKb ?? null)} (up) / ${mib(refresh?.hostPeakKb ?? null)} (refresh)`,
                    "",
                ],
                [
                    `scaling: wall ÷ bound at N = ${points.map((p) => p.targets).join(" / ")}`,
                    "follows the bound",
                    points.map((p) => times(p.ratio)).join(" / "),
                    "",
                ],
                [
                    `scaling: CLI peak RSS at N = ${points.map((p) => p.targets).join(" / ")}`,
                    "no super-linear growth",
                    points.map((p) => mib(p.rssKb)).join(" / "),
                    "",
                ],
                ...smallFleetSummaryRows(results),
                ...htmlReportSummaryRows(results.htmlReport),
            ],
        ),
        "",
    ];
}

function howToRun(): string[] {
    return [
        "## How to run",
        "",
        "```sh",
        "npm run bench                                          # the full report: this file and bench/charts/*.svg (about 17 min)",
        "npm run bench -- --quick                               # fewer runs, smaller N: .bench-tmp/BENCHMARKS.quick.md (about 2 min)",
        "npm run bench -- --out FILE                            # the report somewhere else",
        "npm run bench -- --ref HEAD                            # measure a commit (built aside) instead of the working tree",
        "npm run bench -- --from-results .bench-tmp/results-full.json   # re-render from a saved run",
        "```",
        "",
        "`tests/integration/bench-smoke.test.ts` runs a small version in the test suite (60 targets, 20 requests per 2 s, a 2 s block, another client taking 25 %) and asserts " +
            "invariants only: no failures, no 429s, no window over quota, one request per target, `__provider` ≤ 4 KB.",
        "",
    ];
}

export function writeReport(results: BenchResults): void {
    const { plan } = results;
    mkdirSync(plan.chartsDir, { recursive: true });
    const reportDir = path.dirname(plan.reportFile);
    const link = (file: string): string => path.relative(reportDir, path.join(plan.chartsDir, file)).split(path.sep).join("/");

    const windowSvg = windowChart(plan, results.fleetRuns);
    if (windowSvg) writeFileSync(path.join(plan.chartsDir, "fleet-windows.svg"), windowSvg);
    writeFileSync(path.join(plan.chartsDir, "scaling.svg"), scalingChart(scalingPoints(results)));

    const lines = [
        ...header(results),
        ...summary(results),
        ...fleetSection(results, windowSvg ? link("fleet-windows.svg") : null),
        ...overheadSection(results.overhead),
        ...stateSection(results.stack),
        ...costSection(results),
        ...scalingSection(results, link("scaling.svg")),
        ...smallFleetSection(results),
        ...htmlReportSection(results.htmlReport),
        ...howToRun(),
    ];
    mkdirSync(reportDir, { recursive: true });
    // No double blank lines (sections end with one, optional parts may be empty).
    const text = lines.filter((line, i, all) => !(line === "" && all[i - 1] === "")).join("\n");
    writeFileSync(plan.reportFile, `${text}\n`);
}
