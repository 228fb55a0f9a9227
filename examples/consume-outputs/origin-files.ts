/**
 * Two small dynamic resources that stand in for an origin server's configuration, so the
 * example runs anywhere: each writes one file and removes it on destroy. In a real stack these
 * would be your web server's config, a secret store entry, a Kubernetes ConfigMap, and so on.
 */
import * as pulumi from "@pulumi/pulumi";

interface FileInputs {
    path: string;
    content: string;
}

const fileProvider: pulumi.dynamic.ResourceProvider<FileInputs, FileInputs> = {
    async create(inputs) {
        const fs = await import("node:fs/promises");
        const path = await import("node:path");
        await fs.mkdir(path.dirname(inputs.path), { recursive: true });
        await fs.writeFile(inputs.path, inputs.content);
        return { id: inputs.path, outs: inputs };
    },
    diff(_id, olds, news) {
        const replaces = olds.path !== news.path ? ["path"] : [];
        return Promise.resolve({ changes: olds.path !== news.path || olds.content !== news.content, replaces, deleteBeforeReplace: true });
    },
    async update(_id, _olds, news) {
        const fs = await import("node:fs/promises");
        await fs.writeFile(news.path, news.content);
        return { outs: news };
    },
    async delete(_id, props) {
        const fs = await import("node:fs/promises");
        await fs.rm(props.path, { force: true });
    },
};

/** The client certificate Cloudflare presents, pinned on the origin with its fingerprint. */
export class TrustedClientCertificate extends pulumi.dynamic.Resource {
    declare readonly path: pulumi.Output<string>;

    constructor(
        name: string,
        args: {
            directory: string;
            hostname: pulumi.Input<string>;
            pem: pulumi.Input<string | null>;
            fingerprint: pulumi.Input<string | null>;
        },
        opts?: pulumi.CustomResourceOptions,
    ) {
        const content = pulumi
            .all([args.hostname, args.pem, args.fingerprint])
            .apply(
                ([hostname, pem, fingerprint]) =>
                    `# Cloudflare AOP client certificate for ${hostname}\n# sha256 ${fingerprint ?? "unknown"}\n${pem ?? ""}`,
            );
        const path = pulumi.output(args.hostname).apply((hostname) => `${args.directory}/${hostname}.client-cert.pem`);
        super(fileProvider, name, { path, content }, opts, "origin", "TrustedClientCertificate");
    }
}

/** The origin's switch to require Cloudflare's client certificate: only safe once the association is active. */
export class RequireClientCertificate extends pulumi.dynamic.Resource {
    declare readonly path: pulumi.Output<string>;

    constructor(
        name: string,
        args: { directory: string; hostname: string; certificatePath: pulumi.Input<string> },
        opts?: pulumi.CustomResourceOptions,
    ) {
        const content = pulumi
            .output(args.certificatePath)
            .apply(
                (certificatePath) =>
                    `# nginx: only accept requests that come through Cloudflare\nssl_client_certificate ${certificatePath};\nssl_verify_client on;\n`,
            );
        super(
            fileProvider,
            name,
            { path: `${args.directory}/${args.hostname}.require-client-cert.conf`, content },
            opts,
            "origin",
            "RequireClientCertificate",
        );
    }
}
