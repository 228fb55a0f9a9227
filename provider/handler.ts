/**
 * The dynamic provider's implementation. It runs in the provider host process, loaded by package
 * name from the tiny serialized shim (shim.ts), so fixes reach existing stacks on refresh and no
 * implementation code is copied into state.
 *
 * Read-only: create, read, diff and update perform one GET. There is no delete: the resource
 * only reads, and the host treats a provider without one as having nothing to delete.
 *
 * This module is internal, yet its path is part of the compatibility contract: the `__provider`
 * that every stack written since 0.1.0 holds in its state loads `pulumi-cloudflare-aop-status/handler`
 * by name and calls `provider.configure/check/diff/create/read/update`. So the `./handler` subpath,
 * the `provider` export and those method names stay, whatever else changes; a test guards them.
 */
import type * as pulumi from "@pulumi/pulumi";

import { sharedClient, type CloudflareClient } from "./client";
import { providerSettingNames, resolveBaseUrl, resolveCredentials, type ConfigSource } from "./credentials";
import { InputValidationError } from "./errors";
import { recordedProblemCodes } from "./health";
import { API_FIELDS, outputsFor, type StatusLookup } from "./mapping";
import { resolveTuning } from "./settings";
import type { ResourceInputs, ResourceOutputs, StatusOutputs } from "./types";
import { checkInputs, DEFAULT_CONFIG_NAMESPACE, formatTargetId, parseTargetId, validateConfigNamespace } from "./validation";

/** How long a diff's GET may be reused by the update that follows it in the same deployment. */
const DIFF_REUSE_MS = 5 * 60 * 1000;

type Inputs = ResourceInputs;
type Outputs = ResourceOutputs;

/**
 * The namespace recorded in state or given as input; state written by 0.1.0 has none, and it
 * read `cloudflare:` config, which is what the default means.
 */
function namespaceOf(values: Partial<Pick<ResourceInputs, "configNamespace">> | undefined): string {
    return values?.configNamespace ?? DEFAULT_CONFIG_NAMESPACE;
}

export class AuthenticatedOriginPullStatusProvider implements pulumi.dynamic.ResourceProvider<Inputs, Outputs> {
    private config: ConfigSource | undefined;
    /** One client per config namespace, each with its own credential and base URL. */
    private readonly clients = new Map<string, CloudflareClient>();
    /** GETs done by diff, keyed by resource id, waiting for the update that usually follows. */
    private readonly diffReads = new Map<string, { lookup: StatusLookup; at: number }>();

    constructor(private readonly env: Readonly<Record<string, string | undefined>> = process.env) {}

    configure(req: pulumi.dynamic.ConfigureRequest): Promise<void> {
        // Only remember where config lives; credentials are resolved on first use so that
        // `check` (and a preview with bad inputs) works without any.
        this.config = { get: (key: string) => req.config.get(key) };
        this.clients.clear();
        return Promise.resolve();
    }

    check(_olds: Inputs, news: Inputs): Promise<pulumi.dynamic.CheckResult<Inputs>> {
        const raw = news as unknown as Record<string, unknown>;
        const { inputs, failures } = checkInputs(raw);
        failures.push(...validateConfigNamespace(raw.configNamespace));
        const configNamespace = typeof raw.configNamespace === "string" ? raw.configNamespace : DEFAULT_CONFIG_NAMESPACE;
        const checked: Inputs = { ...inputs, configNamespace };
        return Promise.resolve(failures.length > 0 ? { inputs: checked, failures } : { inputs: checked });
    }

    async create(inputs: Inputs): Promise<pulumi.dynamic.CreateResult<Outputs>> {
        const lookup = await this.lookup(inputs);
        return { id: formatTargetId(inputs.zoneId, inputs.hostname), outs: resourceOutputs(inputs, lookup) };
    }

    /**
     * Refresh and `AuthenticatedOriginPullStatus.get`: the id alone says what to read.
     *
     * When Cloudflare says the association no longer exists and `allowMissing` is false, a
     * refresh follows Pulumi's convention for a vanished resource: no id, so the engine drops it
     * from state and the refresh succeeds (the next `up` registers it again and fails with the
     * clear NotFoundError). A `.get` of an id that was never recorded has nothing to drop, so it
     * fails with that NotFoundError at once. A zone, route or credential error fails either way.
     *
     * The credential comes from the recorded `configNamespace` (a `.get` may pass one in its state);
     * without one, from `cloudflare:`, as 0.1.0 read it.
     */
    async read(id: string, props?: Partial<Outputs>): Promise<pulumi.dynamic.ReadResult<Outputs>> {
        const target = parseTargetId(id);
        if (target.failures.length > 0 || !target.zoneId || !target.hostname) throw new InputValidationError(target.failures);
        const previous = checkInputs({
            zoneId: target.zoneId,
            hostname: target.hostname,
            allowMissing: props?.allowMissing,
            expiryWarningDays: props?.expiryWarningDays,
        });
        const configNamespace = namespaceOf(props);
        previous.failures.push(...validateConfigNamespace(configNamespace));
        if (previous.failures.length > 0) throw new InputValidationError(previous.failures);
        const inputs: Inputs = { ...previous.inputs, configNamespace };
        const lookup = await this.lookup(inputs);
        // Recorded outputs always carry `found`; a `.get` lookup's properties do not.
        const recorded = typeof props?.found === "boolean";
        if (!lookup.found && !inputs.allowMissing && recorded) return { id: "" };
        return { id: formatTargetId(inputs.zoneId, inputs.hostname), props: resourceOutputs(inputs, lookup) };
    }

    /**
     * Replace when the target changes; update when the other arguments change; otherwise compare
     * a live GET with the recorded outputs, so an update shows up exactly when Cloudflare's state
     * (or the health verdict) changed. Days ticking down alone is not a change.
     *
     * A new `configNamespace` is an update, not a replacement: the association at Cloudflare is the
     * same one (the id says which), only the credential that reads it changes, and the update reads
     * it again with that credential. State written by 0.1.0 has no namespace and read `cloudflare:`,
     * so it counts as `cloudflare`: an upgrade alone shows no change.
     */
    async diff(id: string, olds: Outputs, news: Inputs): Promise<pulumi.dynamic.DiffResult> {
        const replaces = (["zoneId", "hostname"] as const).filter((key) => olds[key] !== news[key]);
        if (replaces.length > 0) return { changes: true, replaces, deleteBeforeReplace: false };
        if (
            olds.allowMissing !== news.allowMissing ||
            olds.expiryWarningDays !== news.expiryWarningDays ||
            namespaceOf(olds) !== namespaceOf(news)
        ) {
            return { changes: true };
        }

        const lookup = await this.lookup(news);
        const fresh = outputsFor(news, lookup);
        this.diffReads.set(id, { lookup, at: Date.now() });
        return { changes: differs(olds, fresh) };
    }

    async update(id: string, _olds: Outputs, news: Inputs): Promise<pulumi.dynamic.UpdateResult<Outputs>> {
        const reused = this.diffReads.get(id);
        this.diffReads.delete(id);
        const lookup = reused && Date.now() - reused.at < DIFF_REUSE_MS ? reused.lookup : await this.lookup(news);
        return { outs: resourceOutputs(news, lookup) };
    }

    private lookup(inputs: Inputs): Promise<StatusLookup> {
        return this.getClient(namespaceOf(inputs)).getHostnameStatus(inputs.zoneId, inputs.hostname);
    }

    /**
     * The client for one config namespace: `<namespace>:apiToken`, … from the stack config the host
     * received in `configure` (secrets decrypted there, never in inputs or state); with the default
     * namespace, `CLOUDFLARE_*` variables after that. Clients are shared per credential and base
     * URL (client.ts), so two namespaces holding the same token share one budget.
     */
    private getClient(namespace: string): CloudflareClient {
        let client = this.clients.get(namespace);
        if (!client) {
            const names = providerSettingNames(namespace);
            // Settings before credentials: a bad base URL is reported as what it is even where no credential is set.
            const baseUrl = resolveBaseUrl(this.config, this.env, names);
            const tuning = resolveTuning(this.config, this.env);
            const credentials = resolveCredentials(this.config, this.env, names);
            client = sharedClient(credentials, baseUrl, tuning);
            this.clients.set(namespace, client);
        }
        return client;
    }
}

/** The shared outputs of a lookup, and the namespace whose credential read it. */
function resourceOutputs(inputs: Inputs, lookup: StatusLookup): Outputs {
    return { ...outputsFor(inputs, lookup), configNamespace: namespaceOf(inputs) };
}

function same(a: unknown, b: unknown): boolean {
    return (a ?? null) === (b ?? null);
}

/**
 * True when Cloudflare's fields, `found`, or the health verdict differ. The verdict is compared
 * by its problem codes, not its messages: "expires in 12 days" becoming "expires in 11 days" is
 * the clock ticking, not a change worth an update, while a code appearing or going is. State
 * written by 0.1.0 has no `problemCodes`; `recordedProblemCodes` reads its messages instead.
 */
export function differs(olds: Partial<StatusOutputs>, fresh: StatusOutputs): boolean {
    if (!same(olds.found, fresh.found) || !same(olds.healthy, fresh.healthy)) return true;
    if (API_FIELDS.some((field) => !same(olds[field], fresh[field]))) return true;
    const before = recordedProblemCodes(olds);
    const after = recordedProblemCodes(fresh);
    return before.length !== after.length || before.some((code, index) => code !== after[index]);
}

/** The instance the shim delegates to: one per host process, so its limiter and caches are shared. */
export const provider = new AuthenticatedOriginPullStatusProvider();
