/**
 * The monitoring stack: one AuthenticatedOriginPullStatus per hostname in stack config, with each
 * hostname's status and a summary as stack outputs.
 *
 *   pulumi config set zoneId 023e105f4ecef8ad9ca31a8372d0c353
 *   pulumi config set --path 'hostnames[0]' app.example.com
 *   pulumi config set --secret cloudflare:apiToken <token>
 *   pulumi up
 */
import * as pulumi from "@pulumi/pulumi";

import { AuthenticatedOriginPullStatus } from "./provider";

const config = new pulumi.Config();
const zoneId = config.require("zoneId");
const hostnames = config.requireObject<string[]>("hostnames");
const expiryWarningDays = config.getNumber("expiryWarningDays") ?? 30;
const allowMissing = config.getBoolean("allowMissing") ?? false;

const statuses = hostnames.map(
    (hostname) => new AuthenticatedOriginPullStatus(hostname, { zoneId, hostname, expiryWarningDays, allowMissing }),
);

/** Per hostname: what Cloudflare says and what we make of it. */
export const hostnameStatus = pulumi
    .output(
        statuses.map((s) => ({
            hostname: s.hostname,
            enabled: s.enabled,
            status: s.status,
            certStatus: s.certStatus,
            certNotAfter: s.certNotAfter,
            daysUntilExpiry: s.daysUntilExpiry,
            healthy: s.healthy,
            problems: s.problems,
        })),
    )
    .apply((rows) => Object.fromEntries(rows.map(({ hostname, ...row }) => [hostname, row])));

export const summary = pulumi.output(statuses.map((s) => ({ hostname: s.hostname, healthy: s.healthy }))).apply((rows) => ({
    total: rows.length,
    healthy: rows.filter((row) => row.healthy).length,
    unhealthy: rows.filter((row) => !row.healthy).map((row) => row.hostname),
}));
