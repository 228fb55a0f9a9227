/**
 * Issue 11, item 8 where users meet it: a server sends a certificate bundle whose leaf is fine but
 * whose intermediate expired, or whose names Node would print in its escaped form. The pure rules
 * are unit-tested (tests/unit/certificate.test.ts, tests/unit/health.test.ts); this proves the
 * built CLI, reading a scripted loopback server, never calls such a target healthy and reports
 * the real names.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";

import { expect } from "chai";

import type { JsonReport } from "../../../provider/cli/format-json";
import { ensureBuilt, runCli } from "../cli/support";
import { envelope, FAKE_TOKEN, sampleResult, ScriptedServer } from "../../support/scripted-server";
import { ZONE } from "./support";

const CERTS = join(__dirname, "..", "..", "fixtures", "certs");
const CHAIN_PEM = readFileSync(join(CERTS, "chain-expired-intermediate.pem"), "utf8");
const AWKWARD_PEM = readFileSync(join(CERTS, "awkward-names.pem"), "utf8");

describe("hostile case 8: certificate bundles and escaped names, through the aop-status CLI", function () {
    this.timeout(60_000);
    let server: ScriptedServer;

    before(async function () {
        this.timeout(120_000);
        ensureBuilt();
        server = await ScriptedServer.start();
        server.reply((request) =>
            request.url.includes("chain.example.com")
                ? { body: envelope(sampleResult({ hostname: "chain.example.com", certificate: CHAIN_PEM })) }
                : { body: envelope(sampleResult({ hostname: "awkward.example.com", certificate: AWKWARD_PEM })) },
        );
    });
    after(() => server.stop());

    async function check(hostnames: string[]): Promise<{ exitCode: number | null; report: JsonReport }> {
        const run = await runCli(["check", ...hostnames.map((h) => `${ZONE}/${h}`), "--format", "json"], {
            env: { CLOUDFLARE_API_TOKEN: FAKE_TOKEN, CLOUDFLARE_BASE_URL: server.baseUrl },
            timeoutMs: 30_000,
        });
        return { exitCode: run.code, report: JSON.parse(run.stdout) as JsonReport };
    }

    it("fails a target whose leaf is valid but whose intermediate expired, naming the intermediate, with the leaf's dates kept", async () => {
        const { exitCode, report } = await check(["chain.example.com"]);
        const [target] = report.targets;
        expect(exitCode).to.equal(1);
        expect(target.result).to.equal("unhealthy");
        expect(target.problemCodes).to.include("chain-expired");
        expect(target.problems).to.include("chain certificate CN=Example Intermediate expired 2016-11-22");
        // The cert* outputs stay the leaf's, so they agree with each other.
        expect(target.outputs?.certSubject).to.equal("C=US, O=Example Corp, CN=chain.example.com");
        expect(target.outputs?.certNotAfter).to.equal("2028-01-01T00:00:00.000Z");
    });

    it("reports subject alternative names by their real values, not Node's escaped form", async () => {
        const { report } = await check(["awkward.example.com"]);
        const sans = report.targets[0].outputs?.certSans ?? [];
        expect(sans).to.include("weird,dns.example.com");
        expect(sans).to.include("URI:spiffe://acme/ns/a,b");
        expect(sans.join("\n")).to.not.contain("\\u002c");
    });
});
