/**
 * Issue 11's hostile values, sent verbatim by the emulator's `mutate` fault, through the built
 * CLI: the check table, `get`, the JSON and JUnit reports, and an error line.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";

import { expect } from "chai";

import type { RunningEmulator } from "../../../emulator";
import { HOSTILE_C1, HOSTILE_ISSUER, HOSTILE_STATUS, RAW_CONTROL } from "../../support/hostile-text";
import { HEALTHY, startCliEmulator, tokenEnv, ZONE } from "../cli/emulator-fixture";
import { ensureBuilt, RunRecorder } from "../cli/support";

const PEM = readFileSync(join(__dirname, "../../fixtures/certs/no-sans-2030.pem"), "utf8");

/** A result as a hostile server would send it: a status that clears the screen, an issuer that forges a line, a C1 CSI. */
const HOSTILE_RESULT = {
    hostname: "healthy.example.com",
    enabled: true,
    status: HOSTILE_STATUS,
    cert_status: HOSTILE_C1,
    issuer: HOSTILE_ISSUER,
    serial_number: "1\u009b31m",
    certificate: PEM,
};

describe("hostile case 6: terminal control characters from the API, through the built CLI (the emulator's mutate fault)", function () {
    this.timeout(30_000);
    let emulator: RunningEmulator;
    const cli = new RunRecorder();

    before(async function () {
        this.timeout(120_000);
        ensureBuilt();
        emulator = await startCliEmulator();
    });
    after(() => emulator?.stop());
    beforeEach(() => emulator.control.reset());
    afterEach(() => cli.expectNoSecretsSoFar());

    it("prints the check table with the values escaped, no control character, and no forged line", async () => {
        emulator.control.injectFault({ kind: "mutate", result: HOSTILE_RESULT });
        const run = await cli.run(["check", HEALTHY], { env: tokenEnv(emulator) });
        expect(run.code, run.stderr).to.equal(1);
        expect(run.stdout).to.not.match(RAW_CONTROL);
        expect(run.stdout).to.contain("active\\x1b[2J\\x1b]0;pwned\\x07");
        expect(run.stdout).to.contain("active\\x9b2J");
        expect(run.stdout.trimEnd().split("\n")).to.have.length(4);
        expect(run.stderr).to.not.match(RAW_CONTROL);
    });

    it("prints `get` with every value on its own row, escaped", async () => {
        emulator.control.injectFault({ kind: "mutate", result: HOSTILE_RESULT });
        const run = await cli.run(["get", HEALTHY], { env: tokenEnv(emulator) });
        expect(run.code, run.stderr).to.equal(1);
        expect(run.stdout).to.not.match(RAW_CONTROL);
        expect(run.stdout).to.match(/^issuer\s+x\\r\\nINJECTED LINE: all healthy$/m);
        expect(run.stdout).to.match(/^serialNumber\s+1\\x9b31m$/m);
        expect(run.stdout).to.not.match(/^INJECTED/m);
    });

    it("writes JSON with C1 escaped as \\u009b, which parses back to exactly what the API sent", async () => {
        emulator.control.injectFault({ kind: "mutate", result: HOSTILE_RESULT });
        const run = await cli.run(["check", HEALTHY, "--format", "json"], { env: tokenEnv(emulator) });
        expect(run.stdout).to.not.match(RAW_CONTROL);
        expect(run.stdout).to.contain("\\u009b");
        const report = JSON.parse(run.stdout) as { targets: Array<{ outputs: Record<string, unknown>; problemCodes: string[] }> };
        expect(report.targets[0].outputs).to.include({ status: HOSTILE_STATUS, certStatus: HOSTILE_C1, issuer: HOSTILE_ISSUER });
        expect(report.targets[0].problemCodes).to.deep.equal(["status", "cert-status"]);
    });

    it("writes JUnit without a C1 or other control character", async () => {
        emulator.control.injectFault({ kind: "mutate", result: HOSTILE_RESULT });
        const run = await cli.run(["check", HEALTHY, "--format", "junit"], { env: tokenEnv(emulator) });
        expect(run.stdout).to.not.match(RAW_CONTROL);
        expect(run.stdout).to.contain("status is active\\x1b[2J\\x1b]0;pwned\\x07");
    });

    it("prints an error line that quotes Cloudflare's message escaped, on one line", async () => {
        emulator.control.injectFault({
            kind: "success-false",
            errorCode: 1000,
            message: `${HOSTILE_ISSUER} ${HOSTILE_STATUS} ${HOSTILE_C1}`,
        });
        const run = await cli.run(["get", `${ZONE}/healthy.example.com`], { env: tokenEnv(emulator) });
        expect(run.code).to.equal(3);
        expect(run.stderr).to.not.match(RAW_CONTROL);
        const lines = run.stderr.trimEnd().split("\n");
        expect(
            lines.every((line) => line.startsWith("aop-status: ")),
            run.stderr,
        ).to.equal(true);
        expect(run.stderr).to.contain("x\\r\\nINJECTED LINE: all healthy active\\x1b[2J\\x1b]0;pwned\\x07 active\\x9b2J");
        expect(run.stderr).to.not.match(/^aop-status: INJECTED/m);
    });
});
