// The association status machine. Statuses are computed from when a change
// started, so there are no timers to cancel and a test clock can step
// through every phase.

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
 * "deploy": an association was enabled or disabled (initializing → pending_deployment → active).
 * "delete": an association was voided with `enabled: null` (pending_deletion → deleted).
 */
export interface Transition {
    kind: "deploy" | "delete";
    startedAt: number;
}

export function statusAt(transition: Transition, now: number, delays: TransitionDelays): AopStatus {
    const elapsed = now - transition.startedAt;
    if (transition.kind === "delete") {
        return elapsed < delays.pendingDeletionMs ? "pending_deletion" : "deleted";
    }
    if (elapsed < delays.initializingMs) return "initializing";
    if (elapsed < delays.initializingMs + delays.pendingDeploymentMs) return "pending_deployment";
    return "active";
}

/** Whether the transition has reached its final status (so it can be frozen). */
export function isSettled(transition: Transition, now: number, delays: TransitionDelays): boolean {
    const total = transition.kind === "delete" ? delays.pendingDeletionMs : delays.initializingMs + delays.pendingDeploymentMs;
    return now - transition.startedAt >= total;
}
