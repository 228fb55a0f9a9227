/**
 * AuthenticatedOriginPullStatus: a read-only resource whose outputs are Cloudflare's view of one
 * hostname's per-hostname Authenticated Origin Pulls association, plus certificate details and a
 * health verdict.
 *
 * `new` registers the resource (so CrossGuard's stack policies see it); `.get` looks it up
 * through Pulumi's read path without any state of its own. Both follow the conventions of
 * Pulumi's bridged providers: `get(name, id, state?, opts?)` and `isInstance(obj)`.
 */
import * as pulumi from "@pulumi/pulumi";

import { isRecord } from "./guards";
import type { ProblemCode } from "./health";
import { providerShim } from "./shim";
import { OUTPUT_NAMES, type AopStatus, type ResourceOutputs } from "./types";

/**
 * The type token `new AuthenticatedOriginPullStatus(...)` registers, the one policy packs match:
 * `new dynamic.Resource(provider, name, props, opts, "cloudflare", "AuthenticatedOriginPullStatus")`
 * makes `pulumi-nodejs:dynamic/cloudflare:AuthenticatedOriginPullStatus`.
 */
export const AUTHENTICATED_ORIGIN_PULL_STATUS_TYPE = "pulumi-nodejs:dynamic/cloudflare:AuthenticatedOriginPullStatus";

/**
 * Marks every instance, whichever copy of this module made it (a program can hold two: its own
 * and a library's). `Symbol.for` gives every copy the same symbol; a class identity would differ.
 */
const BRAND = Symbol.for("pulumi-cloudflare-aop-status:AuthenticatedOriginPullStatus");

export interface AuthenticatedOriginPullStatusArgs {
    /** The zone's 32-character hexadecimal id. */
    zoneId: pulumi.Input<string>;
    /** The hostname, e.g. `app.example.com` (lower-cased; IDNs become punycode). */
    hostname: pulumi.Input<string>;
    /** With true, a hostname without an association gives `found: false` instead of failing. Default false. */
    allowMissing?: pulumi.Input<boolean>;
    /** A certificate expiring in fewer days than this is a problem. Default 30. */
    expiryWarningDays?: pulumi.Input<number>;
    /**
     * The stack config namespace that holds the credential: `<configNamespace>:apiToken` (or
     * `:apiKey` + `:email`) and `:baseUrl`, read by the provider from the stack's config, so the
     * secret stays in encrypted config and never enters inputs or state. Default `cloudflare`,
     * which also falls back to `CLOUDFLARE_*` variables; any other namespace reads its own keys
     * only. This is how one stack reads more than one Cloudflare account. Changing it is an
     * update (the same association, read with another credential), not a replacement.
     */
    configNamespace?: pulumi.Input<string>;
}

/**
 * The `state` argument of `AuthenticatedOriginPullStatus.get`, shaped as the bridged providers'
 * `…State` types are: any output, as an Input. Only `configNamespace` is used (it picks the
 * credential the lookup reads with); the rest is ignored, because every output comes from
 * Cloudflare's answer.
 */
export type AuthenticatedOriginPullStatusState = { [K in keyof ResourceOutputs]?: pulumi.Input<Required<ResourceOutputs>[K]> };

export class AuthenticatedOriginPullStatus extends pulumi.dynamic.Resource {
    /**
     * The type token on the class, as the bridged providers' generated classes carry it:
     * @pulumi/policy's `isType(AuthenticatedOriginPullStatus)` reads it.
     * @internal
     */
    static readonly __pulumiType: string = AUTHENTICATED_ORIGIN_PULL_STATUS_TYPE;

    /**
     * Looks up `<zoneId>/<hostname>` (the import id @pulumi/cloudflare uses) through Pulumi's read
     * path, with the bridged providers' signature. `state` is ignored except `configNamespace`,
     * which picks the credential to read with: every output comes from Cloudflare's answer.
     * Pulumi leaves such reads out of stack policy checks; register with `new` for those.
     */
    static get(
        name: string,
        id: pulumi.Input<pulumi.ID>,
        state?: AuthenticatedOriginPullStatusState,
        opts?: pulumi.CustomResourceOptions,
    ): AuthenticatedOriginPullStatus;
    /**
     * 0.1.0's form, options third. Still accepted: a third argument whose keys are all resource
     * option names (`parent`, `dependsOn`, `protect`, …) is taken as the options.
     * @deprecated Pass the options fourth: `get(name, id, undefined, opts)`.
     */
    static get(name: string, id: pulumi.Input<pulumi.ID>, opts?: pulumi.CustomResourceOptions): AuthenticatedOriginPullStatus;
    static get(
        name: string,
        id: pulumi.Input<pulumi.ID>,
        stateOrOptions?: AuthenticatedOriginPullStatusState | pulumi.CustomResourceOptions,
        opts?: pulumi.CustomResourceOptions,
    ): AuthenticatedOriginPullStatus {
        const [state, options] =
            opts === undefined && isResourceOptions(stateOrOptions)
                ? [undefined, stateOrOptions]
                : [stateOrOptions as AuthenticatedOriginPullStatusState | undefined, opts];
        // The constructor's public type is the arguments of `new`; a lookup is told apart by its class.
        const lookup = new Lookup(state?.configNamespace) as unknown as AuthenticatedOriginPullStatusArgs;
        return new AuthenticatedOriginPullStatus(name, lookup, { ...options, id });
    }

    /**
     * True for an AuthenticatedOriginPullStatus from any copy of this package (`instanceof` only
     * knows one copy). Like the bridged providers' `isInstance`, it also answers true for an
     * object whose `__pulumiType` is this type token, which every Pulumi resource of this type
     * carries and which is what @pulumi/policy asks about.
     */
    static override isInstance(obj: unknown): obj is AuthenticatedOriginPullStatus {
        if (!isRecord(obj)) return false;
        return (
            (obj as Record<symbol, unknown>)[BRAND] === true ||
            (obj as { __pulumiType?: unknown }).__pulumiType === AUTHENTICATED_ORIGIN_PULL_STATUS_TYPE
        );
    }

    /** The config namespace whose credential read it (`cloudflare` unless `configNamespace` was given). */
    declare readonly configNamespace: pulumi.Output<string>;
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
        const props: pulumi.Inputs = { ...OUTPUTS_ONLY };
        if (args instanceof Lookup) {
            // Read gets these as its `props`: nothing but where the credential lives.
            props.configNamespace = args.configNamespace;
        } else {
            props.zoneId = args.zoneId;
            props.hostname = args.hostname;
            props.allowMissing = args.allowMissing;
            props.expiryWarningDays = args.expiryWarningDays;
            props.configNamespace = args.configNamespace;
        }
        super(providerShim, name, props, opts, "cloudflare", "AuthenticatedOriginPullStatus");
        Object.defineProperty(this, BRAND, { value: true, enumerable: false });
    }
}

/** Marks a `.get` lookup: no inputs, every property comes back from Read. */
class Lookup {
    constructor(readonly configNamespace: pulumi.Input<string> | undefined) {}
}

/** Outputs are passed as undefined so the engine knows to expect them. */
const OUTPUTS_ONLY: Readonly<Record<string, undefined>> = Object.freeze(
    Object.fromEntries([...OUTPUT_NAMES, "configNamespace"].map((key) => [key, undefined])),
);

/**
 * Every option of `pulumi.CustomResourceOptions` (and `providers`, which people pass anyway).
 * None is an output name, so an object cannot be both a state and options.
 */
const RESOURCE_OPTION_NAMES: ReadonlySet<string> = new Set<string>([
    ...([
        "id",
        "parent",
        "dependsOn",
        "protect",
        "ignoreChanges",
        "replaceOnChanges",
        "replacementTrigger",
        "version",
        "aliases",
        "provider",
        "customTimeouts",
        "transformations",
        "transforms",
        "urn",
        "pluginDownloadURL",
        "retainOnDelete",
        "deletedWith",
        "replaceWith",
        "hooks",
        "hideDiffs",
        "envVarMappings",
        "deleteBeforeReplace",
        "additionalSecretOutputs",
        "import",
    ] satisfies ReadonlyArray<keyof pulumi.CustomResourceOptions>),
    "providers",
]);

/**
 * How `get` tells 0.1.0's `get(name, id, opts)` from `get(name, id, state)`: a plain object with
 * at least one key, every one of them a resource option name, is options. A state's keys are
 * output names, and no output is named like an option; an empty object means nothing either way.
 */
export function isResourceOptions(value: unknown): value is pulumi.CustomResourceOptions {
    if (!isRecord(value) || pulumi.Output.isInstance(value)) return false;
    const keys = Object.keys(value);
    return keys.length > 0 && keys.every((key) => RESOURCE_OPTION_NAMES.has(key));
}
