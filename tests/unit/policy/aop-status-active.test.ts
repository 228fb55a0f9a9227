import { expect } from "chai";

import { aopStatusActive } from "../../../policy/policies";
import { aopStatus, HOSTNAME, messages, runPolicy, stackResource, UNKNOWN, ZONE } from "./support";

describe("policy aop-status-active", () => {
    it("passes an active association with an active certificate", async () => {
        expect(await messages(aopStatusActive, [aopStatus()])).to.deep.equal([]);
    });

    it("fails if the status is pending_deployment and says to wait, or check with the CLI", async () => {
        expect(await messages(aopStatusActive, [aopStatus({ status: "pending_deployment" })])).to.deep.equal([
            `${HOSTNAME} (zone ${ZONE}): status is pending_deployment; wait for Cloudflare to finish deploying the association, or check it with \`aop-status get ${ZONE}/${HOSTNAME}\``,
        ]);
    });

    it("fails if the status is deployment_timed_out and says to submit it again", async () => {
        const [message] = await messages(aopStatusActive, [aopStatus({ status: "deployment_timed_out" })]);
        expect(message).to.contain("status is deployment_timed_out; Cloudflare gave up deploying the association; submit it again");
    });

    it("fails if the status is pending_deletion and says to associate the certificate again", async () => {
        const [message] = await messages(aopStatusActive, [aopStatus({ status: "pending_deletion" })]);
        expect(message).to.contain("status is pending_deletion; the association is being or has been deleted");
    });

    it("fails if the certificate status is initializing", async () => {
        const [message] = await messages(aopStatusActive, [aopStatus({ certStatus: "initializing" })]);
        expect(message).to.contain("certificate status is initializing; wait for Cloudflare to finish deploying the certificate");
    });

    it("fails if the status is missing", async () => {
        const [message] = await messages(aopStatusActive, [aopStatus({ status: null })]);
        expect(message).to.contain("status is missing; find out why the association is not active");
    });

    it("fails on a status Cloudflare adds later, with generic advice", async () => {
        const [message] = await messages(aopStatusActive, [aopStatus({ status: "quarantined" })]);
        expect(message).to.contain("status is quarantined; find out why the association is not active");
    });

    it("reports the association and the certificate separately when neither is active", async () => {
        const found = await messages(aopStatusActive, [aopStatus({ status: "pending_deployment", certStatus: "deleted" })]);
        expect(found).to.have.length(2);
        expect(found[0]).to.contain("status is pending_deployment");
        expect(found[1]).to.contain("certificate status is deleted");
    });

    it("skips an unknown status during preview but still judges the certificate status", async () => {
        const found = await messages(aopStatusActive, [aopStatus({ status: UNKNOWN, certStatus: "pending_deployment" })]);
        expect(found).to.have.length(1);
        expect(found[0]).to.contain("certificate status is pending_deployment");
    });

    it("leaves a hostname without an association to aop-hostname-enabled", async () => {
        expect(await messages(aopStatusActive, [aopStatus({ found: false, status: null, certStatus: null })])).to.deep.equal([]);
    });

    it("skips a new resource that has no outputs yet", async () => {
        expect(await messages(aopStatusActive, [stackResource({ zoneId: ZONE, hostname: HOSTNAME })])).to.deep.equal([]);
    });

    it("ignores resources of other types", async () => {
        const other = stackResource({ status: "pending_deployment", found: true }, { type: "cloudflare:index/zone:Zone" });
        expect(await runPolicy(aopStatusActive, [other, aopStatus()])).to.deep.equal({ violations: [] });
    });
});
