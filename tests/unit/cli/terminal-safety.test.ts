/**
 * Issue 11's hostile values through every text the CLI writes: the check table, `get`'s table,
 * error lines, the JSON report and the JUnit report.
 */
import { expect } from "chai";

import { renderJsonReport, renderOutputsJson } from "../../../provider/cli/format-json";
import { renderJunit } from "../../../provider/cli/format-junit";
import { renderCheckTable, renderOutputsTable } from "../../../provider/cli/format-table";
import { printError, type CliIo } from "../../../provider/cli/io";
import type { OutputStream } from "../../../provider/cli/terminal";
import { HOSTILE_C1, HOSTILE_ISSUER, HOSTILE_STATUS, RAW_CONTROL } from "../../support/hostile-text";
import { failed, outputs, report, unhealthy } from "./fixtures";
import { childrenNamed, parseXml } from "./xml";

/** Outputs as a hostile API would leave them: raw values, and a problem message quoting one raw. */
const hostileOutputs = outputs({
    status: HOSTILE_STATUS,
    certStatus: HOSTILE_C1,
    issuer: HOSTILE_ISSUER,
    certSubject: `CN=${HOSTILE_C1}`,
    certSans: [HOSTILE_ISSUER],
    healthy: false,
    problems: [`status is ${HOSTILE_STATUS}`],
    problemCodes: ["status"],
});

const hostileReport = report([
    unhealthy("a.example.com", [`status is ${HOSTILE_STATUS}`, `certificate status is ${HOSTILE_C1}`], hostileOutputs),
    failed("b.example.com", "CloudflareApiError", `Cloudflare API returned HTTP 500: ${HOSTILE_ISSUER}`),
]);

class Capture implements OutputStream {
    text = "";
    write(chunk: string): boolean {
        this.text += chunk;
        return true;
    }
}

describe("aop-status terminal safety", () => {
    it("writes the check table without a control character, one line per target, with the values escaped visibly", () => {
        const text = renderCheckTable(hostileReport);
        expect(text).to.not.match(RAW_CONTROL);
        const lines = text.trimEnd().split("\n");
        // Header, two rows, a blank line and the summary: no forged line.
        expect(lines).to.have.length(5);
        expect(lines.some((line) => line.startsWith("INJECTED"))).to.equal(false);
        expect(lines[1]).to.contain("active\\x1b[2J\\x1b]0;pwned\\x07").and.contain("active\\x9b2J");
        expect(lines[2]).to.contain("HTTP 500: x\\r\\nINJECTED LINE: all healthy");
    });

    it("writes `get`'s table without a control character, each value on its own row", () => {
        const text = renderOutputsTable(hostileOutputs);
        expect(text).to.not.match(RAW_CONTROL);
        expect(text).to.match(/^status\s+active\\x1b\[2J\\x1b\]0;pwned\\x07$/m);
        expect(text).to.match(/^issuer\s+x\\r\\nINJECTED LINE: all healthy$/m);
        expect(text).to.match(/^certSubject\s+CN=active\\x9b2J$/m);
        expect(text).to.not.match(/^\s*INJECTED/m);
    });

    it("writes error lines without a control character, and a CR LF in a quoted value does not start a line", () => {
        const stderr = new Capture();
        const io = { stderr } as unknown as CliIo;
        printError(io, `Cloudflare API returned HTTP 500: ${HOSTILE_ISSUER} ${HOSTILE_STATUS} ${HOSTILE_C1}\nstopped early`);
        expect(stderr.text).to.not.match(RAW_CONTROL);
        expect(stderr.text.split("\n")).to.deep.equal([
            "aop-status: Cloudflare API returned HTTP 500: x\\r\\nINJECTED LINE: all healthy active\\x1b[2J\\x1b]0;pwned\\x07 active\\x9b2J",
            "aop-status: stopped early",
            "",
        ]);
    });

    it("writes JSON with C1 and DEL escaped too, which parses back to the raw values", () => {
        for (const text of [renderJsonReport(hostileReport), renderOutputsJson(hostileOutputs)]) {
            expect(text).to.not.match(RAW_CONTROL);
            expect(text).to.contain("\\u009b");
        }
        const parsed = JSON.parse(renderJsonReport(hostileReport)) as {
            targets: Array<{ outputs: { status: string; certStatus: string } }>;
        };
        expect(parsed.targets[0].outputs).to.include({ status: HOSTILE_STATUS, certStatus: HOSTILE_C1 });
        expect((JSON.parse(renderOutputsJson(hostileOutputs)) as { issuer: string }).issuer).to.equal(HOSTILE_ISSUER);
    });

    it("writes JUnit that XML accepts, with no C1 character and the values escaped as in the table", () => {
        const xml = renderJunit(hostileReport);
        expect(xml).to.not.match(RAW_CONTROL);
        const [failureCase, errorCase] = childrenNamed(childrenNamed(parseXml(xml), "testsuite")[0], "testcase");
        const failure = childrenNamed(failureCase, "failure")[0];
        expect(failure.attributes.message).to.equal("status is active\\x1b[2J\\x1b]0;pwned\\x07; certificate status is active\\x9b2J");
        expect(childrenNamed(failureCase, "system-out")[0].text)
            .to.contain("status: active\\x1b[2J")
            .and.contain("certStatus: active\\x9b2J");
        expect(childrenNamed(errorCase, "error")[0].text).to.equal("Cloudflare API returned HTTP 500: x\\r\\nINJECTED LINE: all healthy");
    });
});
