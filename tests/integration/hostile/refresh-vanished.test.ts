/**
 * Refresh of an association that vanished, through the real provider host: Pulumi's convention
 * for a resource that no longer exists is that Read returns no id, so the engine drops it from
 * state and the refresh succeeds; the next `up` registers it again and fails with the clear
 * NotFoundError. With `allowMissing` the resource stays, with found: false. A zone error is
 * not "vanished": it still fails the refresh.
 */
import { expect } from "chai";

import type { OperationResult } from "../../support/engine";
import {
    aopResourcesIn,
    expectNoSecrets,
    fleetStack,
    operationText,
    startHardeningEmulator,
    ZONE,
    type HardeningEmulator,
} from "../../support/hardening";
import { HOSTS } from "../../support/stacks";

const STRICT = "strict.refresh.example.com";
const LENIENT = "lenient.refresh.example.com";
const ZONE_ERROR = "zone-error.refresh.example.com";

describe("hostile case 9: refresh of an association that vanished, through the provider host", function () {
    this.timeout(120_000);
    let hardening: HardeningEmulator;

    before(async () => {
        hardening = await startHardeningEmulator();
        for (const hostname of [STRICT, LENIENT, ZONE_ERROR]) {
            hardening.emulator.control.setHostname(ZONE, { ...hardening.healthyRecord(HOSTS.healthy.hostname), hostname });
        }
    });
    after(async () => {
        await hardening?.emulator.stop();
    });

    function stepOf(result: OperationResult, name: string): string | undefined {
        return result.steps.find((step) => step.name === name)?.op;
    }

    it("drops a strict resource from state on refresh, keeps an allowMissing one with found: false, and the next up fails with NotFoundError", async () => {
        const stack = fleetStack(hardening.emulator, [
            { name: "strict", zoneId: ZONE, hostname: STRICT, allowMissing: false },
            { name: "lenient", zoneId: ZONE, hostname: LENIENT, allowMissing: true },
        ]);
        try {
            const first = await stack.up();
            expect(first.ok, first.error).to.equal(true);
            expect(aopResourcesIn(first).map((r) => r.outputs.found)).to.deep.equal([true, true]);

            for (const hostname of [STRICT, LENIENT]) expect(hardening.emulator.control.deleteHostname(ZONE, hostname)).to.equal(true);

            const refreshed = await stack.refresh();
            expect(refreshed.ok, refreshed.error).to.equal(true);
            expect(stepOf(refreshed, "strict"), "the vanished strict resource leaves state").to.equal("delete");
            expect(stepOf(refreshed, "lenient")).to.equal("refresh");
            const left = aopResourcesIn(refreshed);
            expect(left.map((r) => r.name)).to.deep.equal(["lenient"]);
            expect(left[0].outputs).to.include({ found: false, healthy: false });

            const again = await stack.up();
            expect(again.ok, "the next up fails").to.equal(false);
            expect(again.error)
                .to.match(/::strict: Cloudflare API returned HTTP 404: \[1404\] No hostname AOP association found/)
                .and.match(/allowMissing: true/);
            expect(again.hostCalls.find((call) => call.method === "Create")?.urn, "the strict resource was registered again").to.match(
                /::strict$/,
            );
            for (const result of [first, refreshed, again]) expectNoSecrets(operationText(result), "the operations");
        } finally {
            await stack.dispose();
        }
    });

    it("still fails the refresh on a zone error, and keeps the resource in state", async () => {
        const stack = fleetStack(hardening.emulator, [{ name: "zone-error", zoneId: ZONE, hostname: ZONE_ERROR, allowMissing: true }]);
        try {
            const first = await stack.up();
            expect(first.ok, first.error).to.equal(true);
            hardening.emulator.control.injectFault({
                kind: "status",
                status: 404,
                errorCode: 1001,
                message: "Invalid zone identifier",
                count: "always",
                match: { hostname: ZONE_ERROR },
            });
            const refreshed = await stack.refresh();
            expect(refreshed.ok).to.equal(false);
            expect(refreshed.error).to.match(/::zone-error: Cloudflare API returned HTTP 404: \[1001\] Invalid zone identifier/);
            expect(aopResourcesIn(refreshed).map((r) => r.name)).to.deep.equal(["zone-error"]);
            expect(aopResourcesIn(refreshed)[0].outputs).to.include({ found: true });
        } finally {
            hardening.emulator.control.clearFaults();
            await stack.dispose();
        }
    });
});
