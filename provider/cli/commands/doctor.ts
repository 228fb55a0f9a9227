/**
 * `aop-status doctor`: "will this work from here?" in one command, GET only. It looks at what
 * this machine would use (the credential and the variables it came from, the base URL, the
 * proxy), asks Cloudflare about the credential (a token's verify endpoint, or `/user` for a key)
 * and, for each zone given, reads one page of the zone's hostname certificates to prove the
 * permission; the answers' `Date` shows whether this machine's clock can be trusted for expiry.
 *
 * This module only gathers: every request goes through the same client, limiter, retries,
 * classification and redaction as `check`, and every answer is reduced to data for
 * doctor-checklist.ts, which decides. Exit 0 when nothing failed (warnings included), 3 when
 * something did, 2 for a usage error of the doctor's own (nothing is sent then).
 */
import { Option, type Command } from "commander";

import type { CloudflareClient } from "../../client";
import { cliSettingNames, DEFAULT_ENV_PREFIX, resolveCredentials, type Environment, type SettingNames } from "../../credentials";
import { isCloudflareError, isConfigurationError, isCredentialsError } from "../../errors";
import { isTransportFailure, proxyFor } from "../../transport";
import { connect, resolveConnection, type ConnectionSettings } from "../connection";
import {
    buildChecklist,
    credentialCheckPath,
    errorFactsOf,
    requestBlocker,
    summarizeChecklist,
    zoneProbeBlocker,
    zoneProbePath,
    type Answer,
    type CredentialObservation,
    type DoctorObservations,
    type ErrorFacts,
    type ProxyObservation,
    type SettingsObservation,
} from "../doctor-checklist";
import { UsageError } from "../errors";
import { ExitCode } from "../exit-codes";
import { renderChecklistJson, renderChecklistText } from "../format-doctor";
import { addRefusedCredentialOptions, type RefusedCredentialFlags } from "../options";
import { validateZoneIdFlag } from "../targets";
import { colorEnabled, palette } from "../terminal";
import { loadTargets } from "./targets-input";
import { refuseCredentialFlags, type CommandContext, type GlobalFlags } from "./context";

interface DoctorFlags extends GlobalFlags, RefusedCredentialFlags {
    zoneId?: string[];
    targetsFile?: string;
    accountId?: string;
    format: "table" | "json";
    /** `--credentials-env PREFIX` (issue 12), where the program defines it: read PREFIX_API_TOKEN, … instead of CLOUDFLARE_*. */
    credentialsEnv?: string;
}

const EXAMPLES = `
Examples:
  $ aop-status doctor
  $ aop-status doctor --zone-id 023e105f4ecef8ad9ca31a8372d0c353 --zone-id 0123456789abcdef0123456789abcdef
  $ aop-status doctor --targets-file targets.txt            # every zone the file names
  $ aop-status doctor --account-id 01a7362d577a6c3019a474fd6f485823   # an account-owned token
  $ aop-status doctor --format json | jq '.checks[] | select(.status == "fail")'

Checks, in order: the credential found (never its value) and the variables it came from; the base
URL and the settings; the proxy; whether the API answers; the credential's state (a token through
/user/tokens/verify, or /accounts/ACCOUNT_ID/tokens/verify with --account-id; a key and email
through /user; a token expiring within 30 days is a warning); for each zone, one read of its
hostname certificates, which proves Zone / SSL and Certificates / Read; and the clock (a warning
when the server's Date differs from this machine's by more than 5 minutes). Checks that cannot
run because an earlier one failed are shown as skipped. Only GET requests are sent.

Exit codes: 0 nothing failed (warnings included); 2 usage error (nothing was sent); 3 a check failed.`;

const ACCOUNT_ID = /^[0-9a-f]{32}$/;
/** The variables that can name a proxy (NO_PROXY only removes one), as proxy-from-env reads them. */
const PROXY_VARIABLES = ["HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy", "ALL_PROXY", "all_proxy"];

function collect(value: string, previous: string[] | undefined): string[] {
    return [...(previous ?? []), value];
}

function blank(value: string | undefined): boolean {
    return value === undefined || value.trim() === "";
}

/** The zones to probe: --zone-id values, then the zones of the targets, each once. Throws UsageError before anything is sent. */
function zonesToProbe(args: readonly string[], flags: DoctorFlags): string[] {
    const given = flags.zoneId ?? [];
    const problems = given.flatMap((zoneId) => validateZoneIdFlag(zoneId));
    if (problems.length > 0) throw new UsageError(problems);
    const zones = [...given];
    if (args.length > 0 || flags.targetsFile !== undefined) {
        // With exactly one --zone-id, bare hostnames belong to it, as in `check`.
        const zoneId = given.length === 1 ? given[0] : undefined;
        zones.push(...loadTargets(args, { targetsFile: flags.targetsFile, zoneId }).map((target) => target.zoneId));
    }
    return [...new Set(zones)];
}

function checkAccountId(accountId: string | undefined): string | null {
    if (accountId === undefined) return null;
    if (!ACCOUNT_ID.test(accountId)) {
        throw new UsageError(
            `--account-id must be 32 lower-case hexadecimal characters (the account's ID from the dashboard), got ${JSON.stringify(accountId)}`,
        );
    }
    return accountId;
}

/** A typed error as data; anything that is not one of ours is a bug and is rethrown. */
function errorFacts(error: unknown): ErrorFacts {
    if (!isCloudflareError(error)) throw error;
    return errorFactsOf(error);
}

function observeCredential(env: Environment, names: SettingNames): CredentialObservation {
    try {
        const credentials = resolveCredentials(undefined, env, names);
        const keys = names.env;
        const variables = keys === null ? [] : credentials.kind === "token" ? [keys.apiToken] : [keys.apiKey, keys.email];
        const ignored = keys !== null && credentials.kind === "token" ? [keys.apiKey, keys.email].filter((name) => !blank(env[name])) : [];
        return { found: true, credential: { kind: credentials.kind, source: credentials.source, variables, ignored } };
    } catch (error) {
        if (!isCredentialsError(error)) throw error;
        return { found: false, error: errorFacts(error) };
    }
}

function observeSettings(
    env: Environment,
    flags: DoctorFlags,
    prefix: string,
): { observation: SettingsObservation; connection: ConnectionSettings | null } {
    try {
        const connection = resolveConnection(env, flags.baseUrl, {}, prefix);
        const { names } = connection;
        const source = !blank(flags.baseUrl)
            ? (names.baseUrlFlag ?? "--base-url")
            : names.env !== null && !blank(env[names.env.baseUrl])
              ? names.env.baseUrl
              : null;
        return { observation: { ok: true, baseUrl: connection.baseUrl, source }, connection };
    } catch (error) {
        if (!isConfigurationError(error)) throw error;
        return { observation: { ok: false, error: errorFacts(error) }, connection: null };
    }
}

/** The transport's own choice (proxyFor: proxy-from-env and axios's NO_PROXY rules), so the doctor reports what a run would do. */
function observeProxy(env: Environment, baseUrl: string): ProxyObservation {
    try {
        const proxy = proxyFor(baseUrl);
        if (proxy === null) return { kind: "direct", configured: PROXY_VARIABLES.filter((name) => !blank(env[name])) };
        return {
            kind: "proxy",
            url: `${proxy.secure ? "https" : "http"}://${proxy.display}`,
            hostname: proxy.hostname,
            tunnel: new URL(baseUrl).protocol === "https:",
        };
    } catch (error) {
        if (!isTransportFailure(error)) throw error;
        // The failure's message names the proxy by host and port at most, never its user and password.
        return {
            kind: "invalid",
            error: {
                name: "ProxyConfigurationError",
                message: error.message,
                status: null,
                codes: [],
                cloudflare: null,
                reason: null,
                fix: null,
            },
        };
    }
}

async function ask(client: CloudflareClient, path: string[], zoneId?: string): Promise<Answer> {
    try {
        const answer = await client.get(path, zoneId === undefined ? {} : { target: { zoneId } });
        return {
            ok: true,
            result: answer.result,
            totalCount: answer.resultInfo?.totalCount ?? null,
            serverDate: answer.serverDate?.toISOString() ?? null,
            receivedAt: new Date().toISOString(),
        };
    } catch (error) {
        return { ok: false, error: errorFacts(error) };
    }
}

async function observe(args: readonly string[], flags: DoctorFlags, env: Environment): Promise<DoctorObservations> {
    const prefix = flags.credentialsEnv ?? DEFAULT_ENV_PREFIX;
    // Throws ConfigurationError for a bad prefix: a usage error, exit 2.
    const names = cliSettingNames(prefix);
    const accountId = checkAccountId(flags.accountId);
    const zoneIds = zonesToProbe(args, flags);

    const credential = observeCredential(env, names);
    const { observation: settings, connection } = observeSettings(env, flags, prefix);
    const proxy = settings.ok ? observeProxy(env, settings.baseUrl) : undefined;
    const observations: DoctorObservations = { names, credential, settings, proxy, accountId, zoneIds, zones: {}, now: new Date() };
    if (requestBlocker(observations) !== null || connection === null || !credential.found) return observations;

    const client = connect(env, connection);
    const kind = credential.credential.kind;
    // As `check` does: a handful of reads that fit the budget go at full concurrency.
    const done = client.announceReads(1 + zoneIds.length);
    try {
        observations.verify = await ask(client, credentialCheckPath(kind, kind === "token" ? accountId : null));
        if (zoneProbeBlocker(observations) === null) {
            const answers = await Promise.all(zoneIds.map((zoneId) => ask(client, zoneProbePath(zoneId), zoneId)));
            observations.zones = Object.fromEntries(zoneIds.map((zoneId, index) => [zoneId, answers[index]]));
        }
    } finally {
        done();
    }
    observations.now = new Date();
    return observations;
}

export function registerDoctor(program: Command, context: CommandContext): void {
    const command = program
        .command("doctor")
        .description("check that this machine can use the API: credential, base URL, proxy, token state, zone permissions, clock")
        .argument("[targets...]", "ZONE_ID/HOSTNAME targets whose zones to check (or HOSTNAME with one --zone-id)")
        .option("--zone-id <id>", "a zone whose permission to check (repeatable)", collect)
        .option("-f, --targets-file <file>", "check the zones of the targets in FILE, one per line ('-' for stdin)")
        .option("--account-id <id>", "verify an account-owned token at /accounts/ID/tokens/verify")
        .addOption(new Option("--format <format>", "output format").choices(["table", "json"]).default("table"))
        .addHelpText("after", EXAMPLES);
    addRefusedCredentialOptions(command);

    command.action(async (args: string[], _options: unknown, self: Command) => {
        const { io } = context;
        const flags = self.optsWithGlobals<DoctorFlags>();
        refuseCredentialFlags(flags);
        const items = buildChecklist(await observe(args, flags, io.env));
        if (flags.format === "json") {
            io.stdout.write(renderChecklistJson(items));
        } else {
            const tty = io.stdout.isTTY === true;
            io.stdout.write(renderChecklistText(items, { unicode: tty, palette: palette(colorEnabled(io.stdout, io.env)) }));
        }
        context.setExitCode(summarizeChecklist(items).fail > 0 ? ExitCode.Failure : ExitCode.Healthy);
    });
}
