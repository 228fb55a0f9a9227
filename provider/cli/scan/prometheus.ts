/**
 * `scan --format prometheus`: the same text format as check's (0.0.4, gauges only, no
 * timestamps), rendered by format-prometheus.ts.
 *
 * Per zone (label `zone_id`):
 * - `cloudflare_aop_zone_inventory_read_success` 1 when its three reads worked, else 0 (and no
 *   other series for the zone: any other value would be a guess);
 * - `cloudflare_aop_zone_inventory_complete` 0 when a list may be missing certificates;
 * - `cloudflare_aop_zone_level_enabled` when the answer said.
 * Per certificate (labels `zone_id`, `certificate_id`, `scope`):
 * - `cloudflare_aop_certificate_not_after_timestamp_seconds` when the expiry is known;
 * - `cloudflare_aop_certificate_healthy` 1 or 0;
 * - `cloudflare_aop_certificate_status_info{status}` always 1;
 * - with --targets-file, `cloudflare_aop_certificate_in_use` 1 or 0.
 * Once: `cloudflare_aop_report_timestamp_seconds{command="scan"}`.
 *
 * The targets' hostname series are check's to write: a scan file beside a check file in one
 * textfile folder must not repeat a series, or node_exporter drops both files.
 */
import {
    bool,
    certificateMetricFamilies,
    family,
    METRICS,
    renderExposition,
    timestampSeconds,
    type Labels,
    type MetricFamily,
} from "../format-prometheus";
import { scanCertificates, type ScanReport } from "./report";

export function scanMetricFamilies(report: ScanReport): MetricFamily[] {
    const readSuccess = family(METRICS.zoneReadSuccess);
    const complete = family(METRICS.zoneComplete);
    const zoneLevel = family(METRICS.zoneLevelEnabled);
    const healthy = family(METRICS.certificateHealthy);
    const statusInfo = family(METRICS.certificateStatusInfo);
    const inUse = family(METRICS.certificateInUse);
    const run = family(METRICS.reportTimestamp);

    for (const zone of report.zones) {
        const labels: Labels = { zone_id: zone.zoneId };
        readSuccess.samples.push({ labels, value: bool(zone.inventory !== null) });
        if (!zone.inventory) continue;
        complete.samples.push({ labels, value: bool(zone.inventory.complete) });
        if (zone.inventory.zoneLevelEnabled !== null) zoneLevel.samples.push({ labels, value: bool(zone.inventory.zoneLevelEnabled) });
        for (const row of zone.certificates) {
            const c = row.certificate;
            const certificate: Labels = { zone_id: zone.zoneId, certificate_id: c.id, scope: c.scope };
            healthy.samples.push({ labels: certificate, value: bool(c.healthy) });
            statusInfo.samples.push({ labels: { ...certificate, status: c.status ?? "" }, value: 1 });
            if (row.usedBy !== null) inUse.samples.push({ labels: certificate, value: bool(row.decides) });
        }
    }
    const started = timestampSeconds(report.generatedAt);
    if (started !== null) run.samples.push({ labels: { command: "scan" }, value: started });
    const notAfter = certificateMetricFamilies(
        scanCertificates(report).map(({ certificate }) => ({
            zoneId: certificate.zoneId,
            certificateId: certificate.id,
            scope: certificate.scope,
            notAfter: certificate.notAfter,
        })),
    );
    return [readSuccess, complete, zoneLevel, ...notAfter, healthy, statusInfo, inUse, run];
}

export function renderScanPrometheus(report: ScanReport): string {
    return renderExposition(scanMetricFamilies(report));
}
