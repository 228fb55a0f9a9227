/**
 * The report's one style sheet, as text: embedded inline and allowed by its SHA-256 hash in the
 * Content-Security-Policy. System fonts only (nothing to fetch), light and dark from
 * `prefers-color-scheme`, and a print layout. Verdicts are coloured AND marked by a shape (the
 * glyph before a badge, the symbol of a timeline mark), so colour is never the only signal.
 */
export const REPORT_STYLE = `
:root {
  color-scheme: light dark;
  --bg: #ffffff; --fg: #1f2328; --muted: #59636e; --line: #d8dee4; --soft: #f6f8fa; --raised: #ffffff;
  --accent: #0969da; --focus: #0969da; --target: #fff8c5;
  --h: #1a7f37; --u: #cf222e; --m: #8250df; --e: #bc4c00;
  --h-soft: #dafbe1; --u-soft: #ffebe9; --m-soft: #fbefff; --e-soft: #fff1e5;
  --warn: rgba(212, 167, 44, 0.18); --warn-line: #bf8700; --band: rgba(110, 119, 129, 0.09);
  --mono: ui-monospace, SFMono-Regular, "SF Mono", Menlo, Consolas, "Liberation Mono", "DejaVu Sans Mono", monospace;
}
@media (prefers-color-scheme: dark) {
  :root {
    --bg: #0d1117; --fg: #e6edf3; --muted: #9198a1; --line: #30363d; --soft: #151b23; --raised: #161b22;
    --accent: #4493f8; --focus: #4493f8; --target: #3b2e00;
    --h: #3fb950; --u: #f85149; --m: #ab7df8; --e: #db6d28;
    --h-soft: rgba(46, 160, 67, 0.15); --u-soft: rgba(248, 81, 73, 0.15); --m-soft: rgba(171, 125, 248, 0.15); --e-soft: rgba(219, 109, 40, 0.15);
    --warn: rgba(210, 153, 34, 0.16); --warn-line: #d29922; --band: rgba(110, 118, 129, 0.12);
  }
}
* { box-sizing: border-box; }
html { background: var(--bg); color: var(--fg); }
body {
  margin: 0 auto; max-width: 1240px; padding: 28px 32px 48px;
  font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", "Noto Sans", "Liberation Sans", Arial, sans-serif;
  font-variant-numeric: tabular-nums;
}
h1 { font-size: 1.5rem; line-height: 1.25; margin: 0 0 4px; font-weight: 650; letter-spacing: -0.01em; }
h2 { font-size: 1.05rem; margin: 0 0 10px; font-weight: 650; }
section { margin-top: 28px; }
code, .mono { font-family: var(--mono); font-size: 0.87em; }
.muted { color: var(--muted); }
.vh { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); clip-path: inset(50%); white-space: nowrap; }
:focus-visible { outline: 2px solid var(--focus); outline-offset: 2px; border-radius: 3px; }

.run { margin: 0; color: var(--muted); }
.run strong { color: var(--fg); font-weight: 600; }
.settings { display: flex; flex-wrap: wrap; gap: 4px 18px; margin: 6px 0 0; padding: 0; font-size: 0.87rem; color: var(--muted); }
.settings div { display: flex; gap: 6px; }
.settings dt::after { content: ":"; }
.settings dd { margin: 0; color: var(--fg); }

.verdict { display: flex; align-items: baseline; gap: 12px; margin-top: 22px; padding: 14px 18px; border-radius: 10px;
  border: 1px solid var(--line); border-left: 5px solid var(--c); background: var(--raised); }
.verdict p { margin: 0; }
.verdict .headline { font-size: 1.15rem; font-weight: 650; }
.verdict .headline::before { color: var(--c); margin-right: 8px; }
.verdict.h { --c: var(--h); } .verdict.u { --c: var(--u); } .verdict.e { --c: var(--e); } .verdict.m { --c: var(--m); }
.verdict.h .headline::before { content: "\\2713" / ""; }
.verdict.u .headline::before { content: "\\25B2" / ""; }
.verdict.m .headline::before { content: "\\25C7" / ""; }
.verdict.e .headline::before { content: "\\2715" / ""; }
.verdict .next { color: var(--muted); }

.counts { display: grid; grid-template-columns: repeat(4, minmax(0, 1fr)); gap: 12px; margin: 16px 0 0; }
.counts div { padding: 12px 16px; border: 1px solid var(--line); border-radius: 10px; background: var(--raised); }
.counts dt { font-size: 0.87rem; color: var(--muted); display: flex; align-items: center; gap: 6px; }
.counts dt::before { font-size: 0.8rem; color: var(--c); }
.counts dd { margin: 2px 0 0; font-size: 1.9rem; font-weight: 650; line-height: 1.1; }
.counts .zero dd { color: var(--muted); font-weight: 500; }
.counts .h { --c: var(--h); } .counts .u { --c: var(--u); } .counts .m { --c: var(--m); } .counts .e { --c: var(--e); }
.counts .h dt::before, .b.h::before { content: "\\2713" / ""; }
.counts .u dt::before, .b.u::before { content: "\\25B2" / ""; }
.counts .m dt::before, .b.m::before { content: "\\25C7" / ""; }
.counts .e dt::before, .b.e::before { content: "\\2715" / ""; }

.figure { border: 1px solid var(--line); border-radius: 10px; padding: 12px 12px 4px; background: var(--raised); }
.timeline { display: block; width: 100%; height: auto; font-size: 11px; }
.timeline text { fill: var(--muted); text-anchor: middle; }
.timeline .lane-label { fill: var(--fg); text-anchor: start; font-size: 12px; font-weight: 600; }
.timeline .lane-count { text-anchor: start; font-size: 12px; }
.timeline .band { fill: var(--band); }
.timeline .warn { fill: var(--warn); }
.timeline .warn-label { fill: var(--warn-line); text-anchor: start; font-weight: 600; }
.timeline .band-label { font-weight: 600; }
.timeline .lane-rule { stroke: var(--line); stroke-width: 1; }
.timeline .tick { stroke: var(--line); stroke-dasharray: 2 3; }
.timeline .tick-label, .timeline .today-label { fill: var(--fg); font-weight: 600; }
.timeline .tick-date { font-size: 10px; }
.timeline .today { stroke: var(--fg); stroke-width: 1.5; }
.timeline .crowd { fill: var(--fg); font-size: 10px; font-weight: 600; }
.timeline .h { fill: var(--h); } .timeline .u { fill: var(--u); } .timeline .e { fill: var(--e); }
.timeline .m { fill: var(--raised); stroke: var(--m); stroke-width: 1.6; }
.marks > * { cursor: pointer; }
.marks > :hover { stroke: var(--fg); stroke-width: 1.5; }
.legend { margin: 6px 4px 8px; font-size: 0.8rem; color: var(--muted); }

.controls { display: flex; flex-wrap: wrap; align-items: center; gap: 8px 16px; margin: 0 0 10px; }
.controls label { font-size: 0.87rem; color: var(--muted); margin-right: 6px; }
.controls select, .controls input {
  font: inherit; font-size: 0.9rem; color: var(--fg); background: var(--bg);
  border: 1px solid var(--line); border-radius: 6px; padding: 4px 8px; }
.controls input { width: 16rem; }
.controls output { margin-left: auto; font-size: 0.87rem; color: var(--muted); }
html:not([data-ready]) .needs-js { display: none; }

.table-wrap { border: 1px solid var(--line); border-radius: 10px; background: var(--raised); }
/* Fixed layout: column widths come from the <col>s, not from measuring 8000 cells. */
table { width: 100%; table-layout: fixed; border-collapse: separate; border-spacing: 0; font-size: 0.9rem; }
.c-name { width: 19%; } .c-zone { width: 6.5rem; } .c-scope { width: 6.8rem; } .c-verdict { width: 7.2rem; } .c-status { width: 11.2rem; }
.c-expires { width: 6.2rem; } .c-days { width: 5.3rem; } .c-cert { width: 6.6rem; }
caption { text-align: left; padding: 10px 14px; color: var(--muted); font-size: 0.87rem; border-bottom: 1px solid var(--line); }
th, td { padding: 8px 10px; text-align: left; vertical-align: top; border-bottom: 1px solid var(--line); }
tbody tr:last-child > * { border-bottom: 0; }
thead th { position: sticky; top: 0; z-index: 1; background: var(--soft); font-size: 0.8rem; font-weight: 600; color: var(--muted); white-space: nowrap; }
thead th:first-child { border-top-left-radius: 10px; } thead th:last-child { border-top-right-radius: 10px; }
th button { all: unset; cursor: pointer; border-radius: 3px; }
th button:focus-visible { outline: 2px solid var(--focus); outline-offset: 2px; }
th button::after { content: "\\2195" / ""; margin-left: 4px; opacity: 0.35; }
th[aria-sort="ascending"] button::after { content: "\\2191" / ""; opacity: 1; }
th[aria-sort="descending"] button::after { content: "\\2193" / ""; opacity: 1; }
th[aria-sort] { color: var(--fg); }
tbody th { font-weight: 600; overflow-wrap: break-word; }
tbody tr:hover > * { background: var(--soft); }
tbody tr:target > * { background: var(--target); }
.n { text-align: right; white-space: nowrap; }
.d { white-space: nowrap; }
.z { overflow: hidden; text-overflow: ellipsis; white-space: nowrap; font-family: var(--mono); font-size: 0.8rem; color: var(--muted); }
.z:hover { white-space: normal; word-break: break-all; }
.neg { color: var(--u); font-weight: 600; }
.soon { color: var(--e); font-weight: 600; }
.b { display: inline-flex; align-items: center; gap: 5px; padding: 1px 8px 1px 7px; border-radius: 999px; font-size: 0.8rem; font-weight: 600; white-space: nowrap; color: var(--c); background: var(--s); }
.b::before { font-size: 0.75rem; }
.b.h { --c: var(--h); --s: var(--h-soft); } .b.u { --c: var(--u); --s: var(--u-soft); }
.b.m { --c: var(--m); --s: var(--m-soft); } .b.e { --c: var(--e); --s: var(--e-soft); }
td small { display: block; color: var(--muted); font-size: 0.8rem; }
.p { overflow-wrap: break-word; }
td, th { overflow-wrap: break-word; }
.p ul { margin: 0; padding-left: 1.1em; }
details summary { cursor: pointer; color: var(--accent); white-space: nowrap; font-size: 0.87rem; }
/* Only an open row positions its details: 1000 positioned rows cost the first layout dearly. */
#rows tr.open { position: relative; }
#rows tr.open > * { padding-bottom: calc(var(--more, 0px) + 22px); }
details dl {
  position: absolute; left: 12px; right: 12px; bottom: 12px; margin: 0; padding: 10px 14px;
  display: grid; grid-template-columns: max-content minmax(0, 1fr); gap: 3px 18px;
  border: 1px solid var(--line); border-radius: 8px; background: var(--soft); font-size: 0.8rem; }
details dt { color: var(--muted); }
details dd { margin: 0; font-family: var(--mono); overflow-wrap: anywhere; }
#f-empty { padding: 16px; margin: 0; color: var(--muted); }
footer { margin-top: 28px; font-size: 0.8rem; color: var(--muted); }

@media (max-width: 1000px) {
  .z, thead th:nth-child(2) { display: none; }
  .c-zone { width: 0; }
}
@media (max-width: 760px) {
  body { padding: 16px; }
  .counts { grid-template-columns: repeat(2, minmax(0, 1fr)); }
  .st-note, td small { display: none; }
}
@media print {
  :root { color-scheme: light; --bg: #fff; --fg: #000; --muted: #444; --line: #bbb; --soft: #f2f2f2; --raised: #fff; --target: #fff; }
  body { max-width: none; padding: 0; font-size: 10pt; }
  .controls, th button::after { display: none; }
  thead th { position: static; }
  tr, .counts div, .verdict { break-inside: avoid; }
  .table-wrap, .figure { border: 0; }
  details summary { color: var(--fg); }
  .z:hover { white-space: nowrap; }
  th, td { padding: 5px 6px; }
}
@media (prefers-reduced-motion: reduce) { * { transition: none !important; } }
`;
