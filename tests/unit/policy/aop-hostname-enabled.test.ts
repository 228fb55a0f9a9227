import { expect } from "chai";

import { aopHostnameEnabled } from "../../../policy/policies";
import { aopStatus, HOSTNAME, messages, outputsWrittenBy010, runPolicy, stackResource, UNKNOWN, ZONE } from "./support";

describe("policy aop-hostname-enabled", () => {
    it("passes an enabled association", async () => {
        expect(await messages(aopHostnameEnabled, [aopStatus()])).to.deep.equal([]);
    });

    it("fails if the hostname AOP is disabled, naming hostname and zone and what to do", async () => {
        const run = await runPolicy(aopHostnameEnabled, [aopStatus({ enabled: false })]);
        expect(run.violations).to.have.length(1);
        const [violation] = run.violations;
        expect(violation.message).to.match(new RegExp(`^${HOSTNAME} \\(zone ${ZONE}\\): hostname AOP is disabled; enable the association`));
        expect(violation.message).to.contain(`aop-status get ${ZONE}/${HOSTNAME}`);
        expect(violation.urn).to.equal("urn:pulumi:dev::aop-monitor::pulumi-nodejs:dynamic/cloudflare:AuthenticatedOriginPullStatus::app");
    });

    it("fails if the association is voided (enabled is null)", async () => {
        const [message] = await messages(aopHostnameEnabled, [aopStatus({ enabled: null })]);
        expect(message).to.contain("hostname AOP association is voided (enabled is null); Cloudflare voided the association");
    });

    it("fails if the hostname has no association (found is false), and says only that", async () => {
        const notFound = aopStatus({ found: false, enabled: null, status: null, certStatus: null });
        const found = await messages(aopHostnameEnabled, [notFound]);
        expect(found).to.have.length(1);
        expect(found[0]).to.contain(
            "hostname has no per-hostname AOP association (Cloudflare returned 404); associate a client certificate",
        );
    });

    it("passes a hostname without an association when allowNotFound is true", async () => {
        const notFound = aopStatus({ found: false, enabled: null });
        expect(await messages(aopHostnameEnabled, [notFound], { allowNotFound: true })).to.deep.equal([]);
    });

    it("still fails a disabled hostname when allowNotFound is true", async () => {
        expect(await messages(aopHostnameEnabled, [aopStatus({ enabled: false })], { allowNotFound: true })).to.have.length(1);
    });

    it("reports each failing hostname against its own resource", async () => {
        const run = await runPolicy(aopHostnameEnabled, [
            aopStatus({ hostname: "a.example.com", enabled: false }, { name: "a" }),
            aopStatus({ hostname: "b.example.com" }, { name: "b" }),
            aopStatus({ hostname: "c.example.com", enabled: null }, { name: "c" }),
        ]);
        expect(run.violations.map((v) => v.urn?.split("::").pop())).to.deep.equal(["a", "c"]);
        expect(run.violations[0].message).to.match(/^a\.example\.com /);
        expect(run.violations[1].message).to.match(/^c\.example\.com /);
    });

    it("decides on the recorded problem codes, and judges state written by 0.1.0 by its messages", async () => {
        expect(
            await messages(aopHostnameEnabled, [aopStatus({ enabled: false, problems: ["off (reworded)"], problemCodes: ["disabled"] })]),
        ).to.deep.equal([
            `${HOSTNAME} (zone ${ZONE}): off (reworded); enable the association (PUT /zones/{zone_id}/origin_tls_client_auth/hostnames with enabled: true), or check it with \`aop-status get ${ZONE}/${HOSTNAME}\``,
        ]);
        const [voided] = await messages(aopHostnameEnabled, [stackResource(outputsWrittenBy010({ enabled: null }))]);
        expect(voided).to.contain("hostname AOP association is voided (enabled is null); Cloudflare voided the association");
        expect(await messages(aopHostnameEnabled, [stackResource(outputsWrittenBy010())])).to.deep.equal([]);
    });

    it("skips a hostname whose enabled flag is unknown during preview", async () => {
        expect(await messages(aopHostnameEnabled, [aopStatus({ enabled: UNKNOWN })])).to.deep.equal([]);
    });

    it("skips a new resource that has no outputs yet and still judges the others", async () => {
        const fresh = stackResource(
            { zoneId: ZONE, hostname: "new.example.com", allowMissing: false, expiryWarningDays: 30 },
            { name: "new" },
        );
        const unknownFound = aopStatus({ hostname: "pending.example.com", found: UNKNOWN, enabled: UNKNOWN }, { name: "pending" });
        const disabled = aopStatus({ hostname: "off.example.com", enabled: false }, { name: "off" });
        const found = await messages(aopHostnameEnabled, [fresh, unknownFound, disabled]);
        expect(found).to.have.length(1);
        expect(found[0]).to.match(/^off\.example\.com /);
    });

    it("names the resource when the hostname itself is unknown", async () => {
        const [message] = await messages(aopHostnameEnabled, [aopStatus({ hostname: UNKNOWN, enabled: false }, { name: "computed" })]);
        expect(message).to.match(new RegExp(`^resource "computed" \\(zone ${ZONE}\\): hostname AOP is disabled`));
        expect(message).to.contain("check it in the Cloudflare dashboard");
    });

    it("ignores resources of other types that look like AOP outputs", async () => {
        const lookalike = stackResource(
            { hostname: HOSTNAME, zoneId: ZONE, found: true, enabled: false },
            { type: "cloudflare:index/authenticatedOriginPulls:AuthenticatedOriginPulls" },
        );
        const run = await runPolicy(aopHostnameEnabled, [lookalike, aopStatus()]);
        expect(run).to.deep.equal({ violations: [] });
    });

    it("declares itself not applicable to a stack without AuthenticatedOriginPullStatus resources", async () => {
        const run = await runPolicy(aopHostnameEnabled, [stackResource({ enabled: false }, { type: "random:index/randomPet:RandomPet" })]);
        expect(run.violations).to.deep.equal([]);
        expect(run.notApplicable).to.contain("registers no pulumi-nodejs:dynamic/cloudflare:AuthenticatedOriginPullStatus resources");
    });
});
