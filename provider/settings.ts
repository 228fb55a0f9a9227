/**
 * Tuning for the HTTP client: timeouts, retries, the deadline and concurrency. Read from the
 * `aopStatus:` stack config namespace or `AOP_STATUS_*` environment variables; each value is
 * checked and a bad one is reported with the key that holds it.
 */
import { ConfigurationError } from "./errors";
import type { ConfigSource, Environment } from "./credentials";

export interface ClientTuning {
    /** Per attempt: no response within this time counts as a failed, retryable attempt. */
    requestTimeoutMs: number;
    /** Per read, from its first attempt: retries included, it never takes longer than this. */
    deadlineMs: number;
    /** Retries after the first attempt. */
    maxRetries: number;
    /** A 429 asking us to wait longer than this fails at once instead of stalling the run. */
    maxRetryAfterMs: number;
    /**
     * One wait for Cloudflare's budget (a window's reset, a pause) longer than this fails the read
     * at once. Each single wait, not a read's whole time in the queue: a fleet larger than a
     * window still waits window after window.
     */
    maxQueueWaitMs: number;
    /** Requests in flight at once, per credential and base URL. */
    concurrency: number;
}

export const DEFAULT_TUNING: Readonly<ClientTuning> = Object.freeze({
    requestTimeoutMs: 15_000,
    deadlineMs: 120_000,
    maxRetries: 4,
    maxRetryAfterMs: 60_000,
    // One Cloudflare window (300 s) and a margin, so a fleet that spends a window waits for the next.
    maxQueueWaitMs: 330_000,
    concurrency: 8,
});

/** The accepted range for `concurrency`, wherever it is set. */
export const CONCURRENCY_RANGE = Object.freeze({ min: 1, max: 256 });

interface Knob {
    field: keyof ClientTuning;
    config: string;
    env: string;
    min: number;
    max: number;
    scale: number;
}

const KNOBS: readonly Knob[] = [
    {
        field: "requestTimeoutMs",
        config: "aopStatus:requestTimeoutSeconds",
        env: "AOP_STATUS_REQUEST_TIMEOUT_SECONDS",
        min: 0.1,
        max: 600,
        scale: 1000,
    },
    { field: "deadlineMs", config: "aopStatus:deadlineSeconds", env: "AOP_STATUS_DEADLINE_SECONDS", min: 0.1, max: 3600, scale: 1000 },
    { field: "maxRetries", config: "aopStatus:maxRetries", env: "AOP_STATUS_MAX_RETRIES", min: 0, max: 20, scale: 1 },
    {
        field: "maxRetryAfterMs",
        config: "aopStatus:maxRetryAfterSeconds",
        env: "AOP_STATUS_MAX_RETRY_AFTER_SECONDS",
        min: 0,
        max: 3600,
        scale: 1000,
    },
    {
        field: "maxQueueWaitMs",
        config: "aopStatus:maxQueueWaitSeconds",
        env: "AOP_STATUS_MAX_QUEUE_WAIT_SECONDS",
        min: 0,
        max: 3600,
        scale: 1000,
    },
    {
        field: "concurrency",
        config: "aopStatus:concurrency",
        env: "AOP_STATUS_CONCURRENCY",
        min: CONCURRENCY_RANGE.min,
        max: CONCURRENCY_RANGE.max,
        scale: 1,
    },
];

export const TUNING_KEYS: ReadonlyArray<{ config: string; env: string }> = KNOBS.map(({ config, env }) => ({ config, env }));

export function resolveTuning(config?: ConfigSource, env: Environment = process.env, overrides: Partial<ClientTuning> = {}): ClientTuning {
    const tuning: ClientTuning = { ...DEFAULT_TUNING };
    for (const knob of KNOBS) {
        const fromConfig = config?.get(knob.config)?.trim();
        const fromEnv = env[knob.env]?.trim();
        const [raw, where] = fromConfig ? [fromConfig, knob.config] : fromEnv ? [fromEnv, knob.env] : [undefined, ""];
        if (raw === undefined) continue;
        const number = Number(raw);
        const whole = knob.scale === 1;
        if (!Number.isFinite(number) || number < knob.min || number > knob.max || (whole && !Number.isInteger(number))) {
            throw new ConfigurationError(
                `${where} must be a ${whole ? "whole " : ""}number from ${knob.min} to ${knob.max}, got ${JSON.stringify(raw)}`,
            );
        }
        tuning[knob.field] = Math.round(number * knob.scale);
    }
    for (const [field, number] of Object.entries(overrides) as Array<[keyof ClientTuning, number | undefined]>) {
        if (number !== undefined) tuning[field] = number;
    }
    return tuning;
}
