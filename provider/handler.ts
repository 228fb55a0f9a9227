/**
 * The dynamic provider's implementation. It runs in the provider host process, loaded by package
 * name from the tiny serialized shim (shim.ts), so fixes reach existing stacks on refresh and no
 * implementation code is copied into state.
 *
 * Read-only: create, read, diff and update perform one GET. There is no delete: the resource
 * only reads, and the host treats a provider without one as having nothing to delete.
 */
import type * as pulumi from "@pulumi/pulumi";

import { outputsFor, sharedClient, type CloudflareClient, type StatusLookup } from "./client";
import { resolveBaseUrl, resolveCredentials, type ConfigSource } from "./credentials";
import { InputValidationError } from "./errors";
import { recordedProblemCodes } from "./health";
import { API_FIELDS } from "./mapping";
import { resolveTuning } from "./settings";
import type { StatusInputs, StatusOutputs } from "./types";
import { checkInputs, formatTargetId, parseTargetId } from "./validation";

/** How long a diff's GET may be reused by the update that follows it in the same deployment. */
const DIFF_REUSE_MS = 5 * 60 * 1000;

type Inputs = StatusInputs;
type Outputs = StatusOutputs;

export class AuthenticatedOriginPullStatusProvider implements pulumi.dynamic.ResourceProvider<Inputs, Outputs> {
    private config: ConfigSource | undefined;
    private client: CloudflareClient | undefined;
    /** GETs done by diff, keyed by resource id, waiting for the update that usually follows. */
    private readonly diffReads = new Map<string, { lookup: StatusLookup; at: number }>();

    constructor(private readonly env: Readonly<Record<string, string | undefined>> = process.env) {}

    async configure(req: pulumi.dynamic.ConfigureRequest): Promise<void> {
        // Only remember where config lives; credentials are resolved on first use so that
        // `check` (and a preview with bad inputs) works without any.
        this.config = { get: (key: string) => req.config.get(key) };
        this.client = undefined;
    }

    async check(_olds: Inputs, news: Inputs): Promise<pulumi.dynamic.CheckResult<Inputs>> {
        const { inputs, failures } = checkInputs(news as unknown as Record<string, unknown>);
        return failures.length > 0 ? { inputs, failures } : { inputs };
    }

    async create(inputs: Inputs): Promise<pulumi.dynamic.CreateResult<Outputs>> {
        const lookup = await this.lookup(inputs);
        return { id: formatTargetId(inputs.zoneId, inputs.hostname), outs: outputsFor(inputs, lookup) };
    }

    /**
     * Refresh and `AuthenticatedOriginPullStatus.get`: the id alone says what to read.
     *
     * When Cloudflare says the association no longer exists and `allowMissing` is false, a
     * refresh follows Pulumi's convention for a vanished resource: no id, so the engine drops it
     * from state and the refresh succeeds (the next `up` registers it again and fails with the
     * clear NotFoundError). A `.get` of an id that was never recorded has nothing to drop, so it
     * fails with that NotFoundError at once. A zone, route or credential error fails either way.
     */
    async read(id: string, props?: Outputs): Promise<pulumi.dynamic.ReadResult<Outputs>> {
        const target = parseTargetId(id);
        if (target.failures.length > 0 || !target.zoneId || !target.hostname) throw new InputValidationError(target.failures);
        const previous = checkInputs({
            zoneId: target.zoneId,
            hostname: target.hostname,
            allowMissing: props?.allowMissing,
            expiryWarningDays: props?.expiryWarningDays,
        });
        if (previous.failures.length > 0) throw new InputValidationError(previous.failures);
        const inputs = previous.inputs;
        const lookup = await this.lookup(inputs);
        // Recorded outputs always carry `found`; a `.get` lookup's properties do not.
        const recorded = typeof props?.found === "boolean";
        if (!lookup.found && !inputs.allowMissing && recorded) return { id: "" };
        const outs = outputsFor(inputs, lookup);
        return { id: formatTargetId(inputs.zoneId, inputs.hostname), props: outs };
    }

    /**
     * Replace when the target changes; update when the other arguments change; otherwise compare
     * a live GET with the recorded outputs, so an update shows up exactly when Cloudflare's state
     * (or the health verdict) changed. Days ticking down alone is not a change.
     */
    async diff(id: string, olds: Outputs, news: Inputs): Promise<pulumi.dynamic.DiffResult> {
        const replaces = (["zoneId", "hostname"] as const).filter((key) => olds[key] !== news[key]);
        if (replaces.length > 0) return { changes: true, replaces, deleteBeforeReplace: false };
        if (olds.allowMissing !== news.allowMissing || olds.expiryWarningDays !== news.expiryWarningDays) return { changes: true };

        const lookup = await this.lookup(news);
        const fresh = outputsFor(news, lookup);
        this.diffReads.set(id, { lookup, at: Date.now() });
        return { changes: differs(olds, fresh) };
    }

    async update(id: string, _olds: Outputs, news: Inputs): Promise<pulumi.dynamic.UpdateResult<Outputs>> {
        const reused = this.diffReads.get(id);
        this.diffReads.delete(id);
        const lookup = reused && Date.now() - reused.at < DIFF_REUSE_MS ? reused.lookup : await this.lookup(news);
        return { outs: outputsFor(news, lookup) };
    }

    private lookup(inputs: Inputs): Promise<StatusLookup> {
        return this.getClient().getHostnameStatus(inputs.zoneId, inputs.hostname);
    }

    private getClient(): CloudflareClient {
        if (!this.client) {
            // Settings before credentials: a bad base URL is reported as what it is even where no credential is set.
            const baseUrl = resolveBaseUrl(this.config, this.env);
            const tuning = resolveTuning(this.config, this.env);
            const credentials = resolveCredentials(this.config, this.env);
            this.client = sharedClient(credentials, baseUrl, tuning);
        }
        return this.client;
    }
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
export function differs(olds: Partial<Outputs>, fresh: Outputs): boolean {
    if (!same(olds.found, fresh.found) || !same(olds.healthy, fresh.healthy)) return true;
    if (API_FIELDS.some((field) => !same(olds[field], fresh[field]))) return true;
    const before = recordedProblemCodes(olds);
    const after = recordedProblemCodes(fresh);
    return before.length !== after.length || before.some((code, index) => code !== after[index]);
}

/** The instance the shim delegates to: one per host process, so its limiter and caches are shared. */
export const provider = new AuthenticatedOriginPullStatusProvider();
