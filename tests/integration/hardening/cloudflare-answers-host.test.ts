/**
 * Every answer of issue 10 §1 and §2 through the real provider host: one `pulumi up` of the
 * hardening fleet fixture per credential kind, one resource per row (and one more with
 * `allowMissing: true` where that must not change the outcome), against a scripted loopback
 * server that answers each hostname as Cloudflare does. Every answer is delayed, so every
 * resource's Create is under way before the first failure ends the deployment, as the engine
 * cancels only what has not started.
 */
import { expect } from "chai";

import type { OperationResult, RecordedResource } from "../../support/engine";
import {
    ANSWER_ROWS,
    ANSWERS_ZONE,
    answerHostname,
    expectAnswerMessage,
    startAnswerServer,
    type AnswerCredential,
    type AnswerRow,
} from "../../support/cloudflare-answers";
import { aopResourcesIn, expectNamesCredential, expectNoSecrets, fleetStack, operationText, type RawTarget } from "../../support/hardening";
import type { ScriptedServer } from "../../support/scripted-server";

/** Long enough that every Create has started before the first answer, on a loaded machine too. */
const ANSWER_DELAY_MS = 1_500;

function resourceName(row: AnswerRow, allowMissing: boolean): string {
    return `${row.id}${allowMissing ? "-allow-missing" : ""}`;
}

function targetsFor(kind: AnswerCredential): RawTarget[] {
    return ANSWER_ROWS.filter((row) => row.credential === kind).flatMap((row) =>
        (row.alsoWithAllowMissing || row.expect.outcome === "missing" ? [false, true] : [false]).map((allowMissing) => ({
            name: resourceName(row, allowMissing),
            zoneId: ANSWERS_ZONE,
            hostname: answerHostname(row),
            allowMissing,
        })),
    );
}

async function upWith(server: ScriptedServer, kind: AnswerCredential): Promise<OperationResult> {
    const stack = fleetStack({ url: server.baseUrl }, targetsFor(kind), {
        credential: kind,
        tuning: { requestTimeoutSeconds: 10, deadlineSeconds: 30, maxRetries: 0, concurrency: 64 },
        parallel: 64,
    });
    try {
        return await stack.up();
    } finally {
        await stack.dispose();
    }
}

/** The diagnostic line of one resource. */
function errorLineOf(result: OperationResult, name: string): string {
    return (result.error ?? "").split("\n").find((line) => line.includes(`::${name}: `)) ?? "";
}

function resourceOf(result: OperationResult, name: string): RecordedResource | undefined {
    return aopResourcesIn(result).find((resource) => resource.name === name);
}

describe("Cloudflare's answers through the provider host: every row of issue 10 §1 and §2", function () {
    this.timeout(120_000);
    let server: ScriptedServer;
    const ups = new Map<AnswerCredential, OperationResult>();

    before(async function () {
        this.timeout(180_000);
        server = await startAnswerServer({ delayMs: ANSWER_DELAY_MS });
        ups.set("token", await upWith(server, "token"));
        ups.set("key", await upWith(server, "key"));
    });
    after(async () => {
        await server?.stop();
    });

    it("tried every resource: each up failed, with no credential in state, outputs, errors or the host's stderr", () => {
        for (const [kind, result] of ups) {
            expect(result.ok, `${kind} up`).to.equal(false);
            expectNoSecrets(operationText(result), `${kind} up`);
            const creates = result.hostCalls.filter((call) => call.method === "Create");
            expect(creates, `${kind}: every resource's Create was sent`).to.have.length(targetsFor(kind).length);
        }
    });

    for (const row of ANSWER_ROWS) {
        const expected = row.expect;
        if (expected.outcome === "missing") {
            it(`fails on ${row.answer} with NotFoundError, and reports found: false with allowMissing`, () => {
                const result = ups.get(row.credential) as OperationResult;
                const line = errorLineOf(result, resourceName(row, false));
                expect(line)
                    .to.match(/HTTP 404: \[1404\] No hostname AOP association found/)
                    .and.match(/allowMissing: true/);
                expect(line).to.not.match(/zone identifier|check the zone id/i);
                expect(resourceOf(result, resourceName(row, false)), "no state for the failed read").to.equal(undefined);
                expect(resourceOf(result, resourceName(row, true))?.outputs).to.include({ found: false, healthy: false });
            });
            continue;
        }
        for (const allowMissing of row.alsoWithAllowMissing ? [false, true] : [false]) {
            const title = allowMissing
                ? `with allowMissing, still fails on ${row.answer} with ${expected.errorName}: an error, not found: false`
                : `fails on ${row.answer} with ${expected.errorName}, naming the fix in stack config and environment terms`;
            it(title, () => {
                const result = ups.get(row.credential) as OperationResult;
                const name = resourceName(row, allowMissing);
                const line = errorLineOf(result, name);
                expect(line, `${name} failed`).to.not.equal("");
                expectAnswerMessage(line, row);
                if (expected.namesCredential) expectNamesCredential(line, row.credential, "stack", row.answer, expected.namesCredential);
                // Shown as the message, never as a stack or an object dump.
                expect(line).to.not.match(/\n\s+at |AxiosError/);
                expect(resourceOf(result, name), "a failed read leaves nothing in state").to.equal(undefined);
            });
        }
    }
});
