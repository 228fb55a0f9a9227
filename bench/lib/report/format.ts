/** Formatting helpers shared by the report's sections. */
import type { FleetRun } from "../fleet";

export const OURS_COLOR = "#1f6fb2";
export const SDK_COLOR = "#e67e22";
export const OTHER_COLOR = "#9aa5ad";
export const BOUND_COLOR = "#2e8b57";

export const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;
export const times = (ratio: number): string => `${ratio.toFixed(2)}×`;
export const mib = (kb: number | null): string => (kb === null || Number.isNaN(kb) ? "–" : `${(kb / 1024).toFixed(0)} MiB`);
export const int = (n: number): string => String(Math.round(n));
export const verdict = (ok: boolean): string => (ok ? "✅ met" : "❌ missed");

export function table(header: string[], rows: string[][]): string {
    return [`| ${header.join(" | ")} |`, `|${header.map(() => "---").join("|")}|`, ...rows.map((row) => `| ${row.join(" | ")} |`)].join(
        "\n",
    );
}

export function runsOf(runs: readonly FleetRun[], client: FleetRun["client"], targets?: number): FleetRun[] {
    return runs.filter((run) => run.client === client && (targets === undefined || run.targets === targets));
}
