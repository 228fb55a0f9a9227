/**
 * The emulator as a separate process (`node dist/emulator/main.js`), so its CPU and memory are
 * never counted against the client being measured, and so every run can start from a fresh
 * budget. Control goes through the admin HTTP API.
 */
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";

import type { HostnamePatch, RateLimitState, RequestLogEntry } from "../../emulator/types";
import { builtPart } from "./dist";
import { adminCall } from "./http-json";

export const REPO_ROOT = path.resolve(__dirname, "..", "..");
const STARTUP_TIMEOUT_MS = 30_000;

export interface EmulatorSettings {
    latencyMs: number;
    quota: number;
    windowSeconds: number;
    penaltySeconds: number;
    /** The only credential the emulator accepts. */
    token: string;
    /** Seed document (JSON) holding the fleet's hostnames. */
    dataFile: string;
    /**
     * Cloudflare's per-client-IP limit in requests per second (the emulator's default, 200, when
     * absent); `false` turns it off, for measurements of raw per-read cost that must not be paced.
     */
    clientIpLimit?: number | false;
}

export class EmulatorProcess {
    private exited = false;
    private readonly exitPromise: Promise<void>;

    private constructor(
        private readonly child: ChildProcess,
        /** API base URL, e.g. http://127.0.0.1:PORT/client/v4 */
        readonly url: string,
        readonly settings: EmulatorSettings,
    ) {
        this.exitPromise = new Promise((resolve) => {
            if (child.exitCode !== null || child.signalCode !== null) resolve();
            child.once("exit", () => {
                this.exited = true;
                resolve();
            });
        });
    }

    get origin(): string {
        return new URL(this.url).origin;
    }

    get pid(): number {
        return this.child.pid ?? -1;
    }

    static start(settings: EmulatorSettings): Promise<EmulatorProcess> {
        const args = [
            path.join(builtPart("emulator"), "main.js"),
            "--port",
            "0",
            "--latency",
            String(settings.latencyMs),
            "--quota",
            String(settings.quota),
            "--window",
            String(settings.windowSeconds),
            "--penalty",
            String(settings.penaltySeconds),
            "--token",
            settings.token,
            "--data",
            settings.dataFile,
            ...(settings.clientIpLimit === undefined
                ? []
                : settings.clientIpLimit === false
                  ? ["--no-ip-limit"]
                  : ["--ip-limit", String(settings.clientIpLimit)]),
        ];
        const child = spawn(process.execPath, args, {
            cwd: REPO_ROOT,
            stdio: ["ignore", "pipe", "pipe"],
            env: { PATH: process.env.PATH ?? "" },
        });
        return new Promise((resolve, reject) => {
            let stdout = "";
            let stderr = "";
            let settled = false;
            const finish = (error: Error | null, running?: EmulatorProcess): void => {
                if (settled) return;
                settled = true;
                clearTimeout(timer);
                if (error) {
                    child.kill("SIGKILL");
                    reject(error);
                } else if (running) resolve(running);
            };
            const timer = setTimeout(
                () => finish(new Error(`emulator did not start within ${STARTUP_TIMEOUT_MS} ms\n${stderr}`)),
                STARTUP_TIMEOUT_MS,
            );
            child.stderr?.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
            child.stdout?.setEncoding("utf8").on("data", (chunk: string) => {
                stdout += chunk;
                const match = /CLOUDFLARE_BASE_URL=(\S+)/.exec(stdout);
                if (match) finish(null, new EmulatorProcess(child, match[1], settings));
            });
            child.once("error", (error) => finish(error));
            child.once("exit", (code) => finish(new Error(`emulator exited with code ${String(code)} before listening\n${stderr}`)));
        });
    }

    private admin(route: string): string {
        return `${this.origin}/__emulator${route}`;
    }

    /** Spends `count` requests of the token's budget, as another tool using the token would. */
    async consume(count: number): Promise<RateLimitState> {
        const { state } = await adminCall<{ state: RateLimitState }>("POST", this.admin("/quota/consume"), { count });
        return state;
    }

    async quota(): Promise<RateLimitState> {
        const { state } = await adminCall<{ state: RateLimitState }>("GET", this.admin("/quota"));
        return state;
    }

    async log(): Promise<RequestLogEntry[]> {
        const { entries } = await adminCall<{ entries: RequestLogEntry[] }>("GET", this.admin("/log"));
        return entries;
    }

    async putHostname(zoneId: string, hostname: string, patch: HostnamePatch): Promise<void> {
        await adminCall("PUT", this.admin(`/zones/${zoneId}/hostnames/${encodeURIComponent(hostname)}`), patch);
    }

    async stop(): Promise<void> {
        if (!this.exited) {
            this.child.kill("SIGTERM");
            const timer = setTimeout(() => this.child.kill("SIGKILL"), 5_000);
            await this.exitPromise;
            clearTimeout(timer);
        }
    }
}
