import { readFileSync } from "node:fs";
import { join } from "node:path";

import { expect } from "chai";

import { aopCertificateNotExpiring } from "../../../policy/policies";
import { aopStatus, HOSTNAME, inDays, messages, outputsWrittenBy010, runPolicy, stackResource, UNKNOWN, ZONE } from "./support";

const CHAIN_PEM = readFileSync(join(__dirname, "../../fixtures/certs/chain-expired-intermediate.pem"), "utf8");

describe("policy aop-certificate-not-expiring", () => {
    it("passes a certificate that expires in 200 days", async () => {
        expect(await messages(aopCertificateNotExpiring, [aopStatus()])).to.deep.equal([]);
    });

    it("fails if the certificate expires in 10 days", async () => {
        const [message] = await messages(aopCertificateNotExpiring, [aopStatus({ certNotAfter: inDays(10) })]);
        expect(message).to.match(
            new RegExp(
                `^${HOSTNAME} \\(zone ${ZONE}\\): certificate expires in 10 days \\(\\d{4}-\\d{2}-\\d{2}\\), fewer than the 30 the policy requires; upload a renewed client certificate`,
            ),
        );
        expect(message).to.contain(`aop-status get ${ZONE}/${HOSTNAME}`);
    });

    it("fails if the certificate expired 3 days ago and says to renew it now", async () => {
        const [message] = await messages(aopCertificateNotExpiring, [aopStatus({ certNotAfter: inDays(-3) })]);
        expect(message).to.contain("certificate expired 3 days ago");
        expect(message).to.contain("associate it with the hostname now");
    });

    it("passes a certificate that expires in exactly minDaysToExpiry days", async () => {
        expect(await messages(aopCertificateNotExpiring, [aopStatus({ certNotAfter: inDays(30) })])).to.deep.equal([]);
    });

    it("fails if the certificate expires in 29 days", async () => {
        expect(await messages(aopCertificateNotExpiring, [aopStatus({ certNotAfter: inDays(29) })])).to.have.length(1);
    });

    it("fails if the certificate expires in 45 days when expiryWarningDays is 60", async () => {
        const [message] = await messages(aopCertificateNotExpiring, [aopStatus({ certNotAfter: inDays(45) })], { expiryWarningDays: 60 });
        expect(message).to.contain("certificate expires in 45 days");
        expect(message).to.contain("fewer than the 60 the policy requires");
    });

    it("still takes the window from the deprecated minDaysToExpiry, unless expiryWarningDays is set", async () => {
        const soon = [aopStatus({ certNotAfter: inDays(45) })];
        const [message] = await messages(aopCertificateNotExpiring, soon, { minDaysToExpiry: 60 });
        expect(message).to.contain("fewer than the 60 the policy requires");
        expect(await messages(aopCertificateNotExpiring, soon, { minDaysToExpiry: 60, expiryWarningDays: 30 })).to.deep.equal([]);
    });

    it("passes a certificate that expires in 10 days when expiryWarningDays is 7", async () => {
        expect(
            await messages(aopCertificateNotExpiring, [aopStatus({ certNotAfter: inDays(10) })], { expiryWarningDays: 7 }),
        ).to.deep.equal([]);
    });

    it("still fails an expired certificate when expiryWarningDays is 0", async () => {
        expect(
            await messages(aopCertificateNotExpiring, [aopStatus({ certNotAfter: inDays(-1) })], { expiryWarningDays: 0 }),
        ).to.have.length(1);
    });

    it("fails if a certificate after the leaf has expired, naming it, though the leaf is fine", async () => {
        const chained = aopStatus({ certificate: CHAIN_PEM, certNotAfter: inDays(400) });
        expect(await messages(aopCertificateNotExpiring, [chained])).to.deep.equal([
            `${HOSTNAME} (zone ${ZONE}): chain certificate CN=Example Intermediate expired 2016-11-22; upload the client certificate with a current chain and associate it with the hostname now, or check it with \`aop-status get ${ZONE}/${HOSTNAME}\``,
        ]);
    });

    it("judges the chain of state written by 0.1.0 too, from the PEM it recorded", async () => {
        const [message] = await messages(aopCertificateNotExpiring, [stackResource(outputsWrittenBy010({ certificate: CHAIN_PEM }))]);
        expect(message).to.contain("chain certificate CN=Example Intermediate expired 2016-11-22");
    });

    it("skips the chain while the PEM is unknown during preview", async () => {
        expect(await messages(aopCertificateNotExpiring, [aopStatus({ certificate: UNKNOWN })])).to.deep.equal([]);
    });

    it("counts days when it runs, not the stale daysUntilExpiry from the last read", async () => {
        const stale = aopStatus({ certNotAfter: inDays(10), daysUntilExpiry: 400 });
        const [message] = await messages(aopCertificateNotExpiring, [stale]);
        expect(message).to.contain("certificate expires in 10 days");
    });

    it("believes the PEM's notAfter over a later expiresOn", async () => {
        const [message] = await messages(aopCertificateNotExpiring, [
            aopStatus({ certNotAfter: inDays(10), expiresOn: "2100-01-01T00:00:00Z" }),
        ]);
        expect(message).to.contain("certificate expires in 10 days");
    });

    it("falls back to expiresOn when there is no PEM", async () => {
        const noPem = aopStatus({
            certificate: null,
            certNotAfter: null,
            certNotBefore: null,
            certFingerprintSha256: null,
            expiresOn: inDays(5),
        });
        const [message] = await messages(aopCertificateNotExpiring, [noPem]);
        expect(message).to.contain("certificate expires in 5 days");
    });

    it("passes when there is no expiry date to judge at all", async () => {
        const noDates = aopStatus({ certificate: null, certNotAfter: null, expiresOn: null });
        expect(await messages(aopCertificateNotExpiring, [noDates])).to.deep.equal([]);
    });

    it("skips a certificate whose notAfter is unknown during preview, without falling back to expiresOn", async () => {
        expect(await messages(aopCertificateNotExpiring, [aopStatus({ certNotAfter: UNKNOWN, expiresOn: inDays(1) })])).to.deep.equal([]);
    });

    it("skips a hostname without an association", async () => {
        expect(await messages(aopCertificateNotExpiring, [aopStatus({ found: false, certNotAfter: null, expiresOn: null })])).to.deep.equal(
            [],
        );
    });

    it("skips a new resource that has no outputs yet", async () => {
        expect(await messages(aopCertificateNotExpiring, [stackResource({ zoneId: ZONE, hostname: HOSTNAME })])).to.deep.equal([]);
    });

    it("ignores resources of other types", async () => {
        const other = stackResource({ found: true, certNotAfter: inDays(1) }, { type: "tls:index/selfSignedCert:SelfSignedCert" });
        expect(await runPolicy(aopCertificateNotExpiring, [other, aopStatus()])).to.deep.equal({ violations: [] });
    });
});
