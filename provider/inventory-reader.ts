/**
 * Reads one zone's inventory through the client's generic GET: the zone-level AOP setting first,
 * alone, then the two certificate lists together (each followed page by page up to a cap). The
 * setting goes first so that a zone the token may not read, or that does not exist, costs one
 * request rather than three. Every request goes through the client, so under its shared limiter,
 * retries, deadline, classification and redaction; every failure is the client's typed error.
 */
import type { ApiAnswer, ApiPath, GetOptions, PageOptions, PagedAnswer } from "./client";
import { DEFAULT_MAX_PAGES, MAX_PAGES_LIMIT } from "./client";
import { buildZoneInventory, readZoneSetting, type InventoryOptions, type ListAnswer, type ZoneInventory } from "./inventory";

/** What the reader needs from the client; CloudflareClient satisfies it. */
export interface InventoryApi {
    get(path: ApiPath, options?: GetOptions): Promise<ApiAnswer>;
    getPages(path: ApiPath, options?: PageOptions): Promise<PagedAnswer>;
}

export interface ReadInventoryOptions extends InventoryOptions {
    /** Pages read per list at most (default 10, at most 100). */
    maxPages?: number;
}

export const DEFAULT_INVENTORY_MAX_PAGES = DEFAULT_MAX_PAGES;
export const MAX_INVENTORY_PAGES = MAX_PAGES_LIMIT;

/** The three endpoints of a zone's inventory. */
export function inventoryPaths(zoneId: string): { settings: ApiPath; zoneCertificates: ApiPath; hostnameCertificates: ApiPath } {
    const base = ["zones", zoneId, "origin_tls_client_auth"];
    return {
        settings: [...base, "settings"],
        zoneCertificates: base,
        hostnameCertificates: [...base, "hostnames", "certificates"],
    };
}

function listAnswer(answer: PagedAnswer, maxPages: number): ListAnswer {
    return {
        result: answer.result,
        pages: answer.pages,
        complete: answer.complete,
        totalCount: answer.resultInfo?.totalCount ?? null,
        maxPages,
    };
}

/** The zone's inventory; rejects with the client's typed error, or an InvalidResponseError for an unusable answer. */
export async function readZoneInventory(api: InventoryApi, zoneId: string, options: ReadInventoryOptions): Promise<ZoneInventory> {
    const maxPages = Math.min(MAX_INVENTORY_PAGES, Math.max(1, Math.floor(options.maxPages ?? DEFAULT_INVENTORY_MAX_PAGES)));
    const paths = inventoryPaths(zoneId);
    const target = { zoneId };
    const settings = await api.get(paths.settings, { target });
    // An unusable setting fails the zone now, before two more requests are spent on its lists.
    const setting = readZoneSetting(settings.result, zoneId);
    if (setting instanceof Error) throw setting;
    // No per_page: the contract lists no paging parameters for these endpoints, so the server's page size stands.
    const [zoneCertificates, hostnameCertificates] = await Promise.all([
        api.getPages(paths.zoneCertificates, { target, maxPages }),
        api.getPages(paths.hostnameCertificates, { target, maxPages }),
    ]);
    const inventory = buildZoneInventory(
        {
            zoneId,
            settings: settings.result,
            zoneCertificates: listAnswer(zoneCertificates, maxPages),
            hostnameCertificates: listAnswer(hostnameCertificates, maxPages),
        },
        options,
    );
    if (inventory instanceof Error) throw inventory;
    return inventory;
}
