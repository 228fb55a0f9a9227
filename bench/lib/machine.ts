/** Where and when the benchmark ran, for the report's header. */
import { execFileSync } from "node:child_process";
import os from "node:os";

import { buildFingerprint } from "./dist";
import { REPO_ROOT } from "./emulator-process";

export interface MachineInfo {
    date: string;
    node: string;
    platform: string;
    cpuModel: string;
    cores: number;
    memoryGb: number;
    /** 1-minute load average at start and end: how busy the shared machine was. */
    loadAtStart: number;
    loadAtEnd: number | null;
    commit: string;
    /** Files under provider/ that differ from the commit (the build measured includes them). */
    providerChanges: string[];
    /** Fingerprint of the provider build measured (see dist.ts). */
    build: string;
    /** "working tree" (npm run build), or the revision given with --ref (built aside from git archive). */
    builtFrom: string;
}

function git(args: string[]): string {
    try {
        // Only trailing whitespace: porcelain lines start with a space-padded status.
        return execFileSync("git", args, { cwd: REPO_ROOT, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trimEnd();
    } catch {
        return "";
    }
}

export function describeMachine(): MachineInfo {
    const cpus = os.cpus();
    return {
        date: new Date().toISOString(),
        node: process.version,
        platform: `${os.platform()} ${os.release()} ${os.arch()}`,
        cpuModel: cpus[0]?.model.trim() ?? "unknown",
        cores: cpus.length,
        memoryGb: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
        loadAtStart: os.loadavg()[0],
        loadAtEnd: null,
        commit: git(["rev-parse", "--short", "HEAD"]) || "unknown",
        providerChanges: git(["status", "--porcelain", "--", "provider"])
            .split("\n")
            .map((line) => line.slice(3).trim())
            .filter((line) => line !== ""),
        build: buildFingerprint(),
        builtFrom: "working tree",
    };
}
