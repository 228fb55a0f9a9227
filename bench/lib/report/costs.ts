/** Sections 2 (overhead per read), 3 (state size) and 4 (program and host cost). */
import type { OverheadResult } from "../overhead";
import { CONTROL_PROGRAMS, type ControlKind } from "../stack-cost";
import { sum } from "../stats";
import type { OperationCost, StackCostOutput } from "../../workers/stack-cost";
import { int, mib, seconds, table, times } from "./format";
import type { BenchResults } from "./results";

export function overheadSection(o: OverheadResult): string[] {
    const rounds = [...new Set(o.samples.map((x) => x.round))];
    const perRound = rounds
        .map((round) =>
            (["ours", "axios", "raw"] as const)
                .map((variant) => {
                    const sample = o.samples.find((x) => x.round === round && x.variant === variant);
                    return sample ? (sample.cpuUs / sample.reads).toFixed(0) : "–";
                })
                .join("/"),
        )
        .join(", ");
    return [
        "## 2. Overhead per read",
        "",
        `CPU time (user + system, \`process.cpuUsage()\`) per read: ${o.settings.reads} sequential reads of one hostname per variant and round, ${o.settings.rounds} rounds ` +
            `after ${o.settings.warmup} warm-up reads of each, the order rotating every round, in a worker process of its own. The emulator runs in another process ` +
            "(0 ms latency, an effectively unlimited quota, so the limiter never waits), and only the client's CPU is counted.",
        "",
        "- **ours**: `CloudflareClient.getHostnameStatus` from dist/ (shared limiter and pacing, axios, retry policy, envelope, mapping);",
        "- **axios**: a plain axios instance with a keep-alive agent, plus `JSON.parse`: no limiter, retries or mapping, to show where the overhead sits;",
        "- **raw**: `node:http` GET with a keep-alive agent, plus `JSON.parse`.",
        "",
        table(
            ["variant", "CPU per read (median)", "wall per read (median)", "÷ raw (median of same-round ratios)"],
            [
                [
                    "ours",
                    `${o.cpuUsPerRead.ours.toFixed(0)} µs`,
                    `${(o.wallMsPerRead.ours * 1000).toFixed(0)} µs`,
                    `**${times(o.ratioOursToRaw)}**`,
                ],
                [
                    "axios",
                    `${o.cpuUsPerRead.axios.toFixed(0)} µs`,
                    `${(o.wallMsPerRead.axios * 1000).toFixed(0)} µs`,
                    times(o.ratioAxiosToRaw),
                ],
                ["raw", `${o.cpuUsPerRead.raw.toFixed(0)} µs`, `${(o.wallMsPerRead.raw * 1000).toFixed(0)} µs`, "1.00×"],
            ],
        ),
        "",
        `CPU µs per read in each round (ours/axios/raw): ${perRound}. Our limiter counted ${o.limiter.requests} requests, ${o.limiter.rateLimited} of them rate limited.`,
        "",
    ];
}

export function stateSection(stack: StackCostOutput): string[] {
    const st = stack.state;
    const both = st.providerBytes.outputs + st.providerBytes.inputs;
    return [
        "## 3. State size",
        "",
        `A ${stack.count}-resource stack (\`bench/fleet-stack\`: ${stack.count} \`AuthenticatedOriginPullStatus\` on emulator hostnames), run through the engine harness ` +
            "(tests/support/engine) and the real dynamic-provider host, with an effectively unlimited emulator quota.",
        "",
        table(
            ["measure", "bytes"],
            [
                [
                    "`__provider` in one resource's outputs (the same again in its inputs)",
                    `**${st.providerBytes.outputs}** (${(st.providerBytes.outputs / 1024).toFixed(2)} KiB)`,
                ],
                ["distinct `__provider` texts in the stack", String(st.distinctProviderTexts)],
                ["one resource in state (inputs + outputs, both `__provider` copies, the PEM)", int(st.bytesPerResource)],
                ["of which `__provider` (both copies)", `${both} (${((both / st.bytesPerResource) * 100).toFixed(0)} %)`],
                [
                    `whole recorded state (${st.resources} resources + stack + default provider)`,
                    `${st.totalBytes} (${(st.totalBytes / 1024 / 1024).toFixed(1)} MiB)`,
                ],
            ],
        ),
        "",
        "<details><summary>The serialized <code>__provider</code></summary>",
        "",
        "```js",
        st.providerText,
        "```",
        "",
        "</details>",
        "",
    ];
}

function operationRows(label: string, cost: StackCostOutput): string[][] {
    return cost.operations.map((o: OperationCost, index) => [
        index === 0 ? label : "",
        o.op,
        seconds(o.durationMs),
        Object.entries(o.hostCalls)
            .map(([method, count]) => `${method} ${count}`)
            .join(", "),
        mib(o.hostPeakKb),
        mib(o.programPeakKb),
        String(o.serializeCalls),
    ]);
}

export function costSection(results: BenchResults): string[] {
    const { stack, controls } = results;
    const op = (cost: StackCostOutput, name: OperationCost["op"]): OperationCost | undefined => cost.operations.find((o) => o.op === name);
    const preview = op(stack, "preview");
    const kinds = Object.keys(controls) as ControlKind[];
    const perResource = (cost: StackCostOutput): string => {
        const p = op(cost, "preview");
        return p ? `${(p.durationMs / cost.count).toFixed(1)} ms` : "–";
    };
    return [
        "## 4. Program and host cost",
        "",
        `The same stack, three operations in one process: **preview** (registers ${stack.count} resources: Check only, no API reads), **up** (Check + Create, one GET each), ` +
            `**refresh** (Read for each; the program does not run). Emulator latency ${stack.latencyMs} ms. The harness runs the program in its own process and stands in for the engine there, ` +
            "so the program process's RSS includes the harness. Two controls, no network, run the same operations: " +
            kinds.map((kind) => `**${kind}**, ${CONTROL_PROGRAMS[kind].description}`).join("; ") +
            ". The host's RSS is VmHWM from `/proc/<pid>/status` of the `dynamic-provider` child, polled every 50 ms until the harness ends it.",
        "",
        table(
            ["program", "operation", "time", "host calls", "host peak RSS", "program process peak RSS", "serializeFunction calls"],
            [
                ...operationRows(`**ours**, ${stack.count} resources`, stack),
                ...kinds.flatMap((kind) => operationRows(`control: ${kind}`, controls[kind])),
            ],
        ),
        "",
        `Program process RSS before the first operation (ts-node, the harness and @pulumi/pulumi loaded): ${mib(stack.baselineRssKb)}. ` +
            `Time to register ${stack.count} resources (preview): **${seconds(preview?.durationMs ?? Number.NaN)}**, ${perResource(stack)} per resource ` +
            `(controls: ${kinds.map((kind) => `${kind} ${perResource(controls[kind])}`).join(", ")}).`,
        "",
        `**Serialization happens once per process.** \`serializeFunction\` of \`@pulumi/pulumi/runtime/closure/serializeClosure\` was wrapped before the program ran. ` +
            `Registering ${stack.count} resources called it **${preview?.serializeCalls ?? "–"}** time(s) in the first operation, and ${sum(stack.operations.filter((x) => x.op !== "preview").map((x) => x.serializeCalls))} times in the later ones ` +
            `(dynamic.Resource caches the text per provider object, and the shim is one object that lives outside the program's folder). The state holds ${stack.state.distinctProviderTexts} distinct \`__provider\` text(s). ` +
            "The controls define their provider in the program file, which the harness loads fresh for every operation, so they serialize once per operation: still once per process in a real `pulumi up`.",
        "",
    ];
}
