/**
 * Prints engine-harness results the way `pulumi up` would, closely enough for a demo: the
 * resource steps, what changed, and the stack outputs.
 */
import type { OperationResult, RecordedState } from "../tests/support/engine";

const SYMBOLS: Record<string, string> = { create: "+", update: "~", replace: "+-", delete: "-", read: ">", same: " ", refresh: "~" };
const VERBS: Record<string, string> = {
    create: "created",
    update: "updated",
    replace: "replaced",
    delete: "deleted",
    read: "read",
    same: "",
    refresh: "refreshed",
};

/** Fields whose change is worth showing: what Cloudflare reports and our verdict. */
const SHOWN = ["enabled", "status", "certStatus", "certNotAfter", "healthy"];

function byUrn(state: RecordedState): Map<string, Record<string, unknown>> {
    return new Map(state.resources.map((resource) => [resource.urn, resource.outputs]));
}

export function renderSteps(result: OperationResult, before: RecordedState): string {
    const olds = byUrn(before);
    const news = byUrn(result.state);
    const width = Math.max(...result.steps.map((step) => step.type.length));
    const lines: string[] = [];
    for (const step of result.steps) {
        const prefix = step.type === "pulumi:pulumi:Stack" ? "" : "└─ ";
        lines.push(
            ` ${(SYMBOLS[step.op] ?? "?").padEnd(2)} ${(prefix + step.type).padEnd(width + 3)}  ${step.name.padEnd(24)} ${VERBS[step.op] ?? step.op}`,
        );
        if (step.op !== "update") continue;
        const old = olds.get(step.urn) ?? {};
        const now = news.get(step.urn) ?? {};
        for (const key of SHOWN) {
            if (JSON.stringify(old[key]) !== JSON.stringify(now[key])) {
                lines.push(`        ~ ${key}: ${JSON.stringify(old[key])} => ${JSON.stringify(now[key])}`);
            }
        }
    }
    return lines.join("\n");
}

export function renderOutputs(outputs: Record<string, unknown>): string {
    return Object.entries(outputs)
        .map(([name, value]) => `    ${name}: ${JSON.stringify(value, null, 2).replace(/\n/g, "\n    ")}`)
        .join("\n");
}

export function renderCounts(result: OperationResult): string {
    const counts = new Map<string, number>();
    for (const step of result.steps) counts.set(step.op, (counts.get(step.op) ?? 0) + 1);
    const parts = [...counts.entries()].map(([op, count]) =>
        op === "same" ? `${count} unchanged` : `${SYMBOLS[op] ?? op} ${count} ${VERBS[op] ?? op}`,
    );
    return `Resources:\n    ${parts.join("\n    ")}\n\nDuration: ${(result.durationMs / 1000).toFixed(1)}s`;
}
