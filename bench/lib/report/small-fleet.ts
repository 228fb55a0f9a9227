/** Section 6 of the report: small fleets do not wait. */
import { median, sum } from "../stats";
import type { SmallFleetRun } from "../small-fleet";
import { table, times, verdict } from "./format";
import type { BenchResults } from "./results";

/** The target: (CLI wall − start-up) ≤ 1.5 × ceil(N / concurrency) × latency. */
export const SMALL_FLEET_TARGET = 1.5;

export interface SmallFleetCase {
    targets: number;
    burst: number;
    runs: SmallFleetRun[];
    ratio: number;
}

export function smallFleetCases(runs: readonly SmallFleetRun[]): SmallFleetCase[] {
    const keys = [...new Set(runs.map((run) => `${run.targets} ${run.burst}`))];
    return keys.map((key) => {
        const [targets, burst] = key.split(" ").map(Number);
        const of = runs.filter((run) => run.targets === targets && run.burst === burst);
        return { targets, burst, runs: of, ratio: median(of.map((run) => run.ratio)) };
    });
}

/** Runs saved before the raw reference existed have no `rawMs`. */
function rawColumns(runs: readonly SmallFleetRun[], ms: (value: number) => string): string[] {
    const withRaw = runs.filter((r) => typeof r.rawMs === "number");
    if (withRaw.length === 0) return ["–", "–", "–"];
    return [
        ms(median(withRaw.map((r) => r.rawMs))),
        times(median(withRaw.map((r) => r.rawMs / r.boundMs))),
        times(median(withRaw.map((r) => (r.wallMs - r.startupMs) / r.rawMs))),
    ];
}

const label = (c: SmallFleetCase): string =>
    `N = ${c.targets}, ${c.burst > 0 ? `after another tool's burst of ${c.burst}` : "untouched budget"}`;

/** Rows for the summary table. */
export function smallFleetSummaryRows(results: BenchResults): string[][] {
    return smallFleetCases(results.smallFleetRuns ?? [])
        .map((c) => [
            `small fleet (${label(c)}): (wall − start-up) ÷ latency bound`,
            `≤ ${SMALL_FLEET_TARGET}×`,
            times(c.ratio),
            verdict(c.ratio <= SMALL_FLEET_TARGET && sum(c.runs.map((run) => run.http429 + run.failures)) === 0),
        ])
        .concat(rawSummaryRows(results));
}

/** One reference row: how far the CLI is from a raw client that reads the same way, in the same runs. */
function rawSummaryRows(results: BenchResults): string[][] {
    const runs = (results.smallFleetRuns ?? []).filter((r) => typeof r.rawMs === "number");
    if (runs.length === 0) return [];
    const sizes = [...new Set(runs.map((r) => r.targets))];
    const ratios = sizes.map((n) => times(median(runs.filter((r) => r.targets === n).map((r) => (r.wallMs - r.startupMs) / r.rawMs))));
    return [
        [
            `small fleet (N = ${sizes.join(" / ")}): (wall − start-up) ÷ a raw \`node:http\` client with the same probe, same run`,
            "(reference)",
            ratios.join(" / "),
            "",
        ],
    ];
}

export function smallFleetSection(results: BenchResults): string[] {
    const runs = results.smallFleetRuns ?? [];
    const settings = results.plan.smallFleet;
    if (runs.length === 0 || !settings) return [];
    const ms = (value: number): string => `${Math.round(value)} ms`;
    return [
        "## 6. Small fleets do not wait",
        "",
        `The spawned \`aop-status check\` reads N hostnames at ${settings.latencyMs} ms latency with ample budget (${settings.quota} per ${settings.windowSeconds} s, ` +
            `a fresh emulator per run), concurrency ${settings.concurrency}: once on an untouched budget, and once right after another tool spent a burst of it. ` +
            "The figure is the CLI's wall time minus Node's start-up (`aop-status --version`, timed in the same run just before), " +
            `against the latency bound ceil(N / ${settings.concurrency}) × ${settings.latencyMs} ms. The single probe before the first answer is in the measured time, ` +
            `not in the bound, so N = 20 cannot go below ${times((Math.ceil(19 / settings.concurrency) + 1) / Math.ceil(20 / settings.concurrency))}. Target: ≤ ${SMALL_FLEET_TARGET}×, with no 429 and no failure. ` +
            "Medians of the runs; the ratio is computed within each run. The CLI's own `durationMs` (no start-up at all) is shown beside it, as a less noisy check. " +
            `Right after each CLI run, the same emulator answers a raw \`node:http\` client reading the same hostnames the same way (one probe, then ${settings.concurrency} in flight): ` +
            "the floor any client with a probe meets here, the emulator's own handling of each answer included. The last ratio, (wall − start-up) ÷ raw, is the CLI's cost over that floor.",
        "",
        table(
            [
                "case",
                "runs",
                "CLI wall",
                "start-up",
                "wall − start-up",
                "bound",
                "ratio",
                "CLI's own duration ÷ bound",
                "requests / 429s / failed",
                "raw client, same reads",
                "raw ÷ bound",
                "(wall − start-up) ÷ raw",
                "",
            ],
            smallFleetCases(runs).map((c) => [
                label(c),
                String(c.runs.length),
                ms(median(c.runs.map((r) => r.wallMs))),
                ms(median(c.runs.map((r) => r.startupMs))),
                ms(median(c.runs.map((r) => r.wallMs - r.startupMs))),
                ms(c.runs[0].boundMs),
                times(c.ratio),
                times(median(c.runs.map((r) => r.innerMs / r.boundMs))),
                `${sum(c.runs.map((r) => r.requests))} / ${sum(c.runs.map((r) => r.http429))} / ${sum(c.runs.map((r) => r.failures))}`,
                ...rawColumns(c.runs, ms),
                verdict(c.ratio <= SMALL_FLEET_TARGET),
            ]),
        ),
        "",
    ];
}
