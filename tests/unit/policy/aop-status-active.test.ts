import { expect } from "chai";

import { aopStatusActive } from "../../../policy/policies";
import { aopStatus, HOSTNAME, messages, outputsWrittenBy010, runPolicy, stackResource, UNKNOWN, ZONE } from "./support";

const outputsResource = (props: Record<string, unknown>) => stackResource(props);

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

    it("skips a hostname whose recorded verdict is unknown during preview", async () => {
        expect(await messages(aopStatusActive, [aopStatus({ status: UNKNOWN, certStatus: "pending_deployment" })])).to.deep.equal([]);
        expect(await messages(aopStatusActive, [aopStatus({ status: "pending_deployment", problemCodes: UNKNOWN })])).to.deep.equal([]);
    });

    it("decides on the recorded problem codes, not on the wording of the messages", async () => {
        const reworded = aopStatus({ status: "pending_deployment", problems: ["still deploying (reworded)"], problemCodes: ["status"] });
        expect(await messages(aopStatusActive, [reworded])).to.deep.equal([
            `${HOSTNAME} (zone ${ZONE}): still deploying (reworded); wait for Cloudflare to finish deploying the association, or check it with \`aop-status get ${ZONE}/${HOSTNAME}\``,
        ]);
        const notAStatusCode = aopStatus({ problems: ["status is active, says a message"], problemCodes: ["expiring"], healthy: false });
        expect(await messages(aopStatusActive, [notAStatusCode])).to.deep.equal([]);
    });

    it("judges state written by 0.1.0, which has no problemCodes, by its messages", async () => {
        const found = await messages(aopStatusActive, [
            outputsResource(outputsWrittenBy010({ status: "pending_deployment", certStatus: "deleted" })),
        ]);
        expect(found).to.have.length(2);
        expect(found[0]).to.contain("status is pending_deployment; wait for Cloudflare");
        expect(found[1]).to.contain("certificate status is deleted; the certificate is being or has been deleted");
        expect(await messages(aopStatusActive, [outputsResource(outputsWrittenBy010())])).to.deep.equal([]);
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
