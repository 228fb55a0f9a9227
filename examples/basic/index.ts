/**
 * One hostname, three ways to read it:
 *  - `new AuthenticatedOriginPullStatus` registers a resource (policy packs see it; `pulumi up`
 *    shows drift as an update);
 *  - `AuthenticatedOriginPullStatus.get` looks it up by id through Pulumi's read path;
 *  - `getAuthenticatedOriginPullStatusOutput` reads it in the program, with the same arguments
 *    as @pulumi/cloudflare's getAuthenticatedOriginPulls.
 */
import * as pulumi from "@pulumi/pulumi";
import { AuthenticatedOriginPullStatus, getAuthenticatedOriginPullStatusOutput } from "pulumi-cloudflare-aop-status";

const config = new pulumi.Config();
const zoneId = config.require("zoneId");
const hostname = config.require("hostname");

const app = new AuthenticatedOriginPullStatus("app", { zoneId, hostname });

export const id = app.id;
export const enabled = app.enabled;
export const status = app.status;
export const certStatus = app.certStatus;
export const issuer = app.issuer;
export const certNotAfter = app.certNotAfter;
export const daysUntilExpiry = app.daysUntilExpiry;
export const certFingerprintSha256 = app.certFingerprintSha256;
export const healthy = app.healthy;
export const problems = app.problems;

// The import id @pulumi/cloudflare uses: <zoneId>/<hostname>.
const lookedUp = AuthenticatedOriginPullStatus.get("app-lookup", `${zoneId}/${hostname}`);
export const lookedUpStatus = lookedUp.status;

const fromFunction = getAuthenticatedOriginPullStatusOutput({ zoneId, hostname });
export const functionStatus = fromFunction.status;
export const functionHealthy = fromFunction.healthy;
