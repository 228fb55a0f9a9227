/**
 * getAuthenticatedOriginPullInventory and its Output form, in a real Pulumi program run through
 * the engine harness against the emulator's scan seed: a stack exports the inventory, and the
 * export holds plain data (no PEM, no private key, no credential).
 */
import path from "node:path";

import { expect } from "chai";

import { PRIVATE_KEY_CANARY, SCAN_FIXTURE, scanSeed, startEmulator, type RunningEmulator } from "../../../emulator/index";
import type { AuthenticatedOriginPullInventoryResult } from "../../../provider/index";
import { StackHarness } from "../../support/engine";
import { FAKE_TOKEN } from "../../support/scripted-server";
import { everythingVisible, REPO_ROOT } from "../../support/stacks";

const PROGRAM = path.join(REPO_ROOT, "tests", "fixtures", "inventory");
const F = SCAN_FIXTURE;
const CREDENTIAL_VARIABLES = {
    CLOUDFLARE_API_TOKEN: undefined,
    CLOUDFLARE_API_KEY: undefined,
    CLOUDFLARE_EMAIL: undefined,
    CLOUDFLARE_BASE_URL: undefined,
};

describe("getAuthenticatedOriginPullInventory in a stack (engine harness against the emulator's scan seed)", function () {
    this.timeout(120_000);
    let emulator: RunningEmulator;

    before(async () => {
        emulator = await startEmulator({ seed: scanSeed(), credentials: { tokens: [FAKE_TOKEN] } });
    });
    after(() => emulator?.stop());
    beforeEach(() => emulator.control.reset());
    afterEach(() => expect(emulator.log.entries().every((entry) => entry.method === "GET")).to.equal(true));

    async function up(config: Record<string, string>, secretConfig: Record<string, string>) {
        const stack = new StackHarness({ programDir: PROGRAM, config, secretConfig, env: CREDENTIAL_VARIABLES });
        try {
            return await stack.up();
        } finally {
            await stack.dispose();
        }
    }

    it("exports every zone-level and hostname certificate with its expiry and verdict, and never a PEM, a private key or the token", async () => {
        const result = await up(
            { "inventory-fixture:zoneId": F.zoneId, "cloudflare:baseUrl": emulator.url },
            { "cloudflare:apiToken": FAKE_TOKEN },
        );
        expect(result.ok, result.error).to.equal(true);
        const inventory = result.outputs.inventory as AuthenticatedOriginPullInventoryResult;
        expect(inventory).to.include({
            id: F.zoneId,
            zoneId: F.zoneId,
            configNamespace: "cloudflare",
            expiryWarningDays: 30,
            zoneLevelEnabled: true,
            complete: true,
            healthy: false,
        });
        expect(inventory.certificates).to.have.length(1 + F.hostnameCertificateCount);
        expect(inventory.certificates[0]).to.include({ scope: "zone", id: F.zoneCertificateId, healthy: true });
        expect(inventory.lists.map((list) => [list.scope, list.pages, list.count, list.complete])).to.deep.equal([
            ["zone", 1, 1, true],
            ["hostname", 2, 25, true],
        ]);
        expect(inventory.unhealthyCertificateIds).to.deep.equal([F.expired.certId, F.expiring.certId, F.timedOut.certId]);
        const expired = inventory.certificates.find((c) => c.id === F.expired.certId);
        expect(expired).to.deep.include({ daysUntilExpiry: -3, problemCodes: ["expired"] });
        expect(expired?.certFingerprintSha256).to.match(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
        expect(Date.parse(inventory.readAt)).to.be.closeTo(Date.now(), 120_000);

        // The plain form with a 5-day window: the certificate 10 days out is fine there.
        expect(result.outputs.soon).to.deep.equal({
            certificates: 26,
            unhealthy: [F.expired.certId, F.timedOut.certId],
            expiring: [
                [F.expired.certId, -3],
                [F.expiring.certId, 10],
            ],
        });

        const visible = everythingVisible(result);
        expect(visible).to.not.contain(PRIVATE_KEY_CANARY.split("\n")[1]);
        expect(visible).to.not.contain("PRIVATE KEY");
        expect(visible).to.not.contain("BEGIN CERTIFICATE");
        expect(visible).to.not.contain(FAKE_TOKEN);
    });

    it("reads the credential and base URL of another config namespace, without the environment", async () => {
        const result = await up(
            {
                "inventory-fixture:zoneId": F.zoneId,
                "inventory-fixture:configNamespace": "cloudflare-second",
                "cloudflare-second:baseUrl": emulator.url,
            },
            { "cloudflare-second:apiToken": FAKE_TOKEN },
        );
        expect(result.ok, result.error).to.equal(true);
        expect((result.outputs.inventory as AuthenticatedOriginPullInventoryResult).configNamespace).to.equal("cloudflare-second");
    });

    it("fails the update with an InputValidationError naming zoneId, and sends nothing, for a zone id that is not one", async () => {
        const result = await up(
            { "inventory-fixture:zoneId": "my-zone.example.com", "cloudflare:baseUrl": emulator.url },
            { "cloudflare:apiToken": FAKE_TOKEN },
        );
        expect(result.ok).to.equal(false);
        expect(result.error).to.contain("zoneId must be 32 lower-case hexadecimal characters");
        expect(emulator.log.entries()).to.deep.equal([]);
    });

    it("fails the update with the zone's error when the token may not read it (10000), after one request", async () => {
        emulator.control.injectFault({
            kind: "status",
            status: 403,
            errorCode: 10000,
            message: "Authentication error",
            count: "always",
            match: { zoneId: F.zoneId },
        });
        const result = await up(
            { "inventory-fixture:zoneId": F.zoneId, "cloudflare:baseUrl": emulator.url },
            { "cloudflare:apiToken": FAKE_TOKEN },
        );
        expect(result.ok).to.equal(false);
        expect(result.error).to.contain("[10000] Authentication error");
        expect(result.error).to.not.contain(FAKE_TOKEN);
        // One request for each of the two reads the program makes: each stops at the zone's setting.
        expect(emulator.log.entries()).to.have.length(2);
    });
});
