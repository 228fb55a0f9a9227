/**
 * The serialized provider. Pulumi stores this object's serialized text as `__provider` in every
 * resource's state (twice: inputs and outputs), so it is kept tiny and free of secrets: each
 * method loads the real implementation by package name at run time (in the provider host,
 * `require` resolves from the Pulumi project folder), and nothing from this module is captured
 * but a string. There is no `delete`: the resource only reads, and the host treats a missing
 * `delete` as "nothing to do".
 *
 * Only `import type` here: a runtime import would be captured by the closure serializer.
 */
/* eslint-disable @typescript-eslint/no-require-imports -- `load` must be a synchronous require by
   package name, resolved when the host runs it; an import would be captured by the serializer.
   (This directive sits outside the functions, so it is not serialized into state.) */
import type * as pulumi from "@pulumi/pulumi";

import type { AuthenticatedOriginPullStatusProvider } from "./handler";
import type { ResourceInputs, ResourceOutputs } from "./types";

const PACKAGE = "pulumi-cloudflare-aop-status";

function load(): AuthenticatedOriginPullStatusProvider {
    try {
        return (require(`${PACKAGE}/handler`) as { provider: AuthenticatedOriginPullStatusProvider }).provider;
    } catch (error) {
        throw new Error(`Install ${PACKAGE} in the Pulumi project folder (${(error as Error).message})`, { cause: error });
    }
}

export const providerShim: pulumi.dynamic.ResourceProvider<ResourceInputs, ResourceOutputs> = {
    configure: (req) => load().configure(req),
    check: (olds, news) => load().check(olds, news),
    diff: (id, olds, news) => load().diff(id, olds, news),
    create: (inputs) => load().create(inputs),
    read: (id, props) => load().read(id, props),
    update: (id, olds, news) => load().update(id, olds, news),
};
