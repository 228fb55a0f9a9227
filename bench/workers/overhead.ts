/**
 * Worker: CPU time per read. Sequential GETs of one hostname against an emulator in another
 * process (so only the client's CPU is counted here), in interleaved rounds after a warm-up:
 *
 *  - ours:  CloudflareClient.getHostnameStatus (limiter, axios, retry policy, envelope, mapping),
 *           loaded from dist/ as shipped;
 *  - axios: the same axios configuration alone + JSON.parse, to show where overhead sits;
 *  - raw:   node:http GET with a keep-alive agent + JSON.parse.
 *
 * Input: {baseUrl, token, zoneId, hostname, reads, rounds, warmup}. Output: per round and
 * variant, CPU µs (user + system, process.cpuUsage) and wall ms.
 */
import { writeFileSync } from "node:fs";
import http from "node:http";

import axios from "axios";

import { requireBuilt } from "../lib/dist";
import type * as ClientModule from "../../provider/client";
import type * as CredentialsModule from "../../provider/credentials";
import type * as LimiterModule from "../../provider/limiter";

export interface OverheadInput {
    baseUrl: string;
    token: string;
    zoneId: string;
    hostname: string;
    reads: number;
    rounds: number;
    warmup: number;
}

export type Variant = "ours" | "axios" | "raw";

export interface OverheadSample {
    round: number;
    variant: Variant;
    reads: number;
    cpuUs: number;
    wallMs: number;
}

export interface OverheadOutput {
    samples: OverheadSample[];
    /** Requests our client's limiter sent and saw rate limited (must be reads·rounds + warm-up, 0). */
    limiter: { requests: number; rateLimited: number };
}

async function main(): Promise<void> {
    const input = JSON.parse(process.argv[2]) as OverheadInput;
    const resultFile = process.argv[3];
    const { CloudflareClient } = requireBuilt<typeof ClientModule>("provider", "client.js");
    const { Credentials } = requireBuilt<typeof CredentialsModule>("provider", "credentials.js");

    // Sequential reads at loopback speed run at well over Cloudflare's 200 requests per second per
    // IP, which the client's process-wide window caps at 180: this section measures CPU per read,
    // not that cap, so the client gets a limiter whose per-IP window does not bind here (a build
    // from before the cap existed has no such option, and needs none).
    const limiterModule = requireBuilt<Partial<typeof LimiterModule>>("provider", "limiter.js");
    const limiter =
        limiterModule.ClientRequestRate && limiterModule.RequestLimiter
            ? new limiterModule.RequestLimiter({ concurrency: 8, clientRate: new limiterModule.ClientRequestRate(1_000_000) })
            : undefined;
    const client = new CloudflareClient({ credentials: Credentials.token(input.token, "benchmark"), baseUrl: input.baseUrl, limiter });
    const url = `${input.baseUrl}/zones/${input.zoneId}/origin_tls_client_auth/hostnames/${encodeURIComponent(input.hostname)}`;
    const headers = { Accept: "application/json", Authorization: `Bearer ${input.token}`, "User-Agent": "bench-raw/1" };

    const agent = new http.Agent({ keepAlive: true });
    const rawGet = (): Promise<unknown> =>
        new Promise((resolve, reject) => {
            http.get(url, { agent, headers }, (response) => {
                const chunks: Buffer[] = [];
                response.on("data", (chunk: Buffer) => chunks.push(chunk));
                response.on("end", () => {
                    const body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as { success?: boolean };
                    if (response.statusCode !== 200 || body.success !== true)
                        reject(new Error(`raw GET answered ${String(response.statusCode)}`));
                    else resolve(body);
                });
                response.on("error", reject);
            }).on("error", reject);
        });

    const plainAxios = axios.create({
        maxRedirects: 0,
        responseType: "text",
        transformResponse: [(data: unknown) => data],
        validateStatus: () => true,
        httpAgent: new http.Agent({ keepAlive: true }),
        headers: { ...headers, "User-Agent": "bench-axios/1" },
    });
    const axiosGet = async (): Promise<unknown> => {
        const response = await plainAxios.get<string>(url);
        const body = JSON.parse(response.data) as { success?: boolean };
        if (response.status !== 200 || body.success !== true) throw new Error(`axios GET answered ${response.status}`);
        return body;
    };
    const oursGet = async (): Promise<unknown> => {
        const lookup = await client.getHostnameStatus(input.zoneId, input.hostname);
        if (!lookup.found) throw new Error("our client did not find the hostname");
        return lookup;
    };
    const variants: Record<Variant, () => Promise<unknown>> = { ours: oursGet, axios: axiosGet, raw: rawGet };

    const measure = async (variant: Variant, reads: number, round: number): Promise<OverheadSample> => {
        const read = variants[variant];
        const cpu = process.cpuUsage();
        const started = performance.now();
        for (let i = 0; i < reads; i++) await read();
        const wallMs = performance.now() - started;
        const used = process.cpuUsage(cpu);
        return { round, variant, reads, cpuUs: used.user + used.system, wallMs };
    };

    for (const variant of ["ours", "axios", "raw"] as const) await measure(variant, input.warmup, -1);
    const samples: OverheadSample[] = [];
    // Rotate the order every round, so drift on a shared machine does not favour one variant.
    const orders: Variant[][] = [
        ["ours", "axios", "raw"],
        ["raw", "ours", "axios"],
        ["axios", "raw", "ours"],
    ];
    for (let round = 0; round < input.rounds; round++) {
        for (const variant of orders[round % orders.length]) samples.push(await measure(variant, input.reads, round));
    }
    const stats = client.limiter.stats;
    const output: OverheadOutput = { samples, limiter: { requests: stats.requests, rateLimited: stats.rateLimited } };
    writeFileSync(resultFile, JSON.stringify(output));
}

main().then(
    () => process.exit(0),
    (error: unknown) => {
        console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
        process.exit(1);
    },
);
