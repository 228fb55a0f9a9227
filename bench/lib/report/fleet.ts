/** Sections 1 (fleet read) and 5 (scaling), with their charts. */
import type { FleetRun } from "../fleet";
import type { BenchPlan } from "../plan";
import { maxOf, median, minOf, spread, sum } from "../stats";
import { renderChart, type Panel } from "../svg";
import { BOUND_COLOR, int, mib, OTHER_COLOR, OURS_COLOR, runsOf, SDK_COLOR, seconds, table, times } from "./format";
import type { BenchResults } from "./results";

function errorKinds(runs: FleetRun[]): string {
    const totals: Record<string, number> = {};
    for (const run of runs) for (const [kind, count] of Object.entries(run.errorKinds)) totals[kind] = (totals[kind] ?? 0) + count;
    const entries = Object.entries(totals);
    return entries.length === 0 ? "none" : entries.map(([kind, count]) => `${kind} ×${count}`).join(", ");
}

function clientRows(runs: FleetRun[]): string[][] {
    return (["ours", "sdk"] as const)
        .map((client) => runsOf(runs, client))
        .filter((group) => group.length > 0)
        .map((group) => [
            group[0].client === "ours" ? "**ours** (`aop-status check`)" : "official SDK (`cloudflare` 7.3.0)",
            spread(
                group.map((r) => r.wallMs),
                seconds,
            ),
            seconds(group[0].bound.ms),
            `**${times(median(group.map((r) => r.ratio)))}** (${times(minOf(group.map((r) => r.ratio)))}–${times(maxOf(group.map((r) => r.ratio)))})`,
            `${int(median(group.map((r) => r.failures)))} (total ${int(sum(group.map((r) => r.failures)))})`,
            `${int(median(group.map((r) => r.traffic.http429)))} (total ${int(sum(group.map((r) => r.traffic.http429)))})`,
            `${int(median(group.map((r) => r.traffic.blocks.length)))} / ${seconds(median(group.map((r) => r.traffic.blockedMs)))}`,
            `${int(median(group.map((r) => r.other.rejected)))} of ${int(median(group.map((r) => r.other.hits)))}`,
            int(maxOf(group.map((r) => r.traffic.maxWindowUse))),
        ]);
}

function perRunRows(runs: FleetRun[]): string[][] {
    return runs.map((run, index) => [
        String(index + 1),
        run.client,
        seconds(run.wallMs),
        run.client === "ours" ? seconds(run.innerMs) : "–",
        times(run.ratio),
        `${run.ok}/${run.targets}`,
        String(run.traffic.requests),
        String(run.traffic.http429),
        `${run.traffic.blocks.length} (${run.traffic.blocks.filter((b) => b.trippedBy === "client").length} by this client)`,
        `${run.other.rejected}/${run.other.hits}`,
        run.traffic.windows.map((w) => w.client).join(" ") || "–",
        run.client === "ours" ? mib(run.peakRssKb) : "–",
    ]);
}

/** The run of `client` whose wall time is the median (or nearest to it). */
function medianRun(runs: FleetRun[], client: FleetRun["client"]): FleetRun | undefined {
    const group = runsOf(runs, client);
    const mid = median(group.map((r) => r.wallMs));
    return [...group].sort((a, b) => Math.abs(a.wallMs - mid) - Math.abs(b.wallMs - mid))[0];
}

export function windowChart(plan: BenchPlan, runs: FleetRun[]): string | null {
    const panels: Panel[] = [];
    for (const client of ["ours", "sdk"] as const) {
        const run = medianRun(runs, client);
        if (!run) continue;
        const color = client === "ours" ? OURS_COLOR : SDK_COLOR;
        const name = client === "ours" ? "ours" : "official SDK";
        panels.push({
            kind: "bars",
            title: `${name}: requests counted per window`,
            xLabel: `window (${plan.fleet.windowSeconds} s each), ${run.traffic.blocks.length} block(s) of ${plan.fleet.penaltySeconds} s`,
            yLabel: "requests counted",
            bars: run.traffic.windows.map((w, i) => ({
                label: String(i + 1),
                segments: [
                    { value: w.client, color },
                    { value: w.other, color: OTHER_COLOR },
                ],
            })),
            legend: [
                { name, color },
                { name: "other client", color: OTHER_COLOR },
            ],
            limit: { value: plan.fleet.quota, label: `quota ${plan.fleet.quota}` },
        });
    }
    return panels.length === 0 ? null : renderChart("Fleet read: budget use per rate-limit window (the median run of each client)", panels);
}

export interface ScalingPoint {
    targets: number;
    runs: number;
    boundMs: number;
    wallMs: number;
    innerMs: number;
    ratio: number;
    rssKb: number;
    failures: number;
    http429: number;
}

export function scalingPoints(results: BenchResults): ScalingPoint[] {
    const ours = [...runsOf(results.fleetRuns, "ours"), ...results.scalingRuns];
    return results.plan.scaling.map(({ targets }) => {
        const group = runsOf(ours, "ours", targets);
        return {
            targets,
            runs: group.length,
            boundMs: group[0]?.bound.ms ?? Number.NaN,
            wallMs: median(group.map((r) => r.wallMs)),
            innerMs: median(group.map((r) => r.innerMs)),
            ratio: median(group.map((r) => r.ratio)),
            rssKb: median(group.map((r) => r.peakRssKb ?? Number.NaN)),
            failures: sum(group.map((r) => r.failures)),
            http429: sum(group.map((r) => r.traffic.http429)),
        };
    });
}

export function scalingChart(points: ScalingPoint[]): string {
    return renderChart("Scaling of the fleet read (ours, medians)", [
        {
            kind: "line",
            title: "wall time vs the lower bound",
            xLabel: "targets (N)",
            yLabel: "seconds",
            series: [
                { name: "wall (spawn→exit)", color: OURS_COLOR, points: points.map((p) => ({ x: p.targets, y: p.wallMs / 1000 })) },
                {
                    name: "lower bound",
                    color: BOUND_COLOR,
                    dashed: true,
                    points: points.map((p) => ({ x: p.targets, y: p.boundMs / 1000 })),
                },
            ],
        },
        {
            kind: "line",
            title: "CLI peak RSS",
            xLabel: "targets (N)",
            yLabel: "MiB",
            series: [{ name: "peak RSS (ru_maxrss)", color: SDK_COLOR, points: points.map((p) => ({ x: p.targets, y: p.rssKb / 1024 })) }],
        },
    ]);
}

/** Data-driven notes about our limiter, for whoever tunes it. */
function observations(results: BenchResults): string[] {
    const { plan } = results;
    const budget = plan.fleet.quota - plan.fleet.otherPerWindow;
    const ours = [...runsOf(results.fleetRuns, "ours"), ...results.scalingRuns];
    const notes: string[] = [];
    const windows = ours.flatMap((run) => run.traffic.windows.filter((w) => w.client > 0));
    if (windows.length > 0) {
        const over = windows.filter((w) => w.client > budget);
        const atQuota = windows.filter((w) => w.total >= plan.fleet.quota);
        const nearQuota = windows.filter((w) => w.total >= plan.fleet.quota - 2);
        notes.push(
            `Across all ${ours.length} runs of ours, ${over.length} of ${windows.length} windows held more of our requests than our share B = ${budget} ` +
                `(most: ${maxOf(windows.map((w) => w.client))}; median ${int(median(windows.map((w) => w.client)))}). The most requests of all clients counted in one window: ` +
                `${maxOf(windows.map((w) => w.total))} of ${plan.fleet.quota}; ${nearQuota.length} windows were filled to within two requests of the quota` +
                (atQuota.length > 0
                    ? `, and ${atQuota.length} reached it exactly (ours ${[...new Set(atQuota.map((w) => w.client))].join("/")} + other ${[...new Set(atQuota.map((w) => w.other))].join("/")}): ` +
                      "no headroom left, so one more request by anyone in those windows would have tripped the block."
                    : ".") +
                (over.length > 0
                    ? " The pacer keeps room for the other client's *projected* spend; when it projects too little early in a window, the other client is the one that crosses the quota."
                    : ""),
        );
    }
    const extraWindows = ours.filter((run) => run.traffic.windows.filter((w) => w.client > 0).length > run.bound.windows);
    if (extraWindows.length > 0) {
        notes.push(
            `${extraWindows.length} of ${ours.length} runs of ours needed more windows than the bound's k ` +
                `(${[...new Set(extraWindows.map((run) => `N = ${run.targets}: ${run.traffic.windows.filter((w) => w.client > 0).length} instead of ${run.bound.windows}`))].join("; ")}), ` +
                "each extra window costing a whole W. The pacer never uses the last few requests of a window (its safety margin, and room for the other client's projected spend), " +
                "so when N is just above a multiple of what it does use, a tail of a few requests waits for one more window.",
        );
    }
    const blocks = ours.flatMap((run) => run.traffic.blocks);
    notes.push(
        blocks.length === 0
            ? "No run of ours caused a block, and the other client never had a request refused."
            : `Our runs caused ${blocks.length} block(s) (${blocks.filter((b) => b.trippedBy === "client").length} tripped by one of our requests, ` +
                  `${blocks.filter((b) => b.trippedBy === "other").length} by the other client's request after we had spent the room it needed); ` +
                  `${sum(ours.map((r) => r.other.rejected))} of the other client's ${sum(ours.map((r) => r.other.hits))} requests were refused during those blocks.`,
    );
    const atFleet = ours.filter((r) => r.targets === plan.fleetTargets);
    if (atFleet.length > 0) {
        notes.push(
            `Starting Node and loading the CLI costs ${seconds(median(atFleet.map((r) => r.wallMs - r.innerMs)))} of each run (wall − the report's own durationMs, median at N = ${plan.fleetTargets}).`,
        );
    }
    const points = scalingPoints(results);
    const small = points[0];
    if (small && small.targets <= budget) {
        notes.push(
            `At N = ${small.targets} everything fits in the first window, so the bound is just ${seconds(small.boundMs)} of round trips; ` +
                `the CLI took ${seconds(small.wallMs)} (${seconds(small.innerMs)} by its own clock). What is left after start-up is time the pacer spent before releasing the fleet.`,
        );
    }
    return notes;
}

export function fleetSection(results: BenchResults, windowChartLink: string | null): string[] {
    const { plan, fleetRuns } = results;
    const f = plan.fleet;
    const ours = runsOf(fleetRuns, "ours");
    const sdk = runsOf(fleetRuns, "sdk");
    const bound = (ours[0] ?? sdk[0]).bound;
    return [
        "## 1. Fleet read",
        "",
        `N = ${plan.fleetTargets} targets, read by \`aop-status check --targets-file FILE --format json --concurrency ${f.concurrency}\` (spawned, as a CI job runs it) and, ` +
            `in the same run and interleaved with it, by Cloudflare's official SDK (\`new Cloudflare({apiToken, baseURL})\`, ` +
            `\`client.originTLSClientAuth.hostnames.get(hostname, { zone_id })\`, its default 2 retries) from a pool of ${f.concurrency} workers.`,
        "",
        `Emulator: ${f.latencyMs} ms latency per response, **${f.quota} requests per ${f.windowSeconds} s window**, ${f.penaltySeconds} s block when crossed ` +
            `(Cloudflare's 1200 per 300 s and 300 s block, scaled down). Another client shares the token: the bench process spends ${f.otherPerWindow} requests per window ` +
            `(${Math.round((f.otherPerWindow / f.quota) * 100)} % of the quota) through \`POST /__emulator/quota/consume\`, one every ${(f.windowSeconds * 1000) / f.otherPerWindow} ms, ` +
            "starting when the measured client starts. Every run gets a fresh emulator process (fresh budget); the order alternates ours-first and SDK-first.",
        "",
        "### The lower bound",
        "",
        "The emulator's limit is a fixed window per credential: a window opens at the first counted request after the previous one ended and counts at most Q requests; " +
            "the other client takes S of every window, so at most B = Q − S are ours. With N requests, C in flight and latency L:",
        "",
        "```text",
        "k = ceil(N / B)                          windows needed at least",
        "r = N − (k − 1)·B                        requests in the last window (1 ≤ r ≤ B)",
        "T_rate    = (k − 1)·W + L·ceil(r / C)    the k-th window opens ≥ (k − 1)·W after the first; its r requests need ceil(r/C) round trips",
        "T_latency = L·ceil(N / C)                C requests in flight, each taking ≥ L",
        "T_bound   = max(T_rate, T_latency)",
        "```",
        "",
        `Here Q = ${f.quota}, S = ${f.otherPerWindow}, B = ${bound.budgetPerWindow}, W = ${f.windowSeconds} s, L = ${f.latencyMs} ms, C = ${f.concurrency}, N = ${plan.fleetTargets}: ` +
            `k = ${bound.windows}, r = ${bound.lastWindowRequests}, T_rate = ${seconds(bound.rateMs)}, T_latency = ${seconds(bound.latencyMs)}, so **T_bound = ${seconds(bound.ms)}**. ` +
            "Gaps between windows, process start-up and per-request processing are left out, so no client that leaves the other client its share can beat it. " +
            "Wall time is measured from spawning the CLI to its exit (Node start-up included); for the SDK, which runs in the bench process, from its first call to its last.",
        "",
        table(
            [
                "client",
                "wall",
                "bound",
                "wall ÷ bound",
                "failed targets",
                "429s received",
                "blocks / token blocked",
                "other client refused",
                "most requests in one window",
            ],
            clientRows(fleetRuns),
        ),
        "",
        `Failures by kind — ours: ${errorKinds(ours)}; SDK: ${errorKinds(sdk)}. 429s are counted from the emulator's log by User-Agent (\`pulumi-cloudflare-aop-status/…\` vs \`Cloudflare/JS …\`); ` +
            "blocks and window use come from the token's rate-limit state, which the emulator returns to the other client on every call. " +
            "The SDK can finish *under* the bound because it does not leave the other client its share: it takes the whole quota, trips the block, waits out Retry-After, " +
            "and starts again with a clean slate. With the scaled-down 5 s block its own reads survive (2 retries × Retry-After ≤ 5 s); " +
            "the cost lands on the other tool, whose requests are refused while the token is blocked.",
        "",
        windowChartLink ? `![Budget use per window](${windowChartLink})\n` : "",
        "<details><summary>Every run</summary>",
        "",
        table(
            [
                "#",
                "client",
                "wall",
                "CLI's own durationMs",
                "wall ÷ bound",
                "ok",
                "requests",
                "429s",
                "blocks",
                "other refused/sent",
                "this client's requests per window",
                "CLI peak RSS",
            ],
            perRunRows(fleetRuns),
        ),
        "",
        "</details>",
        "",
        "**Observations**",
        "",
        ...observations(results).map((note) => `- ${note}`),
        "",
    ];
}

export function scalingSection(results: BenchResults, chartLink: string): string[] {
    const points = scalingPoints(results);
    return [
        "## 5. Scaling",
        "",
        `The fleet read of section 1 (ours only, same emulator settings and other client) at several N. The N = ${results.plan.fleetTargets} runs are section 1's.`,
        "",
        table(
            [
                "N",
                "runs",
                "lower bound",
                "wall (median)",
                "wall ÷ bound",
                "CLI's own durationMs",
                "failed",
                "429s",
                "CLI peak RSS",
                "RSS per extra target",
            ],
            points.map((p, i) => [
                String(p.targets),
                String(p.runs),
                seconds(p.boundMs),
                seconds(p.wallMs),
                times(p.ratio),
                seconds(p.innerMs),
                String(p.failures),
                String(p.http429),
                mib(p.rssKb),
                i === 0 ? "–" : `${((p.rssKb - points[i - 1].rssKb) / (p.targets - points[i - 1].targets)).toFixed(1)} KiB`,
            ]),
        ),
        "",
        `![Scaling: wall vs bound, and CLI peak RSS](${chartLink})`,
        "",
        "Wall time should track the bound: linear in N once the rate limit binds (N > B), with a constant offset for start-up. " +
            "At small N that constant dominates the ratio. Memory should grow at most linearly (the report keeps every target's outputs, PEM included, until it is printed).",
        "",
    ];
}
