// The association status machine. Statuses are computed from when a change started, so there are
// no timers to cancel and a test clock can step through every phase.
//
//   deploy (PUT enabled true/false):  initializing → pending_deployment → active
//                                                                        ↘ deployment_timed_out
//   delete (PUT enabled null):        pending_deletion → deleted
//                                                      ↘ deletion_timed_out
//
// A transition flagged `timesOut` takes the lower branch: the seed's `emulator.timeOut` flag on the
// hostname or its certificate, or a `time-out` fault on the PUT, decides it when the PUT starts it.

import type { AopStatus } from "./types";

export interface TransitionDelays {
    initializingMs: number;
    pendingDeploymentMs: number;
    pendingDeletionMs: number;
}

export const DEFAULT_TRANSITION_DELAYS: TransitionDelays = {
    initializingMs: 1000,
    pendingDeploymentMs: 2000,
    pendingDeletionMs: 2000,
};

/**
 * "deploy": an association was enabled or disabled.
 * "delete": an association was voided with `enabled: null`.
 */
export interface Transition {
    kind: "deploy" | "delete";
    startedAt: number;
    /** Ends in deployment_timed_out / deletion_timed_out instead of active / deleted. */
    timesOut?: boolean;
}

export function statusAt(transition: Transition, now: number, delays: TransitionDelays): AopStatus {
    const elapsed = now - transition.startedAt;
    if (transition.kind === "delete") {
        if (elapsed < delays.pendingDeletionMs) return "pending_deletion";
        return transition.timesOut === true ? "deletion_timed_out" : "deleted";
    }
    if (elapsed < delays.initializingMs) return "initializing";
    if (elapsed < delays.initializingMs + delays.pendingDeploymentMs) return "pending_deployment";
    return transition.timesOut === true ? "deployment_timed_out" : "active";
}

/** Whether the transition has reached its final status (so it can be frozen). */
export function isSettled(transition: Transition, now: number, delays: TransitionDelays): boolean {
    const total = transition.kind === "delete" ? delays.pendingDeletionMs : delays.initializingMs + delays.pendingDeploymentMs;
    return now - transition.startedAt >= total;
}

/** The statuses of a voided association, on its way out or stuck there. */
export const DELETION_STATUSES: readonly AopStatus[] = ["pending_deletion", "deleted", "deletion_timed_out"];
