/**
 * `scan`'s report as pure data and its renderers, fed reports built from plain values: which
 * certificates decide, the exit code, the worst-first order, and that a hostile server's strings
 * stay data in every format.
 */
import { expect } from "chai";

import { scanAttention, SCAN_RANK } from "../../../provider/cli/scan/attention";
import { renderScanGithub } from "../../../provider/cli/scan/github";
import { scanReportView } from "../../../provider/cli/scan/html-view";
import { renderScanJson, toScanJsonReport } from "../../../provider/cli/scan/json";
import { renderScanJunit } from "../../../provider/cli/scan/junit";
import { renderScanPrometheus } from "../../../provider/cli/scan/prometheus";
import { scanExitCode, summarizeScan } from "../../../provider/cli/scan/report";
import { renderScanStepSummary } from "../../../provider/cli/scan/step-summary";
import { renderScanTable } from "../../../provider/cli/scan/table";
import { HOSTILE_C1, HOSTILE_ISSUER, HOSTILE_STATUS, RAW_CONTROL } from "../../support/hostile-text";
import { renderGfm, tablesIn, textOf } from "./markdown-table";
import { parseExposition } from "./prometheus-text";
import { annotations } from "./workflow-commands";
import { parseXml } from "./xml";
import { defaultItems, failed, IDS, inventory, item, LATER, SCAN_ZONE, scanReport, usingTarget } from "./scan-fixtures";

const FORGED = "x\n::error title=forged::forged\n# HELP fake_metric x\nfake_metric 1";

describe("scan's report and formats (pure)", () => {
    describe("which certificates decide the exit code", () => {
        it("without --targets-file, every one: a timed-out certificate nobody may use still exits 1", () => {
            const report = scanReport();
            expect(report.zones[0].certificates.every((row) => row.decides && row.usedBy === null)).to.equal(true);
            const summary = summarizeScan(report);
            expect(summary).to.include({ certificates: 4, unhealthy: 2, failing: 2, notUsedByTargets: 0 });
            expect(scanExitCode(summary)).to.equal(1);
        });

        it("with --targets-file, only those a target uses, and zone-level ones while zone-level AOP is on", () => {
            const report = scanReport({ targets: [usingTarget(IDS.inUse)] });
            const decides = Object.fromEntries(report.zones[0].certificates.map((row) => [row.certificate.id, row.decides]));
            expect(decides).to.deep.equal({ [IDS.zone]: true, [IDS.inUse]: true, [IDS.timedOut]: false, [IDS.noPem]: false });
            const summary = summarizeScan(report);
            expect(summary).to.include({ failing: 0, unhealthy: 2, notUsedByTargets: 2 });
            expect(scanExitCode(summary)).to.equal(0);
        });

        it("a zone-level certificate does not decide with --targets-file when zone-level AOP is off", () => {
            const off = inventory(defaultItems());
            off.zoneLevelEnabled = false;
            const report = scanReport({ inventory: off, targets: [usingTarget(IDS.inUse)] });
            expect(report.zones[0].certificates[0]).to.include({ decides: false });
        });

        it("exits 3 when a zone was not read, when an inventory is incomplete, or when a target was not read, even with findings (3 wins over 1)", () => {
            expect(scanExitCode(summarizeScan(scanReport({ failedZone: { name: "AuthenticationError", message: "10000" } })))).to.equal(3);
            expect(scanExitCode(summarizeScan(scanReport({ inventory: inventory([item(IDS.inUse)], undefined, false) })))).to.equal(3);
            const targets = [usingTarget(IDS.inUse), failed("b.example.com", "ConnectionError", "refused")];
            expect(scanExitCode(summarizeScan(scanReport({ targets })))).to.equal(3);
        });

        it("exits 0 for a complete zone of healthy certificates", () => {
            expect(scanExitCode(summarizeScan(scanReport({ inventory: inventory([item(IDS.inUse)]) })))).to.equal(0);
        });
    });

    describe("worst first", () => {
        it("ranks a zone not read, then an incomplete one, a target not read, expired, other findings, expiring, and unused last as warnings", () => {
            // A 40-day window makes the PEM's 34 days "expiring"; "gone" has no PEM and an expires_on in the past.
            const zone = inventory(
                [
                    item(IDS.inUse),
                    item(IDS.timedOut, { status: "deployment_timed_out" }),
                    item("gone", { certificate: undefined, expires_on: "2026-11-20T00:00:00Z" }),
                    item("spare"),
                ],
                undefined,
                false,
                40,
            );
            const report = scanReport({
                inventory: zone,
                failedZone: { name: "ZoneNotFoundError", message: "[1001] Invalid zone identifier" },
                targets: [
                    usingTarget(IDS.inUse),
                    usingTarget(IDS.timedOut, "b.example.com"),
                    usingTarget("gone", "c.example.com"),
                    failed("d.example.com", "ConnectionError", "refused"),
                ],
            });
            const ranks = scanAttention(report).map((entry) => [entry.rank, entry.level, entry.subject]);
            expect(ranks).to.deep.equal([
                [SCAN_RANK.zoneFailed, "error", "zone 0123456789abcdef0123456789abcdef"],
                [SCAN_RANK.incomplete, "error", `zone ${SCAN_ZONE}`],
                [SCAN_RANK.targetFailed, "error", "d.example.com"],
                [SCAN_RANK.expired, "error", "hostname certificate gone"],
                [SCAN_RANK.otherFinding, "error", `hostname certificate ${IDS.timedOut}`],
                [SCAN_RANK.expiring, "error", `zone-level certificate ${IDS.zone}`],
                [SCAN_RANK.expiring, "error", `hostname certificate ${IDS.inUse}`],
                [SCAN_RANK.notUsed, "warning", "hostname certificate spare"],
            ]);
        });
    });

    describe("a hostile server's strings stay data", () => {
        const hostile = (): ReturnType<typeof scanReport> =>
            scanReport({
                inventory: inventory([
                    item(`${HOSTILE_C1}-id`, { status: HOSTILE_STATUS, issuer: HOSTILE_ISSUER, serial_number: FORGED }),
                    item(FORGED, { status: FORGED }),
                ]),
                failedZone: { name: "CloudflareApiError", message: `HTTP 500: ${HOSTILE_ISSUER}` },
            });

        it("the table shows control characters as escapes and forges no line", () => {
            const text = renderScanTable(hostile());
            expect(text).to.not.match(RAW_CONTROL);
            expect(text).to.contain("active\\x1b[2J\\x1b]0;pwned\\x07");
            expect(text.split("\n").some((line) => line.startsWith("INJECTED LINE"))).to.equal(false);
        });

        it("the JSON report parses back to the same values, with C1 controls escaped", () => {
            const report = hostile();
            const text = renderScanJson(report);
            expect(text).to.not.match(/[\u007f-\u009f]/);
            expect(JSON.parse(text)).to.deep.equal(JSON.parse(JSON.stringify(toScanJsonReport(report))));
            const statuses = (JSON.parse(text) as ReturnType<typeof toScanJsonReport>).zones[0].certificates.map((c) => c.status);
            expect(statuses).to.include(HOSTILE_STATUS);
        });

        it("the JUnit XML parses with a strict reader", () => {
            const root = parseXml(renderScanJunit(hostile()));
            expect(root.attributes).to.include({ name: "aop-status scan", errors: "1" });
        });

        it("Prometheus: the forged metric stays inside a label, and the file parses", () => {
            const text = renderScanPrometheus(hostile());
            expect(text).to.not.match(/^fake_metric/m);
            const samples = parseExposition(text);
            expect(samples.some((s) => s.name === "fake_metric")).to.equal(false);
            expect(samples.filter((s) => s.name === "cloudflare_aop_zone_inventory_read_success").map((s) => s.value)).to.deep.equal([
                1, 0,
            ]);
        });

        it("GitHub: no forged command reaches the runner, and every annotation is ours", () => {
            const found = annotations(renderScanGithub(hostile()));
            expect(found.map((a) => a.properties.title)).to.not.include("forged");
            expect(found.every((a) => a.properties.title.startsWith("AOP "))).to.equal(true);
            expect(found[0].properties.title).to.equal("AOP zone 0123456789abcdef0123456789abcdef");
        });

        it("the job summary's cells are text, one row each", () => {
            const [, findings] = tablesIn(renderGfm(renderScanStepSummary(hostile())));
            for (const row of findings.rows) for (const cell of row) expect(() => textOf(cell)).to.not.throw();
        });

        it("the HTML view carries the strings as data for the escaping renderer, one row per certificate plus the failed zone", () => {
            const view = scanReportView(hostile(), "aop-status test");
            expect(view.rows.map((row) => [row.scope, row.verdict])).to.deep.equal([
                ["zone", "healthy"],
                ["hostname", "unhealthy"],
                ["hostname", "unhealthy"],
                [null, "error"],
            ]);
            expect(view.rows.every((row) => JSON.stringify(row.details ?? []).indexOf("BEGIN CERTIFICATE") === -1)).to.equal(true);
        });
    });

    describe("the table", () => {
        it("leaves out USED BY without --targets-file, and names the targets (or says not used) with it", () => {
            expect(renderScanTable(scanReport())).to.not.contain("USED BY");
            const text = renderScanTable(scanReport({ targets: [usingTarget(IDS.inUse)] }));
            expect(text).to.match(/USED BY/);
            expect(text.split("\n").find((line) => line.includes(IDS.inUse) && line.startsWith("hostname"))).to.contain("app.example.com");
            expect(text.split("\n").find((line) => line.includes(IDS.timedOut)))
                .to.contain("unhealthy (not used)")
                .and.contain("not used by the targets given");
        });

        it("advises deleting expired certificates only when there is one", () => {
            expect(renderScanTable(scanReport())).to.not.contain("never removes expired");
            expect(renderScanTable(scanReport({ inventory: inventory([item(IDS.inUse)], LATER) }))).to.contain(
                "Cloudflare never removes expired client certificates: delete them",
            );
        });
    });
});
