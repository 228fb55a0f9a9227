/**
 * The serialized provider. Pulumi stores this object's serialized text as `__provider` in every
 * resource's state, so it is kept tiny and free of secrets: each method loads the real
 * implementation by package name at run time (in the provider host, `require` resolves from the
 * Pulumi project folder), and nothing from this module is captured but a string.
 *
 * Only `import type` here: a runtime import would be captured by the closure serializer.
 */
import type * as pulumi from "@pulumi/pulumi";

import type { AuthenticatedOriginPullStatusProvider } from "./handler";
import type { StatusInputs, StatusOutputs } from "./types";

const IMPLEMENTATION = "pulumi-cloudflare-aop-status/handler";

function load(): AuthenticatedOriginPullStatusProvider {
    try {
        return (require(IMPLEMENTATION) as { provider: AuthenticatedOriginPullStatusProvider }).provider;
    } catch (error) {
        const code = (error as { code?: unknown }).code;
        if (code === "MODULE_NOT_FOUND") {
            throw new Error(
                `The ${IMPLEMENTATION.split("/")[0]} package is not installed where the Pulumi program runs (${process.cwd()}). ` +
                    `Run \`npm install ${IMPLEMENTATION.split("/")[0]}\` in the Pulumi project folder.`,
            );
        }
        throw error;
    }
}

export const providerShim: pulumi.dynamic.ResourceProvider<StatusInputs, StatusOutputs> = {
    configure: (req) => load().configure(req),
    check: (olds, news) => load().check(olds, news),
    diff: (id, olds, news) => load().diff(id, olds, news),
    create: (inputs) => load().create(inputs),
    read: (id, props) => load().read(id, props),
    update: (id, olds, news) => load().update(id, olds, news),
    delete: () => load().delete(),
};
