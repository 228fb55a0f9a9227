/**
 * Issue 11, items 2 and 3 through the built CLI: a response over 4 MiB is that target's error
 * (the run goes on with the others), directly and through a proxy; and an https API is read
 * through a proxy's CONNECT tunnel by the CLI as users run it (the test's certificate trusted
 * through NODE_EXTRA_CA_CERTS, read by Node at start-up).
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { expect } from "chai";

import type { JsonReport } from "../../../provider/cli/format-json";
import { ensureBuilt, runCli } from "../cli/support";
import { envelope, FAKE_TOKEN, loopbackCertificate, sampleResult, ScriptedServer } from "../../support/scripted-server";
import { LoopbackProxy, MB, streamBytes, ZONE } from "./support";

const BIG = `${ZONE}/big.hostile.example.com`;
const SMALL = `${ZONE}/app.example.com`;

describe("hostile case 3: a response over 4 MiB through the aop-status CLI", function () {
    this.timeout(60_000);
    let server: ScriptedServer;
    let proxy: LoopbackProxy;
    let scratch: string;

    before(async function () {
        this.timeout(120_000);
        ensureBuilt();
        server = await ScriptedServer.start();
        proxy = await LoopbackProxy.start();
        scratch = mkdtempSync(join(tmpdir(), "aop-hostile-"));
    });
    after(async () => {
        await server.stop();
        await proxy.stop();
        rmSync(scratch, { recursive: true, force: true });
    });
    beforeEach(() => {
        server.reset();
        proxy.reset();
        server.reply((request) =>
            request.url.includes("big.hostile") ? { respond: (res) => streamBytes(res, 5 * MB) } : { body: envelope(sampleResult()) },
        );
    });

    for (const path of ["direct", "through HTTP_PROXY"] as const) {
        it(`reports a response over 4 MiB as that target's InvalidResponseError after one request, and reads the rest (${path})`, async () => {
            const run = await runCli(["check", BIG, SMALL, "--format", "json"], {
                env: {
                    CLOUDFLARE_API_TOKEN: FAKE_TOKEN,
                    CLOUDFLARE_BASE_URL: server.baseUrl,
                    ...(path === "direct" ? {} : { HTTP_PROXY: proxy.url }),
                },
                timeoutMs: 30_000,
            });
            const report = JSON.parse(run.stdout) as JsonReport;
            const [big, small] = report.targets;
            expect(big.result).to.equal("error");
            expect(big.error?.name).to.equal("InvalidResponseError");
            expect(big.error?.message).to.contain("response larger than 4 MiB");
            expect(small.result, "the other target was read, not skipped").to.not.equal("error");
            expect(
                server.requests.filter((r) => r.url.includes("big.hostile")),
                "requests for the big target",
            ).to.have.length(1);
            expect(proxy.forwarded).to.equal(path === "direct" ? 0 : 2);
        });
    }

    it("reads an https API through HTTPS_PROXY's CONNECT tunnel", async () => {
        const secure = await ScriptedServer.start({ tls: true });
        const caFile = join(scratch, "loopback-ca.pem");
        writeFileSync(caFile, loopbackCertificate().cert);
        try {
            const run = await runCli(["check", SMALL, "--format", "json"], {
                env: {
                    CLOUDFLARE_API_TOKEN: FAKE_TOKEN,
                    CLOUDFLARE_BASE_URL: secure.baseUrl,
                    HTTPS_PROXY: proxy.url,
                    NODE_EXTRA_CA_CERTS: caFile,
                },
                timeoutMs: 30_000,
            });
            const report = JSON.parse(run.stdout) as JsonReport;
            expect(report.targets[0].error, run.stderr).to.equal(null);
            expect(secure.requests).to.have.length(1);
            expect(proxy.tunnels, "CONNECTs").to.equal(1);
            expect(proxy.forwarded, "requests the proxy saw in clear").to.equal(0);
        } finally {
            await secure.stop();
        }
    });
});
