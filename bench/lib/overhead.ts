/** Section 2: CPU per read, ours vs raw node:http, on an emulator with an effectively unlimited budget. */
import { EmulatorProcess } from "./emulator-process";
import { FLEET_ZONE, fleetHostname } from "./seed";
import { median } from "./stats";
import { runWorker } from "./worker";
import type { OverheadInput, OverheadOutput, OverheadSample, Variant } from "../workers/overhead";

export interface OverheadSettings {
    reads: number;
    rounds: number;
    warmup: number;
    token: string;
    seedFile: string;
}

export interface OverheadResult {
    settings: Omit<OverheadSettings, "token" | "seedFile">;
    samples: OverheadSample[];
    /** Median CPU µs per read, per variant. */
    cpuUsPerRead: Record<Variant, number>;
    wallMsPerRead: Record<Variant, number>;
    /** Per round ours ÷ raw, then the median of those ratios (same-round pairs cancel drift). */
    ratioOursToRaw: number;
    ratioAxiosToRaw: number;
    limiter: OverheadOutput["limiter"];
}

function perRead(samples: OverheadSample[], variant: Variant, pick: (s: OverheadSample) => number): number {
    return median(samples.filter((s) => s.variant === variant).map((s) => pick(s) / s.reads));
}

function roundRatio(samples: OverheadSample[], top: Variant, bottom: Variant): number {
    const rounds = [...new Set(samples.map((s) => s.round))];
    return median(
        rounds.map((round) => {
            const a = samples.find((s) => s.round === round && s.variant === top);
            const b = samples.find((s) => s.round === round && s.variant === bottom);
            return a && b ? a.cpuUs / a.reads / (b.cpuUs / b.reads) : Number.NaN;
        }),
    );
}

export async function measureOverhead(settings: OverheadSettings): Promise<OverheadResult> {
    const emulator = await EmulatorProcess.start({
        latencyMs: 0,
        quota: 100_000_000,
        windowSeconds: 300,
        penaltySeconds: 300,
        token: settings.token,
        dataFile: settings.seedFile,
        // Raw per-read cost: back-to-back reads at zero latency would otherwise meet the 200 per second limit.
        clientIpLimit: false,
    });
    try {
        const input: OverheadInput = {
            baseUrl: emulator.url,
            token: settings.token,
            zoneId: FLEET_ZONE,
            hostname: fleetHostname(0),
            reads: settings.reads,
            rounds: settings.rounds,
            warmup: settings.warmup,
        };
        const { result } = await runWorker<OverheadOutput>("overhead", input);
        const { samples } = result;
        return {
            settings: { reads: settings.reads, rounds: settings.rounds, warmup: settings.warmup },
            samples,
            cpuUsPerRead: {
                ours: perRead(samples, "ours", (s) => s.cpuUs),
                axios: perRead(samples, "axios", (s) => s.cpuUs),
                raw: perRead(samples, "raw", (s) => s.cpuUs),
            },
            wallMsPerRead: {
                ours: perRead(samples, "ours", (s) => s.wallMs),
                axios: perRead(samples, "axios", (s) => s.wallMs),
                raw: perRead(samples, "raw", (s) => s.wallMs),
            },
            ratioOursToRaw: roundRatio(samples, "ours", "raw"),
            ratioAxiosToRaw: roundRatio(samples, "axios", "raw"),
            limiter: result.limiter,
        };
    } finally {
        await emulator.stop();
    }
}
