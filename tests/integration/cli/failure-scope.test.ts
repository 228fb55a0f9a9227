/**
 * How far one failure reaches in a fleet, through the built CLI against the emulator: a
 * credential unusable everywhere stops the run after one request; a zone the token may not read
 * (10000), an unknown zone (1001) or a wrong base path (7003) stops only that zone, after one
 * request per zone, and every target of the other zones is still read and judged.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { expect } from "chai";

import { DEMO_HOSTNAMES, demoSeed, SAMPLE_ZONE_ID, startEmulator, type RunningEmulator, type SeedDocument } from "../../../emulator";
import type { JsonReport } from "../../../provider/cli/format-json";
import { ensureBuilt, FAKE_TOKEN, RunRecorder, WRONG_TOKEN } from "./support";

/** Three zones the emulator knows, four healthy hostnames each; the token may read only the first two. */
const READABLE_A = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
const READABLE_B = "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";
const FORBIDDEN = "cccccccccccccccccccccccccccccccc";
/** A zone the emulator does not know at all: it answers 1001 Invalid zone identifier. */
const UNKNOWN_ZONE = "dddddddddddddddddddddddddddddddd";
const ZONES = [READABLE_A, READABLE_B, FORBIDDEN];
const PER_ZONE = 4;

function hostnamesOf(zoneId: string): string[] {
    return Array.from({ length: PER_ZONE }, (_, i) => `h${i + 1}.${zoneId.slice(0, 4)}.example.com`);
}

/** Interleaved, so the forbidden zone's targets sit between the others' as they would in a real file. */
function targetsOf(zones: readonly string[]): string[] {
    const lines: string[] = [];
    for (let i = 0; i < PER_ZONE; i++) for (const zone of zones) lines.push(`${zone}/${hostnamesOf(zone)[i]}`);
    return lines;
}

function seed(): SeedDocument {
    const demo = demoSeed();
    const zone = demo.zones[SAMPLE_ZONE_ID];
    const healthy = zone.hostnames?.find((h) => h.hostname === DEMO_HOSTNAMES.healthy.hostname);
    if (!healthy) throw new Error("demo seed has no healthy hostname");
    const zones: SeedDocument["zones"] = {};
    for (const zoneId of ZONES) {
        zones[zoneId] = {
            certificates: structuredClone(zone.certificates),
            hostnames: hostnamesOf(zoneId).map((hostname) => ({ ...healthy, hostname })),
        };
    }
    return { zones };
}

const EXIT = { healthy: 0, failure: 3 } as const;

describe("aop-status check: how far one failure reaches in a fleet (built CLI against the emulator)", function () {
    this.timeout(60_000);
    let emulator: RunningEmulator;
    let dir: string;
    const cli = new RunRecorder();

    before(async function () {
        this.timeout(120_000);
        ensureBuilt();
        emulator = await startEmulator({ seed: seed(), credentials: { tokens: [FAKE_TOKEN], keys: [] } });
        dir = mkdtempSync(join(tmpdir(), "aop-status-scope-"));
    });
    after(async () => {
        await emulator?.stop();
        if (dir) rmSync(dir, { recursive: true, force: true });
    });
    beforeEach(() => emulator.control.reset());
    afterEach(() => cli.expectNoSecretsSoFar());

    async function check(targets: string[], options: { token?: string; baseUrl?: string; extra?: string[] } = {}) {
        const file = join(dir, `targets-${Date.now()}-${Math.random().toString(36).slice(2)}.txt`);
        writeFileSync(file, `${targets.join("\n")}\n`);
        const run = await cli.run(["check", "--targets-file", file, "--format", "json", ...(options.extra ?? [])], {
            env: { CLOUDFLARE_API_TOKEN: options.token ?? FAKE_TOKEN, CLOUDFLARE_BASE_URL: options.baseUrl ?? emulator.url },
            timeoutMs: 30_000,
        });
        let report: JsonReport;
        try {
            report = JSON.parse(run.stdout) as JsonReport;
        } catch {
            throw new Error(`no JSON report (exit ${run.code}):\n${run.stdout}\n${run.stderr}`);
        }
        return { run, report };
    }

    function requestsTo(zoneId: string): number {
        return emulator.log.entries().filter((entry) => entry.zoneId === zoneId).length;
    }

    it("reads and judges every target of the two readable zones, stops the forbidden zone (10000) after one request, and exits 3", async () => {
        emulator.control.injectFault({
            kind: "status",
            status: 403,
            errorCode: 10000,
            message: "Authentication error",
            count: "always",
            match: { zoneId: FORBIDDEN },
        });
        const { run, report } = await check(targetsOf(ZONES));
        expect(run.code, run.stderr).to.equal(EXIT.failure);

        expect(requestsTo(READABLE_A), "requests to the first readable zone").to.equal(PER_ZONE);
        expect(requestsTo(READABLE_B), "requests to the second readable zone").to.equal(PER_ZONE);
        expect(requestsTo(FORBIDDEN), "requests to the forbidden zone").to.equal(1);

        for (const zone of [READABLE_A, READABLE_B]) {
            const rows = report.targets.filter((t) => t.zoneId === zone);
            expect(rows.map((t) => t.result)).to.deep.equal(Array(PER_ZONE).fill("healthy"));
        }
        const forbidden = report.targets.filter((t) => t.zoneId === FORBIDDEN);
        expect(forbidden[0].error?.name).to.equal("AuthenticationError");
        expect(forbidden[0].error?.message).to.contain("[10000] Authentication error").and.contain(`Read on zone ${FORBIDDEN}`);
        for (const row of forbidden.slice(1)) {
            expect(row.error).to.deep.equal({
                name: "NotCheckedError",
                message: `not requested: zone ${FORBIDDEN} failed with AuthenticationError (see above)`,
            });
        }
        expect(report.summary).to.include({ total: 3 * PER_ZONE, healthy: 2 * PER_ZONE, errors: PER_ZONE });

        // The zone's error once on stderr, with how many of its targets were held back; the run was not stopped.
        expect(run.stderr.match(/\[10000\] Authentication error/g)).to.have.length(1);
        expect(run.stderr).to.contain(`${PER_ZONE} of ${3 * PER_ZONE} targets could not be checked: AuthenticationError:`);
        expect(run.stderr).to.contain(`[${PER_ZONE - 1} more targets in zone ${FORBIDDEN} not requested]`);
        expect(run.stderr).to.not.contain("stopped early");
    });

    it("reports an unknown zone (1001) as that zone's ZoneNotFoundError, one request, even with --allow-missing", async () => {
        const { run, report } = await check(targetsOf([READABLE_A, UNKNOWN_ZONE]), { extra: ["--allow-missing"] });
        expect(run.code, run.stderr).to.equal(EXIT.failure);
        expect(requestsTo(UNKNOWN_ZONE)).to.equal(1);
        expect(requestsTo(READABLE_A)).to.equal(PER_ZONE);
        const unknown = report.targets.filter((t) => t.zoneId === UNKNOWN_ZONE);
        expect(unknown.map((t) => t.result)).to.deep.equal(Array(PER_ZONE).fill("error"));
        expect(unknown[0].error?.name).to.equal("ZoneNotFoundError");
        expect(unknown[0].error?.message).to.contain("[1001] Invalid zone identifier").and.contain(emulator.url);
        expect(report.summary.missing, "nothing is reported missing").to.equal(0);
        expect(run.stderr.match(/ZoneNotFoundError: /g)).to.have.length(1);
    });

    it("costs one request per zone, not one per target, when the base path lacks /client (7003)", async () => {
        const wrongPath = emulator.url.replace("/client/v4", "/v4");
        const { run, report } = await check(targetsOf(ZONES), { baseUrl: wrongPath });
        expect(run.code, run.stderr).to.equal(EXIT.failure);
        expect(emulator.log.entries(), "one request per zone").to.have.length(ZONES.length);
        const first = ZONES.map((zone) => report.targets.find((t) => t.zoneId === zone));
        for (const row of first) {
            expect(row?.error?.name).to.equal("RouteNotFoundError");
            expect(row?.error?.message).to.contain("[7003]").and.contain(wrongPath).and.contain("does not end in /client/v4");
        }
        expect(report.targets.filter((t) => t.error?.name === "NotCheckedError")).to.have.length(ZONES.length * (PER_ZONE - 1));
        expect(run.stderr).to.contain("--base-url or CLOUDFLARE_BASE_URL");
    });

    it("stops the whole run after one request when the token is refused everywhere (9109)", async () => {
        const { run, report } = await check(targetsOf(ZONES), { token: WRONG_TOKEN, extra: ["--concurrency", "8"] });
        expect(run.code).to.equal(EXIT.failure);
        expect(emulator.log.entries(), "requests sent").to.have.length(1);
        expect(report.targets[0].error?.name).to.equal("AuthenticationError");
        expect(report.targets.slice(1).every((t) => t.error?.name === "NotCheckedError")).to.equal(true);
        expect(run.stderr.match(/\[9109\]/g)).to.have.length(1);
        expect(run.stderr).to.contain("stopped early");
    });
});
