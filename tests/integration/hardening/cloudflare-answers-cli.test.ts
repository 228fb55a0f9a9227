/**
 * Every answer of issue 10 §1 and §2 through the built CLI: `aop-status check TARGET --format
 * json` against a scripted loopback server that answers exactly as Cloudflare does. Each lands
 * in the right bucket (missing, or the typed error), exits with the documented code, sends one
 * request, names the credential in the CLI's own terms (environment variables, never stack
 * config) and prints the error once.
 */
import { expect } from "chai";

import type { JsonReport } from "../../../provider/cli/format-json";
import { ensureBuilt, runCli, type CliRun } from "../cli/support";
import {
    ANSWER_ROWS,
    ANSWERS_ZONE,
    answerHostname,
    expectAnswerMessage,
    requestsFor,
    startAnswerServer,
    type AnswerRow,
} from "../../support/cloudflare-answers";
import { expectNamesCredential, expectNoSecrets, FAST_TUNING, tuningEnv } from "../../support/hardening";
import { FAKE_EMAIL, FAKE_KEY, FAKE_TOKEN, type ScriptedServer } from "../../support/scripted-server";

const EXIT = { healthy: 0, unhealthy: 1, failure: 3 } as const;

/**
 * None of these answers is retried, so a request count above one can only come from a timeout:
 * with thirty CLIs started at once on a loaded machine, the fault matrix's 0.5 s would be one.
 */
const ROOMY_TUNING = { ...FAST_TUNING, requestTimeoutSeconds: 10, deadlineSeconds: 30 };

interface RowRun {
    run: CliRun;
    report: JsonReport;
    requests: number;
}

function runKey(row: AnswerRow, allowMissing: boolean): string {
    return `${row.id}${allowMissing ? " --allow-missing" : ""}`;
}

describe("Cloudflare's answers through aop-status check: every row of issue 10 §1 and §2", function () {
    this.timeout(60_000);
    let server: ScriptedServer;
    const runs = new Map<string, RowRun>();

    /** One run per row (and per row again with --allow-missing), all at once; each row has its own hostname. */
    before(async function () {
        this.timeout(120_000);
        ensureBuilt();
        server = await startAnswerServer();
        const pending: Array<Promise<void>> = [];
        for (const row of ANSWER_ROWS) {
            for (const allowMissing of row.alsoWithAllowMissing || row.expect.outcome === "missing" ? [false, true] : [false]) {
                const credential =
                    row.credential === "token"
                        ? { CLOUDFLARE_API_TOKEN: FAKE_TOKEN }
                        : { CLOUDFLARE_API_KEY: FAKE_KEY, CLOUDFLARE_EMAIL: FAKE_EMAIL };
                const args = ["--base-url", server.baseUrl, "check", `${ANSWERS_ZONE}/${answerHostname(row)}`, "--format", "json"];
                if (allowMissing) args.push("--allow-missing");
                pending.push(
                    runCli(args, { env: { ...credential, ...tuningEnv(ROOMY_TUNING) }, timeoutMs: 30_000 }).then((run) => {
                        let report: JsonReport;
                        try {
                            report = JSON.parse(run.stdout) as JsonReport;
                        } catch {
                            throw new Error(`${row.id}: no JSON report (exit ${run.code}):\n${run.stdout}\n${run.stderr}`);
                        }
                        runs.set(runKey(row, allowMissing), { run, report, requests: 0 });
                    }),
                );
                // Spawning blocks this process's event loop, which also answers for the server: space the spawns out.
                await new Promise((resolve) => setTimeout(resolve, 30));
            }
        }
        await Promise.all(pending);
        for (const row of ANSWER_ROWS) {
            // Both runs of a row hit the same hostname; the count covers them together.
            const total = requestsFor(server, row);
            for (const allowMissing of [false, true]) {
                const entry = runs.get(runKey(row, allowMissing));
                if (entry) entry.requests = total;
            }
        }
    });
    after(async () => {
        await server?.stop();
    });

    for (const row of ANSWER_ROWS) {
        const expected = row.expect;
        if (expected.outcome === "missing") {
            it(`reports ${row.answer} as missing: exit 1, and 0 with --allow-missing, found: false, one request each`, () => {
                const strict = runs.get(runKey(row, false)) as RowRun;
                const lenient = runs.get(runKey(row, true)) as RowRun;
                expect(strict.run.code, strict.run.stderr).to.equal(EXIT.unhealthy);
                expect(lenient.run.code, lenient.run.stderr).to.equal(EXIT.healthy);
                for (const { report } of [strict, lenient]) {
                    expect(report.targets[0]).to.include({ result: "missing", error: null });
                    expect(report.targets[0].outputs).to.include({ found: false });
                }
                expect(strict.requests).to.equal(2);
            });
            continue;
        }
        for (const allowMissing of row.alsoWithAllowMissing ? [false, true] : [false]) {
            const title = allowMissing
                ? `with --allow-missing, still turns ${row.answer} into ${expected.errorName}: an error (exit 3), not missing`
                : `turns ${row.answer} into ${expected.errorName} and exits 3 after one request, naming environment variables only`;
            it(title, () => {
                const { run, report, requests } = runs.get(runKey(row, allowMissing)) as RowRun;
                expect(run.code, run.stderr).to.equal(EXIT.failure);
                const [result] = report.targets;
                expect(result).to.include({ result: "error", healthy: false, outputs: null });
                expect(result.error?.name).to.equal(expected.errorName);
                const message = result.error?.message ?? "";
                expectAnswerMessage(message, row);
                expect(message, "the CLI never suggests stack config").to.not.match(
                    /pulumi config|cloudflare:(apiToken|apiKey|email|baseUrl)/,
                );
                if (expected.namesCredential) expectNamesCredential(message, row.credential, "cli", row.answer, expected.namesCredential);
                // One line on stderr carries the error, once.
                expect(run.stderr).to.contain(`aop-status: 1 of 1 target could not be checked: ${expected.errorName}: `);
                expect(run.stderr.split(expected.message[0]).length - 1, "the error is printed once").to.equal(1);
                expect(requests, "requests for the row (both runs)").to.equal(row.alsoWithAllowMissing ? 2 : 1);
                expectNoSecrets(run.stdout + run.stderr, row.answer);
            });
        }
    }
});
