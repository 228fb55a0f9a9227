/**
 * Other resources consuming the status and certificate outputs:
 *  - the origin pins the client certificate (its PEM and SHA-256 fingerprint come from outputs,
 *    so the file follows certificate rotations on the next `pulumi up`);
 *  - the origin only starts *requiring* the client certificate once Cloudflare reports the
 *    association enabled and active. Turning that on earlier would lock out real traffic.
 *
 * The decision is made with the function, before resources are declared, so `pulumi preview`
 * shows exactly what `up` will do (creating resources inside an apply would hide them).
 */
import * as pulumi from "@pulumi/pulumi";
import { AuthenticatedOriginPullStatus, getAuthenticatedOriginPullStatus } from "pulumi-cloudflare-aop-status";

import { RequireClientCertificate, TrustedClientCertificate } from "./origin-files";

export = async () => {
    const config = new pulumi.Config();
    const zoneId = config.require("zoneId");
    const hostname = config.require("hostname");
    const directory = config.get("outputDir") ?? "out";

    const status = new AuthenticatedOriginPullStatus(hostname, { zoneId, hostname });

    const trust = new TrustedClientCertificate(`${hostname}-trust`, {
        directory,
        hostname: status.hostname,
        pem: status.certificate,
        fingerprint: status.certFingerprintSha256,
    });

    const live = await getAuthenticatedOriginPullStatus({ zoneId, hostname });
    const ready = live.enabled === true && live.status === "active" && live.certStatus === "active";
    const strict = ready
        ? new RequireClientCertificate(
              `${hostname}-require-client-cert`,
              { directory, hostname, certificatePath: trust.path },
              { dependsOn: [status] },
          )
        : undefined;

    return {
        pinnedFingerprint: status.certFingerprintSha256,
        trustFile: trust.path,
        clientCertificateRequired: ready,
        strictConfigFile: strict ? strict.path : null,
        waitingFor: ready ? [] : live.problems,
    };
};
