import { createHash } from "node:crypto";

import { expect } from "chai";
import fc from "fast-check";

import { checkReportView, contentSecurityPolicy, renderHtmlPage, renderHtmlReport, worstFirst } from "../../../provider/cli/format-html";
import { escapeHtml, jsonForScript } from "../../../provider/cli/html/escape";
import { layoutTimeline } from "../../../provider/cli/html/timeline";
import type { ReportView, ViewRow } from "../../../provider/cli/html/view";
import { publicBaseUrl } from "../../../provider/cli/public-url";
import type { TargetResult } from "../../../provider/cli/report";
import { failed, healthy, missing, outputs, report, unhealthy, ZONE } from "./fixtures";

const DAY = 86_400_000;
const NOW = new Date("2025-06-01T12:00:00.000Z");

function inDays(days: number): string {
    return new Date(NOW.getTime() + days * DAY).toISOString();
}

/** A healthy target whose certificate expires `days` from the report's time (negative: expired). */
function expiring(hostname: string, days: number, outcome: "healthy" | "unhealthy" = days < 30 ? "unhealthy" : "healthy"): TargetResult {
    const base = outcome === "healthy" ? healthy(hostname) : unhealthy(hostname, [`certificate expires in ${days} days`]);
    return {
        ...base,
        outputs: { ...(base.outputs ?? outputs()), hostname, certNotAfter: inDays(days), daysUntilExpiry: Math.floor(days) },
    };
}

function demoReport(): ReturnType<typeof report> {
    return {
        ...report([
            expiring("healthy.example.com", 365),
            expiring("expiring.example.com", 12),
            expiring("expired.example.com", -200),
            missing("www.example.com"),
            failed("broken.example.com", "CloudflareApiError", "Cloudflare answered 500"),
        ]),
        generatedAt: NOW,
        baseUrl: "https://api.cloudflare.com/client/v4",
    };
}

/** The contents of every element `tag` in the page, in order. */
function elements(html: string, tag: string): string[] {
    return [...html.matchAll(new RegExp(`<${tag}\\b[^>]*>([\\s\\S]*?)</${tag}>`, "g"))].map((match) => match[1]);
}

function sha256(text: string): string {
    return `'sha256-${createHash("sha256").update(text, "utf8").digest("base64")}'`;
}

/** Strings a hostile server might send, aimed at markup, attributes, URLs, the SVG and the data block. */
const HOSTILE = [
    '<script>window.__aopHostile="text"</script>',
    '" onmouseover="window.__aopHostile=1" x="',
    "' onfocus='window.__aopHostile=1' autofocus='",
    "javascript:window.__aopHostile=1",
    '</svg><script>window.__aopHostile="svg"</script><svg>',
    '<foreignObject><iframe srcdoc="<script>parent.__aopHostile=1</script>"></iframe></foreignObject>',
    "</script><script>window.__aopHostile=1</script><!--",
    "<img src=x onerror=window.__aopHostile=1>",
    "\u0000\u001b[31mred\u0007\u2028\u2029",
];

function hostileView(): ReportView {
    const view = checkReportView(demoReport(), "aop-status test");
    const rows: ViewRow[] = view.rows.map((row, index) => ({
        ...row,
        name: HOSTILE[index % HOSTILE.length],
        zoneId: HOSTILE[(index + 1) % HOSTILE.length],
        status: HOSTILE[(index + 2) % HOSTILE.length],
        statusNote: HOSTILE[(index + 3) % HOSTILE.length],
        verdictLabel: HOSTILE[(index + 4) % HOSTILE.length],
        problems: HOSTILE,
        details: HOSTILE.map((value, at) => ({ label: HOSTILE[(at + 1) % HOSTILE.length], value })),
    }));
    return { ...view, title: HOSTILE[0], noun: { one: HOSTILE[1], many: HOSTILE[2], column: HOSTILE[3] }, baseUrl: HOSTILE[4], rows };
}

describe("HTML report: escaping", () => {
    it("escapes the five markup characters, so text never opens a tag or leaves a quoted attribute", () => {
        expect(escapeHtml(`<a href="x" title='y'>&amp;</a>`)).to.equal("&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt;");
    });

    it("replaces control characters HTML forbids with U+FFFD and keeps tabs and line breaks", () => {
        expect(escapeHtml("a\u0000b\u001bc\u007fd\u0085e\tf\ng\rh")).to.equal("a\ufffdb\ufffdc\ufffdd\ufffde\tf\ng\rh");
    });

    it("leaves no markup character in any string, and the browser reads back the same text (property)", () => {
        const unescape = (text: string): string =>
            text.replace(
                /&lt;|&gt;|&quot;|&#39;|&amp;/g,
                (entity) => ({ "&lt;": "<", "&gt;": ">", "&quot;": '"', "&#39;": "'", "&amp;": "&" })[entity] ?? entity,
            );
        fc.assert(
            fc.property(fc.string({ unit: "grapheme" }), (text) => {
                const escaped = escapeHtml(text);
                expect(escaped).to.not.match(/[<>"']/);
                // eslint-disable-next-line no-control-regex -- the oracle: controls HTML cannot carry
                expect(unescape(escaped)).to.equal(text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g, "\ufffd"));
            }),
        );
    });

    it("writes script data that never ends its script element or opens a comment, and parses back to the same value (property)", () => {
        fc.assert(
            fc.property(fc.jsonValue(), fc.constantFrom(...HOSTILE), (value, hostile) => {
                const data = { value, hostile };
                const text = jsonForScript(data);
                expect(text).to.not.match(/<\/script|<!--|<|>/i);
                expect(JSON.parse(text)).to.deep.equal(JSON.parse(JSON.stringify(data)));
            }),
        );
    });
});

describe("HTML report: the page", () => {
    it("allows exactly its own style sheet and script, by the SHA-256 of their text, and nothing from anywhere else", () => {
        const html = renderHtmlReport(demoReport());
        const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)?.[1] ?? "";
        const styles = elements(html, "style");
        const scripts = [...html.matchAll(/<script(?![^>]*application\/json)[^>]*>([\s\S]*?)<\/script>/g)].map((match) => match[1]);
        expect(styles).to.have.length(1);
        expect(scripts).to.have.length(1);
        expect(csp).to.contain("default-src 'none'");
        expect(csp).to.contain(`style-src ${sha256(styles[0])}`);
        expect(csp).to.contain(`script-src ${sha256(scripts[0])}`);
        expect(csp).to.not.match(/unsafe|https?:|\*/);
        expect(csp).to.equal(contentSecurityPolicy());
        // The policy sits before anything it governs.
        expect(html.indexOf("Content-Security-Policy")).to.be.lessThan(html.indexOf("<style>"));
    });

    it("loads nothing: no external URL, no style attribute, no event handler attribute", () => {
        const html = renderHtmlReport(demoReport());
        expect(html).to.not.match(/\b(src|href)="(https?:|\/\/)/);
        expect(html).to.not.match(/\sstyle=/);
        expect(html).to.not.match(/\son[a-z]+=/i);
        expect(html).to.not.match(/@import|url\(/);
    });

    it("shows the counts, the base URL, when the check ran and the warning window", () => {
        const html = renderHtmlReport(demoReport());
        expect(html).to.match(/<div class="h"><dt>Healthy<\/dt><dd>1<\/dd><\/div>/);
        expect(html).to.match(/<div class="u"><dt>Unhealthy<\/dt><dd>2<\/dd><\/div>/);
        expect(html).to.match(/<div class="m"><dt>Missing<\/dt><dd>1<\/dd><\/div>/);
        expect(html).to.match(/<div class="e"><dt>Errors<\/dt><dd>1<\/dd><\/div>/);
        expect(html).to.contain("against <code>https://api.cloudflare.com/client/v4</code>");
        expect(html).to.contain('<time datetime="2025-06-01T12:00:00.000Z">2025-06-01 12:00 UTC</time>');
        expect(html).to.contain("warning window: under 30 days");
        expect(html).to.contain("1 of 5 hostnames could not be checked; 3 more need attention");
        expect(html).to.contain("Next to expire: <strong>expiring.example.com</strong> on 2025-06-13 (in 12 days)");
    });

    it("has one table row and one timeline mark per target, the marks in row order and none of them a link", () => {
        const html = renderHtmlReport(demoReport());
        const rows = [...html.matchAll(/<tr id="r(\d+)">/g)].map((match) => match[1]).sort();
        const marks = elements(html, "g")[0].match(/<(circle|path) class="[hume]" [^>]*><title>([^<]*)<\/title><\/\1>/g) ?? [];
        expect(rows).to.deep.equal(["0", "1", "2", "3", "4"]);
        expect(marks.map((mark) => /<title>([^:]*):/.exec(mark)?.[1])).to.deep.equal(demoReport().results.map((r) => r.hostname));
        expect(elements(html, "svg")[0]).to.not.match(/<a\b/);
    });

    it("shows problems and errors as text, and never the PEM", () => {
        const html = renderHtmlReport(demoReport());
        expect(html).to.contain("CloudflareApiError: Cloudflare answered 500");
        expect(html).to.contain("certificate expires in 12 days");
        expect(html).to.not.contain("BEGIN CERTIFICATE");
        expect(html).to.not.contain("MIIB");
    });

    it("renders every hostile string as inert text: no tag, attribute, URL or comment of its own", () => {
        const html = renderHtmlPage(hostileView());
        expect(html.match(/<script/g), "script elements").to.have.length(2);
        expect(html).to.not.match(/<(foreignObject|iframe|img)\b/i);
        // Escaped text holds no "<", so every tag found is one the renderer wrote.
        // Attribute values are blanked: an escaped value holds no quote, so what is left is the tag's own syntax.
        const tags = (html.match(/<[a-z][^>]*>/gi) ?? []).map((tag) => tag.replace(/="[^"]*"/g, '=""'));
        expect(
            tags.filter((tag) => /\son[a-z]+=/i.test(tag)),
            "event handler attributes",
        ).to.deep.equal([]);
        expect(html).to.not.match(/(href|src)=["']?\s*javascript:/i);
        expect(html).to.not.contain("<!--");
        expect(html.match(/<\/svg>/g), "one SVG timeline, closed once").to.have.length(1);
        expect(html).to.contain("&lt;script&gt;window.__aopHostile=&quot;text&quot;&lt;/script&gt;");
        // eslint-disable-next-line no-control-regex -- no raw control character may reach the page
        expect(html).to.not.match(/[\u0000\u001b\u0007]/);
    });

    it("lists the rows worst first: unhealthy, errors, missing, healthy; soonest expiry first within each", () => {
        const view = checkReportView(demoReport(), "test");
        expect(worstFirst(view.rows).map((index) => view.rows[index].name)).to.deep.equal([
            "expired.example.com",
            "expiring.example.com",
            "broken.example.com",
            "www.example.com",
            "healthy.example.com",
        ]);
    });

    it("says a missing hostname is allowed when --allow-missing is set, and then it needs no attention", () => {
        const view = checkReportView(report([missing("www.example.com")], { allowMissing: true }), "test");
        expect(view.rows[0]).to.include({ verdict: "missing", verdictLabel: "missing (allowed)", needsAttention: false });
        expect(renderHtmlPage(view))
            .to.contain("The hostname is healthy".replace("is healthy", "is healthy"))
            .and.to.not.contain("need attention");
    });

    it("stays under 1 MB for 1000 targets with a certificate each, long hostnames and a problem each", () => {
        const results = Array.from({ length: 1000 }, (_, index) => {
            const hostname = `api-${String(index).padStart(4, "0")}.eu-west-1.shop.example.com`;
            const result = expiring(hostname, (index % 700) - 20);
            return {
                ...result,
                problems: [`certificate expires in ${index % 30} days (2025-06-${String((index % 28) + 1).padStart(2, "0")})`],
                outputs: {
                    ...(result.outputs ?? outputs()),
                    certId: `6b7c0e3a-2f1d-4e5a-9c8b-${String(index).padStart(12, "0")}`,
                    certFingerprintSha256: createHash("sha256")
                        .update(String(index))
                        .digest("hex")
                        .toUpperCase()
                        .replace(/(..)(?!$)/g, "$1:"),
                    certSubject: `CN=${hostname}, O=Example Corp, C=US`,
                    expiresOn: result.outputs?.certNotAfter ?? null,
                    certSans: [hostname, `www.${hostname}`],
                    serialNumber: String(10n ** 38n + BigInt(index)),
                },
            };
        });
        const html = renderHtmlReport({ ...report(results), generatedAt: NOW });
        expect(Buffer.byteLength(html), "bytes").to.be.below(1_000_000);
    });
});

describe("HTML report: the expiry timeline", () => {
    const view = checkReportView(demoReport(), "test");
    const layout = layoutTimeline(view);
    const markOf = (name: string) => layout.marks.find((mark) => view.rows[mark.row].name === name);

    it("puts expired certificates left of today, the warning window from today to --expiry-warning-days, and later ones beyond it", () => {
        const warning = layout.warning ?? { x1: NaN, x2: NaN };
        expect(warning.x1).to.equal(layout.today.x);
        expect(markOf("expired.example.com")?.x).to.be.within(layout.expiredBand.x1, layout.expiredBand.x2);
        expect(markOf("expiring.example.com")?.x).to.be.within(warning.x1, warning.x2);
        expect(markOf("healthy.example.com")?.x).to.be.above(warning.x2);
    });

    it("puts targets without a date in a band of their own at the right, and needs no such band otherwise", () => {
        const band = layout.noDateBand ?? { x1: NaN, x2: NaN };
        expect(markOf("www.example.com")?.x).to.be.within(band.x1, band.x2);
        expect(markOf("broken.example.com")?.x).to.be.within(band.x1, band.x2);
        const dated = checkReportView({ ...report([expiring("a.example.com", 100)]), generatedAt: NOW }, "test");
        expect(layoutTimeline(dated).noDateBand).to.equal(null);
    });

    it("gives each verdict a lane, worst first, and each row one mark in its verdict's lane, titled with its name and date", () => {
        expect(layout.lanes.map((lane) => lane.verdict)).to.deep.equal(["unhealthy", "error", "missing", "healthy"]);
        expect(layout.marks).to.have.length(view.rows.length);
        expect(markOf("expiring.example.com")?.title).to.equal("expiring.example.com: expires 2025-06-13, unhealthy");
        expect(markOf("expired.example.com")?.title).to.match(/^expired\.example\.com: expired 2024-\d\d-\d\d, unhealthy$/);
        expect(markOf("www.example.com")?.title).to.equal("www.example.com: no expiry date, missing");
    });

    it("stacks marks of one date and shows the count of a column too full to show them all", () => {
        const crowd = checkReportView(
            { ...report(Array.from({ length: 40 }, (_, i) => expiring(`h${i}.example.com`, 200))), generatedAt: NOW },
            "t",
        );
        const crowded = layoutTimeline(crowd);
        expect(new Set(crowded.marks.map((mark) => mark.x)).size).to.equal(1);
        expect(new Set(crowded.marks.map((mark) => mark.y)).size).to.equal(4);
        expect(crowded.crowded).to.deep.equal([{ x: crowded.marks[0].x, y: crowded.crowded[0].y, count: 40 }]);
    });

    it("labels ticks with the distance and the date, never closer than readable", () => {
        expect(layout.ticks.map((tick) => tick.label)).to.include.members(["30 d", "1 y"]);
        expect(layout.ticks.find((tick) => tick.label === "30 d")?.date).to.equal("2025-07-01");
        for (let i = 1; i < layout.ticks.length; i++) expect(layout.ticks[i].x - layout.ticks[i - 1].x).to.be.at.least(60);
    });
});

describe("HTML report: the base URL it names", () => {
    it("drops a user name, password, query and fragment, which could carry a secret", () => {
        expect(publicBaseUrl("https://user:pass@proxy.example.com/client/v4/?token=abc#frag")).to.equal(
            "https://proxy.example.com/client/v4",
        );
        expect(publicBaseUrl("http://127.0.0.1:8787/client/v4")).to.equal("http://127.0.0.1:8787/client/v4");
        expect(publicBaseUrl("not a url")).to.equal(undefined);
    });

    it("shows no base URL line part when the run never resolved one", () => {
        const html = renderHtmlReport({ ...report([healthy()]), generatedAt: NOW });
        expect(html).to.not.contain("against <code>");
        expect(html).to.contain(`>${ZONE}</td>`);
    });
});
