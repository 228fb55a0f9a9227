import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { expect } from "chai";
import fc from "fast-check";

import type { CliIo } from "../../../provider/cli/io";
import type { TargetResult } from "../../../provider/cli/report";
import {
    appendStepSummary,
    escapeMarkdownCell,
    MAX_CELL_LENGTH,
    MAX_SUMMARY_ROWS,
    renderStepSummary,
} from "../../../provider/cli/step-summary";
import { failed, healthy, missing, report, unhealthy, ZONE } from "./fixtures";
import { MARKUP, renderGfm, tablesIn, textOf } from "./markdown-table";

const WORD_JOINER = /\u2060/g;

/** The text a reader sees in a rendered cell (the invisible word joiners removed); fails on any markup. */
const visible = (cellHtml: string): string => textOf(cellHtml).replace(WORD_JOINER, "");

/** Renders one cell in a one-row table as GitHub would, and returns the row's cells. */
function renderedRow(cells: readonly string[], secrets: readonly string[] = []): string[] {
    const markdown = `| a | b | c |\n| --- | --- | --- |\n| ${cells.map((cell) => escapeMarkdownCell(cell, secrets)).join(" | ")} |\n`;
    const [table] = tablesIn(renderGfm(markdown));
    return table.rows[0];
}

const HOSTILE = [
    "a | b",
    "back\\slash | pipe",
    "two\nlines | x",
    "*bold* _em_ ~~strike~~ `code`",
    "[link](https://evil.example/phish) ![img](https://evil.example/x.png)",
    "<script>alert(1)</script> <img src=x onerror=alert(1)> <!-- c -->",
    "www.evil.example https://evil.example/path http://x.y",
    "mail admin@evil.example or ping @octocat and @org/team",
    "see #1 and GH-2 and owner/repo#3",
    "&amp; &lt;b&gt; &#x41;",
    "$x^2$ math and $$y$$",
    "\\| escaped pipe already",
    "ends with backslash\\",
    "| leading pipe",
    "::error::not here",
    "emoji :smile: stays text",
];

describe("the job summary's Markdown escaping", () => {
    it("keeps each hostile value in its own cell, shown exactly, with no markup or link", () => {
        for (const value of HOSTILE) {
            const row = renderedRow(["left", value, "right"]);
            expect(row, JSON.stringify(value)).to.have.length(3);
            expect(row[0]).to.equal("left");
            expect(row[2]).to.equal("right");
            expect(row[1], JSON.stringify(value)).to.not.match(MARKUP);
            expect(row[1], JSON.stringify(value)).to.not.match(/[<>]/);
            expect(visible(row[1]), JSON.stringify(value)).to.equal(value.replace(/\n/g, " "));
        }
    });

    it("keeps any text to one cell and shows it as written (line breaks as spaces, controls as U+FFFD)", () => {
        const unit = fc.oneof(
            fc.constantFrom(
                "|",
                "\\",
                "`",
                "*",
                "_",
                "[",
                "]",
                "(",
                ")",
                "<",
                ">",
                "&",
                "!",
                "#",
                "@",
                ":",
                ".",
                "~",
                "$",
                "\n",
                "\r",
                "\t",
                "\u0000",
                "\u202E",
                "é",
                "🚀",
                "www.",
                "http://",
            ),
            fc.string({ unit: "grapheme-ascii", minLength: 1, maxLength: 1 }),
        );
        fc.assert(
            fc.property(fc.string({ unit, maxLength: 40 }), (value) => {
                const row = renderedRow(["left", value, "right"]);
                expect(row).to.have.length(3);
                expect(row[2]).to.equal("right");
                expect(row[1]).to.not.match(MARKUP);
                const expected = value
                    .replace(/\r\n|\r|\n|\t/g, " ")
                    // eslint-disable-next-line no-control-regex -- the oracle: what a Markdown cell must not carry
                    .replace(/[\u0000-\u001F\u007F-\u009F\u202E]/g, "\uFFFD")
                    .trim();
                expect(visible(row[1])).to.equal(expected);
            }),
            { numRuns: 300 },
        );
    });

    it("breaks e-mail addresses, @mentions and #references with an invisible word joiner", () => {
        // GitHub's renderer (cmark-gfm's autolink extension) links an e-mail address even when "@" and "."
        // are escaped, since it looks at the text after escapes are resolved; micromark above does not, so
        // this says it directly.
        expect(escapeMarkdownCell("admin@evil.example @octocat #12 a@ #")).to.equal(
            "admin\\@\u2060evil\\.example \\@\u2060octocat \\#\u206012 a\\@ \\#",
        );
    });

    it("cuts a cell longer than 300 characters", () => {
        const [, cell] = renderedRow(["a", "x".repeat(1000), "c"]);
        expect(Array.from(cell)).to.have.length(MAX_CELL_LENGTH);
        expect(cell.endsWith("…")).to.equal(true);
    });

    it("redacts a secret before escaping, so escaping its '-' and '_' cannot hide it from redaction", () => {
        const secret = "tok_EN-with-dashes_1234567890";
        const escaped = escapeMarkdownCell(`Cloudflare said: bad token ${secret}`, [secret]);
        const [, cell] = renderedRow(["a", `Cloudflare said: bad token ${secret}`, "c"], [secret]);
        expect(visible(cell)).to.equal("Cloudflare said: bad token [redacted]");
        expect(escaped).to.not.contain("EN");
    });
});

const SAMPLE = [
    healthy("ok.example.com"),
    unhealthy("deploying.example.com", ["status is pending_deployment"], { status: "pending_deployment" }),
    unhealthy("expiring.example.com", ["certificate expires in 12 days (2025-06-13)"], {
        daysUntilExpiry: 12,
        certNotAfter: "2025-06-13T00:00:00.000Z",
    }),
    missing("gone.example.com"),
    failed("broken.example.com", "CloudflareApiError", "Cloudflare API returned HTTP 500"),
];

describe("the job summary (GITHUB_STEP_SUMMARY)", () => {
    it("starts with the counts, then lists the targets that need attention, worst first, with their problems", () => {
        const markdown = renderStepSummary(report(SAMPLE));
        expect(markdown.split("\n")[0]).to.equal("### ❌ Authenticated Origin Pulls: 4 of 5 targets need attention");
        const [counts, targets] = tablesIn(renderGfm(markdown));
        expect(counts.header).to.deep.equal(["Targets", "Healthy", "Unhealthy", "Missing", "Errors"]);
        expect(counts.rows).to.deep.equal([["5", "1", "2", "1", "1"]]);
        expect(targets.header).to.deep.equal(["Hostname", "Zone", "Result", "Expires", "Problems"]);
        expect(targets.rows.map((row) => row.map(visible))).to.deep.equal([
            ["broken.example.com", ZONE, "error", "", "CloudflareApiError: Cloudflare API returned HTTP 500"],
            ["gone.example.com", ZONE, "missing", "", "hostname has no per-hostname AOP association (Cloudflare returned 404)"],
            ["deploying.example.com", ZONE, "unhealthy", "2030-01-01 (1500 days)", "status is pending_deployment"],
            ["expiring.example.com", ZONE, "unhealthy", "2025-06-13 (12 days)", "certificate expires in 12 days (2025-06-13)"],
        ]);
        expect(renderGfm(markdown)).to.contain("<code>--expiry-warning-days 30</code>");
    });

    it("says all is fine and lists nothing for a healthy fleet", () => {
        const markdown = renderStepSummary(report([healthy("a.example.com"), healthy("b.example.com")]));
        expect(markdown.split("\n")[0]).to.equal("### ✅ Authenticated Origin Pulls: all 2 targets are fine");
        expect(tablesIn(renderGfm(markdown))).to.have.length(1);
    });

    it("lists a hostname missing with --allow-missing as allowed, without counting it as needing attention", () => {
        const markdown = renderStepSummary(report([healthy("a.example.com"), missing("gone.example.com")], { allowMissing: true }));
        expect(markdown.split("\n")[0]).to.equal("### ✅ Authenticated Origin Pulls: all 2 targets are fine");
        const [, targets] = tablesIn(renderGfm(markdown));
        expect(targets.rows.map((row) => visible(row[2]))).to.deep.equal(["missing (allowed)"]);
        expect(renderGfm(markdown)).to.contain("<code>--allow-missing</code>");
    });

    it("labels targets skipped after a fatal error as not checked", () => {
        const results: TargetResult[] = [
            failed("a.example.com", "AuthenticationError", "Cloudflare API returned HTTP 403"),
            failed("b.example.com", "NotCheckedError", "not checked: the run stopped after AuthenticationError for a.example.com"),
        ];
        const [, targets] = tablesIn(renderGfm(renderStepSummary(report(results))));
        expect(targets.rows.map((row) => visible(row[2]))).to.deep.equal(["error", "not checked"]);
    });

    it("keeps to 100 rows and says how many more there are", () => {
        const results = Array.from({ length: 130 }, (_, i) =>
            unhealthy(`d${i}.example.com`, ["status is pending_deployment"], { status: "pending_deployment" }),
        );
        const markdown = renderStepSummary(report(results));
        const [, targets] = tablesIn(renderGfm(markdown));
        expect(targets.rows).to.have.length(MAX_SUMMARY_ROWS);
        expect(markdown).to.contain("… and 30 more targets: the job log lists every one.");
    });

    it("stays far below GitHub's 1 MiB step summary limit with long hostile messages", () => {
        const message = "|*[](<>)".repeat(500);
        const results = Array.from({ length: 100 }, (_, i) => failed(`f${i}.example.com`, "CloudflareApiError", message));
        const markdown = renderStepSummary(report(results));
        expect(Buffer.byteLength(markdown)).to.be.below(512 * 1024 + 1024);
        expect(tablesIn(renderGfm(markdown))[1].rows.every((row) => row.length === 5)).to.equal(true);
    });
});

describe("appending the job summary", () => {
    let dir: string;
    let stderr: string;
    const io = (env: Record<string, string>): CliIo => ({
        stdout: { write: () => true },
        stderr: { write: (chunk: string) => ((stderr += chunk), true) },
        env,
    });
    beforeEach(() => {
        dir = mkdtempSync(join(tmpdir(), "aop-step-summary-"));
        stderr = "";
    });
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    it("appends to the file GITHUB_STEP_SUMMARY names, after what earlier commands of the step wrote", () => {
        const file = join(dir, "step_summary");
        writeFileSync(file, "# Earlier\n\n");
        appendStepSummary(io({ GITHUB_STEP_SUMMARY: file }), report(SAMPLE));
        const text = readFileSync(file, "utf8");
        expect(text.startsWith("# Earlier\n\n### ❌ Authenticated Origin Pulls")).to.equal(true);
        expect(stderr).to.equal("");
    });

    it("writes nothing when GITHUB_STEP_SUMMARY is unset or blank", () => {
        appendStepSummary(io({ GITHUB_STEP_SUMMARY: "  " }), report(SAMPLE));
        appendStepSummary(io({}), report(SAMPLE));
        expect(stderr).to.equal("");
    });

    it("warns on stderr, and does not throw, when the file cannot be written", () => {
        const file = join(dir, "no-such-folder", "step_summary");
        appendStepSummary(io({ GITHUB_STEP_SUMMARY: file }), report(SAMPLE));
        expect(stderr).to.equal(
            `aop-status: warning: cannot append the job summary to GITHUB_STEP_SUMMARY ${JSON.stringify(file)} (ENOENT); ` +
                "the check itself is unaffected (--no-step-summary turns the summary off)\n",
        );
    });

    it("never writes the credential, even when the API echoed it in an error message", () => {
        const token = "summary-SECRET_token-9f8e7d";
        const file = join(dir, "step_summary");
        const results = [failed("a.example.com", "CloudflareApiError", `Cloudflare API returned HTTP 400: bad header ${token}`)];
        appendStepSummary(io({ GITHUB_STEP_SUMMARY: file, CLOUDFLARE_API_TOKEN: token }), report(results));
        const [, targets] = tablesIn(renderGfm(readFileSync(file, "utf8")));
        expect(visible(targets.rows[0][4])).to.equal("CloudflareApiError: Cloudflare API returned HTTP 400: bad header [redacted]");
    });
});
