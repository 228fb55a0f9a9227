import { expect } from "chai";

import { aopCertificatePinned } from "../../../policy/policies";
import { aopStatus, HOSTNAME, messages, PEM_FINGERPRINT, runPolicy, stackResource, UNKNOWN, ZONE } from "./support";

const OTHER_FINGERPRINT = "AA:".repeat(31) + "AA";
const pinned = (fingerprint: string, hostname = HOSTNAME) => ({ fingerprints: { [hostname]: fingerprint } });

describe("policy aop-certificate-pinned", () => {
    it("passes a hostname presenting its pinned certificate", async () => {
        expect(await messages(aopCertificatePinned, [aopStatus()], pinned(PEM_FINGERPRINT))).to.deep.equal([]);
    });

    it("compares fingerprints without regard to case or colons", async () => {
        const bare = PEM_FINGERPRINT.replace(/:/g, "").toLowerCase();
        expect(await messages(aopCertificatePinned, [aopStatus()], pinned(bare))).to.deep.equal([]);
    });

    it("matches pinned hostnames without regard to case", async () => {
        expect(await messages(aopCertificatePinned, [aopStatus()], pinned(OTHER_FINGERPRINT, "App.Example.COM"))).to.have.length(1);
    });

    it("fails if the certificate's fingerprint differs from the pin, showing both", async () => {
        const [message] = await messages(aopCertificatePinned, [aopStatus()], pinned(OTHER_FINGERPRINT));
        expect(message).to.equal(
            `${HOSTNAME} (zone ${ZONE}): certificate fingerprint is ${PEM_FINGERPRINT}, but the hostname is pinned to ${OTHER_FINGERPRINT}; ` +
                `if the certificate was rotated on purpose, update the pin for ${HOSTNAME} in the policy config, otherwise find out who replaced the certificate and check it with \`aop-status get ${ZONE}/${HOSTNAME}\``,
        );
    });

    it("fails if a pinned hostname has no certificate fingerprint", async () => {
        const [message] = await messages(
            aopCertificatePinned,
            [aopStatus({ certificate: null, certFingerprintSha256: null })],
            pinned(PEM_FINGERPRINT),
        );
        expect(message).to.contain(
            `has no certificate fingerprint (Cloudflare returned no usable PEM), but the hostname is pinned to ${PEM_FINGERPRINT}`,
        );
    });

    it("fails if a pinned hostname has no association", async () => {
        const [message] = await messages(
            aopCertificatePinned,
            [aopStatus({ found: false, certFingerprintSha256: null })],
            pinned(PEM_FINGERPRINT),
        );
        expect(message).to.contain(
            "has no per-hostname AOP association, so there is no certificate to compare with the pinned fingerprint",
        );
    });

    it("ignores hostnames that are not pinned", async () => {
        const unpinned = aopStatus({ hostname: "other.example.com", certFingerprintSha256: OTHER_FINGERPRINT });
        expect(await messages(aopCertificatePinned, [unpinned], pinned(PEM_FINGERPRINT))).to.deep.equal([]);
    });

    it("does not report a pinned hostname that the stack does not register", async () => {
        const config = { fingerprints: { [HOSTNAME]: PEM_FINGERPRINT, "elsewhere.example.com": OTHER_FINGERPRINT } };
        expect(await runPolicy(aopCertificatePinned, [aopStatus()], config)).to.deep.equal({ violations: [] });
    });

    it("skips a pinned hostname whose fingerprint is unknown during preview", async () => {
        expect(
            await messages(aopCertificatePinned, [aopStatus({ certFingerprintSha256: UNKNOWN })], pinned(OTHER_FINGERPRINT)),
        ).to.deep.equal([]);
    });

    it("skips a new resource that has no outputs yet", async () => {
        expect(
            await messages(aopCertificatePinned, [stackResource({ zoneId: ZONE, hostname: HOSTNAME })], pinned(OTHER_FINGERPRINT)),
        ).to.deep.equal([]);
    });

    it("declares itself not applicable when no hostnames are pinned", async () => {
        const run = await runPolicy(aopCertificatePinned, [aopStatus({ certFingerprintSha256: OTHER_FINGERPRINT })]);
        expect(run.violations).to.deep.equal([]);
        expect(run.notApplicable).to.contain("no hostnames are pinned");
    });

    it("ignores resources of other types", async () => {
        const other = stackResource(
            { hostname: HOSTNAME, found: true, certFingerprintSha256: OTHER_FINGERPRINT },
            { type: "tls:index/selfSignedCert:SelfSignedCert" },
        );
        expect(await runPolicy(aopCertificatePinned, [other, aopStatus()], pinned(PEM_FINGERPRINT))).to.deep.equal({ violations: [] });
    });
});
