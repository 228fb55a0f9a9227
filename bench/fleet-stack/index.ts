/**
 * Benchmark program: `count` AuthenticatedOriginPullStatus resources, one per bench hostname
 * (host-00000.bench.example.com …, see bench/lib/seed.ts), all sharing the provider host's one
 * limiter. Only a count is exported, so the state measured is the resources' own.
 */
import * as pulumi from "@pulumi/pulumi";
import { AuthenticatedOriginPullStatus } from "pulumi-cloudflare-aop-status";

const config = new pulumi.Config();
const zoneId = config.require("zoneId");
const count = config.requireNumber("count");

const statuses = Array.from({ length: count }, (_, i) => {
    const hostname = `host-${String(i).padStart(5, "0")}.bench.example.com`;
    return new AuthenticatedOriginPullStatus(hostname, { zoneId, hostname });
});

export const healthyCount = pulumi.output(statuses.map((s) => s.healthy)).apply((all) => all.filter(Boolean).length);
