/**
 * The report's one script, as text: the page embeds it inline and allows it by its SHA-256 hash
 * in the Content-Security-Policy, so no other script can run. It only adds behaviour: sorting,
 * filtering, and un-hiding a filtered row before a timeline mark jumps to it. Without it the page
 * still shows everything, worst first.
 *
 * Rules it keeps: data comes from the JSON block through JSON.parse; text is set with
 * textContent, never innerHTML; it touches no network API. It ends by setting `data-ready` on
 * <html> and the performance mark "aop-report-ready", which the tests and the benchmark wait for.
 */
export const REPORT_SCRIPT = `(function () {
"use strict";
var doc = document;
var data = JSON.parse(doc.getElementById("report-data").textContent);
var count = data.v.length;
var rows = [];
// Names and zones are the cells' own text (a row's first two cells), not sent twice.
data.n = [];
data.z = [];
for (var i = 0; i < count; i++) {
  var row = doc.getElementById("r" + i);
  rows.push(row);
  data.n.push(row.cells[0].textContent);
  data.z.push(row.cells[1].textContent);
}

// Each row with a certificate gets its disclosure, in its last cell.
for (var c = 0; c < count; c++) {
  if (data.k[c] === null) continue;
  var disclosure = doc.createElement("details");
  disclosure.setAttribute("data-c", String(data.k[c]));
  var summary = doc.createElement("summary");
  summary.textContent = "Certificate";
  disclosure.appendChild(summary);
  rows[c].lastElementChild.appendChild(disclosure);
}
var body = doc.getElementById("rows");
var RANK = { u: 0, e: 1, m: 2, h: 3 };

function text(a, b) { return a < b ? -1 : a > b ? 1 : 0; }
function nullsLast(a, b, dir, compare) {
  if (a === null || b === null) return a === b ? 0 : a === null ? 1 : -1;
  return compare(a, b) * dir;
}
function numbers(a, b) { return a - b; }
var KEYS = {
  name: function (a, b, dir) { return text(data.n[a], data.n[b]) * dir; },
  zone: function (a, b, dir) { return text(data.z[a], data.z[b]) * dir; },
  verdict: function (a, b, dir) {
    return (RANK[data.v[a]] - RANK[data.v[b]]) * dir || nullsLast(data.d[a], data.d[b], 1, numbers);
  },
  status: function (a, b, dir) { return nullsLast(data.s[a], data.s[b], dir, text); },
  days: function (a, b, dir) { return nullsLast(data.d[a], data.d[b], dir, numbers); }
};

var sortKey = "verdict";
var sortDir = 1;
var buttons = doc.querySelectorAll("th button[data-key]");

function sort() {
  var order = [];
  for (var i = 0; i < count; i++) order.push(i);
  var compare = KEYS[sortKey];
  order.sort(function (a, b) { return compare(a, b, sortDir) || text(data.n[a], data.n[b]) || a - b; });
  var fragment = doc.createDocumentFragment();
  for (var j = 0; j < count; j++) fragment.appendChild(rows[order[j]]);
  body.appendChild(fragment);
  for (var k = 0; k < buttons.length; k++) {
    var th = buttons[k].parentNode;
    if (buttons[k].getAttribute("data-key") === sortKey) th.setAttribute("aria-sort", sortDir === 1 ? "ascending" : "descending");
    else th.removeAttribute("aria-sort");
  }
}

var verdictFilter = doc.getElementById("f-verdict");
var textFilter = doc.getElementById("f-text");
var shown = doc.getElementById("f-shown");
var empty = doc.getElementById("f-empty");

function filter() {
  var verdict = verdictFilter.value;
  var query = textFilter.value.trim().toLowerCase();
  var visible = 0;
  for (var i = 0; i < count; i++) {
    var keep = verdict === "all" || (verdict === "attention" ? data.a[i] === 1 : data.v[i] === verdict);
    if (keep && query) keep = data.n[i].toLowerCase().indexOf(query) >= 0 || data.z[i].indexOf(query) >= 0;
    rows[i].hidden = !keep;
    if (keep) visible++;
  }
  shown.textContent = visible === count ? "Showing all " + count : "Showing " + visible + " of " + count;
  empty.hidden = visible > 0;
}

for (var b = 0; b < buttons.length; b++) {
  buttons[b].addEventListener("click", function (event) {
    var key = event.currentTarget.getAttribute("data-key");
    sortDir = key === sortKey ? -sortDir : 1;
    sortKey = key;
    sort();
  });
}
verdictFilter.addEventListener("change", filter);
textFilter.addEventListener("input", filter);

// A row's certificate details, built from the data the first time its disclosure opens. The
// list spans the whole row: it is positioned over room the row reserves below its cells (--more),
// kept equal to the list's height as the window resizes.
function fill(details) {
  var list = details.querySelector("dl");
  if (list) return list;
  var facts = data.c[Number(details.getAttribute("data-c"))] || [];
  list = doc.createElement("dl");
  for (var i = 0; i < facts.length; i++) {
    var term = doc.createElement("dt");
    term.textContent = data.l[facts[i][0]];
    var value = doc.createElement("dd");
    value.textContent = typeof facts[i][1] === "string" ? facts[i][1] : facts[i][1].join(", ");
    list.appendChild(term);
    list.appendChild(value);
  }
  details.appendChild(list);
  return list;
}
function reserve(list) {
  var row = list.closest("tr");
  if (row) row.style.setProperty("--more", list.offsetHeight + "px");
}
var resized = typeof ResizeObserver === "function"
  ? new ResizeObserver(function (entries) { for (var i = 0; i < entries.length; i++) reserve(entries[i].target); })
  : null;
body.addEventListener("toggle", function (event) {
  var details = event.target;
  if (!(details instanceof HTMLDetailsElement)) return;
  var row = details.closest("tr");
  var list = fill(details);
  if (details.open) {
    row.classList.add("open");
    reserve(list);
    if (resized) resized.observe(list);
  } else {
    row.classList.remove("open");
    if (resized) resized.unobserve(list);
  }
}, true);

// Clicking a mark (the marks are in row order) jumps to its row; a row the filter hides is shown first.
var marks = doc.querySelectorAll("#timeline .marks > *");
doc.getElementById("timeline").addEventListener("click", function (event) {
  var index = Array.prototype.indexOf.call(marks, event.target);
  if (index < 0) return;
  if (rows[index].hidden) {
    verdictFilter.value = "all";
    textFilter.value = "";
    filter();
  }
  location.hash = "#r" + index;
});

filter();
// The controls work from here. "aop-report-rendered" follows once the browser has also drawn
// the page: the benchmark's time to interactive is the later of the two.
doc.documentElement.setAttribute("data-ready", "");
if (window.performance && performance.mark) {
  performance.mark("aop-report-ready");
  requestAnimationFrame(function () {
    setTimeout(function () { performance.mark("aop-report-rendered"); }, 0);
  });
}
})();
`;
