/**
 * AuthenticatedOriginPullStatus follows the bridged providers' conventions: `get(name, id,
 * state?, opts?)` (0.1.0's `get(name, id, opts)` still works) and `isInstance(obj)`, which must
 * hold across copies of the module. Registrations go to Pulumi's mock monitor, which builds URNs
 * the way the engine does, so a parent shows in the URN.
 */
import * as pulumi from "@pulumi/pulumi";
import { expect } from "chai";

import { AUTHENTICATED_ORIGIN_PULL_STATUS_TYPE, AuthenticatedOriginPullStatus, isResourceOptions } from "../../provider/resource";

const ZONE = "023e105f4ecef8ad9ca31a8372d0c353";
const ID = `${ZONE}/app.example.com`;
const TYPE = AUTHENTICATED_ORIGIN_PULL_STATUS_TYPE;

interface Registration {
    name: string;
    type: string;
    id?: string;
    inputs: Record<string, unknown>;
}

function valueOf<T>(output: pulumi.Output<T>): Promise<T> {
    return new Promise((resolve) => output.apply((value) => resolve(value)));
}

describe("AuthenticatedOriginPullStatus.get and isInstance", () => {
    const registered: Registration[] = [];
    let parent: pulumi.ComponentResource;

    before(async () => {
        await pulumi.runtime.setMocks(
            {
                newResource: (args) => {
                    registered.push({ name: args.name, type: args.type, id: args.id, inputs: args.inputs as Record<string, unknown> });
                    return { id: args.id ?? `${args.name}-id`, state: args.inputs as Record<string, unknown> };
                },
                call: () => ({}),
            },
            "conventions",
            "test",
            false,
        );
        parent = new pulumi.ComponentResource("test:index:Parent", "parent");
    });

    const registration = (name: string): Registration | undefined => registered.find((entry) => entry.name === name);

    it("takes a resource options object given third, as 0.1.0 did, as the options", async () => {
        const lookup = AuthenticatedOriginPullStatus.get("old-form", ID, { parent });
        expect(await valueOf(lookup.urn)).to.equal(`urn:pulumi:test::conventions::test:index:Parent$${TYPE}::old-form`);
        expect(registration("old-form")?.id).to.equal(ID);
    });

    it("takes options given fourth, after a state, with the bridged providers' signature", async () => {
        const lookup = AuthenticatedOriginPullStatus.get("new-form", ID, undefined, { parent });
        expect(await valueOf(lookup.urn)).to.equal(`urn:pulumi:test::conventions::test:index:Parent$${TYPE}::new-form`);
        expect(registration("new-form")?.id).to.equal(ID);
    });

    it("ignores a state given third except its configNamespace, which goes to the read", async () => {
        const lookup = AuthenticatedOriginPullStatus.get("state-form", ID, { configNamespace: "second", status: "active", healthy: true });
        expect(await valueOf(lookup.urn)).to.equal(`urn:pulumi:test::conventions::${TYPE}::state-form`);
        const inputs = registration("state-form")?.inputs ?? {};
        expect(inputs.configNamespace).to.equal("second");
        expect(inputs.status).to.equal(undefined);
        expect(inputs.healthy).to.equal(undefined);
        expect(inputs.__provider).to.be.a("string");
    });

    it("takes both a state and options", async () => {
        const lookup = AuthenticatedOriginPullStatus.get("both", ID, { configNamespace: "second" }, { parent, protect: true });
        expect(await valueOf(lookup.urn)).to.equal(`urn:pulumi:test::conventions::test:index:Parent$${TYPE}::both`);
        expect(registration("both")?.inputs.configNamespace).to.equal("second");
    });

    it("tells options from a state by their keys: all resource option names, and at least one", () => {
        expect(isResourceOptions({ parent: undefined })).to.equal(true);
        expect(isResourceOptions({ dependsOn: [], protect: true, ignoreChanges: ["status"] })).to.equal(true);
        expect(isResourceOptions({ providers: [] })).to.equal(true);
        expect(isResourceOptions({})).to.equal(false);
        expect(isResourceOptions({ configNamespace: "second" })).to.equal(false);
        expect(isResourceOptions({ parent: undefined, status: "active" })).to.equal(false);
        expect(isResourceOptions(undefined)).to.equal(false);
        expect(isResourceOptions(null)).to.equal(false);
        expect(isResourceOptions([])).to.equal(false);
        expect(isResourceOptions(pulumi.output({ parent: undefined }))).to.equal(false);
    });

    it("recognises its own instances, lookups and registrations alike, and nothing else", () => {
        const created = new AuthenticatedOriginPullStatus("created", { zoneId: ZONE, hostname: "app.example.com" });
        expect(AuthenticatedOriginPullStatus.isInstance(created)).to.equal(true);
        expect(AuthenticatedOriginPullStatus.isInstance(AuthenticatedOriginPullStatus.get("looked-up", ID))).to.equal(true);
        class Other extends pulumi.dynamic.Resource {
            constructor(name: string) {
                super({ create: () => Promise.resolve({ id: "x" }) }, name, {}, undefined, "cloudflare", "Other");
            }
        }
        const others: Array<[string, unknown]> = [
            ["another dynamic resource", new Other("other")],
            ["a component", parent],
            ["an empty object", {}],
            ["null", null],
            ["undefined", undefined],
            ["the class name", "AuthenticatedOriginPullStatus"],
            ["the type token", TYPE],
            ["a number", 42],
        ];
        for (const [what, value] of others) {
            expect(AuthenticatedOriginPullStatus.isInstance(value), what).to.equal(false);
        }
    });

    it("recognises an instance made by another copy of the module, which instanceof does not", () => {
        const path = require.resolve("../../provider/resource");
        const cached = require.cache[path];
        delete require.cache[path];
        try {
            // A second copy of the module, as another node_modules would hold: only require can load it again.
            // eslint-disable-next-line @typescript-eslint/no-require-imports
            const copy = require("../../provider/resource") as typeof import("../../provider/resource");
            expect(copy.AuthenticatedOriginPullStatus).to.not.equal(AuthenticatedOriginPullStatus);
            const fromCopy = new copy.AuthenticatedOriginPullStatus("from-copy", { zoneId: ZONE, hostname: "app.example.com" });
            expect(fromCopy instanceof AuthenticatedOriginPullStatus).to.equal(false);
            expect(AuthenticatedOriginPullStatus.isInstance(fromCopy)).to.equal(true);
            const fromHere = new AuthenticatedOriginPullStatus("from-here", { zoneId: ZONE, hostname: "app.example.com" });
            expect(copy.AuthenticatedOriginPullStatus.isInstance(fromHere)).to.equal(true);
        } finally {
            if (cached) require.cache[path] = cached;
        }
    });

    it("keeps recognising an instance by its brand where the SDK sets no __pulumiType on it", () => {
        const created = new AuthenticatedOriginPullStatus("unmarked", { zoneId: ZONE, hostname: "app.example.com" });
        Object.defineProperty(created, "__pulumiType", { value: undefined });
        expect(AuthenticatedOriginPullStatus.isInstance(created)).to.equal(true);
    });

    it("answers as the bridged providers do for an object carrying the type token, which @pulumi/policy relies on", () => {
        expect(AuthenticatedOriginPullStatus.isInstance({ __pulumiType: TYPE })).to.equal(true);
        expect((AuthenticatedOriginPullStatus as unknown as { __pulumiType: string }).__pulumiType).to.equal(TYPE);
    });
});
