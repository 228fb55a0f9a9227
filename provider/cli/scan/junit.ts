/**
 * `scan --format junit`: one <testsuite> per zone, then one for the targets (with --targets-file).
 * - each zone has a testcase "inventory": an <error> when the zone could not be read, or
 *   type="incomplete" when a list may be missing certificates (both exit 3), else it passes;
 * - one testcase per certificate, named "zone-level certificate ID" or "hostname certificate ID":
 *   <failure type="unhealthy"> for a deciding certificate with problems, <skipped> for an unhealthy
 *   one the targets given do not use (shown, never failing), with its problem codes as a property;
 * - one testcase per target: <error> when its association could not be read.
 * Values go through `printable` and the XML escapes of check's JUnit report.
 */
import { printable } from "../../text";
import { attributes, escapeXmlText, seconds } from "../format-junit";
import type { TargetResult } from "../report";
import { certificateName, usageText, type ScanCertificate, type ScanReport, type ZoneScan } from "./report";

interface Counts {
    tests: number;
    failures: number;
    errors: number;
    skipped: number;
}

const zero = (): Counts => ({ tests: 0, failures: 0, errors: 0, skipped: 0 });

function add(total: Counts, part: Counts): void {
    total.tests += part.tests;
    total.failures += part.failures;
    total.errors += part.errors;
    total.skipped += part.skipped;
}

function testcase(classname: string, name: string, body: string[]): string {
    const head = `    <testcase${attributes({ classname, name, time: "0.000" })}`;
    return body.length === 0 ? `${head}/>` : `${head}>\n${body.join("\n")}\n    </testcase>`;
}

function errorElement(type: string, message: string): string {
    const text = printable(message);
    return `      <error${attributes({ type: printable(type), message: text })}>${escapeXmlText(text)}</error>`;
}

function certificateFacts(row: ScanCertificate, zone: ZoneScan): string {
    const c = row.certificate;
    const lines = [
        `status: ${c.status ?? "-"}`,
        `issuer: ${c.issuer ?? "-"}`,
        `serialNumber: ${c.serialNumber ?? "-"}`,
        `notAfter: ${c.notAfter ?? "-"}`,
        `daysUntilExpiry: ${c.daysUntilExpiry ?? "-"}`,
        `certFingerprintSha256: ${c.certFingerprintSha256 ?? "-"}`,
        `problemCodes: ${c.problemCodes.length > 0 ? c.problemCodes.join(", ") : "-"}`,
    ];
    const usage = usageText(row, zone.inventory);
    if (usage) lines.push(`usedBy: ${usage}`);
    return lines.map(printable).join("\n");
}

function certificateCase(row: ScanCertificate, zone: ZoneScan, counts: Counts): string {
    const c = row.certificate;
    counts.tests++;
    const body: string[] = [];
    if (c.problemCodes.length > 0) {
        body.push(
            "      <properties>",
            `        <property${attributes({ name: "problemCodes", value: printable(c.problemCodes.join(",")) })}/>`,
            "      </properties>",
        );
    }
    const problems = c.problems.map(printable);
    if (!c.healthy && row.decides) {
        counts.failures++;
        body.push(
            `      <failure${attributes({ type: "unhealthy", message: problems.join("; ") })}>${escapeXmlText(problems.join("\n"))}</failure>`,
        );
    } else if (!c.healthy) {
        counts.skipped++;
        body.push(`      <skipped${attributes({ message: `${problems.join("; ")} (${usageText(row, zone.inventory)})` })}/>`);
    }
    body.push(`      <system-out>${escapeXmlText(certificateFacts(row, zone))}</system-out>`);
    return testcase(`aop-status.scan.${zone.zoneId}`, printable(certificateName(c)), body);
}

function inventoryCase(zone: ZoneScan, counts: Counts): string {
    counts.tests++;
    const body: string[] = [];
    if (zone.error) {
        counts.errors++;
        body.push(errorElement(zone.error.name, zone.error.message));
    } else {
        const incomplete = (zone.inventory?.lists ?? []).filter((list) => !list.complete);
        if (incomplete.length > 0) {
            counts.errors++;
            body.push(
                errorElement("incomplete", incomplete.map((list) => `inventory incomplete: ${list.message ?? list.reason}`).join("; ")),
            );
        }
    }
    return testcase(`aop-status.scan.${zone.zoneId}`, "inventory", body);
}

function targetCase(result: TargetResult, certificateId: string | null, counts: Counts): string {
    counts.tests++;
    const body: string[] = [];
    if (result.error) {
        counts.errors++;
        body.push(errorElement(result.error.name, result.error.message));
    }
    body.push(
        `      <system-out>${escapeXmlText(printable(`certificateId: ${certificateId ?? "-"}\nresult: ${result.outcome}`))}</system-out>`,
    );
    return testcase(`aop-status.scan.targets.${result.zoneId}`, printable(result.hostname), body);
}

function suite(name: string, counts: Counts, timestamp: string, properties: Array<[string, string]>, cases: string[]): string[] {
    return [
        `  <testsuite${attributes({ name, ...counts, time: "0.000", timestamp })}>`,
        "    <properties>",
        ...properties.map(([key, value]) => `      <property${attributes({ name: key, value: printable(value) })}/>`),
        "    </properties>",
        ...cases,
        "  </testsuite>",
    ];
}

export function renderScanJunit(report: ScanReport): string {
    const timestamp = report.generatedAt.toISOString().replace(/\.\d{3}Z$/, "Z");
    const settings: Array<[string, string]> = [
        ["expiryWarningDays", String(report.settings.expiryWarningDays)],
        ["maxPages", String(report.settings.maxPages)],
        ["targetsGiven", String(report.settings.targetsGiven)],
    ];
    const totals = zero();
    const suites: string[] = [];
    for (const zone of report.zones) {
        const counts = zero();
        const cases = [inventoryCase(zone, counts), ...zone.certificates.map((row) => certificateCase(row, zone, counts))];
        const zoneLevel = zone.inventory ? String(zone.inventory.zoneLevelEnabled) : "unknown";
        suites.push(...suite(`zone ${zone.zoneId}`, counts, timestamp, [...settings, ["zoneLevelEnabled", zoneLevel]], cases));
        add(totals, counts);
    }
    if (report.targets !== null) {
        const counts = zero();
        const cases = report.targets.map((target) => targetCase(target.result, target.certificateId, counts));
        suites.push(...suite("targets", counts, timestamp, settings, cases));
        add(totals, counts);
    }
    return [
        `<?xml version="1.0" encoding="UTF-8"?>`,
        `<testsuites${attributes({ name: "aop-status scan", ...totals, time: seconds(report.durationMs), timestamp })}>`,
        ...suites,
        "</testsuites>",
        "",
    ].join("\n");
}
