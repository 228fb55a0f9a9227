/**
 * Benchmark control: `count` dynamic resources with AuthenticatedOriginPullStatus's shape (its four
 * inputs and its declared outputs, passed as undefined) behind an inline provider that only echoes
 * its inputs, with no network and no package code. Against it, the cost of registering our resource
 * splits into what any resource of this shape costs and what our provider adds.
 */
import * as pulumi from "@pulumi/pulumi";
import path from "node:path";

/**
 * The output names, from the installed package's own list. It is internal (not in the package's
 * `exports`), so it is loaded by file path next to the package's entry point; this control stack
 * is part of the benchmark, not an example to follow.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports -- an internal file, by path (see above)
const { OUTPUT_NAMES } = require(path.join(path.dirname(require.resolve("pulumi-cloudflare-aop-status")), "types")) as {
    OUTPUT_NAMES: readonly string[];
};

interface EchoInputs {
    zoneId: string;
    hostname: string;
}

const echoProvider: pulumi.dynamic.ResourceProvider<EchoInputs, EchoInputs> = {
    create(inputs) {
        return Promise.resolve({ id: `${inputs.zoneId}/${inputs.hostname}`, outs: inputs });
    },
    read(id, props) {
        return Promise.resolve({ id, props });
    },
};

class EchoStatus extends pulumi.dynamic.Resource {
    constructor(name: string, args: EchoInputs) {
        const outputs = Object.fromEntries(OUTPUT_NAMES.map((key) => [key, undefined]));
        super(
            echoProvider,
            name,
            { ...outputs, ...args, allowMissing: undefined, expiryWarningDays: undefined },
            undefined,
            "bench",
            "EchoStatus",
        );
    }
}

const config = new pulumi.Config();
const count = config.requireNumber("count");
const zoneId = "023e105f4ecef8ad9ca31a8372d0c353";
const members = Array.from(
    { length: count },
    (_, i) => new EchoStatus(`echo-${i}`, { zoneId, hostname: `host-${String(i).padStart(5, "0")}.bench.example.com` }),
);

export const memberCount = members.length;
