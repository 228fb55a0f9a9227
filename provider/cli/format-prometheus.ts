/**
 * `--format prometheus`: the Prometheus text exposition format, version 0.0.4, gauges only,
 * which node_exporter's textfile collector and the Pushgateway accept. No sample carries a
 * timestamp (the textfile collector rejects them); the run's time is a metric of its own.
 *
 * What `check` emits, per target (labels `zone_id`, `hostname`):
 * - `cloudflare_aop_hostname_read_success` 1 when Cloudflare answered (a 404 included), else 0.
 *   A failed read emits this series alone for the target: any other value would be a guess.
 * - `cloudflare_aop_hostname_found` 1, or 0 when the hostname has no association (404).
 * - `cloudflare_aop_hostname_healthy` 1 or 0, the same verdict as the exit code (0 when missing).
 * - for a found association only:
 *   - `cloudflare_aop_hostname_enabled` 1, or 0 when disabled *or voided* (`enabled: null`): either
 *     way nothing limits the origin to Cloudflare's certificate;
 *   - `cloudflare_aop_hostname_status_info{status,cert_status}` always 1 (a null status is "");
 *   - `cloudflare_aop_hostname_certificate_not_after_timestamp_seconds` when the expiry is known
 *     (the PEM's notAfter, else `expires_on`).
 * And once per file: `cloudflare_aop_report_timestamp_seconds{command="check"}`, when the run
 * started, so an alert can tell a fresh file from one a broken cron job left behind.
 *
 * For `scan`: `cloudflare_aop_certificate_not_after_timestamp_seconds{zone_id,certificate_id,scope}`
 * from `certificateMetricFamilies`.
 *
 * Label values are escaped as the format requires (backslash, double quote, line feed), other
 * control characters become U+FFFD and long values are cut, so a hostile API answer can neither
 * break the file nor blow up the series' size. Format reference:
 * https://github.com/prometheus/docs/blob/main/content/docs/instrumenting/exposition_formats.md
 */
import { type CheckReport, type TargetResult } from "./report";

/** The Content-Type a server would send with this text (for a Pushgateway upload, for example). */
export const PROMETHEUS_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

export interface MetricDefinition {
    name: string;
    help: string;
}

/** Every metric the CLI writes. The alert rules in docs/ may use only these (a test checks it). */
export const METRICS = {
    readSuccess: {
        name: "cloudflare_aop_hostname_read_success",
        help: "1 when Cloudflare answered the hostname's status read (a 404 included), 0 when the read failed; a failed read has no other series.",
    },
    found: {
        name: "cloudflare_aop_hostname_found",
        help: "1 when the hostname has a per-hostname AOP association, 0 when Cloudflare returned 404.",
    },
    healthy: {
        name: "cloudflare_aop_hostname_healthy",
        help: "1 when the hostname passes every health rule of the run (aop-status check's verdict), else 0.",
    },
    enabled: {
        name: "cloudflare_aop_hostname_enabled",
        help: "1 when the association is enabled, 0 when it is disabled or voided (enabled is null).",
    },
    statusInfo: {
        name: "cloudflare_aop_hostname_status_info",
        help: "Always 1; the labels carry the association's status and its certificate's status.",
    },
    hostnameNotAfter: {
        name: "cloudflare_aop_hostname_certificate_not_after_timestamp_seconds",
        help: "Unix time at which the hostname's client certificate expires (its notAfter, else Cloudflare's expires_on).",
    },
    certificateNotAfter: {
        name: "cloudflare_aop_certificate_not_after_timestamp_seconds",
        help: "Unix time at which an uploaded AOP client certificate expires (its notAfter, else Cloudflare's expires_on).",
    },
    certificateHealthy: {
        name: "cloudflare_aop_certificate_healthy",
        help: "1 when an uploaded AOP client certificate passes every health rule of the scan (status active, readable, not expired or expiring within the run's warning window), else 0.",
    },
    certificateStatusInfo: {
        name: "cloudflare_aop_certificate_status_info",
        help: "Always 1; the status label carries the uploaded certificate's status as Cloudflare sent it.",
    },
    certificateInUse: {
        name: "cloudflare_aop_certificate_in_use",
        help: "Written by scan --targets-file only: 1 when a target given uses the certificate (or it is zone-level and zone-level AOP is on), 0 when none does.",
    },
    zoneReadSuccess: {
        name: "cloudflare_aop_zone_inventory_read_success",
        help: "1 when aop-status scan read the zone's AOP setting and both certificate lists, 0 when it could not; a failed zone has no other series.",
    },
    zoneComplete: {
        name: "cloudflare_aop_zone_inventory_complete",
        help: "1 when every certificate of the zone was read, 0 when a list may be missing some (a page cap, or a total_count above what came back).",
    },
    zoneLevelEnabled: {
        name: "cloudflare_aop_zone_level_enabled",
        help: "1 when zone-level Authenticated Origin Pulls is on for the zone, 0 when it is off.",
    },
    reportTimestamp: {
        name: "cloudflare_aop_report_timestamp_seconds",
        help: "Unix time at which the aop-status run that wrote these metrics started.",
    },
} as const satisfies Record<string, MetricDefinition>;

export type Labels = Readonly<Record<string, string>>;

export interface Sample {
    labels: Labels;
    value: number;
}

export interface MetricFamily extends MetricDefinition {
    samples: Sample[];
}

/** Long enough for any real status or certificate id; short enough that a hostile value cannot bloat every scrape. */
export const MAX_LABEL_VALUE_LENGTH = 256;

// C0 and C1 controls except the line feed (which the format escapes), and lone surrogates (not UTF-8).
const UNSAFE_CHARACTERS =
    // eslint-disable-next-line no-control-regex -- they are what a label value must not carry
    /[\u0000-\u0009\u000B-\u001F\u007F-\u009F]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** A label value as the 0.0.4 format spells it inside double quotes. */
export function escapeLabelValue(value: string): string {
    let safe = value.replace(UNSAFE_CHARACTERS, "\uFFFD");
    if (safe.length > MAX_LABEL_VALUE_LENGTH)
        safe = `${Array.from(safe)
            .slice(0, MAX_LABEL_VALUE_LENGTH - 1)
            .join("")}…`;
    return safe.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n");
}

/** HELP text escapes only backslash and line feed. */
export function escapeHelp(text: string): string {
    return text.replace(/\\/g, "\\\\").replace(/\n/g, "\\n");
}

export function formatValue(value: number): string {
    if (Number.isNaN(value)) return "NaN";
    if (value === Infinity) return "+Inf";
    if (value === -Infinity) return "-Inf";
    return String(value);
}

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

function sampleLine(name: string, sample: Sample): string {
    const labels = Object.entries(sample.labels).map(([label, value]) => {
        if (!LABEL_NAME.test(label) || label.startsWith("__")) throw new Error(`invalid Prometheus label name ${JSON.stringify(label)}`);
        return `${label}="${escapeLabelValue(value)}"`;
    });
    return `${name}${labels.length > 0 ? `{${labels.join(",")}}` : ""} ${formatValue(sample.value)}`;
}

/**
 * The exposition text of some gauge families, each with its HELP and TYPE lines and its samples
 * together. Families without samples are left out. The names are ours, so a bad one is a bug.
 *
 * A second sample with the same labels is dropped (the first wins): node_exporter rejects a whole
 * file that repeats a series, and one repeated certificate (say, from a list that shifted between
 * pages) must not take every other series down with it.
 */
export function renderExposition(families: readonly MetricFamily[]): string {
    const lines: string[] = [];
    const seen = new Set<string>();
    for (const family of families) {
        if (family.samples.length === 0) continue;
        if (!METRIC_NAME.test(family.name)) throw new Error(`invalid Prometheus metric name ${JSON.stringify(family.name)}`);
        if (seen.has(family.name)) throw new Error(`metric family ${family.name} rendered twice`);
        seen.add(family.name);
        lines.push(`# HELP ${family.name} ${escapeHelp(family.help)}`, `# TYPE ${family.name} gauge`);
        const series = new Set<string>();
        for (const sample of family.samples) {
            const line = sampleLine(family.name, sample);
            const key = line.slice(0, line.lastIndexOf(" "));
            if (series.has(key)) continue;
            series.add(key);
            lines.push(line);
        }
    }
    return lines.length === 0 ? "" : `${lines.join("\n")}\n`;
}

export const bool = (value: boolean): number => (value ? 1 : 0);

/** Seconds since the epoch of an ISO date, or null when there is no usable date. */
export function timestampSeconds(date: string | Date | null | undefined): number | null {
    if (date === null || date === undefined) return null;
    const millis = typeof date === "string" ? Date.parse(date) : date.getTime();
    return Number.isFinite(millis) ? millis / 1000 : null;
}

/** An empty family of a metric, to push samples into. */
export function family(definition: MetricDefinition): MetricFamily {
    return { ...definition, samples: [] };
}

/** The per-target families of a `check` report, plus the run's timestamp. */
export function checkMetricFamilies(report: CheckReport): MetricFamily[] {
    const readSuccess = family(METRICS.readSuccess);
    const found = family(METRICS.found);
    const healthy = family(METRICS.healthy);
    const enabled = family(METRICS.enabled);
    const statusInfo = family(METRICS.statusInfo);
    const notAfter = family(METRICS.hostnameNotAfter);
    const run = family(METRICS.reportTimestamp);

    for (const result of report.results) {
        const target: Labels = { zone_id: result.zoneId, hostname: result.hostname };
        const outputs = readOutputs(result);
        readSuccess.samples.push({ labels: target, value: bool(outputs !== null) });
        if (outputs === null) continue;
        found.samples.push({ labels: target, value: bool(outputs.found) });
        healthy.samples.push({ labels: target, value: bool(result.outcome === "healthy") });
        if (!outputs.found) continue;
        enabled.samples.push({ labels: target, value: bool(outputs.enabled === true) });
        statusInfo.samples.push({ labels: { ...target, status: outputs.status ?? "", cert_status: outputs.certStatus ?? "" }, value: 1 });
        const expiry = timestampSeconds(outputs.certNotAfter) ?? timestampSeconds(outputs.expiresOn);
        if (expiry !== null) notAfter.samples.push({ labels: target, value: expiry });
    }
    const started = timestampSeconds(report.generatedAt);
    if (started !== null) run.samples.push({ labels: { command: "check" }, value: started });
    return [readSuccess, found, healthy, enabled, statusInfo, notAfter, run];
}

/** The outputs of a target that was read; null for a failed read, whatever else the result holds. */
function readOutputs(result: TargetResult): NonNullable<TargetResult["outputs"]> | null {
    return result.outcome === "error" || result.error !== null ? null : result.outputs;
}

/** `check --format prometheus`: the same report the other formats take. */
export function renderPrometheusReport(report: CheckReport): string {
    return renderExposition(checkMetricFamilies(report));
}

/** A zone's or a hostname's uploaded certificate, as `scan` will list it. */
export interface CertificateExpiry {
    zoneId: string;
    certificateId: string;
    scope: "zone" | "hostname";
    /** The PEM's notAfter, else Cloudflare's expires_on; null or unparsable when neither is known (no sample then). */
    notAfter: string | Date | null;
}

/** `cloudflare_aop_certificate_not_after_timestamp_seconds`, one sample per certificate with a known expiry. */
export function certificateMetricFamilies(certificates: readonly CertificateExpiry[]): MetricFamily[] {
    const notAfter = family(METRICS.certificateNotAfter);
    for (const certificate of certificates) {
        const seconds = timestampSeconds(certificate.notAfter);
        if (seconds === null) continue;
        notAfter.samples.push({
            labels: { zone_id: certificate.zoneId, certificate_id: certificate.certificateId, scope: certificate.scope },
            value: seconds,
        });
    }
    return [notAfter];
}
