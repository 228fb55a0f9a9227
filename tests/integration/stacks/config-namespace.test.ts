/**
 * One stack, two Cloudflare accounts: `configNamespace` picks the stack config a credential is
 * read from. Two emulators stand for the two accounts, each with its own token, base URL and
 * zone, so a read that used the wrong account's credential or base URL fails (403 or 1001) instead
 * of passing by accident. Everything runs through the engine harness and the real provider host.
 */
import { expect } from "chai";

import { demoSeed, startEmulator, type RunningEmulator } from "../../../emulator/index";
import type { OperationResult, StackHarness } from "../../support/engine";
import { FAKE_TOKEN } from "../../support/scripted-server";
import { aopSteps, everythingVisible, HOSTS, stackFor, startTestEmulator, ZONE } from "../../support/stacks";

const SECOND_ZONE = "5f1e2d3c4b5a69788796a5b4c3d2e1f0";
const SECOND_TOKEN = "second-account-token-DO-NOT-LEAK-41b7";
const SECOND_NAMESPACE = "cloudflare-second";
const HOSTNAME = HOSTS.healthy.hostname;
const SECOND_HOSTNAME = HOSTS.deploying.hostname;

/** The second account's emulator: another zone (the demo data under another id), another token. */
function startSecondAccount(): Promise<RunningEmulator> {
    const seed = demoSeed();
    return startEmulator({ seed: { zones: { [SECOND_ZONE]: seed.zones[ZONE] } }, credentials: { tokens: [SECOND_TOKEN] } });
}

describe("a stack reading two Cloudflare accounts through configNamespace", function () {
    this.timeout(120_000);
    let first: RunningEmulator;
    let second: RunningEmulator;
    let stack: StackHarness;
    const results: OperationResult[] = [];

    const requests = (emulator: RunningEmulator): string[] =>
        emulator.log.entries().map((entry) => `${entry.method} ${entry.zoneId ?? "-"} ${entry.credential ?? "-"} ${entry.status}`);

    before(async () => {
        [first, second] = await Promise.all([startTestEmulator(), startSecondAccount()]);
        stack = stackFor(
            "tests/fixtures/stacks/two-accounts",
            first,
            {
                "two-accounts:firstZone": ZONE,
                "two-accounts:firstHostname": HOSTNAME,
                "two-accounts:secondZone": SECOND_ZONE,
                "two-accounts:secondHostname": SECOND_HOSTNAME,
                "two-accounts:secondNamespace": SECOND_NAMESPACE,
                [`${SECOND_NAMESPACE}:baseUrl`]: second.url,
            },
            {
                secretConfig: { "cloudflare:apiToken": FAKE_TOKEN, [`${SECOND_NAMESPACE}:apiToken`]: SECOND_TOKEN },
                env: {
                    CLOUDFLARE_API_TOKEN: undefined,
                    CLOUDFLARE_API_KEY: undefined,
                    CLOUDFLARE_EMAIL: undefined,
                    CLOUDFLARE_BASE_URL: undefined,
                },
            },
        );
    });
    after(async () => {
        await stack?.dispose();
        await Promise.all([first?.stop(), second?.stop()]);
    });

    it("reads each zone with its own account's token and base URL: the resource, the function and the lookup", async () => {
        first.log.clear();
        second.log.clear();
        const result = await stack.up();
        results.push(result);
        expect(result.ok, result.error).to.equal(true);
        expect(result.outputs.firstStatus).to.deep.equal({ zoneId: ZONE, status: "active", configNamespace: "cloudflare" });
        const secondAccount = { zoneId: SECOND_ZONE, status: "pending_deployment", configNamespace: SECOND_NAMESPACE };
        expect(result.outputs.secondStatus).to.deep.equal(secondAccount);
        expect(result.outputs.secondFunction).to.deep.equal(secondAccount);
        expect(result.outputs.secondLookedUp).to.deep.equal(secondAccount);
        expect(requests(first)).to.deep.equal([`GET ${ZONE} token#1 200`]);
        expect(requests(second)).to.deep.equal(Array(3).fill(`GET ${SECOND_ZONE} token#1 200`));
    });

    it("keeps both tokens out of inputs, state, outputs and logs; the namespace alone is recorded", () => {
        for (const result of results) {
            expect(everythingVisible(result)).to.not.contain(FAKE_TOKEN).and.not.contain(SECOND_TOKEN);
        }
        const secondResource = stack.state.resources.find((resource) => resource.name === "second");
        expect(secondResource?.inputs.configNamespace).to.equal(SECOND_NAMESPACE);
        expect(secondResource?.outputs.configNamespace).to.equal(SECOND_NAMESPACE);
    });

    it("shows a resource moved to another namespace as an update, not a replacement, and reads it with that namespace's credential", async () => {
        // The first account's credential under a second name: the same account, read through another namespace.
        stack.setConfig("cloudflare-first:apiToken", FAKE_TOKEN, { secret: true });
        stack.setConfig("cloudflare-first:baseUrl", first.url);
        stack.setConfig("two-accounts:firstNamespace", "cloudflare-first");
        const preview = await stack.preview();
        expect(preview.ok, preview.error).to.equal(true);
        expect(aopSteps(preview).find((step) => step.name === "first")?.op).to.equal("update");

        first.log.clear();
        const result = await stack.up();
        results.push(result);
        expect(result.ok, result.error).to.equal(true);
        expect(aopSteps(result).find((step) => step.name === "first")?.op).to.equal("update");
        expect(result.outputs.firstStatus).to.deep.equal({ zoneId: ZONE, status: "active", configNamespace: "cloudflare-first" });
        expect(requests(first)).to.deep.equal([`GET ${ZONE} token#1 200`]);
        expect(everythingVisible(result)).to.not.contain(FAKE_TOKEN).and.not.contain(SECOND_TOKEN);
    });

    it("never falls back to CLOUDFLARE_* variables for another namespace, and names the keys it lacks", async () => {
        stack.removeConfig(`${SECOND_NAMESPACE}:apiToken`);
        // The second account's token is right there in the environment; it must not be used.
        stack.setEnv("CLOUDFLARE_API_TOKEN", SECOND_TOKEN);
        second.log.clear();
        const result = await stack.up();
        results.push(result);
        expect(result.ok).to.equal(false);
        expect(result.error)
            .to.contain("No Cloudflare credentials found")
            .and.contain(`pulumi config set --secret ${SECOND_NAMESPACE}:apiToken`)
            .and.contain(`${SECOND_NAMESPACE}:apiKey + ${SECOND_NAMESPACE}:email`);
        expect(result.error).to.not.contain("CLOUDFLARE_API_TOKEN");
        expect(second.log.entries()).to.deep.equal([]);
        expect(everythingVisible(result)).to.not.contain(SECOND_TOKEN);
    });
});
