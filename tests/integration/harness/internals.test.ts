import { expect } from "chai";
import { ConcurrencyPool } from "../../support/engine/concurrency";
import {
    annotateSecrets,
    makeSecret,
    PropertyMap,
    RESOURCE_SIG,
    SIG_KEY,
    toDisplayMap,
    toHostProperties,
    UNKNOWN,
} from "../../support/engine/properties";
import { SecretCipher } from "../../support/engine/secrets";

describe("engine harness internals", function () {
    describe("what goes to the host", function () {
        it("unwraps secrets, because the host does not accept them", function () {
            const props: PropertyMap = { token: makeSecret("t"), nested: { key: makeSecret(["a"]) } };
            expect(toHostProperties(props, { keepUnknowns: false })).to.deep.equal({ token: "t", nested: { key: ["a"] } });
        });

        it("sends resource references as their id, or their URN for components", function () {
            const props: PropertyMap = {
                custom: { [SIG_KEY]: RESOURCE_SIG, urn: "urn:a", id: "id-1" },
                component: { [SIG_KEY]: RESOURCE_SIG, urn: "urn:b" },
            };
            expect(toHostProperties(props, { keepUnknowns: false })).to.deep.equal({ custom: "id-1", component: "urn:b" });
        });

        it("drops unknowns unless the call may see them (Check and Diff in preview)", function () {
            const props: PropertyMap = { later: UNKNOWN, list: [1, UNKNOWN] };
            expect(toHostProperties(props, { keepUnknowns: false })).to.deep.equal({ list: [1, null] });
            expect(toHostProperties(props, { keepUnknowns: true })).to.deep.equal(props);
        });
    });

    describe("secret annotation, as the engine does for providers without secret support", function () {
        it("marks an output secret when the input of the same name was", function () {
            const outs: PropertyMap = { token: "t", other: "o" };
            expect(annotateSecrets(outs, { token: makeSecret("t") })).to.deep.equal({ token: makeSecret("t"), other: "o" });
        });

        it("recurses into objects so one secret field does not hide the whole object", function () {
            const outs: PropertyMap = { auth: { user: "u", key: "k" } };
            annotateSecrets(outs, { auth: { user: "u", key: makeSecret("k") } });
            expect(outs).to.deep.equal({ auth: { user: "u", key: makeSecret("k") } });
        });

        it("marks a whole array secret when any input element was", function () {
            const outs: PropertyMap = { list: ["a", "b"] };
            annotateSecrets(outs, { list: ["a", makeSecret("b")] });
            expect(outs).to.deep.equal({ list: makeSecret(["a", "b"]) });
        });
    });

    describe("values for tests", function () {
        it("shows secrets as [secret] and unknowns as <computed>", function () {
            const props: PropertyMap = { token: makeSecret("t"), later: UNKNOWN };
            expect(toDisplayMap(props, { revealSecrets: false })).to.deep.equal({ token: "[secret]", later: "<computed>" });
            expect(toDisplayMap(props, { revealSecrets: true })).to.deep.equal({ token: "t", later: "<computed>" });
        });
    });

    describe("the state's secrets", function () {
        it("seals secrets so the plain value is not in the checkpoint, and reveals them again", function () {
            const cipher = new SecretCipher();
            const sealed = cipher.sealMap({ token: makeSecret("hunter2"), plain: "p" });
            expect(JSON.stringify(sealed)).to.not.contain("hunter2");
            expect(cipher.reveal(sealed)).to.deep.equal({ token: "hunter2", plain: "p" });
        });

        it("gives an unchanged secret the same ciphertext each time, so state compares stably", function () {
            const cipher = new SecretCipher();
            expect(cipher.encrypt("same")).to.equal(cipher.encrypt("same"));
            expect(cipher.encrypt("same")).to.not.equal(cipher.encrypt("other"));
        });
    });

    describe("the step executor's pool", function () {
        it("never runs more tasks at once than its limit, and runs them all", async function () {
            const pool = new ConcurrencyPool(3);
            let running = 0;
            let peak = 0;
            const results = await Promise.all(
                Array.from({ length: 20 }, (_, i) =>
                    pool.run(async () => {
                        running++;
                        peak = Math.max(peak, running);
                        await new Promise((resolve) => setTimeout(resolve, 2));
                        running--;
                        return i;
                    }),
                ),
            );
            expect(peak).to.equal(3);
            expect(results).to.deep.equal(Array.from({ length: 20 }, (_, i) => i));
        });
    });
});
