import { expect } from "chai";
import fc from "fast-check";
import { DEFAULT_PER_PAGE, MAX_PER_PAGE, MIN_PER_PAGE, pageRequest, paginate } from "../../../emulator/pagination";

const items = Array.from({ length: 25 }, (_, i) => i + 1);
const query = (text: string): URLSearchParams => new URLSearchParams(text);

describe("certificate list pagination", () => {
    it("serves the first page of 20 by default and reports totals in result_info", () => {
        const page = paginate(items, pageRequest(query("")));
        expect(page.items).to.deep.equal(items.slice(0, 20));
        expect(page.resultInfo).to.deep.equal({ page: 1, per_page: 20, count: 20, total_count: 25, total_pages: 2 });
        expect(DEFAULT_PER_PAGE).to.equal(20);
    });

    it("serves the rest on the next page", () => {
        const page = paginate(items, pageRequest(query("page=2")));
        expect(page.items).to.deep.equal([21, 22, 23, 24, 25]);
        expect(page.resultInfo).to.include({ page: 2, count: 5, total_pages: 2 });
    });

    it("answers a page past the end with no items and the same totals", () => {
        expect(paginate(items, pageRequest(query("page=9"))).resultInfo).to.deep.equal({
            page: 9,
            per_page: 20,
            count: 0,
            total_count: 25,
            total_pages: 2,
        });
    });

    it("reports zero pages for an empty list", () => {
        expect(paginate([], pageRequest(query(""))).resultInfo).to.deep.equal({
            page: 1,
            per_page: 20,
            count: 0,
            total_count: 0,
            total_pages: 0,
        });
    });

    it("clamps per_page to 5..50 and defaults values it cannot read", () => {
        expect(pageRequest(query("per_page=1")).perPage).to.equal(MIN_PER_PAGE);
        expect(pageRequest(query("per_page=5000")).perPage).to.equal(MAX_PER_PAGE);
        expect(pageRequest(query("per_page=abc&page=-2"))).to.deep.equal({ page: 1, perPage: 20 });
        expect(pageRequest(query("page=0")).page).to.equal(1);
        expect(pageRequest(query(""), 7).perPage).to.equal(7);
    });

    it("hands out every item exactly once across the pages, whatever the page size", () => {
        fc.assert(
            fc.property(fc.integer({ min: 0, max: 130 }), fc.integer({ min: 1, max: 80 }), (total, perPageAsked) => {
                const list = Array.from({ length: total }, (_, i) => i);
                const first = paginate(list, pageRequest(query(`per_page=${perPageAsked}`)));
                const seen: number[] = [];
                for (let page = 1; page <= first.resultInfo.total_pages; page += 1) {
                    const next = paginate(list, pageRequest(query(`per_page=${perPageAsked}&page=${page}`)));
                    expect(next.resultInfo.count).to.equal(next.items.length);
                    seen.push(...next.items);
                }
                expect(seen).to.deep.equal(list);
            }),
        );
    });
});
