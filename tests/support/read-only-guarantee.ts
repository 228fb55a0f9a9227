/**
 * Mocha root hook: after the whole suite, every request that our provider and CLI sent to any
 * emulator in this run must have been a GET. The emulator tallies traffic per User-Agent product
 * token across all its instances, and that tally survives the per-test log resets.
 */
import { processTraffic, type TrafficCount } from "../../emulator/index";
import { PACKAGE_NAME } from "../../provider/version";

export function readOnlyViolations(traffic: readonly TrafficCount[]): TrafficCount[] {
    return traffic.filter((entry) => entry.client === PACKAGE_NAME && entry.method !== "GET");
}

export const mochaHooks = {
    afterAll(): void {
        const traffic = processTraffic();
        const ours = traffic.filter((entry) => entry.client === PACKAGE_NAME);
        const total = ours.reduce((sum, entry) => sum + entry.count, 0);
        const violations = readOnlyViolations(traffic);
        if (violations.length > 0) {
            const list = violations.map((v) => `${v.method} x${v.count}`).join(", ");
            throw new Error(`Read-only guarantee broken: ${PACKAGE_NAME} sent ${list} to the emulator during this test run`);
        }
        // Printed so a CI log shows the guarantee was checked, and over how much traffic.
        console.log(`\n  read-only guarantee: ${total} API requests from ${PACKAGE_NAME} across the suite, all GET`);
    },
};
