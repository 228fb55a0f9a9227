// Public surface of the Cloudflare per-hostname Authenticated Origin Pulls
// emulator. Exports only; see README.md.

export { startEmulator } from "./server";
export { DEFAULT_CREDENTIALS } from "./auth";
export { sampleSeed, demoSeed, SAMPLE_ZONE_ID, SAMPLE_HOSTNAME, SAMPLE_CERT_ID, DEMO_HOSTNAMES } from "./seed";
export { validateSeed, loadSeedFile } from "./seed-validation";
export { processTraffic, type TrafficCount } from "./traffic";
export {
    startEmulatorFromCli,
    runEmulatorCli,
    parseEmulatorCliArgs,
    describeRunningEmulator,
    DEFAULT_CLI_PORT,
    type EmulatorCliOptions,
    type ParsedCli,
    type CliIo,
} from "./main";
export {
    EmulatorError,
    SeedValidationError,
    FaultSpecError,
    UnknownCredentialError,
    EmulatorOptionsError,
    NotFoundError,
    CliUsageError,
    isEmulatorError,
} from "./errors";
export {
    AOP_STATUSES,
    type AopStatus,
    type ApiKeyCredential,
    type CertificateRecord,
    type ConsumeQuotaRequest,
    type CredentialRef,
    type DropFault,
    type EmulatorControl,
    type EmulatorCredentials,
    type EmulatorOptions,
    type FaultCount,
    type FaultKind,
    type FaultMatch,
    type FaultSpec,
    type HangFault,
    type HostnamePatch,
    type HostnameRecord,
    type HtmlFault,
    type InvalidJsonFault,
    type LatencyFault,
    type MutateFault,
    type PendingFault,
    type RateLimitOptions,
    type RateLimitState,
    type RequestLog,
    type RequestLogEntry,
    type ResultNullFault,
    type RouteName,
    type RunningEmulator,
    type SeedDocument,
    type StatusFault,
    type SuccessFalseFault,
    type TransitionOptions,
    type ZoneSeed,
} from "./types";
