/**
 * docs/prometheus-rules.yaml: the example alert rules must parse, and must use only metrics that
 * aop-status writes. The expressions are read with the Prometheus project's own PromQL grammar
 * (@prometheus-io/lezer-promql), so "the metrics it uses" means the selectors a real parser finds.
 */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";

import { parser } from "@prometheus-io/lezer-promql";
import { expect } from "chai";
import * as yaml from "js-yaml";

import { certificateMetricFamilies, renderExposition, renderPrometheusReport } from "../../../provider/cli/format-prometheus";
import { renderScanPrometheus } from "../../../provider/cli/scan/prometheus";
import { failed, healthy, missing, report, unhealthy, ZONE } from "./fixtures";
import { IDS, scanReport, usingTarget } from "./scan-fixtures";
import { parseExposition } from "./prometheus-text";

const DOCS = join(__dirname, "..", "..", "..", "docs");
const RULES_FILE = join(DOCS, "prometheus-rules.yaml");

interface Rule {
    alert?: string;
    record?: string;
    expr: string;
    for?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
}

interface RulesDocument {
    groups: Array<{ name: string; rules: Rule[] }>;
}

function loadRules(): Rule[] {
    const document = yaml.load(readFileSync(RULES_FILE, "utf8")) as RulesDocument;
    return document.groups.flatMap((group) => group.rules);
}

/** The metric names a PromQL expression selects, and whether the grammar found a syntax error. */
function analyse(expr: string): { metrics: string[]; syntaxError: boolean } {
    const metrics: string[] = [];
    let syntaxError = false;
    parser.parse(expr).iterate({
        enter(node) {
            if (node.type.isError) syntaxError = true;
            if (node.name === "Identifier" && node.node.parent?.name === "VectorSelector") metrics.push(expr.slice(node.from, node.to));
        },
    });
    return { metrics, syntaxError };
}

/** What the CLI writes, read back by a parser: every outcome a check can have, plus scan's certificate metric. */
function emittedMetricNames(): Set<string> {
    const check = renderPrometheusReport(
        report([
            healthy("ok.example.com"),
            unhealthy("voided.example.com", ["hostname AOP association is voided (enabled is null)"], { enabled: null }),
            missing("gone.example.com"),
            failed("broken.example.com", "ConnectionError", "refused"),
        ]),
    );
    const certificates = renderExposition(
        certificateMetricFamilies([{ zoneId: ZONE, certificateId: "c", scope: "zone", notAfter: "2030-01-01T00:00:00Z" }]),
    );
    // What scan writes, --targets-file and a zone it could not read included.
    const scan = renderScanPrometheus(
        scanReport({ targets: [usingTarget(IDS.inUse)], failedZone: { name: "AuthenticationError", message: "10000" } }),
    );
    return new Set(parseExposition(check + certificates + scan).map((sample) => sample.name));
}

describe("the example Prometheus alert rules (docs/prometheus-rules.yaml)", () => {
    it("parse as YAML into rule groups, each rule an alert with an expression, a severity and a summary", () => {
        const rules = loadRules();
        expect(rules.length).to.be.above(0);
        for (const rule of rules) {
            expect(rule.alert, JSON.stringify(rule))
                .to.be.a("string")
                .and.match(/^[A-Za-z][A-Za-z0-9]*$/);
            expect(rule.expr, rule.alert).to.be.a("string").and.not.equal("");
            expect(rule.labels?.severity, rule.alert).to.be.oneOf(["warning", "critical"]);
            expect(rule.annotations?.summary, rule.alert).to.be.a("string");
            expect(rule.annotations?.description, rule.alert).to.be.a("string");
        }
        expect(new Set(rules.map((r) => r.alert)).size, "alert names are unique").to.equal(rules.length);
    });

    it("have expressions that are valid PromQL", () => {
        for (const rule of loadRules()) expect(analyse(rule.expr).syntaxError, `${rule.alert}: ${rule.expr}`).to.equal(false);
        // The check itself can fail: the grammar does report a broken expression.
        expect(analyse("cloudflare_aop_hostname_healthy{").syntaxError).to.equal(true);
    });

    it("use only metric names the CLI emits", () => {
        const emitted = emittedMetricNames();
        const used = new Set(loadRules().flatMap((rule) => analyse(rule.expr).metrics));
        expect(used.size).to.be.above(0);
        for (const name of used) expect([...emitted], `${name} is used by a rule but never written by aop-status`).to.include(name);
    });

    it("cover expiry under 30 and under 14 days, expired certificates, unhealthy and missing hostnames, failed reads and a stale report", () => {
        const rules = loadRules();
        const uses = (metric: string): Rule[] => rules.filter((rule) => analyse(rule.expr).metrics.includes(metric));
        const expiry = uses("cloudflare_aop_hostname_certificate_not_after_timestamp_seconds").map((rule) => rule.expr);
        expect(expiry.some((expr) => expr.includes("< 30 * 86400"))).to.equal(true);
        expect(expiry.some((expr) => expr.includes("< 14 * 86400"))).to.equal(true);
        expect(expiry.some((expr) => / > 0$/.test(expr))).to.equal(true);
        expect(uses("cloudflare_aop_hostname_healthy")).to.have.length.above(0);
        expect(uses("cloudflare_aop_hostname_found")).to.have.length.above(0);
        expect(uses("cloudflare_aop_hostname_read_success")).to.have.length.above(0);
        expect(uses("cloudflare_aop_report_timestamp_seconds")).to.have.length.above(0);
    });

    it("cover scan's inventory: an uploaded certificate expired, expiring or unhealthy, a zone not read or incomplete, and a stale scan", () => {
        const rules = loadRules();
        const uses = (metric: string): string[] =>
            rules.filter((rule) => analyse(rule.expr).metrics.includes(metric)).map((rule) => rule.alert ?? "");
        expect(uses("cloudflare_aop_certificate_not_after_timestamp_seconds")).to.include.members([
            "AOPUploadedCertificateExpired",
            "AOPUploadedCertificateExpiresWithin30Days",
        ]);
        expect(uses("cloudflare_aop_certificate_healthy")).to.deep.equal(["AOPUploadedCertificateUnhealthy"]);
        expect(uses("cloudflare_aop_zone_inventory_read_success")).to.deep.equal(["AOPZoneInventoryReadFailed"]);
        expect(uses("cloudflare_aop_zone_inventory_complete")).to.deep.equal(["AOPZoneInventoryIncomplete"]);
        const stale = rules.find((rule) => rule.alert === "AOPInventoryReportStale");
        expect(stale?.expr).to.contain('{command="scan"}');
        // check's daily staleness rule must not fire for a weekly scan.
        expect(rules.find((rule) => rule.alert === "AOPStatusReportStale")?.expr).to.contain('{command!="scan"}');
    });

    // promtool is not an npm package; where it is installed (Debian's "prometheus" package, or set
    // PROMTOOL to its path) it checks the rules and runs their unit tests (docs/prometheus-rules.test.yaml).
    it("pass promtool's own rule check and unit tests, where promtool is installed", function () {
        const promtool = process.env.PROMTOOL ?? "promtool";
        const version = spawnSync(promtool, ["--version"], { encoding: "utf8" });
        if (version.error) this.skip();
        const check = spawnSync(promtool, ["check", "rules", RULES_FILE], { encoding: "utf8" });
        expect(check.status, check.stdout + check.stderr).to.equal(0);
        const test = spawnSync(promtool, ["test", "rules", join(DOCS, "prometheus-rules.test.yaml")], { encoding: "utf8", cwd: DOCS });
        expect(test.status, test.stdout + test.stderr).to.equal(0);
    });
});
