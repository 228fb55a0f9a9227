/**
 * The theoretical lower bound on a fleet read's wall time under the emulator's fixed-window limit.
 *
 * Model (emulator/README.md, "Rate limit"): per credential, a window opens at the first counted
 * request after the previous window ended and lasts W seconds; at most Q requests are counted
 * per window. Another client spends S requests of every window, so at most B = Q − S are ours.
 *
 *   k = ceil(N / B)                 windows we need at least
 *   r = N − (k − 1)·B               requests left for the last window (1 ≤ r ≤ B)
 *   T_rate    = (k − 1)·W + L·ceil(r / C)
 *   T_latency = L·ceil(N / C)       C requests in flight, each taking at least the latency L
 *   T_bound   = max(T_rate, T_latency)
 *
 * T_rate: the k-th window cannot open before k − 1 whole windows have passed since the first
 * one opened (the run's start at the earliest), and its r requests need ceil(r/C) round trips.
 * Gaps between windows, probes, process start-up and per-request processing are all ignored, so
 * no client can beat T_bound; a ratio wall/T_bound of 1.00 would be perfect.
 */

export interface BoundInputs {
    /** N: requests to make (one per target). */
    requests: number;
    /** Q: requests per window and credential. */
    quota: number;
    /** W: window length in seconds. */
    windowSeconds: number;
    /** S: requests the other client spends in every window. */
    otherPerWindow: number;
    /** L: the emulator's added latency per request, ms. */
    latencyMs: number;
    /** C: requests in flight at once. */
    concurrency: number;
}

export interface Bound {
    /** B = Q − S */
    budgetPerWindow: number;
    /** k */
    windows: number;
    /** r */
    lastWindowRequests: number;
    rateMs: number;
    latencyMs: number;
    /** max(T_rate, T_latency) */
    ms: number;
}

export function fleetLowerBound(input: BoundInputs): Bound {
    const budgetPerWindow = input.quota - input.otherPerWindow;
    if (budgetPerWindow <= 0) throw new Error("the other client leaves no budget");
    const windows = Math.max(1, Math.ceil(input.requests / budgetPerWindow));
    const lastWindowRequests = input.requests - (windows - 1) * budgetPerWindow;
    const rateMs = (windows - 1) * input.windowSeconds * 1000 + input.latencyMs * Math.ceil(lastWindowRequests / input.concurrency);
    const latencyMs = input.latencyMs * Math.ceil(input.requests / input.concurrency);
    return { budgetPerWindow, windows, lastWindowRequests, rateMs, latencyMs, ms: Math.max(rateMs, latencyMs) };
}
