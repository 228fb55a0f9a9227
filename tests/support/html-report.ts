/**
 * HTML reports made the way a user makes them: the built `aop-status check --format html`
 * against the emulator (in this process, on 127.0.0.1). Shared by the browser test, the README
 * screenshot and the benchmark.
 *
 *  - the demo: the emulator's demo data (healthy, deploying, disabled, expiring in 12 days, the
 *    spec's sample whose PEM expired in 2016) plus a hostname Cloudflare does not know;
 *  - a fleet: N hostnames over three zones, with certificates spread from expired to two years
 *    out and a few deployments pending, associations disabled and hostnames missing, so the
 *    timeline and the table look like a real estate's.
 */
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import { issueCertificate } from "../../emulator/certificates";
import { DEMO_HOSTNAMES, demoSeed, SAMPLE_HOSTNAME, SAMPLE_ZONE_ID, startEmulator } from "../../emulator/index";
import type { CertificateRecord, HostnameRecord, SeedDocument } from "../../emulator/index";

const REPO_ROOT = path.resolve(__dirname, "..", "..");
export const BUILT_CLI = path.join(REPO_ROOT, "provider", "dist", "cli", "main.js");
/** Fake, and recognisable: the report must never contain it. */
export const REPORT_TOKEN = "html-report-SECRET-token-3d9b1c";
const DAY_MS = 86_400_000;

export interface ReportSource {
    seed: SeedDocument;
    /** ZONE_ID/HOSTNAME, in the order given to the CLI. */
    targets: string[];
}

export function demoReportSource(now: number = Date.now()): ReportSource {
    const hostnames = [
        DEMO_HOSTNAMES.healthy.hostname,
        DEMO_HOSTNAMES.deploying.hostname,
        DEMO_HOSTNAMES.disabled.hostname,
        DEMO_HOSTNAMES.expiring.hostname,
        SAMPLE_HOSTNAME,
        "www.example.com",
    ];
    return { seed: demoSeed(now), targets: hostnames.map((hostname) => `${SAMPLE_ZONE_ID}/${hostname}`) };
}

export const FLEET_ZONES = [SAMPLE_ZONE_ID, "0123456789abcdef0123456789abcdef", "9f8e7d6c5b4a39281706f5e4d3c2b1a0"];
/** Days to expiry of the fleet's certificates: two expired, four inside a 30-day window, the rest spread. */
const EXPIRED_DAYS = [-45, -4];
const WARNING_DAYS = [3, 9, 16, 24];
const LATER_DAYS = [33, 41, 55, 70, 88, 110, 140, 175, 210, 250, 290, 330, 365, 395, 430, 500, 600, 730];

function isoSeconds(ms: number): string {
    return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(".000Z", "Z");
}

export function fleetHostname(index: number): string {
    return `host-${String(index).padStart(4, "0")}.fleet.example.com`;
}

/** `count` targets; deterministic, so two runs draw the same picture (dates move with `now`). */
export function fleetReportSource(count: number, now: number = Date.now()): ReportSource {
    const certificates = [...EXPIRED_DAYS, ...WARNING_DAYS, ...LATER_DAYS].map((days, index) => {
        const issued = issueCertificate({
            commonName: `fleet-${index}.example.com`,
            notBefore: new Date(now - 400 * DAY_MS),
            notAfter: new Date(now + days * DAY_MS + 3_600_000),
        });
        const record: CertificateRecord = {
            id: `c0ffee${String(index).padStart(26, "0")}`,
            certificate: issued.pem,
            expires_on: isoSeconds(issued.notAfter.getTime()),
            issuer: issued.issuer,
            serial_number: issued.serialNumber,
            signature: issued.signature,
            status: "active",
            uploaded_on: isoSeconds(issued.notBefore.getTime()),
        };
        return record;
    });
    const pick = (index: number): CertificateRecord => {
        const bucket = (index * 7919) % 1000;
        if (bucket < 10) return certificates[bucket % EXPIRED_DAYS.length];
        if (bucket < 40) return certificates[EXPIRED_DAYS.length + (bucket % WARNING_DAYS.length)];
        return certificates[EXPIRED_DAYS.length + WARNING_DAYS.length + (bucket % LATER_DAYS.length)];
    };
    const seed: SeedDocument = { zones: {} };
    for (const zone of FLEET_ZONES) seed.zones[zone] = { certificates: [...certificates], hostnames: [] };
    const targets: string[] = [];
    for (let index = 0; index < count; index++) {
        const zone = FLEET_ZONES[index % FLEET_ZONES.length];
        const hostname = fleetHostname(index);
        targets.push(`${zone}/${hostname}`);
        if (index % 97 === 5) continue; // Cloudflare has no association for it: missing.
        const certificate = pick(index);
        const record: HostnameRecord = {
            hostname,
            cert_id: certificate.id,
            cert_status: "active",
            cert_updated_at: certificate.uploaded_on,
            cert_uploaded_on: certificate.uploaded_on,
            certificate: certificate.certificate,
            created_at: certificate.uploaded_on,
            enabled: index % 71 !== 3,
            expires_on: certificate.expires_on,
            issuer: certificate.issuer,
            serial_number: certificate.serial_number,
            signature: certificate.signature,
            status: index % 53 === 7 ? "pending_deployment" : "active",
            updated_at: certificate.uploaded_on,
        };
        seed.zones[zone].hostnames?.push(record);
    }
    return { seed, targets };
}

export interface CliReport {
    file: string;
    /** The emulator's base URL, as the report should show it. */
    baseUrl: string;
    code: number | null;
    stdout: string;
    stderr: string;
    durationMs: number;
}

/** Runs the CLI without blocking this process's event loop, which the emulator answers on. */
function runCli(cli: string, args: string[], env: Record<string, string>, timeoutMs: number): Promise<Omit<CliReport, "file" | "baseUrl">> {
    const started = Date.now();
    return new Promise((resolve, reject) => {
        const child = spawn(process.execPath, [cli, ...args], { env, stdio: ["ignore", "pipe", "pipe"] });
        let stdout = "";
        let stderr = "";
        child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
        child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
        const timer = setTimeout(() => {
            child.kill("SIGKILL");
            reject(new Error(`aop-status ${args.join(" ")} did not finish in ${timeoutMs} ms\n${stderr}`));
        }, timeoutMs);
        child.on("error", reject);
        child.on("close", (code) => {
            clearTimeout(timer);
            resolve({ code, stdout, stderr, durationMs: Date.now() - started });
        });
    });
}

export interface ReportOptions {
    /** Where the report goes. */
    file: string;
    /** The built CLI to run (the benchmark passes its pinned copy). */
    cli?: string;
    /** Added to the command line, e.g. ["--min-days", "21"]. */
    args?: string[];
    /** Added to the CLI's environment, e.g. AOP_STATUS_MAX_RETRIES. */
    env?: Record<string, string>;
    timeoutMs?: number;
}

/** `aop-status check --targets-file … --format html --output FILE` against any loopback server. */
export async function runReportCli(baseUrl: string, targets: readonly string[], options: ReportOptions): Promise<CliReport> {
    const scratch = mkdtempSync(path.join(tmpdir(), "aop-html-targets-"));
    try {
        const targetsFile = path.join(scratch, "targets.txt");
        writeFileSync(targetsFile, `${targets.join("\n")}\n`);
        mkdirSync(path.dirname(options.file), { recursive: true });
        const env = {
            PATH: process.env.PATH ?? "",
            CI: "true",
            CLOUDFLARE_API_TOKEN: REPORT_TOKEN,
            CLOUDFLARE_BASE_URL: baseUrl,
            ...options.env,
        };
        const args = ["check", "--targets-file", targetsFile, "--format", "html", "--output", options.file, ...(options.args ?? [])];
        const run = await runCli(options.cli ?? BUILT_CLI, args, env, options.timeoutMs ?? 120_000);
        return { ...run, file: options.file, baseUrl };
    } finally {
        rmSync(scratch, { recursive: true, force: true });
    }
}

/** The same against an emulator (in this process) serving `source.seed`. */
export async function writeReportWithCli(source: ReportSource, options: ReportOptions): Promise<CliReport> {
    // No pacing: the rate limit is not what these reports are about.
    const emulator = await startEmulator({
        seed: source.seed,
        credentials: { tokens: [REPORT_TOKEN] },
        rateLimit: { quota: 1_000_000, windowSeconds: 300 },
    });
    try {
        return await runReportCli(emulator.url, source.targets, options);
    } finally {
        await emulator.stop();
    }
}
