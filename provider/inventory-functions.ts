/**
 * getAuthenticatedOriginPullInventory / getAuthenticatedOriginPullInventoryOutput: a zone's
 * Authenticated Origin Pulls inventory (is zone-level AOP on; every zone-level and hostname
 * certificate, each with its expiry and health), read in the program process, for stacks that
 * export it or act on it. The same data as `aop-status scan`.
 *
 * The result is plain JSON-able data. It carries each certificate's SHA-256 fingerprint, subject,
 * SANs and dates, never its PEM, and never a private key (see inventory.ts).
 *
 * Policy packs do not call this: policies never call the network. They read the outputs of
 * registered resources only.
 *
 * Credentials: stack config under `configNamespace` (default `cloudflare`), then, for the default
 * namespace only, the environment, as getAuthenticatedOriginPullStatus resolves them.
 */
import * as pulumi from "@pulumi/pulumi";

import { InputValidationError } from "./errors";
import { inventoryHealthy, type InventoryCertificate, type ListReading } from "./inventory";
import { DEFAULT_INVENTORY_MAX_PAGES, MAX_INVENTORY_PAGES, readZoneInventory } from "./inventory-reader";
import { dependenciesDone, programClient, providerOptionFailures } from "./program-reads";
import {
    DEFAULT_CONFIG_NAMESPACE,
    DEFAULT_EXPIRY_WARNING_DAYS,
    validateConfigNamespace,
    validateExpiryWarningDays,
    validateZoneId,
    type CheckFailure,
} from "./validation";

export interface GetAuthenticatedOriginPullInventoryArgs {
    /** The zone's 32-character hexadecimal id. */
    zoneId: string;
    /** A certificate expiring in fewer days than this is a problem. Default 30. */
    expiryWarningDays?: number;
    /**
     * The stack config namespace that holds the credential: `<configNamespace>:apiToken` (or
     * `:apiKey` + `:email`) and `:baseUrl`. Default `cloudflare`, which also falls back to the
     * `CLOUDFLARE_*` variables; any other namespace reads its own keys only.
     */
    configNamespace?: string;
    /** Pages of each certificate list read at most (1 to 100, default 10). More pages make the result incomplete, never silently. */
    maxPages?: number;
}

/** The Output form's arguments: the same, each a `pulumi.Input`. */
export interface GetAuthenticatedOriginPullInventoryOutputArgs {
    zoneId: pulumi.Input<string>;
    expiryWarningDays?: pulumi.Input<number>;
    configNamespace?: pulumi.Input<string>;
    maxPages?: pulumi.Input<number>;
}

export interface AuthenticatedOriginPullInventoryResult {
    /** The zone id: one inventory per zone. */
    id: string;
    zoneId: string;
    /** The config namespace whose credential read it. */
    configNamespace: string;
    expiryWarningDays: number;
    /** When the inventory was read, ISO 8601; days are counted from it. */
    readAt: string;
    /** Whether zone-level AOP is on; null when Cloudflare's answer did not say. */
    zoneLevelEnabled: boolean | null;
    /** Zone-level certificates first, then hostname certificates, in Cloudflare's order. */
    certificates: InventoryCertificate[];
    /** How each list was read: pages, count, and whether (and why not) it is complete. */
    lists: ListReading[];
    /** False when a list may be missing certificates (a page cap, a total_count above what came back, a list that changed). */
    complete: boolean;
    /** True when the inventory is complete and every certificate in it is healthy. */
    healthy: boolean;
    /** The ids of the certificates that are not healthy, in `certificates` order. */
    unhealthyCertificateIds: string[];
}

function validateMaxPages(value: unknown): CheckFailure[] {
    if (value === undefined) return [];
    if (typeof value === "number" && Number.isInteger(value) && value >= 1 && value <= MAX_INVENTORY_PAGES) return [];
    return [
        { property: "maxPages", reason: `maxPages must be a whole number from 1 to ${MAX_INVENTORY_PAGES}, got ${JSON.stringify(value)}` },
    ];
}

/**
 * Reads the zone's inventory once, now: three GETs (the setting, then both certificate lists,
 * page by page), under the process's shared limiter for the credential. `opts` is accepted for
 * the functions' common signature; a `provider` cannot choose the account (no provider plugin runs
 * the read), so it is refused: set `configNamespace` instead.
 */
export async function getAuthenticatedOriginPullInventory(
    args: GetAuthenticatedOriginPullInventoryArgs,
    opts?: pulumi.InvokeOptions,
): Promise<AuthenticatedOriginPullInventoryResult> {
    const failures = [
        ...validateZoneId(args.zoneId),
        ...validateExpiryWarningDays(args.expiryWarningDays),
        ...validateConfigNamespace(args.configNamespace),
        ...validateMaxPages(args.maxPages),
        ...providerOptionFailures(opts),
    ];
    if (failures.length > 0) throw new InputValidationError(failures);
    const configNamespace = args.configNamespace ?? DEFAULT_CONFIG_NAMESPACE;
    const expiryWarningDays = args.expiryWarningDays ?? DEFAULT_EXPIRY_WARNING_DAYS;
    const client = programClient(configNamespace);
    const now = new Date();
    const inventory = await readZoneInventory(client, args.zoneId, {
        expiryWarningDays,
        now,
        maxPages: args.maxPages ?? DEFAULT_INVENTORY_MAX_PAGES,
    });
    return {
        id: inventory.zoneId,
        zoneId: inventory.zoneId,
        configNamespace,
        expiryWarningDays,
        readAt: now.toISOString(),
        zoneLevelEnabled: inventory.zoneLevelEnabled,
        certificates: inventory.certificates,
        lists: inventory.lists,
        complete: inventory.complete,
        healthy: inventoryHealthy(inventory),
        unhealthyCertificateIds: inventory.certificates.filter((certificate) => !certificate.healthy).map((certificate) => certificate.id),
    };
}

/**
 * The same read as an Output, for arguments that are Outputs. With `dependsOn`, the read waits
 * until the resources it names exist (a component stands for its children), as an engine invoke
 * would; in a preview that would create one of them, the result is unknown and nothing is read.
 */
export function getAuthenticatedOriginPullInventoryOutput(
    args: GetAuthenticatedOriginPullInventoryOutputArgs,
    opts?: pulumi.InvokeOutputOptions,
): pulumi.Output<AuthenticatedOriginPullInventoryResult> {
    const { dependsOn, ...invokeOptions } = opts ?? {};
    return pulumi
        .all([pulumi.output(args), dependenciesDone(dependsOn)])
        .apply(([resolved]) => getAuthenticatedOriginPullInventory(resolved, invokeOptions));
}
