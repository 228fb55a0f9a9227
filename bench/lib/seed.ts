/**
 * The fleet's data: N hostnames in one zone, each a copy of the demo's healthy record (a real
 * X.509 PEM, so every response is as large as a real one and the CLI inspects a real certificate).
 */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";

import { demoSeed, DEMO_HOSTNAMES, SAMPLE_ZONE_ID } from "../../emulator/index";
import type { SeedDocument } from "../../emulator/types";
import { REPO_ROOT } from "./emulator-process";

export const FLEET_ZONE = SAMPLE_ZONE_ID;
/** Scratch space for seeds, target lists and worker results; ignored by git. */
export const BENCH_TMP = path.join(REPO_ROOT, ".bench-tmp");

export function fleetHostname(index: number): string {
    return `host-${String(index).padStart(5, "0")}.bench.example.com`;
}

export function fleetTargets(count: number): string[] {
    return Array.from({ length: count }, (_, i) => `${FLEET_ZONE}/${fleetHostname(i)}`);
}

export function fleetSeed(count: number): SeedDocument {
    const demo = demoSeed();
    const zone = demo.zones[FLEET_ZONE];
    const healthy = zone.hostnames?.find((record) => record.hostname === DEMO_HOSTNAMES.healthy.hostname);
    const certificate = zone.certificates?.find((record) => record.id === healthy?.cert_id);
    if (!healthy || !certificate) throw new Error("the demo seed has no healthy hostname to copy");
    return {
        zones: {
            [FLEET_ZONE]: {
                certificates: [certificate],
                hostnames: Array.from({ length: count }, (_, i) => ({ ...healthy, hostname: fleetHostname(i) })),
            },
        },
    };
}

/** Writes the seed for `count` hostnames and returns its path. */
export function writeFleetSeed(count: number, dir: string = BENCH_TMP): string {
    mkdirSync(dir, { recursive: true });
    const file = path.join(dir, `seed-${count}-${process.pid}.json`);
    writeFileSync(file, JSON.stringify(fleetSeed(count)));
    return file;
}

/** Writes a targets file (one ZONE_ID/HOSTNAME per line) and returns its path. */
export function writeTargetsFile(count: number, dir: string = BENCH_TMP): string {
    mkdirSync(dir, { recursive: true });
    const file = path.join(dir, `targets-${count}-${process.pid}.txt`);
    writeFileSync(file, `${fleetTargets(count).join("\n")}\n`);
    return file;
}
