import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { expect } from "chai";

import type { RunningEmulator } from "../../../emulator/index";
import { FAKE_TOKEN } from "../../support/scripted-server";
import { aopResources, aopSteps, everythingVisible, HOSTS, stackFor, startTestEmulator, ZONE } from "../../support/stacks";

const OTHER_ZONE = "9f1c0d2e3b4a5c6d7e8f9a0b1c2d3e4f";

describe("the examples, end to end through the real provider host", function () {
    this.timeout(120_000);
    let emulator: RunningEmulator;
    before(async () => {
        emulator = await startTestEmulator();
    });
    after(() => emulator.stop());
    beforeEach(() => emulator.control.reset());

    describe("basic", () => {
        it("exports one hostname's status, and the same status through .get and the function", async () => {
            const stack = stackFor("examples/basic", emulator, { "aop-basic:zoneId": ZONE, "aop-basic:hostname": HOSTS.healthy.hostname });
            try {
                const result = await stack.up();
                expect(result.ok, result.error).to.equal(true);
                expect(result.outputs).to.include({
                    id: `${ZONE}/${HOSTS.healthy.hostname}`,
                    enabled: true,
                    status: "active",
                    certStatus: "active",
                    healthy: true,
                    lookedUpStatus: "active",
                    functionStatus: "active",
                    functionHealthy: true,
                });
                expect(result.outputs.certFingerprintSha256).to.match(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
                expect(result.outputs.daysUntilExpiry).to.be.within(363, 365);
                expect(aopSteps(result)).to.have.deep.members([
                    { name: "app", op: "create" },
                    { name: "app-lookup", op: "read" },
                ]);
                const lookup = aopResources(result.state).find((r) => r.name === "app-lookup");
                expect(lookup?.external).to.equal(true);
                expect(lookup?.id).to.equal(`${ZONE}/${HOSTS.healthy.hostname}`);
                expect(everythingVisible(result)).to.not.contain(FAKE_TOKEN);
            } finally {
                await stack.dispose();
            }
        });
    });

    describe("fleet", () => {
        it("exports a table across zones and lists the unhealthy targets, missing ones included", async () => {
            // A second zone holding a copy of the healthy hostname's record.
            const healthy = emulator.control.snapshot().zones[ZONE].hostnames?.find((h) => h.hostname === HOSTS.healthy.hostname);
            emulator.control.setHostname(OTHER_ZONE, { ...healthy, hostname: "shop.example.org" });
            const targets = [
                `${ZONE}/${HOSTS.healthy.hostname}`,
                `${ZONE}/${HOSTS.deploying.hostname}`,
                `${ZONE}/missing.example.com`,
                `${OTHER_ZONE}/shop.example.org`,
            ];
            const stack = stackFor("examples/fleet", emulator, { "aop-fleet:targets": JSON.stringify(targets) });
            try {
                const result = await stack.up();
                expect(result.ok, result.error).to.equal(true);
                const table = result.outputs.table as Array<Record<string, unknown>>;
                expect(table.map((row) => [row.target, row.found, row.healthy])).to.deep.equal([
                    [targets[0], true, true],
                    [targets[1], true, false],
                    [targets[2], false, false],
                    [targets[3], true, true],
                ]);
                expect(result.outputs.unhealthy).to.deep.equal([
                    `${targets[1]}: status is pending_deployment`,
                    `${targets[2]}: hostname has no per-hostname AOP association (Cloudflare returned 404 with code 1404)`,
                ]);
                expect(result.outputs.healthyCount).to.equal(2);
            } finally {
                await stack.dispose();
            }
        });
    });

    describe("consume outputs", () => {
        let outputDir: string;
        beforeEach(() => {
            outputDir = mkdtempSync(join(tmpdir(), "aop-consume-"));
        });
        afterEach(() => rmSync(outputDir, { recursive: true, force: true }));

        it("pins the certificate and requires client certificates once the association is active", async () => {
            const stack = stackFor("examples/consume-outputs", emulator, {
                "aop-consume-outputs:zoneId": ZONE,
                "aop-consume-outputs:hostname": HOSTS.healthy.hostname,
                "aop-consume-outputs:outputDir": outputDir,
            });
            try {
                const result = await stack.up();
                expect(result.ok, result.error).to.equal(true);
                expect(result.outputs).to.include({ clientCertificateRequired: true });
                const trust = readFileSync(result.outputs.trustFile as string, "utf8");
                const pem = emulator.control
                    .snapshot()
                    .zones[ZONE].hostnames?.find((h) => h.hostname === HOSTS.healthy.hostname)?.certificate;
                expect(trust)
                    .to.contain(pem)
                    .and.contain(`sha256 ${result.outputs.pinnedFingerprint as string}`);
                expect(readFileSync(result.outputs.strictConfigFile as string, "utf8")).to.contain("ssl_verify_client on;");
            } finally {
                await stack.dispose();
            }
        });

        it("holds back the strict origin setting while the association is still deploying, and adds it once active", async () => {
            const stack = stackFor("examples/consume-outputs", emulator, {
                "aop-consume-outputs:zoneId": ZONE,
                "aop-consume-outputs:hostname": HOSTS.deploying.hostname,
                "aop-consume-outputs:outputDir": outputDir,
            });
            try {
                const first = await stack.up();
                expect(first.ok, first.error).to.equal(true);
                expect(first.outputs).to.include({ clientCertificateRequired: false });
                expect(first.outputs.waitingFor).to.deep.equal(["status is pending_deployment"]);
                expect(existsSync(join(outputDir, `${HOSTS.deploying.hostname}.require-client-cert.conf`))).to.equal(false);
                expect(existsSync(first.outputs.trustFile as string)).to.equal(true);

                emulator.control.setHostname(ZONE, { hostname: HOSTS.deploying.hostname, status: "active" });
                const second = await stack.up();
                expect(second.ok, second.error).to.equal(true);
                expect(second.outputs).to.include({ clientCertificateRequired: true });
                expect(second.steps.find((s) => s.name.endsWith("require-client-cert"))?.op).to.equal("create");
                expect(aopSteps(second)).to.deep.equal([{ name: HOSTS.deploying.hostname, op: "update" }]);
            } finally {
                await stack.dispose();
            }
        });
    });
});
