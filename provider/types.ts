/**
 * Shapes shared by the provider, the functions, the CLI and the policy pack.
 * Plain data only: every value here survives a trip through google.protobuf.Struct.
 */
import type { ProblemCode } from "./health";

/** The resource's inputs after `check` has validated and normalised them. */
export interface StatusInputs {
    /** The zone's id: 32 lower-case hexadecimal characters. */
    zoneId: string;
    /** The hostname in canonical form: lower case, IDNs as punycode. */
    hostname: string;
    /** Whether a hostname without an association gives `found: false` instead of an error. */
    allowMissing: boolean;
    /** A certificate (or a certificate later in its chain) expiring in fewer days than this is a problem. */
    expiryWarningDays: number;
}

/**
 * The values Cloudflare documents for an association's `status` and its certificate's
 * `cert_status` (both enums have the same seven values).
 */
export type KnownAopStatus =
    "initializing" | "pending_deployment" | "pending_deletion" | "active" | "deleted" | "deployment_timed_out" | "deletion_timed_out";

/**
 * A status as Cloudflare sends it: one of the known values, or any other string, passed through
 * untouched so that a status Cloudflare adds tomorrow does not break anyone today. The
 * `string & {}` keeps editors offering the known values.
 */
export type AopStatus = KnownAopStatus | (string & {});

/**
 * The hostname status as Cloudflare reports it, camelCased. Every field is optional in the API,
 * so every field is nullable here.
 */
export interface HostnameStatusFields {
    /** The id of the certificate associated with the hostname (`cert_id`); a UUID in practice. */
    certId: string | null;
    /** The certificate's deployment status (`cert_status`); only `active` is healthy. */
    certStatus: AopStatus | null;
    /** When the certificate was last updated (`cert_updated_at`), as Cloudflare formats it. */
    certUpdatedAt: string | null;
    /** When the certificate was uploaded (`cert_uploaded_on`), as Cloudflare formats it. */
    certUploadedOn: string | null;
    /** The client certificate Cloudflare presents to the origin, as PEM; may hold a chain after the leaf. */
    certificate: string | null;
    /** When the association was created (`created_at`). */
    createdAt: string | null;
    /** true, false, or null where the API has voided the association. */
    enabled: boolean | null;
    /** The certificate's expiry as Cloudflare states it (`expires_on`); `certNotAfter` wins when they disagree. */
    expiresOn: string | null;
    /** The certificate's issuer as Cloudflare states it, e.g. `GlobalSign`. */
    issuer: string | null;
    /** The certificate's serial number as Cloudflare states it. */
    serialNumber: string | null;
    /** The certificate's signature algorithm as Cloudflare states it, e.g. `SHA256WithRSA`. */
    signature: string | null;
    /** The association's status, e.g. `active` or `pending_deployment`; only `active` is healthy. */
    status: AopStatus | null;
    /** When the association was last updated (`updated_at`). */
    updatedAt: string | null;
}

/** What we learn from the PEM's first (leaf) certificate. The PEM is the truth when it disagrees with `expiresOn`. */
export interface CertificateDetails {
    /** SHA-256 fingerprint of the leaf certificate, `AB:CD:…` as `openssl x509 -fingerprint -sha256` prints it. */
    certFingerprintSha256: string | null;
    /** The leaf certificate's notBefore, ISO 8601. */
    certNotBefore: string | null;
    /** The leaf certificate's notAfter, ISO 8601; expiry is counted from it. */
    certNotAfter: string | null;
    /** The leaf certificate's subject, `C=US, O=Example, CN=app.example.com`, values escaped as RFC 4514 does (`CN=a\,b`). */
    certSubject: string | null;
    /** The leaf certificate's subject alternative names, decoded: DNS names bare, others with their type (`URI:spiffe://…`, `IP Address:10.0.0.1`). */
    certSans: string[];
}

export interface HealthVerdict {
    /** True when `problems` is empty. */
    healthy: boolean;
    /** Why it is unhealthy, one sentence each, e.g. `status is pending_deployment`; empty when healthy. For people: match on `problemCodes`. */
    problems: string[];
    /**
     * The code of each entry of `problems`, index by index, e.g. `["status", "expiring"]`. Codes are
     * stable across versions; the wording of `problems` is not. See `ProblemCode` for the list.
     */
    problemCodes: ProblemCode[];
}

/** Every output of `AuthenticatedOriginPullStatus` and of `getAuthenticatedOriginPullStatus`. */
export interface StatusOutputs extends StatusInputs, HostnameStatusFields, CertificateDetails, HealthVerdict {
    /** false only when the hostname has no association and `allowMissing` is set. */
    found: boolean;
    /** Whole days until the leaf certificate's notAfter (or `expiresOn` without a PEM), as of the read; negative once expired. */
    daysUntilExpiry: number | null;
}

/** Where the resource reads its credentials: the stack config namespace (`<namespace>:apiToken`, …). */
export interface CredentialNamespace {
    /**
     * Default `cloudflare`; any other namespace reads its own config keys only, never `CLOUDFLARE_*`
     * variables. `check` always sets it; state written by 0.1.0 has none, which means `cloudflare`.
     */
    configNamespace?: string;
}

/** The resource's inputs after `check`: the shared inputs and the config namespace of its credentials. */
export interface ResourceInputs extends StatusInputs, CredentialNamespace {}

/** Every output of `AuthenticatedOriginPullStatus`: the shared outputs and its config namespace. */
export interface ResourceOutputs extends StatusOutputs, CredentialNamespace {}

/** The `origin_tls_client_auth/hostnames/{hostname}` result as it travels on the wire. */
export type ApiHostnameStatus = Record<string, unknown>;

/** Every output name, in display order. The compiler checks it against StatusOutputs. */
export const OUTPUT_NAMES = [
    "zoneId",
    "hostname",
    "allowMissing",
    "expiryWarningDays",
    "found",
    "enabled",
    "status",
    "certStatus",
    "certId",
    "issuer",
    "serialNumber",
    "signature",
    "expiresOn",
    "certUploadedOn",
    "certUpdatedAt",
    "createdAt",
    "updatedAt",
    "certificate",
    "certFingerprintSha256",
    "certNotBefore",
    "certNotAfter",
    "certSubject",
    "certSans",
    "daysUntilExpiry",
    "healthy",
    "problems",
    "problemCodes",
] as const satisfies ReadonlyArray<keyof StatusOutputs>;

type MissingOutputName = Exclude<keyof StatusOutputs, (typeof OUTPUT_NAMES)[number]>;
/** Fails to compile when an output is added to StatusOutputs but not to OUTPUT_NAMES. */
export const OUTPUT_NAMES_ARE_COMPLETE: [MissingOutputName] extends [never] ? true : MissingOutputName = true;
