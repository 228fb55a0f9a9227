/**
 * A fleet: one resource per "<zoneId>/<hostname>" target from config, possibly across zones.
 * Hostnames without an association are reported (found: false) rather than failing the update,
 * so one missing hostname does not hide the state of the rest.
 *
 * All resources share the provider host's single limiter, which paces the reads under
 * Cloudflare's per-token budget (1200 requests per 300 s) instead of tripping the 5-minute block.
 */
import * as pulumi from "@pulumi/pulumi";
import { AuthenticatedOriginPullStatus, parseTargetId } from "pulumi-cloudflare-aop-status";

const config = new pulumi.Config();
const targets = config.requireObject<string[]>("targets");
const expiryWarningDays = config.getNumber("expiryWarningDays") ?? 30;

const statuses = targets.map((target) => {
    const { zoneId, hostname, failures } = parseTargetId(target, "targets[]");
    if (failures.length > 0 || !zoneId || !hostname) throw new Error(failures.map((f) => f.reason).join("; "));
    return new AuthenticatedOriginPullStatus(target, { zoneId, hostname, expiryWarningDays, allowMissing: true });
});

/** One row per target, for dashboards and `pulumi stack output --json`. */
export const table = pulumi.output(
    statuses.map((s) => ({
        target: s.id,
        found: s.found,
        enabled: s.enabled,
        status: s.status,
        certStatus: s.certStatus,
        daysUntilExpiry: s.daysUntilExpiry,
        healthy: s.healthy,
    })),
);

/** "<target>: <problems>" for every unhealthy target; empty when all is well. */
export const unhealthy = pulumi
    .output(statuses.map((s) => ({ target: s.id, healthy: s.healthy, problems: s.problems })))
    .apply((rows) => rows.filter((row) => !row.healthy).map((row) => `${row.target}: ${row.problems.join("; ")}`));

export const healthyCount = pulumi.output(statuses.map((s) => s.healthy)).apply((all) => all.filter(Boolean).length);
