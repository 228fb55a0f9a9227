/**
 * `check --format html` (and later `scan --format html`): one self-contained HTML file. It
 * fetches nothing (system fonts, inline SVG, inline style and script), so it works opened from
 * disk, offline, and as a CI artifact. A Content-Security-Policy in a <meta> tag allows nothing
 * but the page's own style and script, each by its SHA-256 hash computed here.
 *
 * Every string from the API, a targets file or the environment goes through `escapeHtml` (or
 * `jsonForScript` for the script's data); no data is ever placed in a URL or an event attribute.
 */
import { createHash } from "node:crypto";

import { PACKAGE_VERSION } from "../version";
import type { CheckReport } from "./report";
import { escapeHtml, jsonForScript } from "./html/escape";
import { REPORT_SCRIPT } from "./html/script";
import { REPORT_STYLE } from "./html/style";
import { renderTimeline, VERDICT_CODE, VERDICT_TITLE } from "./html/timeline";
import { checkReportView, countVerdicts, VERDICTS, type ReportView, type Verdict, type ViewFact, type ViewRow } from "./html/view";

export { checkReportView, type ReportView } from "./html/view";

/** CSP source for an inline element: its exact text, hashed (CSP Level 2, `'sha256-…'`). */
export function cspHash(text: string): string {
    return `'sha256-${createHash("sha256").update(text, "utf8").digest("base64")}'`;
}

/**
 * `default-src 'none'` blocks every fetch, frame, font, form post and plugin; the style sheet
 * and the script are allowed only by hash; `img-src data:` is for the inline favicon alone (so
 * the browser does not look for /favicon.ico next to the file).
 */
export function contentSecurityPolicy(): string {
    return [
        "default-src 'none'",
        `style-src ${cspHash(REPORT_STYLE)}`,
        `script-src ${cspHash(REPORT_SCRIPT)}`,
        "img-src data:",
        "base-uri 'none'",
        "form-action 'none'",
    ].join("; ");
}

const FAVICON =
    "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 16 16'%3E%3Ccircle cx='8' cy='8' r='6' fill='%231a7f37'/%3E%3C/svg%3E";

const SEVERITY: Record<Verdict, number> = { unhealthy: 0, error: 1, missing: 2, healthy: 3 };

function compareText(a: string, b: string): number {
    return a < b ? -1 : a > b ? 1 : 0;
}

/** Worst first, then soonest to expire (no date last), then by name: the script's "verdict" sort. */
export function worstFirst(rows: readonly ViewRow[]): number[] {
    const days = (row: ViewRow): number => row.daysLeft ?? Number.POSITIVE_INFINITY;
    return rows
        .map((_, index) => index)
        .sort(
            (a, b) =>
                SEVERITY[rows[a].verdict] - SEVERITY[rows[b].verdict] ||
                (days(rows[a]) === days(rows[b]) ? 0 : days(rows[a]) < days(rows[b]) ? -1 : 1) ||
                compareText(rows[a].name, rows[b].name) ||
                a - b,
        );
}

function plural(count: number, one: string, many: string): string {
    return `${count} ${count === 1 ? one : many}`;
}

function utc(date: Date): string {
    return `${date.toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

function duration(ms: number): string {
    return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

function daysText(days: number): string {
    return days < 0 ? `\u2212${-days}` : String(days);
}

function inDays(days: number): string {
    if (days < 0) return `expired ${plural(-days, "day", "days")} ago`;
    if (days === 0) return "expires today";
    return `in ${plural(days, "day", "days")}`;
}

/** The one sentence a person reads first: is anything broken, and what expires next. */
function verdictBanner(view: ReportView): string {
    const counts = countVerdicts(view.rows);
    const total = view.rows.length;
    const attention = view.rows.filter((row) => row.needsAttention).length;
    const { one, many } = view.noun;
    let tone: string;
    let headline: string;
    if (total === 0) {
        tone = "m";
        headline = `No ${many} were checked`;
    } else if (counts.error > 0) {
        tone = "e";
        headline = `${counts.error} of ${plural(total, one, many)} could not be checked`;
        const others = attention - counts.error;
        if (others > 0) headline += `; ${others} more ${others === 1 ? "needs" : "need"} attention`;
    } else if (attention > 0) {
        tone = "u";
        headline = `${attention} of ${plural(total, one, many)} ${attention === 1 ? "needs" : "need"} attention`;
    } else {
        tone = "h";
        headline = total === 1 ? `The ${one} is healthy` : `All ${plural(total, one, many)} are healthy`;
    }
    const dated = view.rows.filter((row) => row.daysLeft !== null && row.notAfter !== null);
    const expired = dated.filter((row) => (row.daysLeft ?? 0) < 0);
    const next = dated
        .filter((row) => (row.daysLeft ?? 0) >= 0)
        .sort((a, b) => (a.daysLeft ?? 0) - (b.daysLeft ?? 0) || compareText(a.name, b.name))[0];
    const notes: string[] = [];
    if (expired.length > 0) notes.push(`${plural(expired.length, "certificate has", "certificates have")} expired.`);
    if (next?.notAfter) {
        notes.push(
            `Next to expire: <strong>${escapeHtml(next.name)}</strong> on ${next.notAfter.slice(0, 10)} (${inDays(next.daysLeft ?? 0)}).`,
        );
    }
    return (
        `<div class="verdict ${tone}"><div><p class="headline">${escapeHtml(headline)}</p>` +
        (notes.length > 0 ? `<p class="next">${notes.join(" ")}</p>` : "") +
        "</div></div>"
    );
}

function countCards(view: ReportView): string {
    const counts = countVerdicts(view.rows);
    const cards: Array<[Verdict, string]> = [
        ["healthy", "Healthy"],
        ["unhealthy", "Unhealthy"],
        ["missing", "Missing"],
        ["error", "Errors"],
    ];
    return (
        '<dl class="counts">' +
        cards
            .map(
                ([verdict, label]) =>
                    `<div class="${VERDICT_CODE[verdict]}${counts[verdict] === 0 ? " zero" : ""}"><dt>${label}</dt><dd>${counts[verdict]}</dd></div>`,
            )
            .join("") +
        "</dl>"
    );
}

function factValue(value: string | readonly string[]): string {
    return typeof value === "string" ? escapeHtml(value) : value.map(escapeHtml).join(", ");
}

function factList(facts: readonly ViewFact[]): string {
    return facts.map((fact) => `<div><dt>${escapeHtml(fact.label)}</dt><dd>${factValue(fact.value)}</dd></div>`).join("");
}

/** A row's facts as [index into the labels, value]. */
type DetailList = Array<[label: number, value: string | readonly string[]]>;

interface DetailTable {
    labels: string[];
    lists: DetailList[];
    /** Per row, its list's index; null for a row without a certificate. */
    index: Array<number | null>;
}

/**
 * The rows' certificate details, each distinct list once (a fleet often shares a certificate),
 * and for each row the index of its list. The script gives each row with a certificate its
 * <details> disclosure and builds the list with textContent when it first opens: written into
 * every row, the details would be most of a 1000-target page.
 */
export function detailTable(rows: readonly ViewRow[]): DetailTable {
    const labels: string[] = [];
    const labelIndex = new Map<string, number>();
    const label = (text: string): number => {
        let at = labelIndex.get(text);
        if (at === undefined) {
            at = labels.push(text) - 1;
            labelIndex.set(text, at);
        }
        return at;
    };
    const lists: DetailList[] = [];
    const seen = new Map<string, number>();
    const index = rows.map((item) => {
        if (item.details === null) return null;
        const list: DetailList = item.details.map((fact) => [label(fact.label), fact.value]);
        const key = JSON.stringify(list);
        let at = seen.get(key);
        if (at === undefined) {
            at = lists.push(list) - 1;
            seen.set(key, at);
        }
        return at;
    });
    return { labels, lists, index };
}

function problemsCell(problems: readonly string[]): string {
    if (problems.length === 0) return '<td class="p muted">\u2014</td>';
    if (problems.length === 1) return `<td class="p">${escapeHtml(problems[0])}</td>`;
    return `<td class="p"><ul>${problems.map((problem) => `<li>${escapeHtml(problem)}</li>`).join("")}</ul></td>`;
}

/** Long names may break after a dot (a hostname has no spaces to break at). */
function breakable(name: string): string {
    const escaped = escapeHtml(name);
    return name.length > 20 ? escaped.replace(/\./g, ".<wbr>") : escaped;
}

function row(view: ReportView, item: ViewRow, index: number, withScope: boolean): string {
    const code = VERDICT_CODE[item.verdict];
    const days = item.daysLeft;
    const daysClass = days === null ? "n muted" : days < 0 ? "n neg" : days < view.warningDays ? "n soon" : "n";
    return (
        `<tr id="r${index}">` +
        `<th scope="row">${breakable(item.name)}</th>` +
        `<td class="z">${escapeHtml(item.zoneId)}</td>` +
        (withScope ? `<td>${item.scope ?? "\u2014"}</td>` : "") +
        `<td><span class="b ${code}">${escapeHtml(item.verdictLabel)}</span></td>` +
        `<td>${item.status === null ? '<span class="muted">\u2014</span>' : escapeHtml(item.status)}` +
        (item.statusNote ? `<small>${escapeHtml(item.statusNote)}</small>` : "") +
        "</td>" +
        `<td class="d">${item.notAfter === null ? '<span class="muted">\u2014</span>' : item.notAfter.slice(0, 10)}</td>` +
        `<td class="${daysClass}">${days === null ? "\u2014" : daysText(days)}</td>` +
        problemsCell(item.problems) +
        // The script adds the certificate's disclosure here (see detailTable).
        "<td></td></tr>"
    );
}

function sortHeader(label: string, key: string, sorted = false): string {
    return `<th scope="col"${sorted ? ' aria-sort="ascending"' : ""}><button type="button" data-key="${key}">${label}</button></th>`;
}

function table(view: ReportView): string {
    const withScope = view.rows.some((item) => item.scope !== null);
    const counts = countVerdicts(view.rows);
    const attention = view.rows.filter((item) => item.needsAttention).length;
    const options: Array<[string, string, number]> = [
        ["all", `All ${view.noun.many}`, view.rows.length],
        ["attention", "Needs attention", attention],
        ...VERDICTS.map((verdict): [string, string, number] => [VERDICT_CODE[verdict], VERDICT_TITLE[verdict], counts[verdict]]),
    ];
    const controls =
        '<div class="controls needs-js">' +
        `<div><label for="f-verdict">Show</label><select id="f-verdict">` +
        options.map(([value, label, count]) => `<option value="${value}">${escapeHtml(label)} (${count})</option>`).join("") +
        "</select></div>" +
        `<div><label for="f-text">Find</label><input id="f-text" type="search" placeholder="${escapeHtml(view.noun.one)} or zone ID" autocomplete="off" spellcheck="false"></div>` +
        '<output id="f-shown" for="f-verdict f-text" aria-live="polite"></output>' +
        "</div>";
    const head =
        "<thead><tr>" +
        sortHeader(escapeHtml(view.noun.column), "name") +
        sortHeader("Zone", "zone") +
        (withScope ? '<th scope="col">Scope</th>' : "") +
        sortHeader("Verdict", "verdict", true) +
        sortHeader("Status", "status") +
        '<th scope="col">Expires</th>' +
        sortHeader("Days left", "days") +
        '<th scope="col">Problems</th>' +
        '<th scope="col"><span class="vh">Certificate details</span></th>' +
        "</tr></thead>";
    const rows = worstFirst(view.rows)
        .map((index) => row(view, view.rows[index], index, withScope))
        .join("\n");
    return (
        controls +
        '<div class="table-wrap"><table>' +
        `<caption>${escapeHtml(`Every ${view.noun.one} checked, worst first.`)} <span class="needs-js">Sort with the column headings; filter with the controls above.</span></caption>` +
        "<colgroup>" +
        ["name", "zone", ...(withScope ? ["scope"] : []), "verdict", "status", "expires", "days", "problems", "cert"]
            .map((column) => `<col class="c-${column}">`)
            .join("") +
        "</colgroup>" +
        head +
        `<tbody id="rows">\n${rows}\n</tbody></table>` +
        `<p id="f-empty" hidden>No ${escapeHtml(view.noun.many)} match the filter.</p></div>`
    );
}

/**
 * The script's data: per row (by index) the sort and filter keys the cells do not already hold
 * as text, and the certificate details.
 */
function scriptData(view: ReportView, details: DetailTable): unknown {
    return {
        l: details.labels,
        c: details.lists,
        k: details.index,
        v: view.rows.map((item) => VERDICT_CODE[item.verdict]),
        a: view.rows.map((item) => (item.needsAttention ? 1 : 0)),
        s: view.rows.map((item) => item.status),
        d: view.rows.map((item) => item.daysLeft),
    };
}

function runLine(view: ReportView): string {
    const parts = [`Checked <strong>${plural(view.rows.length, escapeHtml(view.noun.one), escapeHtml(view.noun.many))}</strong>`];
    if (view.baseUrl !== null) parts.push(`against <code>${escapeHtml(view.baseUrl)}</code>`);
    parts.push(`on <time datetime="${view.generatedAt.toISOString()}">${utc(view.generatedAt)}</time>`);
    if (view.durationMs !== null) parts.push(`in ${duration(view.durationMs)}`);
    return `<p class="run">${parts.join(" ")}.</p>`;
}

/** The whole page for a report view. Pure: the same view gives the same bytes. */
export function renderHtmlPage(view: ReportView): string {
    const details = detailTable(view.rows);
    const title = `${view.title}: ${countVerdicts(view.rows).healthy}/${view.rows.length} healthy`;
    return [
        "<!doctype html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        `<meta http-equiv="Content-Security-Policy" content="${contentSecurityPolicy()}">`,
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta name="referrer" content="no-referrer">',
        `<meta name="generator" content="${escapeHtml(view.generator)}">`,
        `<title>${escapeHtml(title)}</title>`,
        `<link rel="icon" href="${FAVICON}">`,
        `<style>${REPORT_STYLE}</style>`,
        "</head>",
        "<body>",
        "<header>",
        `<h1>${escapeHtml(view.title)}</h1>`,
        runLine(view),
        `<dl class="settings">${factList(view.settings)}</dl>`,
        verdictBanner(view),
        countCards(view),
        "</header>",
        "<main>",
        '<section aria-labelledby="h-timeline"><h2 id="h-timeline">Expiry timeline</h2>',
        `<div class="figure" id="timeline">${renderTimeline(view)}`,
        `<p class="legend">One mark per ${escapeHtml(view.noun.one)}; hover for its name and date, click to jump to its row. ` +
            "The axis is logarithmic: the coming weeks get the most room.</p></div>",
        "</section>",
        `<section aria-labelledby="h-table"><h2 id="h-table">${escapeHtml(view.noun.column)}s</h2>`,
        table(view),
        "</section>",
        "</main>",
        `<footer>Made by ${escapeHtml(view.generator)}. This file is self-contained: it loads nothing from the network.</footer>`,
        `<script type="application/json" id="report-data">${jsonForScript(scriptData(view, details))}</script>`,
        `<script>${REPORT_SCRIPT}</script>`,
        "</body>",
        "</html>",
        "",
    ].join("\n");
}

/** `check --format html`. */
export function renderHtmlReport(report: CheckReport): string {
    return renderHtmlPage(checkReportView(report, `aop-status ${PACKAGE_VERSION}`));
}
