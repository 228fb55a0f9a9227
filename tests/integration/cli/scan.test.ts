/**
 * `aop-status scan`, the built CLI against the emulator's scan seed (SCAN_FIXTURE): a zone with
 * zone-level AOP on and one zone-level certificate, 25 hostname certificates over two pages of 20,
 * one expired, one expiring in 10 days, one deployment_timed_out, and one that no hostname uses,
 * which carries a fake private key (the canary). Every format is read back with a parser that is
 * not ours; the canary must appear in none of them.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import Ajv from "ajv";
import addFormats from "ajv-formats";
import { expect } from "chai";

import { PRIVATE_KEY_CANARY, SAMPLE_ZONE_ID, SCAN_FIXTURE, scanSeed, startEmulator, type RunningEmulator } from "../../../emulator/index";
import type { ScanJsonReport } from "../../../provider/cli/scan/json";
import { SCAN_REPORT_SCHEMA } from "../../support/scan-report-schema";
import { renderGfm, tablesIn, textOf } from "../../unit/cli/markdown-table";
import { byLabel, parseExposition, valuesOf } from "../../unit/cli/prometheus-text";
import { annotations, workflowCommands } from "../../unit/cli/workflow-commands";
import { parseXml, type XmlElement } from "../../unit/cli/xml";
import { ensureBuilt, FAKE_TOKEN, RunRecorder, WRONG_TOKEN, type CliRun } from "./support";

const ZONE = SCAN_FIXTURE.zoneId;
const F = SCAN_FIXTURE;
/** A zone the emulator does not know: it answers 1001. */
const UNKNOWN_ZONE = "dddddddddddddddddddddddddddddddd";
/** What of the canary must never show: its marker, and any private-key armour. */
const CANARY_MARKERS = [PRIVATE_KEY_CANARY.split("\n")[1], "PRIVATE KEY"];
const FORMATS = ["table", "json", "junit", "prometheus", "github", "html"] as const;
const EXIT = { healthy: 0, unhealthy: 1, usage: 2, failure: 3 } as const;

const validateReport = (() => {
    const ajv = new Ajv({ allErrors: true });
    addFormats(ajv);
    return ajv.compile(SCAN_REPORT_SCHEMA);
})();

function expectNoCanary(text: string, where: string): void {
    for (const marker of CANARY_MARKERS) expect(text, `${where} shows the private key canary`).to.not.contain(marker);
}

const visible = (cellHtml: string): string => textOf(cellHtml).replace(/\u2060/g, "");

function childrenNamed(element: XmlElement, name: string): XmlElement[] {
    return element.children.filter((child) => child.name === name);
}

describe("aop-status scan (built CLI against the emulator's scan seed)", function () {
    this.timeout(60_000);
    let emulator: RunningEmulator;
    let dir: string;
    const cli = new RunRecorder();

    before(async function () {
        this.timeout(120_000);
        ensureBuilt();
        emulator = await startEmulator({ seed: scanSeed(), credentials: { tokens: [FAKE_TOKEN], keys: [] } });
    });
    after(async () => {
        await emulator?.stop();
    });
    beforeEach(() => {
        emulator.control.reset();
        dir = mkdtempSync(join(tmpdir(), "aop-status-scan-"));
    });
    afterEach(() => {
        expect(
            emulator.log.entries().every((entry) => entry.method === "GET"),
            "every request scan sent was a GET",
        ).to.equal(true);
        cli.expectNoSecretsSoFar();
        for (const { args, run } of cli.runs) {
            expectNoCanary(run.stdout, `stdout of aop-status ${args.join(" ")}`);
            expectNoCanary(run.stderr, `stderr of aop-status ${args.join(" ")}`);
        }
        cli.runs.length = 0;
        rmSync(dir, { recursive: true, force: true });
    });

    const env = (extra: Record<string, string> = {}): Record<string, string> => ({
        CLOUDFLARE_API_TOKEN: FAKE_TOKEN,
        CLOUDFLARE_BASE_URL: emulator.url,
        ...extra,
    });

    function scan(args: string[], extra: Record<string, string> = {}): Promise<CliRun> {
        return cli.run(["scan", ...args], { env: env(extra), timeoutMs: 30_000 });
    }

    async function scanJson(args: string[], extra: Record<string, string> = {}): Promise<{ run: CliRun; report: ScanJsonReport }> {
        const run = await scan([...args, "--format", "json"], extra);
        let report: ScanJsonReport;
        try {
            report = JSON.parse(run.stdout) as ScanJsonReport;
        } catch {
            throw new Error(`no JSON report (exit ${run.code}):\n${run.stdout}\n${run.stderr}`);
        }
        const valid = validateReport(report);
        expect(valid, JSON.stringify(validateReport.errors, null, 2)).to.equal(true);
        return { run, report };
    }

    function targetsFile(hostnames: readonly string[]): string {
        const file = join(dir, `targets-${Math.random().toString(36).slice(2)}.txt`);
        writeFileSync(file, `${hostnames.map((hostname) => `${ZONE}/${hostname}`).join("\n")}\n`);
        return file;
    }

    describe("a zone audit (no --targets-file)", () => {
        it("reads the setting, the zone-level list and both pages of hostname certificates (4 GETs), and exits 1 for the expired, expiring and timed-out ones", async () => {
            const run = await scan(["--zone-id", ZONE]);
            expect(run.code, run.stderr).to.equal(EXIT.unhealthy);
            const paths = emulator.log.entries().map((entry) => entry.path.replace(/^\/client\/v4/, ""));
            expect(paths.sort()).to.deep.equal(
                [
                    `/zones/${ZONE}/origin_tls_client_auth/settings`,
                    `/zones/${ZONE}/origin_tls_client_auth?page=1`,
                    `/zones/${ZONE}/origin_tls_client_auth/hostnames/certificates?page=1`,
                    `/zones/${ZONE}/origin_tls_client_auth/hostnames/certificates?page=2`,
                ].sort(),
            );
            expect(run.stdout).to.contain(`zone ${ZONE}: zone-level AOP on; 1 zone-level and 25 hostname certificates (2 pages)`);
            const line = (id: string): string => run.stdout.split("\n").find((l) => l.includes(id)) ?? "";
            expect(line(F.zoneCertificateId)).to.match(/^zone\s+\S+\s+active\s.*\shealthy\s/);
            expect(line(F.expired.certId)).to.match(/^hostname\s.*\s-3\s+UNHEALTHY\s+certificate expired 3 days ago/);
            expect(line(F.expiring.certId)).to.match(/\s10\s+UNHEALTHY\s+certificate expires in 10 days/);
            expect(line(F.timedOut.certId)).to.match(/deployment_timed_out\s.*UNHEALTHY\s+certificate status is deployment_timed_out/);
            expect(line(F.unusedCertId)).to.match(/\shealthy\s/);
            expect(run.stdout).to.not.contain("USED BY");
            expect(run.stdout).to.contain("26 certificates in 1 zone: 23 healthy, 3 unhealthy (expiry-warning-days 30, max-pages 10)");
            expect(run.stdout).to.contain("Cloudflare never removes expired client certificates: delete them");
            expect(run.stderr).to.equal("");
        });

        it("writes a JSON report that matches its schema, with scope, status, issuer, serial, notAfter, days left and problem codes per certificate", async () => {
            const { run, report } = await scanJson(["--zone-id", ZONE]);
            expect(run.code).to.equal(EXIT.unhealthy);
            expect(report.exitCode).to.equal(EXIT.unhealthy);
            expect(report.summary).to.deep.equal({
                zones: 1,
                zoneErrors: 0,
                incompleteZones: 0,
                certificates: 26,
                healthy: 23,
                unhealthy: 3,
                failing: 3,
                notUsedByTargets: 0,
                targets: 0,
                targetErrors: 0,
            });
            const [zone] = report.zones;
            expect(zone).to.include({ zoneId: ZONE, read: true, error: null, zoneLevelEnabled: true, complete: true });
            expect(zone.lists.map((l) => [l.scope, l.pages, l.count, l.complete])).to.deep.equal([
                ["zone", 1, 1, true],
                ["hostname", 2, 25, true],
            ]);
            const byId = new Map(zone.certificates.map((c) => [c.id, c]));
            expect(zone.certificates[0]).to.include({
                scope: "zone",
                id: F.zoneCertificateId,
                status: "active",
                healthy: true,
                decides: true,
            });
            expect(zone.certificates.filter((c) => c.scope === "hostname")).to.have.length(F.hostnameCertificateCount);
            expect(byId.get(F.expired.certId)).to.deep.include({ daysUntilExpiry: -3, problemCodes: ["expired"], status: "active" });
            expect(byId.get(F.expiring.certId)).to.deep.include({ daysUntilExpiry: 10, problemCodes: ["expiring"] });
            expect(byId.get(F.timedOut.certId)).to.deep.include({ status: "deployment_timed_out", problemCodes: ["cert-status"] });
            const unused = byId.get(F.unusedCertId);
            expect(unused).to.include({ healthy: true, usedBy: null, decides: true, issuer: "AOP Emulator CA" });
            expect(unused?.serialNumber).to.match(/^\d+$/);
            expect(unused?.certSubject).to.contain("CN=unused.scan.example.com");
            expect(Date.parse(unused?.notAfter ?? "")).to.be.closeTo(Date.now() + 305 * 86_400_000, 2 * 86_400_000);
            expect(report.targets).to.equal(null);
        });

        it("judges expiry by --expiry-warning-days: 5 leaves the certificate expiring in 10 days alone", async () => {
            const { report } = await scanJson(["--zone-id", ZONE, "--expiry-warning-days", "5"]);
            const expiring = report.zones[0].certificates.find((c) => c.id === F.expiring.certId);
            expect(expiring).to.include({ healthy: true });
            expect(report.summary.unhealthy).to.equal(2);
        });

        it("exits 3 and says the inventory is incomplete when --max-pages stops it: an incomplete inventory is not a clean bill of health", async () => {
            const { run, report } = await scanJson(["--zone-id", ZONE, "--max-pages", "1"]);
            expect(run.code).to.equal(EXIT.failure);
            const [zone] = report.zones;
            expect(zone.complete).to.equal(false);
            expect(zone.lists[1]).to.include({ scope: "hostname", pages: 1, count: 20, complete: false, reason: "page-cap" });
            // The first page holds only healthy certificates: without the page cap rule this would pass as healthy.
            expect(report.summary).to.include({ unhealthy: 0, incompleteZones: 1 });
            expect(run.stderr).to.contain(
                `zone ${ZONE}: inventory incomplete: the hostname certificate list has more pages than the 1 read`,
            );
            const table = await scan(["--zone-id", ZONE, "--max-pages", "1"]);
            expect(table.code).to.equal(EXIT.failure);
            expect(table.stdout).to.contain("INCOMPLETE: the hostname certificate list has more pages than the 1 read");
            expect(table.stdout).to.contain("An incomplete inventory is not a clean bill of health");
        });
    });

    describe("with --targets-file", () => {
        it("shows which certificate each target uses; only those decide, and the rest are 'not used by the targets given'", async () => {
            const file = targetsFile([F.healthy[0].hostname, F.expiring.hostname, "nobody.scan.example.com"]);
            const { run, report } = await scanJson(["--targets-file", file]);
            expect(run.code, run.stderr).to.equal(EXIT.unhealthy);
            const byId = new Map(report.zones[0].certificates.map((c) => [c.id, c]));
            expect(byId.get(F.healthy[0].certId))
                .to.include({ decides: true })
                .and.deep.include({ usedBy: [F.healthy[0].hostname] });
            expect(byId.get(F.expiring.certId))
                .to.include({ decides: true, healthy: false })
                .and.deep.include({ usedBy: [F.expiring.hostname] });
            for (const id of [F.expired.certId, F.timedOut.certId, F.unusedCertId]) {
                expect(byId.get(id), id).to.include({ decides: false }).and.deep.include({ usedBy: [] });
            }
            // Zone-level AOP is on, so the zone-level certificate is in use whatever the targets.
            expect(byId.get(F.zoneCertificateId)).to.include({ decides: true });
            expect(report.summary).to.include({ failing: 1, unhealthy: 3, notUsedByTargets: 23, targets: 3, targetErrors: 0 });
            expect(report.targets?.map((t) => [t.hostname, t.result, t.certificateId, t.listed])).to.deep.equal([
                [F.healthy[0].hostname, "healthy", F.healthy[0].certId, true],
                [F.expiring.hostname, "unhealthy", F.expiring.certId, true],
                ["nobody.scan.example.com", "missing", null, null],
            ]);
        });

        it("exits 0 when the targets use only healthy certificates, though the zone holds expired and timed-out ones", async () => {
            const file = targetsFile([F.healthy[0].hostname, F.healthy[1].hostname]);
            const run = await scan(["--targets-file", file]);
            expect(run.code, run.stderr).to.equal(EXIT.healthy);
            const line = (id: string): string => run.stdout.split("\n").find((l) => l.includes(id) && l.startsWith("hostname")) ?? "";
            expect(line(F.expired.certId)).to.contain("unhealthy (not used)").and.contain("not used by the targets given");
            expect(line(F.timedOut.certId)).to.contain("unhealthy (not used)");
            expect(line(F.unusedCertId)).to.contain("not used by the targets given");
            expect(line(F.healthy[0].certId)).to.contain(F.healthy[0].hostname);
            expect(run.stdout).to.contain("no endpoint lists a zone's associations, so other hostnames may still use those certificates");
            expect(run.stdout).to.match(/^TARGET\s+CERTIFICATE\s+ENABLED\s+STATUS\s+RESULT\s+NOTE$/m);
        });

        it("exits 1 when a target uses the expired certificate, and 1 when one uses the timed-out one", async () => {
            for (const host of [F.expired, F.timedOut]) {
                const { run, report } = await scanJson(["--targets-file", targetsFile([host.hostname])]);
                expect(run.code, host.hostname).to.equal(EXIT.unhealthy);
                expect(report.zones[0].certificates.find((c) => c.id === host.certId)).to.include({ decides: true, healthy: false });
            }
        });

        it("scans the targets' zones too, beside the --zone-id ones", async () => {
            const file = join(dir, "targets.txt");
            writeFileSync(file, `${ZONE}/${F.healthy[0].hostname}\n${SAMPLE_ZONE_ID}/healthy.example.com\n`);
            const { report } = await scanJson(["--targets-file", file, "--zone-id", ZONE]);
            expect(report.zones.map((zone) => zone.zoneId)).to.deep.equal([ZONE, SAMPLE_ZONE_ID]);
            expect(report.zones[1]).to.include({ read: true, zoneLevelEnabled: false });
        });
    });

    describe("the private key the emulator puts on the unused certificate", () => {
        for (const withTargets of [false, true]) {
            it(`appears in no format${withTargets ? " with --targets-file" : ""}, nor in the job summary or an --output file`, async () => {
                const targets = withTargets ? ["--targets-file", targetsFile([F.healthy[0].hostname])] : ["--zone-id", ZONE];
                for (const format of FORMATS) {
                    const summary = join(dir, `summary-${format}.md`);
                    const run = await scan([...targets, "--format", format], { GITHUB_STEP_SUMMARY: summary });
                    expect(run.code, `${format}: ${run.stderr}`).to.be.oneOf([EXIT.healthy, EXIT.unhealthy]);
                    expect(run.stdout.length, format).to.be.above(100);
                    expectNoCanary(run.stdout, `--format ${format}`);
                    expectNoCanary(readFileSync(summary, "utf8"), `the job summary of --format ${format}`);
                    if (format === "github") continue;
                    const file = join(dir, `report.${format}`);
                    const written = await scan([...targets, "--format", format, "--output", file]);
                    expect(written.code, written.stderr).to.be.oneOf([EXIT.healthy, EXIT.unhealthy]);
                    expectNoCanary(readFileSync(file, "utf8"), `the --output file of --format ${format}`);
                }
                // The canary did go over the wire: its absence above is the client dropping it.
                expect(JSON.stringify(scanSeed().zones[ZONE].certificates)).to.contain(CANARY_MARKERS[0]);
            });
        }
    });

    describe("each format read back", () => {
        it("JUnit: one suite per zone, an inventory case and one case per certificate; deciding problems fail, unused ones are skipped", async () => {
            const audit = parseXml((await scan(["--zone-id", ZONE, "--format", "junit"])).stdout);
            expect(audit.attributes).to.include({ name: "aop-status scan", tests: "27", failures: "3", errors: "0", skipped: "0" });
            const [suite] = childrenNamed(audit, "testsuite");
            expect(suite.attributes.name).to.equal(`zone ${ZONE}`);
            const cases = childrenNamed(suite, "testcase");
            expect(cases.map((c) => c.attributes.name)[0]).to.equal("inventory");
            expect(cases.map((c) => c.attributes.name)).to.include(`zone-level certificate ${F.zoneCertificateId}`);
            const expired = cases.find((c) => c.attributes.name === `hostname certificate ${F.expired.certId}`);
            expect(childrenNamed(expired as XmlElement, "failure")[0].attributes).to.include({ type: "unhealthy" });

            const withTargets = parseXml((await scan(["--targets-file", targetsFile([F.expiring.hostname]), "--format", "junit"])).stdout);
            expect(withTargets.attributes).to.include({ tests: "28", failures: "1", skipped: "2", errors: "0" });
            const suites = childrenNamed(withTargets, "testsuite");
            expect(suites.map((s) => s.attributes.name)).to.deep.equal([`zone ${ZONE}`, "targets"]);
            const skipped = childrenNamed(suites[0], "testcase").find(
                (c) => c.attributes.name === `hostname certificate ${F.timedOut.certId}`,
            );
            expect(childrenNamed(skipped as XmlElement, "skipped")[0].attributes.message).to.contain("not used by the targets given");
        });

        it("Prometheus: every certificate's notAfter with zone_id, certificate_id and scope, its health and status, the zone's state, and command=scan", async () => {
            const run = await scan(["--zone-id", ZONE, "--format", "prometheus"]);
            expect(run.code).to.equal(EXIT.unhealthy);
            const samples = parseExposition(run.stdout);
            expect(samples.every((s) => s.type === "GAUGE" && s.help !== "" && s.timestamp === undefined)).to.equal(true);
            const notAfter = byLabel(samples, "cloudflare_aop_certificate_not_after_timestamp_seconds", "certificate_id");
            expect(notAfter.size).to.equal(26);
            expect(notAfter.get(F.zoneCertificateId)?.labels).to.deep.equal({
                zone_id: ZONE,
                certificate_id: F.zoneCertificateId,
                scope: "zone",
            });
            expect(notAfter.get(F.expired.certId)?.labels.scope).to.equal("hostname");
            const days = (id: string): number => ((notAfter.get(id)?.value ?? 0) * 1000 - Date.now()) / 86_400_000;
            expect(days(F.expired.certId)).to.be.within(-4, -2);
            expect(days(F.expiring.certId)).to.be.within(9, 11);
            const healthy = valuesOf(samples, "cloudflare_aop_certificate_healthy", "certificate_id");
            expect(Object.values(healthy).filter((v) => v === 0)).to.have.length(3);
            expect(healthy[F.unusedCertId]).to.equal(1);
            expect(
                byLabel(samples, "cloudflare_aop_certificate_status_info", "certificate_id").get(F.timedOut.certId)?.labels.status,
            ).to.equal("deployment_timed_out");
            expect(valuesOf(samples, "cloudflare_aop_zone_inventory_read_success", "zone_id")).to.deep.equal({ [ZONE]: 1 });
            expect(valuesOf(samples, "cloudflare_aop_zone_inventory_complete", "zone_id")).to.deep.equal({ [ZONE]: 1 });
            expect(valuesOf(samples, "cloudflare_aop_zone_level_enabled", "zone_id")).to.deep.equal({ [ZONE]: 1 });
            expect(samples.some((s) => s.name === "cloudflare_aop_certificate_in_use")).to.equal(false);
            const started = byLabel(samples, "cloudflare_aop_report_timestamp_seconds", "command").get("scan")?.value ?? 0;
            expect(started * 1000).to.be.closeTo(Date.now(), 60_000);

            const used = parseExposition(
                (await scan(["--targets-file", targetsFile([F.expiring.hostname]), "--format", "prometheus"])).stdout,
            );
            const inUse = valuesOf(used, "cloudflare_aop_certificate_in_use", "certificate_id");
            expect(inUse[F.expiring.certId]).to.equal(1);
            expect(inUse[F.unusedCertId]).to.equal(0);
            expect(inUse[F.zoneCertificateId]).to.equal(1);
        });

        it("GitHub: the table with commands stopped, then one error per finding, worst first", async () => {
            const run = await scan(["--zone-id", ZONE, "--format", "github"]);
            expect(run.code).to.equal(EXIT.unhealthy);
            const found = annotations(run.stdout);
            expect(found.map((a) => [a.command, a.properties.title])).to.deep.equal([
                ["error", `AOP hostname certificate ${F.expired.certId}`],
                ["error", `AOP hostname certificate ${F.timedOut.certId}`],
                ["error", `AOP hostname certificate ${F.expiring.certId}`],
            ]);
            expect(found[0].data).to.match(/^certificate expired 3 days ago \(\d{4}-\d\d-\d\d\) \(zone [0-9a-f]{32}\)$/);
            // The table printed while commands were stopped: none of its lines is a command.
            expect(workflowCommands(run.stdout).every((c) => c.command !== "stop-commands")).to.equal(true);
            expect(run.stdout).to.contain("26 certificates in 1 zone");
        });

        it("GitHub: at most 10 errors, then one notice counting the rest", async () => {
            const run = await scan(["--zone-id", ZONE, "--format", "github", "--expiry-warning-days", "400"]);
            const found = annotations(run.stdout);
            expect(found.filter((a) => a.command === "error")).to.have.length(10);
            const notice = found.filter((a) => a.command === "notice");
            expect(notice).to.have.length(1);
            expect(notice[0].data).to.match(/^16 more findings need attention \(16 more errors\) but are not annotated/);
        });

        it("GitHub: an unhealthy certificate the targets do not use is a warning, not an error", async () => {
            const run = await scan(["--targets-file", targetsFile([F.healthy[0].hostname]), "--format", "github"]);
            expect(run.code).to.equal(EXIT.healthy);
            const found = annotations(run.stdout);
            // The expired, expiring and timed-out certificates (one rank: soonest to expire first); none is the target's.
            expect(found.map((a) => [a.command, a.properties.title])).to.deep.equal([
                ["warning", `AOP hostname certificate ${F.expired.certId}`],
                ["warning", `AOP hostname certificate ${F.expiring.certId}`],
                ["warning", `AOP hostname certificate ${F.timedOut.certId}`],
            ]);
            expect(found[0].data).to.contain("(not used by the targets given)");
        });

        it("the job summary: counts, then the findings worst first, and nothing with --no-step-summary", async () => {
            const summary = join(dir, "step_summary");
            writeFileSync(summary, "## Earlier step\n\n");
            const run = await scan(["--zone-id", ZONE, "--format", "json"], { GITHUB_STEP_SUMMARY: summary });
            JSON.parse(run.stdout);
            const markdown = readFileSync(summary, "utf8");
            expect(markdown.startsWith("## Earlier step\n\n### ❌ Authenticated Origin Pulls inventory: 3 findings in 1 zone\n")).to.equal(
                true,
            );
            const [counts, findings] = tablesIn(renderGfm(markdown));
            expect(counts.rows).to.deep.equal([["1", "0", "0", "26", "23", "3", "–"]]);
            expect(findings.rows.map((row) => [visible(row[0]), visible(row[2])])).to.deep.equal([
                [`hostname certificate ${F.expired.certId}`, "unhealthy"],
                [`hostname certificate ${F.timedOut.certId}`, "unhealthy"],
                [`hostname certificate ${F.expiring.certId}`, "unhealthy"],
            ]);
            writeFileSync(summary, "");
            await scan(["--zone-id", ZONE, "--no-step-summary"], { GITHUB_STEP_SUMMARY: summary });
            expect(readFileSync(summary, "utf8")).to.equal("");
        });

        it("--output writes the report atomically and still prints the table", async () => {
            const file = join(dir, "out", "inventory.json");
            const run = await scan(["--zone-id", ZONE, "--format", "json", "--output", file]);
            expect(run.code).to.equal(EXIT.unhealthy);
            expect(run.stdout).to.match(/^zone [0-9a-f]{32}: zone-level AOP on/);
            expect(run.stdout).to.contain(`json report written to ${file}`);
            expect(readdirSync(join(dir, "out"))).to.deep.equal(["inventory.json"]);
            expect(validateReport(JSON.parse(readFileSync(file, "utf8")))).to.equal(true);
        });
    });

    describe("failures", () => {
        /** The token may not read this zone: Cloudflare's 403 / 10000. */
        function forbidZone(zoneId: string): void {
            emulator.control.injectFault({
                kind: "status",
                status: 403,
                errorCode: 10000,
                message: "Authentication error",
                count: "always",
                match: { zoneId },
            });
        }

        function requestsTo(zoneId: string): number {
            return emulator.log.entries().filter((entry) => entry.zoneId === zoneId).length;
        }

        it("stops a zone the token may not read (10000) and an unknown zone (1001) after one request each, reads the other in full, and exits 3", async () => {
            forbidZone(SAMPLE_ZONE_ID);
            const { run, report } = await scanJson(["--zone-id", SAMPLE_ZONE_ID, "--zone-id", ZONE, "--zone-id", UNKNOWN_ZONE]);
            expect(run.code, run.stderr).to.equal(EXIT.failure);
            expect(requestsTo(SAMPLE_ZONE_ID), "requests to the forbidden zone").to.equal(1);
            expect(requestsTo(UNKNOWN_ZONE), "requests to the unknown zone").to.equal(1);
            expect(requestsTo(ZONE), "requests to the readable zone").to.equal(4);
            const [forbidden, readable, unknown] = report.zones;
            expect(forbidden).to.include({ read: false });
            expect(forbidden.error?.name).to.equal("AuthenticationError");
            expect(forbidden.error?.message).to.contain("[10000] Authentication error");
            expect(unknown.error?.name).to.equal("ZoneNotFoundError");
            expect(unknown.error?.message).to.contain("[1001]");
            expect(readable).to.include({ read: true, complete: true });
            expect(readable.certificates).to.have.length(26);
            expect(report.summary).to.include({ zoneErrors: 2, certificates: 26 });
            expect(run.stderr.match(/\[10000\] Authentication error/g)).to.have.length(1);
            expect(run.stderr.match(/ZoneNotFoundError/g)).to.have.length(1);
            expect(run.stderr).to.contain("2 of 3 zones could not be read");
            expect(run.stderr).to.not.contain("stopped early");
        });

        it("does not request the targets of a zone that failed as a zone, and reads the others", async () => {
            forbidZone(SAMPLE_ZONE_ID);
            const file = join(dir, "targets.txt");
            writeFileSync(file, `${SAMPLE_ZONE_ID}/healthy.example.com\n${ZONE}/${F.healthy[0].hostname}\n`);
            const { run, report } = await scanJson(["--targets-file", file]);
            expect(run.code).to.equal(EXIT.failure);
            expect(requestsTo(SAMPLE_ZONE_ID)).to.equal(1);
            expect(report.targets?.map((t) => [t.hostname, t.result, t.error?.name ?? null])).to.deep.equal([
                ["healthy.example.com", "error", "NotCheckedError"],
                [F.healthy[0].hostname, "healthy", null],
            ]);
            expect(report.targets?.[0].error?.message).to.equal(
                `not requested: zone ${SAMPLE_ZONE_ID} failed with AuthenticationError (see above)`,
            );
        });

        it("reports an unusable answer (result null where the setting belongs) as that zone's InvalidResponseError, and reads the other zone", async () => {
            emulator.control.injectFault({ kind: "result-null", count: "always", match: { zoneId: SAMPLE_ZONE_ID } });
            const { run, report } = await scanJson(["--zone-id", SAMPLE_ZONE_ID, "--zone-id", ZONE]);
            expect(run.code).to.equal(EXIT.failure);
            expect(report.zones[0].error?.name).to.equal("InvalidResponseError");
            expect(report.zones[0].error?.message).to.contain("zone-level AOP setting").and.contain('expected {"enabled": …}');
            expect(report.zones[1]).to.include({ read: true, complete: true });
            expect(requestsTo(SAMPLE_ZONE_ID)).to.equal(1);
        });

        it("stops the whole run after one request when the token is refused everywhere (9109)", async () => {
            const { run, report } = await scanJson(["--zone-id", ZONE, "--zone-id", SAMPLE_ZONE_ID, "--zone-id", UNKNOWN_ZONE], {
                CLOUDFLARE_API_TOKEN: WRONG_TOKEN,
            });
            expect(run.code).to.equal(EXIT.failure);
            expect(emulator.log.entries(), "requests sent").to.have.length(1);
            expect(report.zones.map((zone) => zone.error?.name)).to.deep.equal([
                "AuthenticationError",
                "NotCheckedError",
                "NotCheckedError",
            ]);
            expect(run.stderr.match(/\[9109\]/g)).to.have.length(1);
            expect(run.stderr).to.contain("stopped early");
        });

        it("still writes a report, every zone in error, when no credential is set; nothing is sent", async () => {
            const run = await cli.run(["scan", "--zone-id", ZONE, "--format", "json"], { env: { CLOUDFLARE_BASE_URL: emulator.url } });
            expect(run.code).to.equal(EXIT.failure);
            const report = JSON.parse(run.stdout) as ScanJsonReport;
            expect(validateReport(report)).to.equal(true);
            expect(report.zones[0].error?.name).to.equal("CredentialsError");
            expect(emulator.log.entries()).to.deep.equal([]);
        });

        it("exits 2 before sending anything for a bad --zone-id, no zone at all, a bad --max-pages or --format github with --output", async () => {
            const cases: Array<[string[], RegExp]> = [
                [
                    ["--zone-id", "NOT-A-ZONE", "--zone-id", "abc"],
                    /--zone-id must be 32 lower-case hexadecimal characters[\s\S]*--zone-id must be/,
                ],
                [[], /no zones: give --zone-id/],
                [["--zone-id", ZONE, "--max-pages", "0"], /--max-pages must be a whole number from 1 to 100/],
                [
                    ["--zone-id", ZONE, "--format", "github", "--output", join(dir, "x")],
                    /--format github writes workflow commands to stdout/,
                ],
            ];
            for (const [args, message] of cases) {
                const run = await scan(args);
                expect(run.code, args.join(" ")).to.equal(EXIT.usage);
                expect(run.stderr, args.join(" ")).to.match(message);
            }
            expect(emulator.log.entries()).to.deep.equal([]);
        });
    });
});
