/**
 * Renders Markdown the way GitHub does (GitHub Flavored Markdown: tables, autolink literals,
 * strikethrough) with micromark, a spec-exact CommonMark/GFM parser, and reads the tables back.
 */
import { micromark } from "micromark";
import { gfm, gfmHtml } from "micromark-extension-gfm";

/** Raw HTML and any link protocol are let through, as GitHub's renderer would before sanitising: an injection must show. */
export function renderGfm(markdown: string): string {
    return micromark(markdown, {
        extensions: [gfm()],
        htmlExtensions: [gfmHtml()],
        allowDangerousHtml: true,
        allowDangerousProtocol: true,
    });
}

/** A cell's text with entities decoded: what a reader sees, when the cell holds no element at all. */
export function textOf(cellHtml: string): string {
    if (/[<>]/.test(cellHtml)) throw new Error(`the cell holds markup, not text: ${cellHtml}`);
    return cellHtml
        .replace(/&lt;/g, "<")
        .replace(/&gt;/g, ">")
        .replace(/&quot;/g, '"')
        .replace(/&#x27;/g, "'")
        .replace(/&amp;/g, "&");
}

export interface HtmlTable {
    header: string[];
    /** Each cell's inner HTML, as rendered. */
    rows: string[][];
}

/** The cells of every <table> in some rendered HTML. */
export function tablesIn(html: string): HtmlTable[] {
    const tables: HtmlTable[] = [];
    for (const [, body] of html.matchAll(/<table>([\s\S]*?)<\/table>/g)) {
        const rows = [...body.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map(([, row]) =>
            [...row.matchAll(/<t[hd](?: align="\w+")?>([\s\S]*?)<\/t[hd]>/g)].map(([, cell]) => cell),
        );
        tables.push({ header: rows[0] ?? [], rows: rows.slice(1) });
    }
    return tables;
}

/** Elements a summary cell must never turn into. */
export const MARKUP = /<(a|img|em|strong|code|del|script|iframe|span|div|br|p|h\d|ul|ol|li|input|table|!--)\b/i;
