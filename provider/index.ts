/**
 * pulumi-cloudflare-aop-status: Cloudflare per-hostname Authenticated Origin Pulls status for
 * Pulumi stacks, pipelines and policy packs. Exports only.
 */
export { AuthenticatedOriginPullStatus, type AuthenticatedOriginPullStatusArgs } from "./resource";
export {
    getAuthenticatedOriginPullStatus,
    getAuthenticatedOriginPullStatusOutput,
    type AuthenticatedOriginPullStatusResult,
    type GetAuthenticatedOriginPullStatusArgs,
    type GetAuthenticatedOriginPullStatusOutputArgs,
} from "./functions";
export {
    getAuthenticatedOriginPullInventory,
    getAuthenticatedOriginPullInventoryOutput,
    type AuthenticatedOriginPullInventoryResult,
    type GetAuthenticatedOriginPullInventoryArgs,
    type GetAuthenticatedOriginPullInventoryOutputArgs,
} from "./inventory-functions";
export { type CertificateScope, type IncompleteReason, type InventoryCertificate, type ListReading } from "./inventory";
export { CloudflareClient, outputsFor, sharedClient, type ClientOptions, type StatusLookup } from "./client";
export { Credentials, resolveBaseUrl, resolveCredentials, DEFAULT_BASE_URL, type ConfigSource } from "./credentials";
export { resolveTuning, DEFAULT_TUNING, type ClientTuning } from "./settings";
export * from "./errors";
export {
    assess,
    daysUntil,
    enabledProblem,
    statusProblem,
    certStatusProblem,
    expiryProblem,
    chainProblems,
    problemCode,
    recordedProblemCodes,
    PROBLEM_CODES,
    type Assessment,
    type ChainCertificateFacts,
    type HealthFacts,
    type HealthOptions,
    type Problem,
    type ProblemCode,
} from "./health";
export { inspectCertificate, normalizeFingerprint, type CertificateInspection, type ChainCertificate } from "./certificate";
export { buildOutputs, mapHostnameStatus, toOutputs } from "./mapping";
export {
    checkInputs,
    normalizeHostname,
    parseTargetId,
    formatTargetId,
    validateZoneId,
    validateHostname,
    DEFAULT_EXPIRY_WARNING_DAYS,
    type CheckFailure,
} from "./validation";
export {
    OUTPUT_NAMES,
    type StatusInputs,
    type StatusOutputs,
    type HostnameStatusFields,
    type CertificateDetails,
    type KnownAopStatus,
    type AopStatus,
} from "./types";
export { PACKAGE_NAME, PACKAGE_VERSION } from "./version";
