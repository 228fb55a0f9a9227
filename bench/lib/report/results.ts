/** Everything one benchmark run measured: saved as JSON, rendered into the report. */
import type { FleetRun } from "../fleet";
import type { HtmlReportResult } from "../html-report";
import type { MachineInfo } from "../machine";
import type { OverheadResult } from "../overhead";
import type { BenchPlan } from "../plan";
import type { ControlKind, StackCostResult } from "../stack-cost";
import type { SmallFleetRun } from "../small-fleet";
import type { StackCostOutput } from "../../workers/stack-cost";

export interface BenchResults {
    plan: BenchPlan;
    machine: MachineInfo;
    durationMs: number;
    /** Section 1: ours and the SDK at plan.fleetTargets, interleaved. */
    fleetRuns: FleetRun[];
    /** Section 5: ours at the other sizes. */
    scalingRuns: FleetRun[];
    overhead: OverheadResult;
    stack: StackCostResult;
    controls: Record<ControlKind, StackCostOutput>;
    /** Section 6: small fleets (absent from results saved before it existed). */
    smallFleetRuns?: SmallFleetRun[];
    /** Absent in results saved before the HTML report existed. */
    htmlReport?: HtmlReportResult;
}
