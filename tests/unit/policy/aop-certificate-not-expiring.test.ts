import { expect } from "chai";

import { aopCertificateNotExpiring } from "../../../policy/policies";
import { aopStatus, HOSTNAME, inDays, messages, runPolicy, stackResource, UNKNOWN, ZONE } from "./support";

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

    it("fails if the certificate expires in 45 days when minDaysToExpiry is 60", async () => {
        const [message] = await messages(aopCertificateNotExpiring, [aopStatus({ certNotAfter: inDays(45) })], { minDaysToExpiry: 60 });
        expect(message).to.contain("certificate expires in 45 days");
        expect(message).to.contain("fewer than the 60 the policy requires");
    });

    it("passes a certificate that expires in 10 days when minDaysToExpiry is 7", async () => {
        expect(await messages(aopCertificateNotExpiring, [aopStatus({ certNotAfter: inDays(10) })], { minDaysToExpiry: 7 })).to.deep.equal(
            [],
        );
    });

    it("still fails an expired certificate when minDaysToExpiry is 0", async () => {
        expect(await messages(aopCertificateNotExpiring, [aopStatus({ certNotAfter: inDays(-1) })], { minDaysToExpiry: 0 })).to.have.length(
            1,
        );
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
