/**
 * `npm run test:live`: asks the real API a few questions (GET only), records the answers, asks a
 * local emulator holding the same zone and hostname the same questions, and fails on any
 * difference in status or error codes. Without the variables it needs (questions.ts), it says
 * it is skipped, in one line, and sends nothing.
 *
 * Requests go through the package's own transport (transport.ts: proxies from the environment,
 * the 4 MiB cap, a limit on the whole exchange, no redirects), one at a time and without retries:
 * the point is the raw answer. A transport failure is recorded by its code; the axios error itself
 * never leaves `send`, because its config carries the credential.
 */
import { randomBytes } from "node:crypto";
import { writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import axios from "axios";

import { describeApiFailures, startEmulator, type EmulatorOptions, type RunningEmulator } from "../../emulator/index";
import { apiPath } from "../../provider/client";
import { Credentials, type Environment } from "../../provider/credentials";
import { MIN_SECRET_LENGTH } from "../../provider/redaction";
import { transportAdapter } from "../../provider/transport";
import { USER_AGENT } from "../../provider/version";
import { compareAnswers, renderComparison, type ComparisonRow } from "./compare";
import { liveGate, MALFORMED_TOKEN, questionsFor, type LiveSettings, type Question } from "./questions";
import { recordAnswer, type AnswerRecord, type RawAnswer } from "./record";

export interface LiveIo {
    env: Environment;
    stdout: { write(text: string): unknown };
    stderr: { write(text: string): unknown };
}

const REQUEST_TIMEOUT_MS = 15_000;
export const LIVE_RECORD_VERSION = 1;

/** The emulator's stand-ins for the live credential: fakes that only this local emulator knows. */
const EMULATOR_TOKEN = "live-contract-emulator-token";
const EMULATOR_EMAIL = "live-contract@example.com";
const EMULATOR_KEY = "live-contract-emulator-key";

type Send = (question: Question, headers: Record<string, string>) => Promise<RawAnswer>;

function sender(baseUrl: string): Send {
    const http = axios.create({
        baseURL: baseUrl,
        maxRedirects: 0,
        responseType: "text",
        transformResponse: [],
        validateStatus: null,
        timeout: REQUEST_TIMEOUT_MS,
        adapter: transportAdapter({ maxSockets: 1 }),
        headers: { Accept: "application/json", "User-Agent": `${USER_AGENT} live-contract` },
    });
    return async (question, headers) => {
        try {
            const response = await http.get(apiPath(question.path), { headers });
            return {
                kind: "answer",
                status: response.status,
                headers: response.headers as Record<string, string | string[] | undefined>,
                body: String(response.data ?? ""),
            };
        } catch (error) {
            const code = typeof error === "object" && error !== null ? (error as { code?: unknown }).code : undefined;
            return { kind: "no-answer", code: typeof code === "string" ? code : "ERROR" };
        }
    };
}

function headersFor(question: Question, credentials: Credentials): Record<string, string> {
    if (question.auth === "credential") return credentials.authHeaders();
    if (question.auth === "malformed-token") return { Authorization: `Bearer ${MALFORMED_TOKEN}` };
    return {};
}

async function ask(
    questions: readonly Question[],
    send: Send,
    credentials: Credentials,
    secrets: readonly string[],
): Promise<AnswerRecord[]> {
    const records: AnswerRecord[] = [];
    // One at a time: a handful of reads, well inside any limit, in an order a person can follow in a log.
    for (const question of questions)
        records.push(recordAnswer(question, await send(question, headersFor(question, credentials)), secrets));
    return records;
}

/** The secrets of the live credential, as the environment holds them, for scrubbing. */
export function liveSecrets(env: Environment): string[] {
    const value = (name: string): string => env[name]?.trim() ?? "";
    return [
        ...[value("CLOUDFLARE_API_TOKEN"), value("CLOUDFLARE_API_KEY")].filter((secret) => secret.length >= MIN_SECRET_LENGTH),
        value("CLOUDFLARE_EMAIL"),
    ].filter((secret) => secret.length > 0);
}

/** An emulator holding what the live questions are about: the zone, the associated hostname, and a credential of the same kind. */
export function emulatorOptionsFor(
    settings: Pick<LiveSettings, "zoneId" | "hostname" | "accountId"> & { kind: "token" | "key" },
): EmulatorOptions {
    const yearAhead = new Date(Date.now() + 365 * 86_400_000).toISOString();
    return {
        seed: {
            zones: {
                [settings.zoneId]: {
                    hostnames: [
                        {
                            hostname: settings.hostname,
                            cert_id: "11111111111111111111111111111111",
                            enabled: true,
                            status: "active",
                            cert_status: "active",
                            expires_on: yearAhead,
                        },
                    ],
                },
            },
        },
        users: [
            {
                id: "22222222222222222222222222222222",
                ...(settings.kind === "key" ? { email: EMULATOR_EMAIL, key: EMULATOR_KEY } : {}),
                tokens:
                    settings.kind === "token"
                        ? [
                              {
                                  id: "33333333333333333333333333333333",
                                  value: EMULATOR_TOKEN,
                                  ...(settings.accountId === null ? {} : { account: settings.accountId }),
                              },
                          ]
                        : [],
            },
        ],
    };
}

export interface LiveRecord {
    version: typeof LIVE_RECORD_VERSION;
    recordedAt: string;
    subjects: { zoneId: string; hostname: string; missingHostname: string; accountId: string | null; credential: "token" | "key" };
    live: { baseUrl: string; answers: AnswerRecord[] };
    emulator: { answers: AnswerRecord[] };
    comparison: ComparisonRow[];
}

function summaryLines(rows: readonly ComparisonRow[]): string[] {
    const different = rows.filter((row) => row.differs.length > 0);
    if (different.length === 0) return [`${rows.length} questions: the emulator answers each with Cloudflare's status and codes.`];
    const lines = [`${different.length} of ${rows.length} questions differ in status or codes:`];
    for (const row of different) {
        const evidence = row.emulatorAnswer?.evidence;
        const advice =
            evidence === "guess"
                ? "the emulator's answer was a guess (emulator/README.md, errata): update emulator/envelope.ts and the errata to Cloudflare's"
                : evidence === undefined
                  ? "update the emulator to Cloudflare's answer, and the errata"
                  : `the emulator's answer rests on ${evidence} evidence, yet Cloudflare answered otherwise: update it, and say so in the errata`;
        lines.push(`  ${row.question}: ${advice}`);
    }
    return lines;
}

export async function runLiveContract(io: LiveIo): Promise<number> {
    const gate = liveGate(io.env);
    if (!gate.run && gate.skipped) {
        io.stdout.write(
            `live contract test skipped (nothing sent): set ${gate.missing.join(", ")} to compare the emulator with your Cloudflare account\n`,
        );
        return 0;
    }
    if (!gate.run) {
        io.stderr.write(gate.problems.map((problem) => `test:live: ${problem}\n`).join(""));
        return 2;
    }
    const { settings } = gate;
    const kind = settings.credentials.kind;
    const questions = questionsFor({ ...settings, kind });
    const secrets = liveSecrets(io.env);

    io.stdout.write(`asking ${settings.baseUrl} ${questions.length} questions (GET only)…\n`);
    const live = await ask(questions, sender(settings.baseUrl), settings.credentials, secrets);

    let emulator: RunningEmulator | undefined;
    let emulated: AnswerRecord[];
    try {
        emulator = await startEmulator(emulatorOptionsFor({ ...settings, kind }));
        const stand =
            kind === "token"
                ? Credentials.token(EMULATOR_TOKEN, "the local emulator")
                : Credentials.key(EMULATOR_EMAIL, EMULATOR_KEY, "the local emulator");
        emulated = await ask(questions, sender(emulator.url), stand, secrets);
    } finally {
        await emulator?.stop();
    }

    const catalogue = describeApiFailures();
    const comparison = compareAnswers(live, emulated, catalogue);
    const record: LiveRecord = {
        version: LIVE_RECORD_VERSION,
        recordedAt: new Date().toISOString(),
        subjects: {
            zoneId: settings.zoneId,
            hostname: settings.hostname,
            missingHostname: settings.missingHostname,
            accountId: settings.accountId,
            credential: kind,
        },
        live: { baseUrl: settings.baseUrl, answers: live },
        emulator: { answers: emulated },
        comparison,
    };
    const path =
        settings.recordPath ??
        join(tmpdir(), `aop-live-contract-${new Date().toISOString().replace(/[:.]/g, "-")}-${randomBytes(3).toString("hex")}.json`);
    writeFileSync(path, `${JSON.stringify(record, null, 2)}\n`, { mode: 0o600 });

    io.stdout.write(renderComparison(comparison));
    io.stdout.write(`${summaryLines(comparison).join("\n")}\n`);
    io.stdout.write(`record written to ${path}\n`);
    return comparison.some((row) => row.differs.length > 0) ? 1 : 0;
}
