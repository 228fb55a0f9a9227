import { readFileSync } from "node:fs";
import { join } from "node:path";

import { expect } from "chai";

import { renderJsonReport, renderOutputsJson, toJsonReport } from "../../../provider/cli/format-json";
import { escapeXmlAttribute, escapeXmlText, renderJunit } from "../../../provider/cli/format-junit";
import { alignColumns, CHECK_COLUMNS, renderCheckTable, renderOutputsTable } from "../../../provider/cli/format-table";
import { ANSI } from "../../../provider/cli/terminal";
import { OUTPUT_NAMES } from "../../../provider/types";
import { failed, healthy, missing, OTHER_ZONE, report, unhealthy, ZONE } from "./fixtures";
import { childrenNamed, parseXml } from "./xml";

// eslint-disable-next-line no-control-regex -- ANSI colour sequences, to strip them
const ESCAPES = /\u001b\[[0-9;]*m/g;
const strip = (text: string): string => text.replace(ESCAPES, "");

function columnStarts(line: string, header: string): number[] {
    return header.split(/\s{2,}/).map((title) => line.indexOf(title));
}

describe("aop-status table output", () => {
    it("pads every column to its widest cell and leaves no trailing spaces", () => {
        const lines = alignColumns(
            ["A", "LONGER", "C"],
            [
                ["wide cell", "x", "last"],
                ["y", "zz", ""],
            ],
        );
        expect(lines).to.deep.equal(["A          LONGER  C", "wide cell  x       last", "y          zz"]);
    });

    it("right-aligns the DAYS column so numbers line up by their last digit", () => {
        const text = renderCheckTable(
            report([
                healthy("a.example.com"),
                unhealthy("b.example.com", ["certificate expired 3 days ago (2025-05-29)"], { daysUntilExpiry: -3 }),
            ]),
        );
        const [header, first, second] = text.split("\n");
        const end = header.indexOf("DAYS") + "DAYS".length;
        expect(first.slice(end - 4, end)).to.equal("1500");
        expect(second.slice(end - 2, end)).to.equal("-3");
    });

    it("lines up the columns of every row with the header, and ends with a summary line", () => {
        const results = [
            healthy("a.example.com"),
            unhealthy("deploying.example.com", ["status is pending_deployment"], { status: "pending_deployment" }),
            missing("gone.example.com"),
            failed("x.example.com", "AuthenticationError", "Cloudflare API returned HTTP 403: [9109] Invalid access token"),
        ];
        const lines = renderCheckTable(report(results)).trimEnd().split("\n");
        const header = lines[0];
        expect(header.split(/\s{2,}/)).to.deep.equal([...CHECK_COLUMNS]);
        const starts = columnStarts(header, header);
        for (const row of lines.slice(1, 5)) {
            expect(row).to.not.match(/\s$/);
            // Every cell starts where its header does (DAYS is right-aligned, so skip it).
            for (const [column, start] of starts.entries()) {
                if (CHECK_COLUMNS[column] === "DAYS" || start === 0) continue;
                expect(row[start - 1], `${CHECK_COLUMNS[column]} in ${row}`).to.equal(" ");
                expect(row[start], `${CHECK_COLUMNS[column]} in ${row}`).to.not.equal(" ");
            }
        }
        expect(lines[1]).to.contain("healthy").and.contain("2030-01-01");
        expect(lines[2]).to.contain("UNHEALTHY").and.contain("status is pending_deployment");
        expect(lines[3]).to.contain("MISSING");
        expect(lines[4]).to.contain("ERROR").and.contain("AuthenticationError: Cloudflare API returned HTTP 403");
        expect(lines[5]).to.equal("");
        expect(lines[6]).to.equal("4 targets: 1 healthy, 1 unhealthy, 1 missing, 1 error (expiry-warning-days 30)");
    });

    it("says a missing hostname is allowed, and repeats the settings, with --allow-missing and --no-require-enabled", () => {
        const text = renderCheckTable(
            report([missing("gone.example.com")], { allowMissing: true, requireEnabled: false, expiryWarningDays: 14 }),
        );
        expect(text).to.contain("missing (allowed)");
        expect(text).to.contain("(expiry-warning-days 14, no-require-enabled, allow-missing)");
    });

    it("writes a repeated error once and then refers to it, so an auth failure does not flood the log", () => {
        const message = "Cloudflare API returned HTTP 403: [9109] Invalid access token";
        const text = renderCheckTable(
            report([failed("a.example.com", "AuthenticationError", message), failed("b.example.com", "AuthenticationError", message)]),
        );
        expect(text.split(message)).to.have.length(2);
        expect(text).to.contain("AuthenticationError (same as above)");
    });

    it("uses no escape codes without colour, and keeps the alignment when colour is on", () => {
        const results = [healthy("a.example.com"), unhealthy("b.example.com", ["status is deleted"])];
        const plain = renderCheckTable(report(results));
        const colored = renderCheckTable(report(results), ANSI);
        expect(plain).to.not.match(ESCAPES);
        expect(colored).to.match(ESCAPES);
        expect(strip(colored)).to.equal(plain);
    });

    it("prints every output of `get` in OUTPUT_NAMES order, with lists on indented lines", () => {
        const text = renderOutputsTable(
            unhealthy("app.example.com", ["status is pending_deployment", "certificate expires in 3 days (2025-06-04)"]).outputs!,
        );
        const lines = text.trimEnd().split("\n");
        const names = lines.filter((line) => !line.startsWith(" ")).map((line) => line.split(/\s+/)[0]);
        expect(names).to.deep.equal([...OUTPUT_NAMES]);
        const problems = lines.findIndex((line) => line.startsWith("problems "));
        expect(lines[problems + 1].trim()).to.equal("certificate expires in 3 days (2025-06-04)");
        const codes = lines.findIndex((line) => line.startsWith("problemCodes "));
        expect(lines[codes]).to.match(/^problemCodes\s+status$/);
        expect(lines[codes + 1].trim()).to.equal("expiring");
        expect(text).to.match(/^enabled\s+true$/m);
        expect(text).to.match(/^healthy\s+false$/m);
    });

    it("shows what the certificate PEM holds in `get`'s table, with the leaf's fingerprint and dates, not the PEM itself", () => {
        const pem = readFileSync(join(__dirname, "../../fixtures/certs/valid-2026.pem"), "utf8");
        const text = renderOutputsTable({ ...healthy().outputs!, certificate: pem });
        expect(text).to.not.contain("BEGIN CERTIFICATE");
        expect(text).to.match(/^certificate\s+PEM of 1 certificate \(the text is in --format json\)$/m);
        expect(text).to.match(/^certFingerprintSha256\s+AB:CD$/m);
        expect(text).to.match(/^certNotBefore\s+2025-01-01T00:00:00\.000Z$/m);
        expect(text).to.match(/^certNotAfter\s+2030-01-01T00:00:00\.000Z$/m);
        const unreadable = renderOutputsTable({
            ...healthy().outputs!,
            certificate: "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n",
        });
        expect(unreadable).to.match(/^certificate\s+PEM, unreadable \(the text is in --format json\)$/m);
    });

    it("shows null outputs as '-' for a hostname that was not found", () => {
        const text = renderOutputsTable(missing("gone.example.com").outputs!);
        expect(text).to.match(/^found\s+false$/m);
        expect(text).to.match(/^status\s+-$/m);
        expect(text).to.match(/^certificate\s+-$/m);
    });
});

describe("aop-status JSON report", () => {
    const results = [
        healthy("a.example.com"),
        unhealthy("b.example.com", ["hostname AOP is disabled"], { enabled: false }),
        missing("c.example.com"),
        failed("d.example.com", "RateLimitedError", "Cloudflare API returned HTTP 429: [971] Please wait"),
    ];

    it("has version 1, the run's settings and a summary whose counts add up to the total", () => {
        const json = toJsonReport(report(results));
        expect(json.version).to.equal(1);
        expect(json.generatedAt).to.equal("2025-06-01T12:00:00.000Z");
        expect(json.durationMs).to.equal(1234);
        expect(json.settings).to.deep.equal({ minDays: 30, expiryWarningDays: 30, requireEnabled: true, allowMissing: false });
        expect(json.summary).to.deep.equal({ total: 4, healthy: 1, unhealthy: 1, missing: 1, errors: 1 });
    });

    it("gives each target its result, verdict, outputs in OUTPUT_NAMES order, and error", () => {
        const parsed = JSON.parse(renderJsonReport(report(results))) as ReturnType<typeof toJsonReport>;
        expect(Object.keys(parsed)).to.deep.equal(["version", "generatedAt", "durationMs", "settings", "summary", "targets"]);
        const [a, b, c, d] = parsed.targets;
        expect(Object.keys(a)).to.deep.equal([
            "target",
            "zoneId",
            "hostname",
            "result",
            "healthy",
            "problems",
            "problemCodes",
            "outputs",
            "error",
            "durationMs",
        ]);
        expect(a).to.include({ target: `${ZONE}/a.example.com`, result: "healthy", healthy: true, error: null });
        expect(Object.keys(a.outputs!)).to.deep.equal([...OUTPUT_NAMES]);
        expect(b).to.deep.include({
            result: "unhealthy",
            healthy: false,
            problems: ["hostname AOP is disabled"],
            problemCodes: ["disabled"],
        });
        expect(b.outputs!.problemCodes).to.deep.equal(["disabled"]);
        expect(b.outputs!.enabled).to.equal(false);
        expect(c).to.deep.include({ result: "missing", healthy: false, problemCodes: ["not-found"] });
        expect(c.outputs!.found).to.equal(false);
        expect(d).to.deep.include({
            result: "error",
            outputs: null,
            problems: [],
            problemCodes: [],
            error: { name: "RateLimitedError", message: "Cloudflare API returned HTTP 429: [971] Please wait" },
        });
    });

    it("prints `get --format json` as the outputs object alone, in OUTPUT_NAMES order", () => {
        const parsed = JSON.parse(renderOutputsJson(healthy().outputs!)) as Record<string, unknown>;
        expect(Object.keys(parsed)).to.deep.equal([...OUTPUT_NAMES]);
        expect(parsed.hostname).to.equal("app.example.com");
    });
});

describe("aop-status JUnit report", () => {
    it("escapes the five XML special characters in text and attributes", () => {
        expect(escapeXmlText(`a<b>&"c'`)).to.equal(`a&lt;b&gt;&amp;"c'`);
        expect(escapeXmlAttribute(`a<b>&"c'`)).to.equal("a&lt;b&gt;&amp;&quot;c&apos;");
    });

    it("keeps tabs and newlines in attributes as references, and replaces characters XML cannot carry", () => {
        expect(escapeXmlAttribute("one\ttwo\nthree\r")).to.equal("one&#9;two&#10;three&#13;");
        expect(escapeXmlText("bell\u0007 nul\u0000 lone\uD800 ok\u{1F600}")).to.equal("bell\uFFFD nul\uFFFD lone\uFFFD ok\u{1F600}");
        // DEL and the C1 controls are legal XML 1.0 but "discouraged", and U+009B is a terminal's CSI.
        expect(escapeXmlText("csi\u009b del\u007f nel\u0085 nbsp\u00a0")).to.equal("csi\uFFFD del\uFFFD nel\uFFFD nbsp\u00a0");
    });

    it("is well-formed and carries hostile messages back unchanged", () => {
        const hostile = `expected <b>&amp;</b> "quoted" 'single' ]]> \u0001`;
        const xml = renderJunit(
            report([
                failed("a.example.com", "CloudflareApiError", hostile),
                unhealthy("b.example.com", [hostile, "status is <deleted>"], { problemCodes: ["bad-certificate", "status"] }),
            ]),
        );
        const root = parseXml(xml);
        const [errorCase, failureCase] = childrenNamed(childrenNamed(root, "testsuite")[0], "testcase");
        const error = childrenNamed(errorCase, "error")[0];
        // The control character shows as the escape the table uses, not as itself.
        const expected = hostile.replace("\u0001", "\\x01");
        expect(error.attributes.message).to.equal(expected);
        expect(error.text).to.equal(expected);
        const failure = childrenNamed(failureCase, "failure")[0];
        expect(failure.attributes.message).to.equal(`${expected}; status is <deleted>`);
        expect(failure.text).to.equal(`${expected}\nstatus is <deleted>`);
    });

    it("has one testsuite per zone and one testcase per target, with failure, error and counts", () => {
        const other = { ...healthy("z.example.com", OTHER_ZONE) };
        const xml = renderJunit(
            report([
                healthy("a.example.com"),
                unhealthy("b.example.com", ["status is deleted"]),
                missing("c.example.com"),
                failed("d.example.com", "AuthenticationError", "denied"),
                other,
            ]),
        );
        expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n')).to.equal(true);
        const root = parseXml(xml);
        expect(root.name).to.equal("testsuites");
        expect(root.attributes).to.include({
            tests: "5",
            failures: "2",
            errors: "1",
            skipped: "0",
            time: "1.234",
            timestamp: "2025-06-01T12:00:00Z",
        });
        const suites = childrenNamed(root, "testsuite");
        expect(suites.map((s) => s.attributes.name)).to.deep.equal([`zone ${ZONE}`, `zone ${OTHER_ZONE}`]);
        expect(suites[0].attributes).to.include({ tests: "4", failures: "2", errors: "1" });
        const properties = childrenNamed(childrenNamed(suites[0], "properties")[0], "property");
        expect(properties.map((p) => [p.attributes.name, p.attributes.value])).to.deep.equal([
            ["expiryWarningDays", "30"],
            ["minDays", "30"],
            ["requireEnabled", "true"],
            ["allowMissing", "false"],
        ]);
        const cases = childrenNamed(suites[0], "testcase");
        expect(cases.map((c) => [c.attributes.classname, c.attributes.name, c.attributes.time])).to.deep.equal([
            [`aop-status.${ZONE}`, "a.example.com", "0.012"],
            [`aop-status.${ZONE}`, "b.example.com", "0.012"],
            [`aop-status.${ZONE}`, "c.example.com", "0.012"],
            [`aop-status.${ZONE}`, "d.example.com", "0.012"],
        ]);
        expect(cases[0].children.map((c) => c.name)).to.deep.equal(["system-out"]);
        expect(childrenNamed(cases[1], "failure")[0].attributes).to.deep.equal({ type: "unhealthy", message: "status is deleted" });
        const caseProperties = childrenNamed(childrenNamed(cases[1], "properties")[0], "property");
        expect(caseProperties.map((p) => p.attributes)).to.deep.equal([{ name: "problemCodes", value: "status" }]);
        expect(childrenNamed(cases[1], "system-out")[0].text).to.contain("problemCodes: status");
        expect(childrenNamed(cases[0], "properties")).to.have.length(0);
        expect(childrenNamed(cases[0], "system-out")[0].text).to.contain("problemCodes: -");
        expect(childrenNamed(cases[2], "failure")[0].attributes.type).to.equal("missing");
        expect(childrenNamed(cases[3], "error")[0].attributes).to.deep.equal({ type: "AuthenticationError", message: "denied" });
        expect(childrenNamed(cases[0], "system-out")[0].text).to.contain("status: active");
    });

    it("marks a missing hostname as skipped, not failed, with --allow-missing", () => {
        const root = parseXml(renderJunit(report([missing("c.example.com")], { allowMissing: true })));
        expect(root.attributes).to.include({ tests: "1", failures: "0", skipped: "1" });
        const testcase = childrenNamed(childrenNamed(root, "testsuite")[0], "testcase")[0];
        expect(childrenNamed(testcase, "failure")).to.have.length(0);
        expect(childrenNamed(testcase, "skipped")[0].attributes.message).to.contain("allowed by --allow-missing");
    });
});
