/**
 * A fast version of `npm run bench`: the invariants only, never timings (the machine is shared).
 *
 *  - 60 targets through the spawned `aop-status check` against an emulator process limited to
 *    20 requests per 2 s (2 s block), while another client spends 25 % of every window: no target
 *    fails, no request gets a 429, no window counts more than the quota, the other client is
 *    never refused, and every target costs exactly one request;
 *  - the provider serialized into state (`__provider`) stays under 4 KB.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import { expect } from "chai";

import { startEmulator, type RunningEmulator } from "../../emulator/index";
import { runFleet, type FleetSettings } from "../../bench/lib/fleet";
import { FLEET_ZONE, fleetSeed, writeFleetSeed, writeTargetsFile } from "../../bench/lib/seed";
import { FLEET_STACK_DIR } from "../../bench/lib/stack-cost";
import { StackHarness } from "../support/engine";
import { ensureBuilt } from "./cli/support";

const TOKEN = "bench-smoke-token-not-a-secret";
const AOP_TYPE = "pulumi-nodejs:dynamic/cloudflare:AuthenticatedOriginPullStatus";

const SMOKE: FleetSettings = {
    latencyMs: 20,
    quota: 20,
    windowSeconds: 2,
    penaltySeconds: 2,
    otherPerWindow: 5,
    concurrency: 8,
    token: TOKEN,
};
const TARGETS = 60;

describe("benchmark smoke test", function () {
    this.timeout(60_000);
    let scratch: string;

    before(function () {
        this.timeout(120_000);
        ensureBuilt();
        scratch = mkdtempSync(path.join(tmpdir(), "aop-bench-smoke-"));
    });
    after(() => rmSync(scratch, { recursive: true, force: true }));

    it("reads a fleet under a shared, scaled-down limit without a failure, a 429 or a window over quota", async () => {
        const files = { seedFile: writeFleetSeed(TARGETS, scratch), targetsFile: writeTargetsFile(TARGETS, scratch) };

        const run = await runFleet("ours", TARGETS, SMOKE, files);

        expect(run.exitCode, "exit code (0 = every target healthy)").to.equal(0);
        expect(run.failures, JSON.stringify(run.errorKinds)).to.equal(0);
        expect(run.ok).to.equal(TARGETS);
        expect(run.traffic.http429, "429 responses to our client").to.equal(0);
        expect(run.traffic.requests, "one request per target, no retries").to.equal(TARGETS);
        expect(run.traffic.blocks, "token blocks").to.deep.equal([]);
        expect(run.other.rejected, "requests of the other client refused").to.equal(0);
        // Windows come from the token's state as the emulator reported it; our requests are placed by log time.
        expect(run.traffic.windows.length, "windows seen").to.be.at.least(Math.ceil(TARGETS / (SMOKE.quota - SMOKE.otherPerWindow)));
        for (const window of run.traffic.windows) {
            expect(
                window.total,
                `window at ${new Date(window.start).toISOString()}: ours ${window.client} + other ${window.other}`,
            ).to.be.at.most(SMOKE.quota);
        }
    });

    it("stores a __provider of at most 4 KB, the same text in every resource", async () => {
        const emulator: RunningEmulator = await startEmulator({ seed: fleetSeed(3), credentials: { tokens: [TOKEN] } });
        const stack = new StackHarness({
            programDir: FLEET_STACK_DIR,
            config: { "aop-bench-fleet:zoneId": FLEET_ZONE, "aop-bench-fleet:count": "3", "cloudflare:baseUrl": emulator.url },
            secretConfig: { "cloudflare:apiToken": TOKEN },
            env: {
                CLOUDFLARE_API_TOKEN: undefined,
                CLOUDFLARE_API_KEY: undefined,
                CLOUDFLARE_EMAIL: undefined,
                CLOUDFLARE_BASE_URL: undefined,
            },
        });
        try {
            const result = await stack.up();
            expect(result.ok, result.error).to.equal(true);

            const resources = result.state.resources.filter((resource) => resource.type === AOP_TYPE);
            expect(resources).to.have.length(3);
            const texts = new Set(resources.flatMap((resource) => [resource.inputs.__provider, resource.outputs.__provider]));
            expect(texts.size, "distinct __provider texts").to.equal(1);
            const [text] = [...texts];
            expect(text).to.be.a("string");
            expect(Buffer.byteLength(String(text)), "__provider bytes").to.be.at.most(4096);
        } finally {
            await stack.dispose();
            await emulator.stop();
        }
    });
});
