import { expect } from "chai";
import fc from "fast-check";

import { needingAttention } from "../../../provider/cli/attention";
import {
    escapeData,
    escapeProperty,
    MAX_ANNOTATION_MESSAGE_LENGTH,
    newStopToken,
    renderAnnotations,
    renderGithub,
    workflowCommand,
} from "../../../provider/cli/format-github";
import { renderCheckTable } from "../../../provider/cli/format-table";
import type { TargetResult } from "../../../provider/cli/report";
import { failed, healthy, missing, report, unhealthy } from "./fixtures";
import { annotations, parseCommandLine, workflowCommands } from "./workflow-commands";

const expiring = (hostname: string, days: number): TargetResult =>
    unhealthy(hostname, [`certificate expires in ${days} days (2025-06-20)`], { daysUntilExpiry: days });
const deploying = (hostname: string): TargetResult =>
    unhealthy(hostname, ["status is pending_deployment"], { status: "pending_deployment" });

/** Text rich in what matters here: escapes, separators, controls, lone surrogates, astral characters. */
const tricky = fc.string({
    unit: fc.oneof(
        fc.constantFrom(
            "%",
            "%25",
            "%0A",
            "%0D",
            "%3A",
            "%2C",
            "\r",
            "\n",
            ":",
            "::",
            ",",
            "=",
            " ",
            "\u0000",
            "\u001b",
            "\u0085",
            "\uD800",
            "\uDC00",
            "é",
            "🚀",
        ),
        fc.string({ unit: "grapheme-ascii", minLength: 1, maxLength: 1 }),
    ),
    maxLength: 60,
});

// What the runner shows for text we gave it: controls other than CR and LF become U+FFFD.
const shown = (text: string): string =>
    text.replace(
        // eslint-disable-next-line no-control-regex -- the oracle: what the runner must never see
        /[\u0000-\u0009\u000B\u000C\u000E-\u001F\u007F-\u009F]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g,
        "\uFFFD",
    );

describe("aop-status --format github: workflow command escaping", () => {
    it("writes the annotation the issue asks for", () => {
        expect(workflowCommand("error", { title: "AOP app.example.com" }, "status is pending_deployment")).to.equal(
            "::error title=AOP app.example.com::status is pending_deployment",
        );
    });

    it("escapes %, CR and LF in the message, and also : and , in properties, as @actions/core does", () => {
        expect(escapeData("100% done\r\nnext: a, b")).to.equal("100%25 done%0D%0Anext: a, b");
        expect(escapeProperty("100% done\r\nnext: a, b")).to.equal("100%25 done%0D%0Anext%3A a%2C b");
        // "%" first: an escape sequence already in the text survives the runner's unescaping.
        expect(escapeData("%0A")).to.equal("%250A");
    });

    it("round-trips any title and message through the runner's own parser", () => {
        fc.assert(
            fc.property(tricky, tricky, (title, message) => {
                const parsed = parseCommandLine(workflowCommand("error", { title }, message));
                expect(parsed?.command).to.equal("error");
                expect(parsed?.data).to.equal(shown(message));
                // The runner trims the property list, and drops a property with nothing after "=".
                const expected = shown(title).trim();
                expect(parsed?.properties).to.deep.equal(expected.length > 0 ? { title: expected } : {});
            }),
            { numRuns: 500 },
        );
    });

    it("keeps a message on one line whatever it holds, so it cannot start a second command", () => {
        const line = workflowCommand("error", { title: "AOP a.example.com" }, "bad\n::warning::injected\r\n::add-mask::x");
        expect(line).to.not.contain("\n");
        expect(workflowCommands(line).map((c) => c.command)).to.deep.equal(["error"]);
    });

    it("cuts a message longer than 1000 characters", () => {
        const parsed = parseCommandLine(workflowCommand("error", {}, "x".repeat(5000)));
        expect(Array.from(parsed?.data ?? "")).to.have.length(MAX_ANNOTATION_MESSAGE_LENGTH);
        expect(parsed?.data.endsWith("…")).to.equal(true);
    });
});

describe("aop-status --format github: annotations", () => {
    it("annotates each target that needs attention with its problems, titled with its hostname", () => {
        const results = [
            healthy("ok.example.com"),
            deploying("deploying.example.com"),
            failed("broken.example.com", "CloudflareApiError", "Cloudflare API returned HTTP 500: [1000] Internal error, try again"),
        ];
        const found = annotations(renderGithub(report(results)));
        expect(found.map((a) => [a.command, a.properties, a.data])).to.deep.equal([
            [
                "error",
                { title: "AOP broken.example.com" },
                "CloudflareApiError: Cloudflare API returned HTTP 500: [1000] Internal error, try again",
            ],
            ["error", { title: "AOP deploying.example.com" }, "status is pending_deployment"],
        ]);
    });

    it("joins several problems of one target into one annotation", () => {
        const result = unhealthy("two.example.com", ["status is pending_deployment", "hostname AOP is disabled"], {
            status: "pending_deployment",
            enabled: false,
        });
        expect(annotations(renderGithub(report([result]))).map((a) => a.data)).to.deep.equal([
            "status is pending_deployment; hostname AOP is disabled",
        ]);
    });

    it("orders them worst first: errors, not checked, expired, disabled, missing, other findings, then expiring by days left", () => {
        const results = [
            expiring("expiring-20.example.com", 20),
            deploying("deploying.example.com"),
            healthy("ok.example.com"),
            expiring("expiring-5.example.com", 5),
            missing("gone.example.com"),
            unhealthy("disabled.example.com", ["hostname AOP is disabled"], { enabled: false }),
            unhealthy("expired.example.com", ["certificate expired 3 days ago (2025-05-29)"], { daysUntilExpiry: -3 }),
            failed("skipped.example.com", "NotCheckedError", "not checked: the run stopped after AuthenticationError"),
            failed("refused.example.com", "AuthenticationError", "Cloudflare API returned HTTP 403"),
        ];
        expect(annotations(renderGithub(report(results))).map((a) => a.properties.title)).to.deep.equal([
            "AOP refused.example.com",
            "AOP skipped.example.com",
            "AOP expired.example.com",
            "AOP disabled.example.com",
            "AOP gone.example.com",
            "AOP deploying.example.com",
            "AOP expiring-5.example.com",
            "AOP expiring-20.example.com",
        ]);
    });

    it("does not rank a disabled association first when --no-require-enabled made it healthy-relevant only through other problems", () => {
        const results = [
            deploying("deploying.example.com"),
            unhealthy("disabled-and-deploying.example.com", ["status is pending_deployment"], {
                enabled: false,
                status: "pending_deployment",
            }),
        ];
        const titles = (requireEnabled: boolean): string[] =>
            needingAttention(report(results, { requireEnabled })).map((item) => item.result.hostname);
        expect(titles(true)).to.deep.equal(["disabled-and-deploying.example.com", "deploying.example.com"]);
        expect(titles(false)).to.deep.equal(["deploying.example.com", "disabled-and-deploying.example.com"]);
    });

    it("makes a hostname missing with --allow-missing a warning, not an error", () => {
        const found = annotations(renderGithub(report([missing("gone.example.com")], { allowMissing: true })));
        expect(found).to.have.length(1);
        expect(found[0].command).to.equal("warning");
        expect(found[0].data).to.match(/no per-hostname AOP association .*\(allowed by --allow-missing\)$/);
        const strict = annotations(renderGithub(report([missing("gone.example.com")])));
        expect(strict.map((a) => a.command)).to.deep.equal(["error"]);
    });

    it("prints at most 10 errors, the worst, then one notice counting the rest", () => {
        const results = [
            ...Array.from({ length: 12 }, (_, i) => deploying(`deploying-${i}.example.com`)),
            unhealthy("expired.example.com", ["certificate expired 1 day ago (2025-05-31)"], { daysUntilExpiry: -1 }),
        ];
        const found = annotations(renderGithub(report(results)));
        expect(found.filter((a) => a.command === "error")).to.have.length(10);
        expect(found[0].properties.title).to.equal("AOP expired.example.com");
        expect(found.slice(1, 10).map((a) => a.properties.title)).to.deep.equal(
            Array.from({ length: 9 }, (_, i) => `AOP deploying-${i}.example.com`),
        );
        const notices = found.filter((a) => a.command === "notice");
        expect(notices).to.have.length(1);
        expect(notices[0].data).to.match(
            /^3 more targets need attention \(3 more errors\) but are not annotated: GitHub shows 10 annotations/,
        );
        expect(found[found.length - 1]).to.equal(notices[0]);
    });

    it("counts errors and warnings left out separately, and keeps to 10 of each kind", () => {
        const results = [
            ...Array.from({ length: 11 }, (_, i) => deploying(`d${i}.example.com`)),
            ...Array.from({ length: 12 }, (_, i) => missing(`m${i}.example.com`)),
        ];
        const found = annotations(renderGithub(report(results, { allowMissing: true })));
        expect(found.filter((a) => a.command === "error")).to.have.length(10);
        expect(found.filter((a) => a.command === "warning")).to.have.length(10);
        expect(found.filter((a) => a.command === "notice").map((a) => a.data)).to.deep.equal([
            "3 more targets need attention (1 more error, 2 more warnings) but are not annotated: GitHub shows 10 annotations of each kind per step. The table in the log lists every target.",
        ]);
    });

    it("prints exactly 10 without a notice when exactly 10 need attention", () => {
        const lines = renderAnnotations(report(Array.from({ length: 10 }, (_, i) => deploying(`d${i}.example.com`))));
        expect(lines).to.have.length(10);
        expect(lines.every((line) => line.startsWith("::error "))).to.equal(true);
    });

    it("adds nothing to the table for a healthy fleet", () => {
        const text = renderGithub(report([healthy("a.example.com"), healthy("b.example.com")]), undefined, "TOKEN");
        expect(text).to.equal(
            `::stop-commands::TOKEN\n${renderCheckTable(report([healthy("a.example.com"), healthy("b.example.com")]))}::TOKEN::\n`,
        );
        expect(annotations(text)).to.deep.equal([]);
    });
});

describe("aop-status --format github: the table in between", () => {
    it("prints the table with workflow commands stopped, so a line of API text in it is never a command", () => {
        const hostile = unhealthy("evil.example.com", ["status is x\n::error title=AOP ok.example.com::forged\n::add-mask::y"], {
            status: "x\n::error title=AOP ok.example.com::forged",
        });
        const text = renderGithub(report([healthy("ok.example.com"), hostile]));
        const found = workflowCommands(text);
        expect(found.map((c) => c.command)).to.deep.equal(["error"]);
        expect(found[0].properties.title).to.equal("AOP evil.example.com");
        expect(found[0].data).to.contain("::error title=AOP ok.example.com::forged");
    });

    it("resumes commands with a fresh random token every run", () => {
        const a = newStopToken();
        const b = newStopToken();
        expect(a).to.match(/^aop-status-[0-9a-f]{32}$/);
        expect(a).to.not.equal(b);
        const text = renderGithub(report([deploying("d.example.com")]));
        const [first] = text.split("\n");
        const token = first.replace("::stop-commands::", "");
        expect(text).to.contain(`\n::${token}::\n::error title=AOP d.example.com::`);
    });
});
