/**
 * Option definitions shared by `get` and `check`, and the parsers commander calls for them.
 * A parser throws InvalidArgumentError, which commander reports as a usage error (exit 2).
 */
import { InvalidArgumentError, Option, type Command } from "commander";

import { cliSettingNames, DEFAULT_ENV_PREFIX } from "../credentials";
import { isConfigurationError } from "../errors";
import { CONCURRENCY_RANGE } from "../settings";
import { DEFAULT_EXPIRY_WARNING_DAYS, validateExpiryWarningDays } from "../validation";
import type { CheckSettings } from "./report";

/** Same range as AOP_STATUS_CONCURRENCY / aopStatus:concurrency. */
export const MIN_CONCURRENCY = CONCURRENCY_RANGE.min;
export const MAX_CONCURRENCY = CONCURRENCY_RANGE.max;

/**
 * A parser for the warning window under one of its two names, so the error names the flag that
 * was typed. The resource's own rule for expiryWarningDays, so the CLI accepts exactly what a
 * stack does.
 */
function expiryWarningDaysParser(flag: string): (raw: string) => number {
    return (raw) => {
        const days = /^\d+$/.test(raw.trim()) ? Number(raw) : Number.NaN;
        const failures = validateExpiryWarningDays(Number.isNaN(days) ? raw : days, flag);
        if (failures.length > 0) throw new InvalidArgumentError(failures.map((f) => f.reason).join("; "));
        return days;
    };
}

export const parseExpiryWarningDays = expiryWarningDaysParser("--expiry-warning-days");
/** `--min-days`, the name 0.1.0 used; an alias of --expiry-warning-days. */
export const parseMinDays = expiryWarningDaysParser("--min-days");

export function parseConcurrency(raw: string): number {
    const value = /^\d+$/.test(raw.trim()) ? Number(raw) : Number.NaN;
    if (!Number.isInteger(value) || value < MIN_CONCURRENCY || value > MAX_CONCURRENCY) {
        throw new InvalidArgumentError(
            `--concurrency must be a whole number from ${MIN_CONCURRENCY} to ${MAX_CONCURRENCY}, got ${JSON.stringify(raw)}`,
        );
    }
    return value;
}

/**
 * `--credentials-env PREFIX`: the run reads PREFIX_API_TOKEN (or PREFIX_API_KEY + PREFIX_EMAIL)
 * and PREFIX_BASE_URL instead of the CLOUDFLARE_ ones, so one job can check several accounts.
 * The prefix is checked as credentials.ts checks it (upper case, digits, "_"; a trailing "_" is dropped).
 */
export function parseCredentialsEnv(raw: string): string {
    try {
        cliSettingNames(raw);
    } catch (error) {
        if (!isConfigurationError(error)) throw error;
        throw new InvalidArgumentError(`--credentials-env ${error.message.replace(/^the environment prefix /, "")}`);
    }
    return raw.replace(/_+$/, "");
}

export type ReportFormat = "table" | "json" | "junit" | "prometheus" | "github" | "html";

export interface HealthFlags {
    expiryWarningDays?: number;
    /** The alias; commander refuses it together with --expiry-warning-days. */
    minDays?: number;
    requireEnabled?: boolean;
    allowMissing?: boolean;
}

/**
 * The run's health settings. The warning window comes from whichever of its two names was given
 * (neither has a commander default, or the alias could not be told apart from the default).
 * --require-enabled defaults to true, like the policy pack: a disabled association means origins
 * accept any client.
 */
export function settingsFrom(flags: HealthFlags): CheckSettings {
    return {
        expiryWarningDays: flags.expiryWarningDays ?? flags.minDays ?? DEFAULT_EXPIRY_WARNING_DAYS,
        requireEnabled: flags.requireEnabled ?? true,
        allowMissing: flags.allowMissing === true,
    };
}

export function addHealthOptions(command: Command): Command {
    return command
        .addOption(
            new Option(
                "--expiry-warning-days <n>",
                `unhealthy when a certificate expires in fewer than N days, as the resource's expiryWarningDays (default: ${DEFAULT_EXPIRY_WARNING_DAYS})`,
            ).argParser(parseExpiryWarningDays),
        )
        .addOption(
            new Option("--min-days <n>", "the same as --expiry-warning-days (its former name, kept as an alias)")
                .argParser(parseMinDays)
                .conflicts("expiryWarningDays"),
        )
        .option("--require-enabled", "a disabled or voided association is unhealthy (default)")
        .option("--no-require-enabled", "do not judge whether the association is enabled")
        .option("--allow-missing", "a hostname with no association is reported as missing but does not fail the run");
}

export interface StepSummaryFlags {
    /** false with --no-step-summary. */
    stepSummary: boolean;
}

/** GitHub sets GITHUB_STEP_SUMMARY in every step, so the summary is on by default there and needs a way off. */
export function addStepSummaryOption(command: Command): Command {
    return command.option("--no-step-summary", "do not append a Markdown summary to the file GITHUB_STEP_SUMMARY names");
}

export function addZoneIdOption(command: Command): Command {
    return command.option("--zone-id <id>", "zone of bare HOSTNAME targets (32 hex characters)");
}

/**
 * Flags people reach for out of habit. They are refused rather than unknown, so the message
 * can say why: a secret on a command line lands in shell history, `ps` output and CI logs.
 */
export function addRefusedCredentialOptions(command: Command): Command {
    for (const flag of ["--api-token", "--token", "--api-key", "--email"]) {
        command.addOption(new Option(`${flag} <value>`).hideHelp());
    }
    return command;
}

export interface RefusedCredentialFlags {
    apiToken?: string;
    token?: string;
    apiKey?: string;
    email?: string;
}

export function refusedCredentialFlag(flags: RefusedCredentialFlags): string | undefined {
    if (flags.apiToken !== undefined) return "--api-token";
    if (flags.token !== undefined) return "--token";
    if (flags.apiKey !== undefined) return "--api-key";
    if (flags.email !== undefined) return "--email";
    return undefined;
}

export const CREDENTIALS_HELP =
    "Credentials are read only from the environment: CLOUDFLARE_API_TOKEN (preferred), or CLOUDFLARE_API_KEY\n" +
    "together with CLOUDFLARE_EMAIL. There are deliberately no flags for them: command lines end up in shell\n" +
    'history, process lists and CI logs. The token needs "Zone / SSL and Certificates / Read".\n' +
    `--credentials-env PREFIX reads PREFIX_API_TOKEN, PREFIX_API_KEY, PREFIX_EMAIL and PREFIX_BASE_URL instead\n` +
    `(default ${DEFAULT_ENV_PREFIX}), e.g. for a second Cloudflare account.`;
