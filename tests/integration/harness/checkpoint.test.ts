/**
 * Starting a stack from a saved checkpoint: what `stack.state` hands out comes back in as the
 * same checkpoint, and what cannot be restored faithfully is refused with the reason.
 */
import { expect } from "chai";

import { SECRET_SIG, SIG_KEY } from "../../support/engine/properties";
import { SecretCipher } from "../../support/engine/secrets";
import { Snapshot, type ResourceState } from "../../support/engine/state-store";

const STACK_URN = "urn:pulumi:dev::proj::pulumi:pulumi:Stack::proj-dev";

function resource(overrides: Partial<ResourceState> = {}): ResourceState {
    return {
        urn: "urn:pulumi:dev::proj::pulumi-nodejs:dynamic:Resource::thing",
        type: "pulumi-nodejs:dynamic:Resource",
        custom: true,
        id: "thing-1",
        external: false,
        parent: STACK_URN,
        provider: "urn:pulumi:dev::proj::pulumi:providers:pulumi-nodejs::default::abc",
        dependencies: [],
        inputs: { size: 3, tags: ["a"] },
        outputs: { size: 3, tags: ["a"], nested: { ok: true } },
        protect: false,
        retainOnDelete: false,
        ...overrides,
    };
}

describe("engine harness: a stack started from a saved checkpoint", () => {
    it("restores the checkpoint that stack.state handed out, unchanged", () => {
        const cipher = new SecretCipher();
        const stack: ResourceState = {
            ...resource(),
            urn: STACK_URN,
            type: "pulumi:pulumi:Stack",
            custom: false,
            id: undefined,
            parent: undefined,
            provider: undefined,
        };
        const external = resource({
            urn: "urn:pulumi:dev::proj::pulumi-nodejs:dynamic:Resource::looked-up",
            external: true,
            dependencies: [STACK_URN],
        });
        const recorded = new Snapshot([stack, resource(), external]).record(cipher);
        const saved = JSON.parse(JSON.stringify(recorded)) as typeof recorded;
        expect(Snapshot.fromRecorded(saved, "proj", "dev").record(cipher)).to.deep.equal(recorded);
    });

    it("refuses a checkpoint of another project or stack", () => {
        const recorded = new Snapshot([resource()]).record(new SecretCipher());
        expect(() => Snapshot.fromRecorded(recorded, "other", "dev")).to.throw(/does not belong to stack dev of project other/);
        expect(() => Snapshot.fromRecorded(recorded, "proj", "prod")).to.throw(/does not belong to stack prod of project proj/);
    });

    it("refuses a checkpoint holding a secret sealed by another harness, which nobody can open", () => {
        const secret = { [SIG_KEY]: SECRET_SIG, value: "hunter2-token" };
        const recorded = new Snapshot([resource({ inputs: { token: secret }, outputs: { nested: { token: secret } } })]).record(
            new SecretCipher(),
        );
        expect(JSON.stringify(recorded)).to.not.contain("hunter2-token");
        expect(() => Snapshot.fromRecorded(recorded, "proj", "dev")).to.throw(/holds a sealed secret in its inputs/);
    });
});
