/**
 * The functions' options, as a program uses them: `dependsOn` on the Output form delays the read
 * until the resources it names exist, through the engine harness and the real provider host; and
 * the options that mean nothing for a read in the program process are accepted or refused as the
 * README says.
 */
import { expect } from "chai";

import type { RunningEmulator } from "../../../emulator/index";
import { getAuthenticatedOriginPullStatus } from "../../../provider/functions";
import { isInputValidationError } from "../../../provider/errors";
import type { StackHarness } from "../../support/engine";
import { FAKE_TOKEN } from "../../support/scripted-server";
import { everythingVisible, stackFor, startTestEmulator, ZONE } from "../../support/stacks";

const HOSTNAME = "created-later.example.com";
const COMPONENT_HOSTNAME = `component-${HOSTNAME}`;

describe("getAuthenticatedOriginPullStatusOutput with dependsOn, through the real provider host", function () {
    this.timeout(120_000);
    let emulator: RunningEmulator;
    let stack: StackHarness;

    const getsFor = (hostname: string): number =>
        emulator.log.entries().filter((entry) => entry.method === "GET" && entry.hostname === hostname).length;

    before(async () => {
        emulator = await startTestEmulator();
        stack = stackFor("tests/fixtures/stacks/depends-on", emulator, {
            "depends-on:zoneId": ZONE,
            "depends-on:hostname": HOSTNAME,
            "depends-on:adminUrl": `${emulator.origin}/__emulator`,
        });
    });
    after(async () => {
        await stack?.dispose();
        await emulator?.stop();
    });

    it("leaves the read unknown, and sends nothing for it, in a preview that would create what it depends on", async () => {
        emulator.log.clear();
        const result = await stack.preview();
        expect(result.ok, result.error).to.equal(true);
        expect(result.outputs.afterAssociation).to.deep.equal({ found: "<computed>", status: "<computed>" });
        expect(result.outputs.afterComponent).to.deep.equal({ found: "<computed>", status: "<computed>" });
        expect(getsFor(HOSTNAME)).to.equal(0);
        // The read without dependsOn went ahead, and found nothing yet.
        expect(result.outputs.unordered).to.deep.equal({ found: false });
        expect(getsFor(COMPONENT_HOSTNAME)).to.equal(1);
    });

    it("on up, reads only once the resource (or the component's children) exist, and sees what they created", async () => {
        emulator.log.clear();
        const result = await stack.up();
        expect(result.ok, result.error).to.equal(true);
        expect(result.outputs.afterAssociation).to.deep.equal({ found: true, status: "active" });
        expect(result.outputs.afterComponent).to.deep.equal({ found: true, status: "active" });
        // Without dependsOn, the same hostname was read before the component's child had created it.
        expect(result.outputs.unordered).to.deep.equal({ found: false });
        expect(getsFor(HOSTNAME)).to.equal(1);
        expect(getsFor(COMPONENT_HOSTNAME)).to.equal(2);
        expect(emulator.log.entries().every((entry) => entry.method === "GET")).to.equal(true);
        expect(everythingVisible(result)).to.not.contain(FAKE_TOKEN);
    });
});

describe("getAuthenticatedOriginPullStatus as a replacement for @pulumi/cloudflare's getAuthenticatedOriginPulls", () => {
    let emulator: RunningEmulator;
    const saved: Record<string, string | undefined> = {};

    before(async () => {
        emulator = await startTestEmulator();
        // Outside a Pulumi program there is no stack config, so the function reads the environment, as in a program without config.
        for (const [name, value] of Object.entries({
            CLOUDFLARE_API_TOKEN: FAKE_TOKEN,
            CLOUDFLARE_BASE_URL: emulator.url,
            CLOUDFLARE_API_KEY: undefined,
        })) {
            saved[name] = process.env[name];
            if (value === undefined) delete process.env[name];
            else process.env[name] = value;
        }
    });
    after(async () => {
        for (const [name, value] of Object.entries(saved)) {
            if (value === undefined) delete process.env[name];
            else process.env[name] = value;
        }
        await emulator?.stop();
    });

    it("returns every field of GetAuthenticatedOriginPullsResult under the same name, with the same arguments", async () => {
        // sdk/nodejs/getAuthenticatedOriginPulls.ts in pulumi/pulumi-cloudflare (v6): the result's fields.
        const bridged = [
            "certId",
            "certStatus",
            "certUpdatedAt",
            "certUploadedOn",
            "certificate",
            "createdAt",
            "enabled",
            "expiresOn",
            "hostname",
            "id",
            "issuer",
            "serialNumber",
            "signature",
            "status",
            "updatedAt",
            "zoneId",
        ] as const;
        const result = await getAuthenticatedOriginPullStatus({ zoneId: ZONE, hostname: "healthy.example.com" });
        // Compile-time too: each of those names is a key of the result type.
        const keys: ReadonlyArray<keyof typeof result> = bridged;
        expect(Object.keys(result)).to.include.members([...keys]);
        expect(result).to.include({
            id: `${ZONE}/healthy.example.com`,
            zoneId: ZONE,
            hostname: "healthy.example.com",
            enabled: true,
            status: "active",
        });
    });
});

describe("the functions' options that pick or configure a provider plugin", () => {
    const args = { zoneId: ZONE, hostname: "app.example.com" };

    it("refuses provider, naming configNamespace, before reading any credential or sending anything", async () => {
        const provider = {} as NonNullable<Parameters<typeof getAuthenticatedOriginPullStatus>[1]>["provider"];
        const error: unknown = await getAuthenticatedOriginPullStatus(args, { provider }).then(
            () => undefined,
            (rejection: unknown) => rejection,
        );
        expect(isInputValidationError(error), String(error)).to.equal(true);
        expect((error as Error).message)
            .to.contain("provider option cannot choose the account")
            .and.contain("configNamespace");
        expect((error as { failures: Array<{ property: string }> }).failures.map((failure) => failure.property)).to.deep.equal([
            "provider",
        ]);
    });

    it("refuses a configNamespace that is not a plain name, naming the argument", async () => {
        const error: unknown = await getAuthenticatedOriginPullStatus({ ...args, configNamespace: "cloudflare:apiToken" }).then(
            () => undefined,
            (rejection: unknown) => rejection,
        );
        expect(isInputValidationError(error), String(error)).to.equal(true);
        expect((error as Error).message).to.contain('configNamespace "cloudflare:apiToken" is not valid');
    });
});
