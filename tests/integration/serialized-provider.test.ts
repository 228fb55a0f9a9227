import { expect } from "chai";
import * as pulumi from "@pulumi/pulumi";
// Pulumi deserializes `__provider` in the host with this very module.
import requireFromString from "require-from-string";

import { providerShim } from "../../provider/shim";
import { envelope, FAKE_TOKEN, sampleResult, ScriptedServer } from "../support/scripted-server";

/** What a serialized `__provider` module exports, as the host reads it. */
interface SerializedProviderModule {
    handler: () => pulumi.dynamic.ResourceProvider;
}

const ZONE = "023e105f4ecef8ad9ca31a8372d0c353";

describe("the serialized provider", () => {
    let text: string;
    let server: ScriptedServer;

    before(async () => {
        // Exactly what pulumi.dynamic.Resource does with the provider object.
        const serialized = await pulumi.runtime.serializeFunction(() => providerShim, { allowSecrets: true });
        text = serialized.text;
        server = await ScriptedServer.start();
        server.reply(() => ({ body: envelope(sampleResult()) }));
    });
    after(() => server.stop());

    it("is a thin shim of at most 4 KB (it is stored twice in every resource's state)", () => {
        expect(Buffer.byteLength(text)).to.be.at.most(2500);
    });

    it("loads the implementation by package name instead of copying it into state", () => {
        expect(text).to.contain('"pulumi-cloudflare-aop-status"').and.contain("/handler");
        for (const implementationDetail of ["axios", "X509Certificate", "interpretResponse", "Bearer", "cockatiel"]) {
            expect(text).to.not.contain(implementationDetail);
        }
    });

    it("captures no credentials even when they are in the environment", async () => {
        process.env.CLOUDFLARE_API_TOKEN = FAKE_TOKEN;
        try {
            const again = await pulumi.runtime.serializeFunction(() => providerShim, { allowSecrets: true });
            expect(again.text).to.not.contain(FAKE_TOKEN);
            expect(again.containsSecrets).to.equal(false);
        } finally {
            delete process.env.CLOUDFLARE_API_TOKEN;
        }
    });

    it("runs from its text: configure, check and create read the status over HTTP", async () => {
        const provider = (requireFromString(text) as SerializedProviderModule).handler();
        const config: Record<string, string> = { "cloudflare:apiToken": FAKE_TOKEN, "cloudflare:baseUrl": server.baseUrl };
        await provider.configure?.({ config: { get: (key: string) => config[key], require: (key: string) => config[key] } });
        const checked = await provider.check?.({}, { zoneId: ZONE, hostname: "app.example.com" });
        expect(checked?.failures ?? []).to.deep.equal([]);
        const created = await provider.create(checked?.inputs);
        expect(created.id).to.equal(`${ZONE}/app.example.com`);
        expect(created.outs).to.include({ found: true, issuer: "GlobalSign" });
        expect(server.requests.at(-1)?.authorization).to.equal(`Bearer ${FAKE_TOKEN}`);
    });
});
