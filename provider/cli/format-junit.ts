/**
 * JUnit XML, the one test-report format every CI system renders (GitHub Actions reporters,
 * GitLab, Jenkins, Azure DevOps, CircleCI). One <testsuite> per zone, one <testcase> per target:
 * - unhealthy, or missing without --allow-missing: <failure type="unhealthy"|"missing"> with the problems;
 * - missing with --allow-missing: <skipped>, so it shows without failing the build;
 * - an API or credential error: <error type="<ErrorName>">, which CI tells apart from a finding.
 * A target with problems also carries their codes: a testcase property `problemCodes`
 * ("status,expiring", for tools) and a `problemCodes:` line in <system-out> (for people).
 *
 * Every value that came from the API or the user goes through `printable` first, as in the table,
 * so a control character shows as a visible escape. What XML 1.0 cannot carry at all (lone
 * surrogates, U+FFFE) and the C1 controls it only tolerates are replaced by U+FFFD as a last
 * line of defence: one bad character makes the whole report unreadable to the CI system.
 */
import { printable } from "../text";
import { problemCodesOf, summarize, type CheckReport, type TargetResult } from "./report";
import { expiryDay } from "./format-table";

// Allowed by XML 1.0: tab, LF, CR, U+0020-U+D7FF, U+E000-U+FFFD, U+10000-U+10FFFF. Lone surrogates are not.
// DEL and the C1 controls (U+007F-U+009F) are allowed but "discouraged" (XML 1.0 section 2.2); they are stripped too.
// eslint-disable-next-line no-control-regex -- XML 1.0 forbids most control characters; this finds them
const NOT_XML_CHAR = /[^\u0009\u000A\u000D\u0020-\u007E\u00A0-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

export function stripInvalidXmlChars(text: string): string {
    return text.replace(NOT_XML_CHAR, "\uFFFD");
}

/** Element content. */
export function escapeXmlText(text: string): string {
    return stripInvalidXmlChars(text).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** Attribute values (double-quoted); tabs and newlines as references, or parsers normalise them to spaces. */
export function escapeXmlAttribute(text: string): string {
    return escapeXmlText(text)
        .replace(/"/g, "&quot;")
        .replace(/'/g, "&apos;")
        .replace(/\t/g, "&#9;")
        .replace(/\n/g, "&#10;")
        .replace(/\r/g, "&#13;");
}

export function attributes(values: Record<string, string | number>): string {
    return Object.entries(values)
        .map(([name, value]) => ` ${name}="${escapeXmlAttribute(String(value))}"`)
        .join("");
}

export const seconds = (ms: number): string => (Math.max(0, ms) / 1000).toFixed(3);

interface Counts {
    tests: number;
    failures: number;
    errors: number;
    skipped: number;
}

function count(results: readonly TargetResult[], allowMissing: boolean): Counts {
    const s = summarize(results);
    return {
        tests: s.total,
        failures: s.unhealthy + (allowMissing ? 0 : s.missing),
        errors: s.errors,
        skipped: allowMissing ? s.missing : 0,
    };
}

/** Key facts as `name: value` lines in <system-out>, so a failed case explains itself in the CI UI. */
function facts(result: TargetResult): string {
    const o = result.outputs;
    if (!o) return "";
    const codes = problemCodesOf(result);
    const lines = [
        `found: ${o.found}`,
        `enabled: ${o.enabled === null ? "null" : o.enabled}`,
        `status: ${printable(o.status ?? "-")}`,
        `certStatus: ${printable(o.certStatus ?? "-")}`,
        `expires: ${expiryDay(o)}`,
        `daysUntilExpiry: ${o.daysUntilExpiry ?? "-"}`,
        `certFingerprintSha256: ${printable(o.certFingerprintSha256 ?? "-")}`,
        `problemCodes: ${codes.length > 0 ? printable(codes.join(", ")) : "-"}`,
    ];
    return lines.join("\n");
}

function testcase(result: TargetResult, allowMissing: boolean): string {
    const head = `    <testcase${attributes({ classname: `aop-status.${result.zoneId}`, name: result.hostname, time: seconds(result.durationMs) })}`;
    const body: string[] = [];
    const problems = result.problems.map(printable);
    const codes = problemCodesOf(result);
    if (codes.length > 0) {
        body.push(
            "      <properties>",
            `        <property${attributes({ name: "problemCodes", value: printable(codes.join(",")) })}/>`,
            "      </properties>",
        );
    }
    if (result.error) {
        const name = printable(result.error.name);
        const message = printable(result.error.message);
        body.push(`      <error${attributes({ type: name, message })}>${escapeXmlText(message)}</error>`);
    } else if (result.outcome === "missing" && allowMissing) {
        body.push(`      <skipped${attributes({ message: `${problems.join("; ")} (allowed by --allow-missing)` })}/>`);
    } else if (result.outcome === "unhealthy" || result.outcome === "missing") {
        body.push(
            `      <failure${attributes({ type: result.outcome, message: problems.join("; ") })}>${escapeXmlText(problems.join("\n"))}</failure>`,
        );
    }
    const out = facts(result);
    if (out) body.push(`      <system-out>${escapeXmlText(out)}</system-out>`);
    return body.length === 0 ? `${head}/>` : `${head}>\n${body.join("\n")}\n    </testcase>`;
}

export function renderJunit(report: CheckReport): string {
    const { allowMissing, expiryWarningDays, requireEnabled } = report.settings;
    const timestamp = report.generatedAt.toISOString().replace(/\.\d{3}Z$/, "Z");
    const zones = new Map<string, TargetResult[]>();
    for (const result of report.results) {
        const list = zones.get(result.zoneId) ?? [];
        list.push(result);
        zones.set(result.zoneId, list);
    }
    const totals = count(report.results, allowMissing);
    const lines = [
        `<?xml version="1.0" encoding="UTF-8"?>`,
        `<testsuites${attributes({ name: "aop-status check", ...totals, time: seconds(report.durationMs), timestamp })}>`,
    ];
    for (const [zoneId, results] of zones) {
        const time = results.reduce((sum, r) => sum + r.durationMs, 0);
        lines.push(
            `  <testsuite${attributes({ name: `zone ${zoneId}`, ...count(results, allowMissing), time: seconds(time), timestamp })}>`,
        );
        lines.push("    <properties>");
        for (const [name, value] of [
            ["expiryWarningDays", expiryWarningDays],
            // Its name in 0.1.0's reports, kept for whatever reads them.
            ["minDays", expiryWarningDays],
            ["requireEnabled", requireEnabled],
            ["allowMissing", allowMissing],
        ] as const) {
            lines.push(`      <property${attributes({ name, value: String(value) })}/>`);
        }
        lines.push("    </properties>");
        for (const result of results) lines.push(testcase(result, allowMissing));
        lines.push("  </testsuite>");
    }
    lines.push("</testsuites>");
    return `${lines.join("\n")}\n`;
}
