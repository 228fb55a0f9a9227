/**
 * pulumi-cloudflare-aop-status: Cloudflare per-hostname Authenticated Origin Pulls status for
 * Pulumi stacks, pipelines and policy packs.
 *
 * The public API, a deliberate list (README "API"; a test compares the two both ways). Nothing
 * else is reachable from the package's `exports`, except `./handler`, which is internal but
 * kept for state written by earlier versions (see handler.ts). Exports only.
 */

// The resource.
export {
    AuthenticatedOriginPullStatus,
    AUTHENTICATED_ORIGIN_PULL_STATUS_TYPE,
    type AuthenticatedOriginPullStatusArgs,
    type AuthenticatedOriginPullStatusState,
} from "./resource";
export type { AopStatus, KnownAopStatus, StatusOutputs } from "./types";

// The functions.
export {
    getAuthenticatedOriginPullStatus,
    getAuthenticatedOriginPullStatusOutput,
    type AuthenticatedOriginPullStatusResult,
    type GetAuthenticatedOriginPullStatusArgs,
    type GetAuthenticatedOriginPullStatusOutputArgs,
} from "./functions";

// The zone inventory.
export {
    getAuthenticatedOriginPullInventory,
    getAuthenticatedOriginPullInventoryOutput,
    type AuthenticatedOriginPullInventoryResult,
    type GetAuthenticatedOriginPullInventoryArgs,
    type GetAuthenticatedOriginPullInventoryOutputArgs,
} from "./inventory-functions";
export type { CertificateScope, IncompleteReason, InventoryCertificate, ListReading } from "./inventory";

// Errors and their guards.
export {
    CloudflareError,
    CloudflareApiError,
    AuthenticationError,
    ZoneOrRouteError,
    ZoneNotFoundError,
    RouteNotFoundError,
    NotFoundError,
    RateLimitedError,
    InvalidResponseError,
    ConnectionError,
    DeadlineExceededError,
    BudgetWaitError,
    ConfigurationError,
    CredentialsError,
    InputValidationError,
    isCloudflareError,
    isCloudflareApiError,
    isAuthenticationError,
    isZoneOrRouteError,
    isZoneNotFoundError,
    isRouteNotFoundError,
    isNotFoundError,
    isRateLimitedError,
    isInvalidResponseError,
    isConnectionError,
    isDeadlineExceededError,
    isBudgetWaitError,
    isConfigurationError,
    isCredentialsError,
    isInputValidationError,
    type AuthenticationReason,
    type CloudflareMessage,
    type ErrorTarget,
} from "./errors";

// The health rules, for policy authors.
export {
    assess,
    daysUntil,
    expiryProblem,
    chainProblems,
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
export {
    normalizeHostname,
    formatTargetId,
    parseTargetId,
    DEFAULT_EXPIRY_WARNING_DAYS,
    type CheckFailure,
    type NormalizedHostname,
} from "./validation";

export { PACKAGE_VERSION } from "./version";
