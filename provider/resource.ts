/**
 * AuthenticatedOriginPullStatus: a read-only resource whose outputs are Cloudflare's view of one
 * hostname's per-hostname Authenticated Origin Pulls association, plus certificate details and a
 * health verdict.
 *
 * `new` registers the resource (so CrossGuard's stack policies see it); `.get` looks it up
 * through Pulumi's read path without any state of its own.
 */
import * as pulumi from "@pulumi/pulumi";

import type { ProblemCode } from "./health";
import { providerShim } from "./shim";
import { OUTPUT_NAMES, type AopStatus } from "./types";

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

    /** The zone's id, as given. */
    declare readonly zoneId: pulumi.Output<string>;
    /** The hostname in canonical form: lower case, IDNs as punycode. */
    declare readonly hostname: pulumi.Output<string>;
    /** Whether a hostname without an association gives `found: false` instead of failing, as given (default false). */
    declare readonly allowMissing: pulumi.Output<boolean>;
    /** The warning window the verdict was computed with, in days, as given (default 30). */
    declare readonly expiryWarningDays: pulumi.Output<number>;
    /** False only when the hostname has no association and `allowMissing` is set. */
    declare readonly found: pulumi.Output<boolean>;
    /** The id of the certificate associated with the hostname (`cert_id`). */
    declare readonly certId: pulumi.Output<string | null>;
    /** The certificate's deployment status (`cert_status`), e.g. `active`; values Cloudflare adds later pass through. */
    declare readonly certStatus: pulumi.Output<AopStatus | null>;
    /** When the certificate was last updated (`cert_updated_at`), as Cloudflare formats it. */
    declare readonly certUpdatedAt: pulumi.Output<string | null>;
    /** When the certificate was uploaded (`cert_uploaded_on`), as Cloudflare formats it. */
    declare readonly certUploadedOn: pulumi.Output<string | null>;
    /** The client certificate's PEM: the leaf first, then any chain certificates Cloudflare returned. */
    declare readonly certificate: pulumi.Output<string | null>;
    /** When the association was created (`created_at`). */
    declare readonly createdAt: pulumi.Output<string | null>;
    /** true, false, or null where Cloudflare has voided the association. */
    declare readonly enabled: pulumi.Output<boolean | null>;
    /** The expiry Cloudflare states (`expires_on`); `certNotAfter`, read from the PEM, wins when they disagree. */
    declare readonly expiresOn: pulumi.Output<string | null>;
    /** The certificate's issuer as Cloudflare states it, e.g. `GlobalSign`. */
    declare readonly issuer: pulumi.Output<string | null>;
    /** The certificate's serial number as Cloudflare states it. */
    declare readonly serialNumber: pulumi.Output<string | null>;
    /** The certificate's signature algorithm as Cloudflare states it, e.g. `SHA256WithRSA`. */
    declare readonly signature: pulumi.Output<string | null>;
    /** The association's status, e.g. `active` or `pending_deployment`; values Cloudflare adds later pass through. */
    declare readonly status: pulumi.Output<AopStatus | null>;
    /** When the association was last updated (`updated_at`). */
    declare readonly updatedAt: pulumi.Output<string | null>;
    /** SHA-256 fingerprint of the leaf certificate, `AB:CD:…` as openssl prints it. */
    declare readonly certFingerprintSha256: pulumi.Output<string | null>;
    /** The leaf certificate's notBefore, ISO 8601. */
    declare readonly certNotBefore: pulumi.Output<string | null>;
    /** The leaf certificate's notAfter, ISO 8601. */
    declare readonly certNotAfter: pulumi.Output<string | null>;
    /** The leaf certificate's subject, e.g. `C=US, O=Example, CN=app.example.com`, values escaped as RFC 4514 does (`CN=a\,b`). */
    declare readonly certSubject: pulumi.Output<string | null>;
    /** The leaf certificate's subject alternative names, decoded: DNS names bare, others with their type (`URI:spiffe://…`). */
    declare readonly certSans: pulumi.Output<string[]>;
    /** Whole days until the leaf certificate expires, as of the last read; negative once expired. */
    declare readonly daysUntilExpiry: pulumi.Output<number | null>;
    /** True when `problems` is empty. */
    declare readonly healthy: pulumi.Output<boolean>;
    /** Why it is unhealthy, for people, e.g. `status is pending_deployment`; empty when healthy. Programs read `problemCodes`. */
    declare readonly problems: pulumi.Output<string[]>;
    /** The code of each entry of `problems`, index by index, e.g. `["status"]`: stable across versions, unlike the wording. */
    declare readonly problemCodes: pulumi.Output<ProblemCode[]>;

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
