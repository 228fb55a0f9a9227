/**
 * Shapes shared by the provider, the functions, the CLI and the policy pack.
 * Plain data only: every value here survives a trip through google.protobuf.Struct.
 */

/** The resource's inputs after `check` has validated and normalised them. */
export interface StatusInputs {
    zoneId: string;
    hostname: string;
    allowMissing: boolean;
    expiryWarningDays: number;
}

/**
 * The hostname status as Cloudflare reports it, camelCased. Every field is optional in the API,
 * so every field is nullable here; enum values are passed through as strings so that a status
 * Cloudflare adds tomorrow does not break anyone today.
 */
export interface HostnameStatusFields {
    certId: string | null;
    certStatus: string | null;
    certUpdatedAt: string | null;
    certUploadedOn: string | null;
    certificate: string | null;
    createdAt: string | null;
    /** true, false, or null where the API has voided the association. */
    enabled: boolean | null;
    expiresOn: string | null;
    issuer: string | null;
    serialNumber: string | null;
    signature: string | null;
    status: string | null;
    updatedAt: string | null;
}

/** What we learn from the PEM itself. The PEM is the truth when it disagrees with `expiresOn`. */
export interface CertificateDetails {
    certFingerprintSha256: string | null;
    certNotBefore: string | null;
    certNotAfter: string | null;
    certSubject: string | null;
    certSans: string[];
}

export interface HealthVerdict {
    healthy: boolean;
    problems: string[];
}

/** Every output of `AuthenticatedOriginPullStatus` and of `getAuthenticatedOriginPullStatus`. */
export interface StatusOutputs extends StatusInputs, HostnameStatusFields, CertificateDetails, HealthVerdict {
    /** false only when the hostname has no association and `allowMissing` is set. */
    found: boolean;
    /** Whole days until the certificate's notAfter (or `expiresOn` without a PEM); negative once expired. */
    daysUntilExpiry: number | null;
}

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
] as const satisfies ReadonlyArray<keyof StatusOutputs>;

type MissingOutputName = Exclude<keyof StatusOutputs, (typeof OUTPUT_NAMES)[number]>;
/** Fails to compile when an output is added to StatusOutputs but not to OUTPUT_NAMES. */
export const OUTPUT_NAMES_ARE_COMPLETE: [MissingOutputName] extends [never] ? true : MissingOutputName = true;
