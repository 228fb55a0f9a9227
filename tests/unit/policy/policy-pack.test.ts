import Ajv from "ajv";
import { expect } from "chai";

import {
    AOP_CERTIFICATE_NOT_EXPIRING_DEFAULTS,
    AOP_CERTIFICATE_PINNED_DEFAULTS,
    AOP_HOSTNAME_ENABLED_DEFAULTS,
    expiryWarningDaysFrom,
    policies,
    policyPackArgs,
    POLICY_PACK_NAME,
    SHA256_FINGERPRINT_PATTERN,
} from "../../../policy/policies";
import { PEM_FINGERPRINT } from "./support";

describe("the cloudflare-aop-status policy pack", () => {
    it("has a name Pulumi accepts for a policy pack", () => {
        expect(POLICY_PACK_NAME).to.match(/^[a-zA-Z0-9-_.]{1,100}$/);
    });

    it("holds the four policies, each named in kebab-case with a short imperative description", () => {
        expect(policies.map((p) => p.name)).to.deep.equal([
            "aop-hostname-enabled",
            "aop-status-active",
            "aop-certificate-not-expiring",
            "aop-certificate-pinned",
        ]);
        for (const policy of policies) {
            expect(policy.name).to.match(/^[a-z]+(-[a-z0-9]+)*$/);
            expect(policy.description).to.match(/^Require /);
            expect(policy.description.length).to.be.at.most(140);
        }
    });

    it("makes every policy a stack policy, because only stack validation sees outputs", () => {
        for (const policy of policies) {
            expect(policy.validateStack, policy.name).to.be.a("function");
            expect(policy, policy.name).to.not.have.property("validateResource");
        }
    });

    it("makes every policy mandatory unless configured otherwise", () => {
        expect(policyPackArgs.enforcementLevel).to.equal("mandatory");
        for (const policy of policies) expect(policy.enforcementLevel, policy.name).to.equal("mandatory");
    });

    it("declares the defaults the policies apply when config is missing", () => {
        const schema = (name: string) => policies.find((p) => p.name === name)?.configSchema?.properties ?? {};
        expect(schema("aop-hostname-enabled").allowNotFound).to.include({
            type: "boolean",
            default: AOP_HOSTNAME_ENABLED_DEFAULTS.allowNotFound,
        });
        // The warning window's default is applied in code, so the deprecated name can still be told apart (see the policy).
        expect(schema("aop-certificate-not-expiring").expiryWarningDays).to.deep.include({ type: "integer", minimum: 0 });
        expect(schema("aop-certificate-not-expiring").expiryWarningDays).to.not.have.property("default");
        expect(AOP_CERTIFICATE_NOT_EXPIRING_DEFAULTS.expiryWarningDays).to.equal(30);
        expect(schema("aop-certificate-pinned").fingerprints).to.deep.include({
            type: "object",
            default: AOP_CERTIFICATE_PINNED_DEFAULTS.fingerprints,
        });
    });

    it("accepts the warning window as expiryWarningDays or as the deprecated minDaysToExpiry, in the config schema", () => {
        const policy = policies.find((p) => p.name === "aop-certificate-not-expiring");
        const validate = new Ajv({ strict: false }).compile({ type: "object", ...policy?.configSchema });
        for (const config of [{}, { expiryWarningDays: 45 }, { minDaysToExpiry: 45 }, { expiryWarningDays: 45, minDaysToExpiry: 10 }]) {
            expect(validate(config), JSON.stringify(config)).to.equal(true);
        }
        for (const config of [{ expiryWarningDays: -1 }, { minDaysToExpiry: 1.5 }, { expiryWarningDays: "30" }]) {
            expect(validate(config), JSON.stringify(config)).to.equal(false);
        }
    });

    it("takes the warning window from expiryWarningDays, else the deprecated minDaysToExpiry, else 30", () => {
        expect(expiryWarningDaysFrom({})).to.equal(30);
        expect(expiryWarningDaysFrom({ minDaysToExpiry: 45 })).to.equal(45);
        expect(expiryWarningDaysFrom({ expiryWarningDays: 14 })).to.equal(14);
        expect(expiryWarningDaysFrom({ expiryWarningDays: 14, minDaysToExpiry: 45 })).to.equal(14);
        expect(expiryWarningDaysFrom({ expiryWarningDays: 0 })).to.equal(0);
    });

    it("accepts fingerprints with or without colons in the pin schema, and rejects other lengths", () => {
        const pattern = new RegExp(SHA256_FINGERPRINT_PATTERN);
        expect(PEM_FINGERPRINT).to.match(pattern);
        expect(PEM_FINGERPRINT.replace(/:/g, "").toLowerCase()).to.match(pattern);
        expect("AB:CD:EF").to.not.match(pattern);
    });
});
