/**
 * AuthenticatedOriginPullStatus: a read-only resource whose outputs are Cloudflare's view of one
 * hostname's per-hostname Authenticated Origin Pulls association, plus certificate details and a
 * health verdict.
 *
 * `new` registers the resource (so CrossGuard's stack policies see it); `.get` looks it up
 * through Pulumi's read path without any state of its own.
 */
import * as pulumi from "@pulumi/pulumi";

import { providerShim } from "./shim";
import { OUTPUT_NAMES } from "./types";

export interface AuthenticatedOriginPullStatusArgs {
    /** The zone's 32-character hexadecimal id. */
    zoneId: pulumi.Input<string>;
    /** The hostname, e.g. `app.example.com` (lower-cased; IDNs become punycode). */
    hostname: pulumi.Input<string>;
    /** With true, a hostname without an association gives `found: false` instead of failing. Default false. */
    allowMissing?: pulumi.Input<boolean>;
    /** A certificate expiring in fewer days than this is a problem. Default 30. */
    expiryWarningDays?: pulumi.Input<number>;
}

export class AuthenticatedOriginPullStatus extends pulumi.dynamic.Resource {
    /** Looks up `<zoneId>/<hostname>` (the import id @pulumi/cloudflare uses) via Pulumi's read path. */
    static get(name: string, id: pulumi.Input<pulumi.ID>, opts?: pulumi.CustomResourceOptions): AuthenticatedOriginPullStatus {
        return new AuthenticatedOriginPullStatus(name, LOOKUP, { ...opts, id });
    }

    declare readonly zoneId: pulumi.Output<string>;
    declare readonly hostname: pulumi.Output<string>;
    declare readonly allowMissing: pulumi.Output<boolean>;
    declare readonly expiryWarningDays: pulumi.Output<number>;
    /** False only when the hostname has no association and `allowMissing` is set. */
    declare readonly found: pulumi.Output<boolean>;
    declare readonly certId: pulumi.Output<string | null>;
    declare readonly certStatus: pulumi.Output<string | null>;
    declare readonly certUpdatedAt: pulumi.Output<string | null>;
    declare readonly certUploadedOn: pulumi.Output<string | null>;
    /** The client certificate's PEM. */
    declare readonly certificate: pulumi.Output<string | null>;
    declare readonly createdAt: pulumi.Output<string | null>;
    /** true, false, or null where Cloudflare has voided the association. */
    declare readonly enabled: pulumi.Output<boolean | null>;
    declare readonly expiresOn: pulumi.Output<string | null>;
    declare readonly issuer: pulumi.Output<string | null>;
    declare readonly serialNumber: pulumi.Output<string | null>;
    declare readonly signature: pulumi.Output<string | null>;
    /** The association's status, e.g. `active` or `pending_deployment`; unknown values pass through. */
    declare readonly status: pulumi.Output<string | null>;
    declare readonly updatedAt: pulumi.Output<string | null>;
    /** SHA-256 fingerprint of the PEM, `AB:CD:…` as openssl prints it. */
    declare readonly certFingerprintSha256: pulumi.Output<string | null>;
    declare readonly certNotBefore: pulumi.Output<string | null>;
    declare readonly certNotAfter: pulumi.Output<string | null>;
    declare readonly certSubject: pulumi.Output<string | null>;
    declare readonly certSans: pulumi.Output<string[]>;
    /** Whole days until the certificate expires, as of the last read; negative once expired. */
    declare readonly daysUntilExpiry: pulumi.Output<number | null>;
    declare readonly healthy: pulumi.Output<boolean>;
    /** Why it is unhealthy, e.g. `status is pending_deployment`; empty when healthy. */
    declare readonly problems: pulumi.Output<string[]>;

    constructor(name: string, args: AuthenticatedOriginPullStatusArgs, opts?: pulumi.CustomResourceOptions) {
        const lookup = args === LOOKUP;
        const props: Record<string, pulumi.Input<unknown> | undefined> = { ...OUTPUTS_ONLY };
        if (!lookup) {
            props.zoneId = args.zoneId;
            props.hostname = args.hostname;
            props.allowMissing = args.allowMissing;
            props.expiryWarningDays = args.expiryWarningDays;
        }
        super(providerShim, name, props, opts, "cloudflare", "AuthenticatedOriginPullStatus");
    }
}

/** Marks a `.get` lookup: no inputs, every property comes back from Read. */
const LOOKUP = Object.freeze({}) as AuthenticatedOriginPullStatusArgs;

/** Outputs are passed as undefined so the engine knows to expect them. */
const OUTPUTS_ONLY: Readonly<Record<string, undefined>> = Object.freeze(Object.fromEntries(OUTPUT_NAMES.map((key) => [key, undefined])));
