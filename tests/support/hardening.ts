/**
 * Shared setup for the hardening suite (tests/integration/hardening): the fault matrix as data,
 * an emulator whose data has one healthy hostname per matrix row, fast client tuning, and the
 * two ways every row is exercised (a real `up` through the provider host, and the built CLI).
 *
 * The same FAULT_ROWS drive the per-row tests and the secrets sweep, so the sweep cannot fall
 * behind the matrix.
 */
import path from "node:path";

import { expect } from "chai";

import {
    DEMO_HOSTNAMES,
    demoSeed,
    SAMPLE_ZONE_ID,
    startEmulator,
    type FaultSpec,
    type HostnameRecord,
    type RequestLogEntry,
    type RunningEmulator,
    type SeedDocument,
} from "../../emulator/index";
import type { JsonReport } from "../../provider/cli/format-json";
import { runCli, type CliRun } from "../integration/cli/support";
import { StackHarness, type OperationResult, type RecordedResource } from "./engine";
import { FAKE_EMAIL, FAKE_KEY, FAKE_TOKEN } from "./scripted-server";
import { AOP_TYPE, REPO_ROOT } from "./stacks";

export { FAKE_EMAIL, FAKE_KEY, FAKE_TOKEN };

export const ZONE = SAMPLE_ZONE_ID;
/** The two secrets of the suite. Both are recognisable, so any leak is unmistakable. */
export const SECRETS: readonly string[] = [FAKE_TOKEN, FAKE_KEY];
/** In the emulator's data nowhere, so it answers 404 (code 1404); read with allowMissing. */
export const MISSING_ALLOWED_HOSTNAME = "missing-allowed.hardening.example.com";
/** An IDN and the punycode form Cloudflare knows it by. */
export const IDN_HOSTNAME = "bücher.hardening.example.com";
export const IDN_PUNYCODE = "xn--bcher-kva.hardening.example.com";
export const FLEET_PROGRAM = path.join(REPO_ROOT, "tests", "fixtures", "hardening", "fleet");

export type CredentialKind = "token" | "key";

// ---------------------------------------------------------------------------------------------
// Tuning

/** The client's knobs, in the units of the config keys and environment variables. */
export interface Tuning {
    requestTimeoutSeconds?: number;
    deadlineSeconds?: number;
    maxRetries?: number;
    maxRetryAfterSeconds?: number;
    concurrency?: number;
}

/** Small enough that the whole matrix stays fast, large enough that a loaded machine still answers in time. */
export const FAST_TUNING: Readonly<Required<Omit<Tuning, "concurrency">>> = Object.freeze({
    requestTimeoutSeconds: 0.5,
    deadlineSeconds: 10,
    maxRetries: 2,
    maxRetryAfterSeconds: 5,
});

const TUNING_NAMES: ReadonlyArray<[keyof Tuning, string, string]> = [
    ["requestTimeoutSeconds", "aopStatus:requestTimeoutSeconds", "AOP_STATUS_REQUEST_TIMEOUT_SECONDS"],
    ["deadlineSeconds", "aopStatus:deadlineSeconds", "AOP_STATUS_DEADLINE_SECONDS"],
    ["maxRetries", "aopStatus:maxRetries", "AOP_STATUS_MAX_RETRIES"],
    ["maxRetryAfterSeconds", "aopStatus:maxRetryAfterSeconds", "AOP_STATUS_MAX_RETRY_AFTER_SECONDS"],
    ["concurrency", "aopStatus:concurrency", "AOP_STATUS_CONCURRENCY"],
];

/** `aopStatus:*` stack config for `tuning`. */
export function tuningConfig(tuning: Tuning): Record<string, string> {
    const config: Record<string, string> = {};
    for (const [field, key] of TUNING_NAMES) if (tuning[field] !== undefined) config[key] = String(tuning[field]);
    return config;
}

/** `AOP_STATUS_*` variables for `tuning`; every other AOP_STATUS_* variable is unset. */
export function tuningEnv(tuning: Tuning): Record<string, string | undefined> {
    const env: Record<string, string | undefined> = {};
    for (const [field, , name] of TUNING_NAMES) env[name] = tuning[field] === undefined ? undefined : String(tuning[field]);
    return env;
}

// ---------------------------------------------------------------------------------------------
// The fault matrix

/** What a row must end in, the same whichever way the hostname is read. */
export type RowExpectation =
    | {
          outcome: "healthy";
          /** Requests the emulator must log for the hostname. */
          requests: number;
          /** At least this long between the first and the last request (a Retry-After honoured). */
          minSpreadMs?: number;
      }
    | {
          outcome: "error";
          /** The typed error's `name` (the CLI's JSON report carries it). */
          errorName: string;
          /** Every pattern must match the error message. */
          message: RegExp[];
          /** An exact count where retries matter; otherwise a bound. */
          requests: number | { min: number; max: number };
          /** At least this long between the first and the last request (retries were paced). */
          minSpreadMs?: number;
          /** The error names the credential source and how to set a credential. */
          namesCredentialSource?: boolean;
          /** At most this long from the last request to the end of the run: nothing waited after the last answer. */
          settlesWithinMs?: number;
      };

export interface FaultRow {
    /** Also the first label of the row's hostname. */
    id: string;
    /** "a 429 with Retry-After: 1, then success": the fault, for messages and titles. */
    fault: string;
    /** What the read does about it, as a test title: "waits out a 429's Retry-After of 1 s, retries and succeeds". */
    behaviour: string;
    /** Applied, in order, to requests for the row's hostname. */
    faults: FaultSpec[];
    expect: RowExpectation;
    /** Overrides FAST_TUNING for this row. */
    tuning?: Tuning;
    /** The hostname is deleted from the emulator's data, so it answers a real 404. */
    removed?: boolean;
}

/** `<id>.hardening.example.com`, which the emulator knows as a healthy hostname until the row is applied. */
export function rowHostname(row: FaultRow): string {
    return `${row.id}.hardening.example.com`;
}

export function rowTuning(row: FaultRow): Tuning {
    return { ...FAST_TUNING, ...row.tuning };
}

/**
 * The emulator stamps a request when its event loop gets to it, and that loop is the test
 * process's, which may be busy (a program run, a child process being spawned). Lower bounds on
 * the time between requests allow for that much delay on the first one.
 */
const TIMESTAMP_SLACK_MS = 150;

export const SERVER_ERRORS = [500, 502, 503, 504] as const;

/**
 * Every fault whose outcome is an error or a plain healthy read. Rows whose interesting part is
 * the outputs (mutated results, PEMs, allowMissing) are in DATA_ROWS.
 */
export const FAULT_ROWS: readonly FaultRow[] = [
    {
        id: "throttled-once",
        behaviour: "waits out a 429's Retry-After of 1 s, retries and succeeds",
        fault: "a 429 with Retry-After: 1, then success",
        faults: [{ kind: "status", status: 429, retryAfterSeconds: 1 }],
        expect: { outcome: "healthy", requests: 2, minSpreadMs: 1000 - TIMESTAMP_SLACK_MS },
    },
    {
        id: "throttled-always",
        behaviour: "fails after the retry budget on a sustained 429, saying it was rate limited and for how long",
        fault: "a sustained 429 with Retry-After: 1",
        faults: [{ kind: "status", status: 429, retryAfterSeconds: 1, count: "always" }],
        expect: {
            outcome: "error",
            errorName: "RateLimitedError",
            message: [/HTTP 429/, /\[971\]/, /Rate limited by Cloudflare; it asked to wait 1 s/, /gave up after 3 attempts/],
            requests: 3,
            minSpreadMs: 2000 - TIMESTAMP_SLACK_MS,
        },
    },
    {
        id: "throttled-for-an-hour",
        behaviour: "fails at once on a Retry-After of an hour, saying the wait exceeds the cap, instead of hanging",
        fault: "a 429 with Retry-After of an hour",
        faults: [{ kind: "status", status: 429, retryAfterSeconds: 3600, count: "always" }],
        expect: {
            outcome: "error",
            errorName: "RateLimitedError",
            message: [
                /Rate limited by Cloudflare; it asked to wait 3600 s/,
                /longer than the 5 s this tool waits/,
                /aopStatus:maxRetryAfterSeconds/,
            ],
            requests: 1,
            // Waiting out the cap (5 s), let alone the hour, would end the run well after the 429.
            settlesWithinMs: 4_000,
        },
    },
    ...SERVER_ERRORS.map((status): FaultRow => ({
        id: `http-${status}-twice`,
        behaviour: `retries HTTP ${status} twice and succeeds`,
        fault: `HTTP ${status} twice, then success`,
        faults: [{ kind: "status", status, count: 2 }],
        expect: { outcome: "healthy", requests: 3 },
    })),
    {
        id: "unauthenticated",
        behaviour: "fails at once on 401 (code 10000) with one request, naming the credential's source and how to fix it",
        fault: "a 401 with code 10000",
        faults: [{ kind: "status", status: 401, errorCode: 10000, message: "Authentication error" }],
        expect: {
            outcome: "error",
            errorName: "AuthenticationError",
            message: [/HTTP 401/, /\[10000\] Authentication error/],
            requests: 1,
            namesCredentialSource: true,
        },
    },
    {
        id: "unauthorized",
        behaviour: "fails at once on 403 (code 9109) with one request, naming the credential's source and how to fix it",
        fault: "a 403 with code 9109",
        faults: [{ kind: "status", status: 403, errorCode: 9109, message: "Invalid access token" }],
        expect: {
            outcome: "error",
            errorName: "AuthenticationError",
            message: [/HTTP 403/, /\[9109\] Invalid access token/],
            requests: 1,
            namesCredentialSource: true,
        },
    },
    {
        id: "not-found",
        behaviour: "fails on 404 with an error that says the hostname has no association and suggests allowMissing",
        fault: "a 404 for a hostname without an association",
        faults: [],
        removed: true,
        expect: {
            outcome: "error",
            errorName: "NotFoundError",
            message: [/HTTP 404/, /\[1404\] No hostname AOP association found/, /allowMissing: true/],
            requests: 1,
        },
    },
    {
        id: "edge-html",
        behaviour: "fails with a clear error on Cloudflare's HTML 502 page",
        fault: "Cloudflare's HTML 502 page",
        faults: [{ kind: "html", status: 502, count: "always" }],
        expect: {
            outcome: "error",
            errorName: "InvalidResponseError",
            message: [/unusable response \(HTTP 502\)/, /an HTML page \("502 Bad Gateway"\) instead of JSON/],
            requests: { min: 1, max: 3 },
        },
    },
    {
        id: "invalid-json",
        behaviour: "fails with a clear error on a body that is not valid JSON",
        fault: "a truncated JSON body",
        faults: [{ kind: "invalid-json", count: "always" }],
        expect: {
            outcome: "error",
            errorName: "InvalidResponseError",
            message: [/unusable response \(HTTP 200\)/, /not valid JSON/],
            requests: { min: 1, max: 3 },
        },
    },
    {
        id: "success-false",
        behaviour: "fails with a clear error quoting Cloudflare's code on success: false with HTTP 200",
        fault: "success: false with HTTP 200",
        faults: [{ kind: "success-false", errorCode: 1000, message: "An unknown error has occurred", count: "always" }],
        expect: {
            outcome: "error",
            errorName: "CloudflareApiError",
            message: [/HTTP 200/, /\[1000\] An unknown error has occurred/, /success: false/],
            requests: { min: 1, max: 3 },
        },
    },
    {
        id: "result-null",
        behaviour: "fails with a clear error on result: null",
        fault: "result: null",
        faults: [{ kind: "result-null", count: "always" }],
        expect: { outcome: "error", errorName: "InvalidResponseError", message: [/"result" is null/], requests: { min: 1, max: 3 } },
    },
    {
        id: "dropped",
        behaviour: "retries a dropped connection, then fails with a clear connection error",
        fault: "a dropped connection",
        faults: [{ kind: "drop", count: "always" }],
        expect: {
            outcome: "error",
            errorName: "ConnectionError",
            message: [/Could not reach the Cloudflare API/, /was reset/, /after 3 attempts/],
            requests: 3,
        },
    },
    {
        id: "hanging",
        behaviour: "cuts a response that never ends at the request timeout, retries, then fails with a clear error",
        fault: "a response that never ends",
        faults: [{ kind: "hang", count: "always" }],
        expect: {
            outcome: "error",
            errorName: "ConnectionError",
            message: [/no response from http:\/\/127\.0\.0\.1:\d+ within 0\.5 s/, /after 3 attempts/],
            requests: 3,
            // Three attempts, each cut at 0.5 s: the second and third start at least 0.5 s after the one before.
            minSpreadMs: 1000 - TIMESTAMP_SLACK_MS,
        },
    },
    {
        id: "deadline-hang",
        behaviour: "stops a hanging read at the configured deadline even when the request timeout is longer",
        fault: "a response that never ends, with a 1 s deadline and a 30 s request timeout",
        faults: [{ kind: "hang", count: "always" }],
        tuning: { requestTimeoutSeconds: 30, deadlineSeconds: 1 },
        expect: {
            outcome: "error",
            errorName: "DeadlineExceededError",
            message: [/after the 1 s deadline/, /aopStatus:deadlineSeconds or AOP_STATUS_DEADLINE_SECONDS/],
            requests: 1,
            // The 30 s request timeout would end the run far later.
            settlesWithinMs: 5_000,
        },
    },
    {
        id: "deadline-retries",
        behaviour: "stops retrying at the configured deadline even when retries are left",
        fault: "HTTP 503 forever, with 20 retries allowed and a 2 s deadline",
        faults: [{ kind: "status", status: 503, count: "always" }],
        tuning: { maxRetries: 20, deadlineSeconds: 2 },
        expect: {
            outcome: "error",
            errorName: "DeadlineExceededError",
            message: [/after the 2 s deadline/, /last error: Cloudflare API returned HTTP 503/],
            requests: { min: 2, max: 20 },
        },
    },
];

/** Results that arrive with a 200 and must be tolerated: the outputs are what matters. */
export interface DataRow {
    id: string;
    fault: string;
    /** The `mutate` fault's result, built from the healthy record the emulator would have sent. */
    result: (healthy: HostnameRecord) => Record<string, unknown>;
}

const MALFORMED_PEM =
    "-----BEGIN CERTIFICATE-----\nTUlJQ0lqQU5CZ2txaGtpRzl3MEJBUUVGQUFPQ0FnOEFNSUlDQ2dLQ0FnRUF0aGlzIGlzIG5vdCBhIGNlcnQ=\n-----END CERTIFICATE-----\n";

export const DATA_ROWS: readonly DataRow[] = [
    {
        id: "missing-fields",
        fault: "a result with only hostname and status",
        result: (healthy) => ({ hostname: healthy.hostname, status: "active" }),
    },
    {
        id: "extra-fields",
        fault: "a result with fields the spec does not have",
        result: (healthy) => ({ ...healthy, surprise: { nested: [1, 2, 3] }, rollout_wave: 7, cert_chain: null }),
    },
    {
        id: "unknown-statuses",
        fault: "unknown status and cert_status values",
        result: (healthy) => ({ ...healthy, status: "quarantined_by_ai", cert_status: "rotating" }),
    },
    {
        id: "malformed-pem",
        fault: "a PEM whose body is not a certificate",
        result: (healthy) => ({ ...healthy, certificate: MALFORMED_PEM }),
    },
    {
        id: "not-a-pem",
        fault: "a certificate field that is not a PEM at all",
        result: (healthy) => ({ ...healthy, certificate: "certificate goes here" }),
    },
    {
        id: "absent-pem",
        fault: "no certificate field",
        result: (healthy) => {
            const { certificate: _dropped, ...rest } = healthy;
            return rest;
        },
    },
];

export function dataRowHostname(row: DataRow): string {
    return `${row.id}.hardening.example.com`;
}

/** Puts the row's faults on the emulator, scoped to the row's hostname. */
export function applyRow(emulator: RunningEmulator, row: FaultRow): void {
    if (row.removed) emulator.control.deleteHostname(ZONE, rowHostname(row));
    for (const fault of row.faults) emulator.control.injectFault({ ...fault, match: { hostname: rowHostname(row) } });
}

export function applyDataRow(hardening: HardeningEmulator, row: DataRow): void {
    hardening.emulator.control.injectFault({
        kind: "mutate",
        result: row.result(hardening.healthyRecord(dataRowHostname(row))),
        match: { hostname: dataRowHostname(row) },
    });
}

// ---------------------------------------------------------------------------------------------
// The emulator

export interface HardeningEmulator {
    emulator: RunningEmulator;
    /** The record the emulator holds for a seeded healthy hostname. */
    healthyRecord(hostname: string): HostnameRecord;
    /** Log entries for one hostname. */
    requestsFor(hostname: string): RequestLogEntry[];
}

/** A fake token of the row's own, for runs that must not share a rate-limit budget with other rows' runs. */
export function rowToken(row: FaultRow): string {
    return `fake-token-${row.id}-DO-NOT-LEAK`;
}

/**
 * Demo data plus one healthy hostname per row (and the IDN's punycode form); the suite's fake
 * token and key, plus `extraTokens`.
 */
export async function startHardeningEmulator(options: { extraTokens?: string[] } = {}): Promise<HardeningEmulator> {
    const seed: SeedDocument = demoSeed();
    const zone = seed.zones[ZONE];
    const healthy = zone.hostnames?.find((record) => record.hostname === DEMO_HOSTNAMES.healthy.hostname);
    if (!healthy) throw new Error("the demo seed has no healthy hostname");
    const copies = [...FAULT_ROWS.map(rowHostname), ...DATA_ROWS.map(dataRowHostname), IDN_PUNYCODE];
    for (const hostname of copies) zone.hostnames?.push({ ...healthy, hostname });
    const emulator = await startEmulator({
        seed,
        credentials: { tokens: [FAKE_TOKEN, ...(options.extraTokens ?? [])], keys: [{ email: FAKE_EMAIL, key: FAKE_KEY }] },
    });
    return {
        emulator,
        healthyRecord: (hostname) => {
            const record = zone.hostnames?.find((r) => r.hostname === hostname);
            if (!record) throw new Error(`no seeded record for ${hostname}`);
            return structuredClone(record);
        },
        requestsFor: (hostname) => emulator.log.entries().filter((entry) => entry.hostname === hostname),
    };
}

/** Milliseconds from the last logged request until `end` (by default now: call it right after the run ends). */
export function sinceLastRequestMs(entries: readonly RequestLogEntry[], end: number = Date.now()): number {
    return entries.length === 0 ? 0 : end - entries[entries.length - 1].time;
}

/** Milliseconds between the first and the last logged request. */
export function spreadMs(entries: readonly RequestLogEntry[]): number {
    return entries.length < 2 ? 0 : entries[entries.length - 1].time - entries[0].time;
}

export function expectRequestCount(
    entries: readonly RequestLogEntry[],
    expected: number | { min: number; max: number },
    what: string,
): void {
    if (typeof expected === "number") expect(entries, `${what}: requests the emulator logged`).to.have.length(expected);
    else expect(entries.length, `${what}: requests the emulator logged`).to.be.within(expected.min, expected.max);
}

// ---------------------------------------------------------------------------------------------
// Credentials, secrets

/** A developer's own variables must neither leak into a run nor change its outcome. */
const SCRUBBED_ENV: Record<string, undefined> = {
    CLOUDFLARE_API_TOKEN: undefined,
    CLOUDFLARE_API_KEY: undefined,
    CLOUDFLARE_EMAIL: undefined,
    CLOUDFLARE_BASE_URL: undefined,
    ...(tuningEnv({}) as Record<string, undefined>),
};

/** Stack config for a credential: the secret part as a config secret, as users are told to set it. */
export function credentialConfig(kind: CredentialKind): { config: Record<string, string>; secretConfig: Record<string, string> } {
    return kind === "token"
        ? { config: {}, secretConfig: { "cloudflare:apiToken": FAKE_TOKEN } }
        : { config: { "cloudflare:email": FAKE_EMAIL }, secretConfig: { "cloudflare:apiKey": FAKE_KEY } };
}

/** The CLI's environment for a credential (its only source). */
export function credentialEnv(kind: CredentialKind): Record<string, string> {
    return kind === "token" ? { CLOUDFLARE_API_TOKEN: FAKE_TOKEN } : { CLOUDFLARE_API_KEY: FAKE_KEY, CLOUDFLARE_EMAIL: FAKE_EMAIL };
}

/** Where the provider says a credential came from, as its 401/403 messages name it. */
export function credentialSource(kind: CredentialKind, via: "stack" | "cli"): string {
    if (via === "cli")
        return kind === "token"
            ? "environment variable CLOUDFLARE_API_TOKEN"
            : "environment variables CLOUDFLARE_API_KEY and CLOUDFLARE_EMAIL";
    return kind === "token" ? "stack config cloudflare:apiToken" : "stack config cloudflare:apiKey and cloudflare:email";
}

/**
 * What a credential error must say about the credential, in the reader's terms: where it came
 * from, and where to set one (stack config and the environment through the provider; the
 * environment only, never `pulumi config`, through the CLI).
 */
export function expectNamesCredential(
    message: string,
    kind: CredentialKind,
    via: "stack" | "cli",
    what = "the error",
    names: "source" | "source-and-setting" = "source-and-setting",
): void {
    const credential = `${kind === "token" ? "the API token" : "the Global API key and email"} from ${credentialSource(kind, via)}`;
    expect(message.toLowerCase(), `${what} names the credential's source`).to.contain(credential.toLowerCase());
    if (via === "cli") expect(message, `${what} suggests stack config to a CLI user`).to.not.match(/pulumi config|cloudflare:api/);
    if (names === "source") return;
    const setting =
        via === "cli"
            ? kind === "token"
                ? "CLOUDFLARE_API_TOKEN"
                : "CLOUDFLARE_API_KEY + CLOUDFLARE_EMAIL"
            : kind === "token"
              ? "`pulumi config set --secret cloudflare:apiToken <token>` or CLOUDFLARE_API_TOKEN"
              : "cloudflare:apiKey + cloudflare:email or CLOUDFLARE_API_KEY + CLOUDFLARE_EMAIL";
    expect(message, `${what} says where to set the credential`).to.contain(setting);
}

export function expectNoSecrets(text: string, where: string, extraSecrets: readonly string[] = []): void {
    for (const secret of [...SECRETS, ...extraSecrets]) {
        expect(text.includes(secret), `${where} contains the secret ${secret.slice(0, 10)}…`).to.equal(false);
    }
}

/** Everything an operation shows or keeps: state (__provider, inputs, outputs), stack outputs, errors, host stderr. */
export function operationText(result: OperationResult): string {
    return [
        JSON.stringify(result.state),
        JSON.stringify(result.outputs),
        JSON.stringify(result.outputsPlain),
        result.hostStderr,
        result.error ?? "",
    ].join("\n");
}

// ---------------------------------------------------------------------------------------------
// Stacks

export interface RootStackOptions {
    hostnames: string[];
    allowMissing?: boolean;
    credential?: CredentialKind;
    tuning?: Tuning;
    /** Where the tuning goes: `aopStatus:*` stack config (default) or `AOP_STATUS_*` in the host's environment. */
    tuningVia?: "config" | "env";
}

/** The repository's root monitoring stack, pointed at the emulator. */
export function rootStack(emulator: RunningEmulator, options: RootStackOptions): StackHarness {
    const credential = credentialConfig(options.credential ?? "token");
    const tuning = options.tuning ?? FAST_TUNING;
    const viaEnv = options.tuningVia === "env";
    return new StackHarness({
        programDir: REPO_ROOT,
        config: {
            "cloudflare:baseUrl": emulator.url,
            "aop-status:zoneId": ZONE,
            "aop-status:hostnames": JSON.stringify(options.hostnames),
            ...(options.allowMissing === undefined ? {} : { "aop-status:allowMissing": String(options.allowMissing) }),
            ...credential.config,
            ...(viaEnv ? {} : tuningConfig(tuning)),
        },
        secretConfig: credential.secretConfig,
        env: { ...SCRUBBED_ENV, ...(viaEnv ? tuningEnv(tuning) : {}) },
    });
}

/** Raw arguments for one resource of the fleet fixture; anything JSON can say. */
export interface RawTarget {
    name?: string;
    zoneId?: unknown;
    hostname?: unknown;
    allowMissing?: unknown;
    expiryWarningDays?: unknown;
}

export const FLEET_TARGETS_KEY = "hardening-fleet:targets";

export interface FleetStackOptions {
    credential?: CredentialKind;
    tuning?: Tuning;
    /** The harness's `parallel`; raise it so every resource of a big fleet is read at once. */
    parallel?: number;
    /** The harness's per-call deadline, so a read that never ends fails the test instead of stalling the suite. */
    hostCallTimeoutMs?: number;
}

/** The fleet fixture: one resource per raw target, arguments passed to the provider unchecked. */
/** `api` is the emulator, or any loopback server with a base URL (a scripted one). */
export function fleetStack(api: Pick<RunningEmulator, "url">, targets: RawTarget[], options: FleetStackOptions = {}): StackHarness {
    const credential = credentialConfig(options.credential ?? "token");
    return new StackHarness({
        programDir: FLEET_PROGRAM,
        config: {
            "cloudflare:baseUrl": api.url,
            [FLEET_TARGETS_KEY]: JSON.stringify(targets),
            ...credential.config,
            ...tuningConfig(options.tuning ?? FAST_TUNING),
        },
        secretConfig: credential.secretConfig,
        env: SCRUBBED_ENV,
        parallel: options.parallel,
        hostCallTimeoutMs: options.hostCallTimeoutMs ?? 60_000,
    });
}

export function aopResourcesIn(result: OperationResult): RecordedResource[] {
    return result.state.resources.filter((resource) => resource.type === AOP_TYPE);
}

/** Runs `operation` and disposes of the stack whatever happens. */
export async function once(stack: StackHarness, operation: "up" | "preview" | "refresh"): Promise<OperationResult> {
    try {
        return await stack[operation]();
    } finally {
        await stack.dispose();
    }
}

// ---------------------------------------------------------------------------------------------
// The CLI

export interface CheckRunOptions {
    credential?: CredentialKind;
    /** Overrides the credential with this token. */
    token?: string;
    tuning?: Tuning;
    timeoutMs?: number;
}

/** `aop-status --base-url <emulator> check ...` with the suite's credential and tuning in the environment. */
export function runCheck(emulator: RunningEmulator, args: readonly string[], options: CheckRunOptions = {}): Promise<CliRun> {
    return runCli(["--base-url", emulator.url, "check", ...args], {
        env: {
            ...(options.token === undefined ? credentialEnv(options.credential ?? "token") : { CLOUDFLARE_API_TOKEN: options.token }),
            ...tuningEnv(options.tuning ?? FAST_TUNING),
        },
        timeoutMs: options.timeoutMs ?? 20_000,
    });
}

export function parseJsonReport(run: CliRun): JsonReport {
    try {
        return JSON.parse(run.stdout) as JsonReport;
    } catch {
        throw new Error(`the CLI did not print a JSON report (exit ${run.code}):\n${run.stdout}\n${run.stderr}`);
    }
}

export function target(hostname: string): string {
    return `${ZONE}/${hostname}`;
}
