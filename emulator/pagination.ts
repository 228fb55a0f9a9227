// Pages of a certificate list, as `page` / `per_page` query parameters ask and `result_info`
// reports. The contract lists no paging parameters for these endpoints (see the README's errata),
// so the rules are borrowed from Cloudflare's documented list endpoints, such as GET /zones:
// `page` from 1, `per_page` from 5 to 50, default 20. Out-of-range or unreadable values are
// clamped or defaulted rather than refused, a guess the live contract test can check.

import type { ResultInfo } from "./envelope";

export const DEFAULT_PER_PAGE = 20;
export const MIN_PER_PAGE = 5;
export const MAX_PER_PAGE = 50;

export interface PageRequest {
    page: number;
    perPage: number;
}

function wholeNumber(raw: string | null): number | undefined {
    if (raw === null || !/^\d{1,9}$/.test(raw.trim())) return undefined;
    return Number(raw.trim());
}

export function pageRequest(query: URLSearchParams, defaultPerPage: number = DEFAULT_PER_PAGE): PageRequest {
    const page = wholeNumber(query.get("page"));
    const perPage = wholeNumber(query.get("per_page"));
    return {
        page: page === undefined || page < 1 ? 1 : page,
        perPage: perPage === undefined ? defaultPerPage : Math.min(MAX_PER_PAGE, Math.max(MIN_PER_PAGE, perPage)),
    };
}

/** One page of `items`; a page past the end is empty but still reports the totals. */
export function paginate<T>(items: readonly T[], request: PageRequest): { items: T[]; resultInfo: ResultInfo } {
    const start = (request.page - 1) * request.perPage;
    const pageItems = items.slice(start, start + request.perPage);
    return {
        items: pageItems,
        resultInfo: {
            page: request.page,
            per_page: request.perPage,
            count: pageItems.length,
            total_count: items.length,
            total_pages: Math.ceil(items.length / request.perPage),
        },
    };
}
