/**
 * The HTML report in a real browser: Debian's Chromium (or whichever Chromium the machine has,
 * see tests/support/browser.ts), driven by playwright-core, opening the files the built CLI wrote
 * from disk. Never skipped: without a browser that can be found or installed, `before` fails
 * with one line saying how to install one.
 *
 * Three reports, each made by `aop-status check --format html --output …`:
 *  - the emulator's demo data (one target of each verdict but error);
 *  - a 1000-target fleet over three zones;
 *  - a hostile server's answers: markup, attribute breakers, javascript: URLs and SVG injection in
 *    every field it controls, and an error message built the same way.
 */
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";

import { expect } from "chai";
import type { Browser, Page } from "playwright-core";

import { issueCertificate } from "../../../emulator/certificates";
import { PRIVATE_KEY_CANARY, SAMPLE_ZONE_ID, SCAN_FIXTURE, scanSeed, startEmulator, type RunningEmulator } from "../../../emulator/index";
import { ensureBrowser, launchBrowser, type LaunchedBrowser } from "../../support/browser";
import {
    demoReportSource,
    fleetReportSource,
    REPORT_TOKEN,
    runReportCli,
    writeReportWithCli,
    type CliReport,
} from "../../support/html-report";
import { envelope, failure, sampleResult, ScriptedServer } from "../../support/scripted-server";
import { ensureBuilt, runCli } from "../cli/support";

const FLEET_SIZE = 1000;
const HOSTILE_HOST = "hostile.example.com";
const BROKEN_HOST = "broken.example.com";

/** Each would set window.__aopHostile if it ever ran. */
const HOSTILE = {
    status: '"><script>window.__aopHostile="status"</script>',
    certStatus: '</svg><script>window.__aopHostile="svg"</script><svg onload="window.__aopHostile=\'onload\'">',
    issuer: '<foreignObject><iframe srcdoc="<script>parent.__aopHostile=1</script>"></iframe></foreignObject>',
    serial: "javascript:window.__aopHostile='link'",
    certId: "' onmouseover='window.__aopHostile=\"attr\"' x='",
    message: '</script><script>window.__aopHostile="message"</script><!-- <img src=x onerror="window.__aopHostile=1">',
    subject: '<script>window.__aopHostile="subject"</script>',
};

interface PageWatch {
    page: Page;
    errors: string[];
    requests: string[];
}

/** A page that records console errors, uncaught exceptions and every request, and lets nothing but file: URLs through. */
async function openReport(
    browser: Browser,
    file: string,
    options: { width?: number; colorScheme?: "light" | "dark" } = {},
): Promise<PageWatch> {
    const context = await browser.newContext({
        viewport: { width: options.width ?? 1280, height: 900 },
        colorScheme: options.colorScheme ?? "light",
    });
    await context.route("**/*", (route) => (route.request().url().startsWith("file:") ? route.continue() : route.abort()));
    const page = await context.newPage();
    const watch: PageWatch = { page, errors: [], requests: [] };
    page.on("console", (message) => {
        if (message.type() === "error") watch.errors.push(message.text());
    });
    page.on("pageerror", (error) => watch.errors.push(`uncaught: ${error.message}`));
    page.on("request", (request) => watch.requests.push(request.url()));
    await page.goto(pathToFileURL(file).href);
    await page.waitForSelector("html[data-ready]", { timeout: 20_000 });
    return watch;
}

async function close(watch: PageWatch): Promise<void> {
    await watch.page.context().close();
}

/** The days-left column as numbers (null for "—"), top to bottom, visible rows only. */
async function visibleDays(page: Page): Promise<Array<number | null>> {
    const texts = await page.locator("#rows tr:not([hidden]) td.n").allTextContents();
    return texts.map((text) => (text === "\u2014" ? null : Number(text.replace("\u2212", "-"))));
}

describe("the HTML report in a real browser (Chromium through playwright-core)", function () {
    this.timeout(60_000);
    let scratch: string;
    let chromium: LaunchedBrowser;
    let demo: CliReport;
    let fleet: CliReport;
    let hostile: CliReport;
    let hostileServer: ScriptedServer;

    before(async function () {
        // A fresh machine installs Debian's chromium here (minutes), and builds the CLI.
        this.timeout(20 * 60_000);
        ensureBuilt();
        const executable = ensureBrowser();
        scratch = mkdtempSync(path.join(tmpdir(), "aop-html-report-"));
        chromium = await launchBrowser(executable);

        demo = await writeReportWithCli(demoReportSource(), { file: path.join(scratch, "demo.html") });
        fleet = await writeReportWithCli(fleetReportSource(FLEET_SIZE), { file: path.join(scratch, "fleet.html") });

        const pem = issueCertificate({
            commonName: HOSTILE.subject,
            notBefore: new Date(Date.now() - 86_400_000),
            notAfter: new Date(Date.now() + 90 * 86_400_000),
        }).pem;
        hostileServer = await ScriptedServer.start();
        hostileServer.reply((request) =>
            request.url.includes(BROKEN_HOST)
                ? { status: 400, body: failure(1000, HOSTILE.message) }
                : {
                      status: 200,
                      body: envelope(
                          sampleResult({
                              hostname: HOSTILE_HOST,
                              status: HOSTILE.status,
                              cert_status: HOSTILE.certStatus,
                              issuer: HOSTILE.issuer,
                              serial_number: HOSTILE.serial,
                              cert_id: HOSTILE.certId,
                              certificate: pem,
                          }),
                      ),
                  },
        );
        hostile = await runReportCli(hostileServer.baseUrl, [`${SAMPLE_ZONE_ID}/${HOSTILE_HOST}`, `${SAMPLE_ZONE_ID}/${BROKEN_HOST}`], {
            file: path.join(scratch, "hostile.html"),
            env: { AOP_STATUS_MAX_RETRIES: "0" },
        });
    });

    after(async () => {
        await chromium?.close();
        await hostileServer?.stop();
        if (scratch) rmSync(scratch, { recursive: true, force: true });
    });

    it("is written by the CLI from the demo data, with the token nowhere in it", () => {
        expect(demo.code, demo.stderr).to.equal(1);
        expect(demo.stdout).to.contain(`html report written to ${demo.file}`);
        const html = readFileSync(demo.file, "utf8");
        expect(html).to.not.contain(REPORT_TOKEN);
        expect(html).to.contain(demo.baseUrl);
    });

    it("opens from disk with no console error and no request but the file itself", async () => {
        const watch = await openReport(chromium.browser, demo.file);
        try {
            expect(watch.errors).to.deep.equal([]);
            expect(watch.requests).to.deep.equal([pathToFileURL(demo.file).href]);
        } finally {
            await close(watch);
        }
    });

    it("shows one table row and one timeline mark per target, the counts, the base URL and the time of the run", async () => {
        const { page } = await openReport(chromium.browser, demo.file);
        try {
            const targets = demoReportSource().targets.length;
            expect(await page.locator("#rows > tr").count()).to.equal(targets);
            expect(await page.locator("#timeline .marks > *").count()).to.equal(targets);
            const counts = await page.locator(".counts dd").allTextContents();
            expect(counts).to.deep.equal(["1", "4", "1", "0"]);
            expect(await page.locator(".run").textContent()).to.match(
                new RegExp(
                    `^Checked 6 hostnames against ${demo.baseUrl.replace(/[.]/g, "\\.")} on \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d UTC in \\d+`,
                ),
            );
            expect(await page.locator(".verdict .headline").textContent()).to.equal("5 of 6 hostnames need attention");
            expect(await page.locator("#timeline svg desc").textContent()).to.contain(
                "1 expired, 1 expires within the 30-day warning window",
            );
        } finally {
            await close({ page, errors: [], requests: [] });
        }
    });

    it("sorts the rows by days left, soonest first, then latest first, and says so with aria-sort", async () => {
        const { page } = await openReport(chromium.browser, demo.file);
        try {
            const before = await page.locator("#rows > tr").evaluateAll((rows) => rows.map((row) => (row as { id: string }).id));
            await page.click('button[data-key="days"]');
            const ascending = await visibleDays(page);
            const after = await page.locator("#rows > tr").evaluateAll((rows) => rows.map((row) => (row as { id: string }).id));
            expect(after).to.not.deep.equal(before);
            const dated = ascending.filter((days): days is number => days !== null);
            expect(dated).to.deep.equal([...dated].sort((a, b) => a - b));
            expect(ascending[ascending.length - 1], "no date sorts last").to.equal(null);
            expect(await page.locator('th:has(button[data-key="days"])').getAttribute("aria-sort")).to.equal("ascending");
            expect(await page.locator('th:has(button[data-key="verdict"])').getAttribute("aria-sort")).to.equal(null);

            await page.click('button[data-key="days"]');
            const descending = (await visibleDays(page)).filter((days): days is number => days !== null);
            expect(descending).to.deep.equal([...dated].reverse());
            expect(await page.locator('th:has(button[data-key="days"])').getAttribute("aria-sort")).to.equal("descending");
        } finally {
            await page.context().close();
        }
    });

    it("hides the healthy rows when the filter shows those needing attention, and says how many it shows", async () => {
        const { page } = await openReport(chromium.browser, demo.file);
        try {
            await page.selectOption("#f-verdict", "attention");
            const shown = await page.locator("#rows > tr:not([hidden]) .b").allTextContents();
            expect(shown).to.have.length(5);
            expect(shown).to.not.include("healthy");
            expect(await page.locator("#rows > tr:has(.b.h)").isHidden()).to.equal(true);
            expect(await page.locator("#f-shown").textContent()).to.equal("Showing 5 of 6");

            await page.selectOption("#f-verdict", "all");
            await page.fill("#f-text", "expir");
            expect(await page.locator("#rows > tr:not([hidden]) th").allTextContents()).to.deep.equal(["expiring.example.com"]);
        } finally {
            await page.context().close();
        }
    });

    it("jumps from a timeline mark to its row, showing a row the filter hid; marks are never tab stops", async () => {
        const { page } = await openReport(chromium.browser, demo.file);
        try {
            await page.selectOption("#f-verdict", "attention");
            const healthyIndex = demoReportSource().targets.findIndex((target) => target.endsWith("/healthy.example.com"));
            const mark = page.locator("#timeline .marks > *").nth(healthyIndex);
            expect(await mark.locator("title").textContent()).to.match(/^healthy\.example\.com: expires \d{4}-\d\d-\d\d, healthy$/);
            await mark.click({ force: true });
            expect(await page.evaluate("location.hash")).to.equal(`#r${healthyIndex}`);
            expect(await page.locator(`#r${healthyIndex}`).isVisible()).to.equal(true);
            expect(await page.locator("#f-verdict").inputValue()).to.equal("all");

            await page.evaluate("document.activeElement.blur(); window.scrollTo(0, 0)");
            const stops: string[] = [];
            for (let i = 0; i < 14; i++) {
                await page.keyboard.press("Tab");
                stops.push(
                    String(
                        await page.evaluate(
                            "(e => e.closest('svg') ? 'SVG' : e.tagName + (e.id ? '#' + e.id : ''))(document.activeElement)",
                        ),
                    ),
                );
            }
            expect(stops).to.include.members(["SELECT#f-verdict", "INPUT#f-text", "BUTTON", "SUMMARY"]);
            expect(stops).to.not.include("SVG");
        } finally {
            await page.context().close();
        }
    });

    it("opens a row's certificate details: fingerprint, subject, SANs, not before and not after, never the PEM", async () => {
        const { page } = await openReport(chromium.browser, demo.file);
        try {
            const row = page.locator("#rows > tr", { hasText: "expiring.example.com" });
            await row.locator("summary").click();
            const terms = await row.locator("details dt").allTextContents();
            expect(terms).to.include.members(["SHA-256 fingerprint", "Subject", "SANs", "Not before", "Not after"]);
            const text = (await row.locator("details dl").textContent()) ?? "";
            expect(text).to.match(/([0-9A-F]{2}:){31}[0-9A-F]{2}/);
            expect(text).to.contain("CN=expiring.example.com");
            expect(await page.content()).to.not.contain("BEGIN CERTIFICATE");
        } finally {
            await page.context().close();
        }
    });

    it("shows a hostile server's strings as text, and none of its scripts ever runs", async () => {
        expect(hostile.code, hostile.stderr).to.equal(3);
        const watch = await openReport(chromium.browser, hostile.file);
        const { page } = watch;
        try {
            // Every place a string could go: rows, problems, the disclosure, the marks' titles.
            await page.locator("#rows summary").first().click();
            await page.locator("#timeline .marks > *").first().hover({ force: true });
            expect(await page.evaluate("window.__aopHostile")).to.equal(undefined);
            expect(watch.errors).to.deep.equal([]);
            expect(watch.requests).to.deep.equal([pathToFileURL(hostile.file).href]);
            expect(await page.locator("script").count()).to.equal(2);
            expect(
                await page.locator("iframe, img, foreignObject, a[href^='javascript:'], [onload], [onerror], [onmouseover]").count(),
            ).to.equal(0);
            const text = (await page.locator("main").textContent()) ?? "";
            expect(text).to.contain(HOSTILE.status);
            expect(text).to.contain(HOSTILE.certStatus);
            expect(text).to.contain(HOSTILE.issuer);
            expect(text).to.contain(HOSTILE.serial);
            expect(text).to.contain(HOSTILE.certId);
            expect(text).to.contain(HOSTILE.message);
            expect(text).to.contain(HOSTILE.subject.replace(/</g, "\\<").replace(/>/g, "\\>").replace(/"/g, '\\"'));
            expect(await page.locator("#timeline .marks > *").count()).to.equal(2);
        } finally {
            await close(watch);
        }
    });

    it(`renders a ${FLEET_SIZE}-target fleet under 1 MB, with a row and a mark each, interactive without an error`, async () => {
        expect(fleet.code, fleet.stderr).to.equal(1);
        expect(statSync(fleet.file).size, "bytes").to.be.below(1_000_000);
        const watch = await openReport(chromium.browser, fleet.file);
        const { page } = watch;
        try {
            expect(await page.locator("#rows > tr").count()).to.equal(FLEET_SIZE);
            expect(await page.locator("#timeline .marks > *").count()).to.equal(FLEET_SIZE);
            // The benchmark measures this; here it only has to be in the same league (the machine is shared).
            const ready = Number(await page.evaluate("performance.getEntriesByName('aop-report-ready')[0].startTime"));
            expect(ready, "ms from navigation to ready").to.be.below(10_000);
            await page.selectOption("#f-verdict", "attention");
            const shown = await page.locator("#rows > tr:not([hidden])").count();
            expect(shown).to.be.within(1, FLEET_SIZE - 1);
            expect(await page.locator("#f-shown").textContent()).to.equal(`Showing ${shown} of ${FLEET_SIZE}`);
            expect(watch.errors).to.deep.equal([]);
        } finally {
            await close(watch);
        }
    });

    it("saves screenshots, light and dark, into a temporary folder", async () => {
        for (const colorScheme of ["light", "dark"] as const) {
            const watch = await openReport(chromium.browser, demo.file, { colorScheme });
            try {
                const file = path.join(scratch, `demo-${colorScheme}.png`);
                await watch.page.screenshot({ path: file, fullPage: true });
                const png = readFileSync(file);
                expect(png.subarray(1, 4).toString("latin1")).to.equal("PNG");
                expect(png.length).to.be.above(20_000);
                expect(watch.errors).to.deep.equal([]);
            } finally {
                await close(watch);
            }
        }
    });
    describe("scan --format html: the zone inventory on the same page", () => {
        let emulator: RunningEmulator;
        let audit: string;
        let used: string;

        before(async function () {
            this.timeout(120_000);
            emulator = await startEmulator({ seed: scanSeed(), credentials: { tokens: [REPORT_TOKEN] } });
            const env = { CLOUDFLARE_API_TOKEN: REPORT_TOKEN, CLOUDFLARE_BASE_URL: emulator.url };
            audit = path.join(scratch, "scan.html");
            const first = await runCli(["scan", "--zone-id", SCAN_FIXTURE.zoneId, "--format", "html", "--output", audit], { env });
            expect(first.code, first.stderr).to.equal(1);
            const targets = path.join(scratch, "scan-targets.txt");
            writeFileSync(targets, `${SCAN_FIXTURE.zoneId}/${SCAN_FIXTURE.healthy[0].hostname}\n`);
            used = path.join(scratch, "scan-used.html");
            const second = await runCli(["scan", "--targets-file", targets, "--format", "html", "--output", used], { env });
            expect(second.code, second.stderr).to.equal(0);
        });
        after(() => emulator?.stop());

        it("shows one row and one mark per certificate, each row with its scope, and no error, request, token or private key", async () => {
            const html = readFileSync(audit, "utf8");
            expect(html).to.not.contain(REPORT_TOKEN);
            expect(html).to.not.contain(PRIVATE_KEY_CANARY.split("\n")[1]);
            expect(html).to.not.contain("PRIVATE KEY");
            const watch = await openReport(chromium.browser, audit);
            const { page } = watch;
            try {
                const certificates = 1 + SCAN_FIXTURE.hostnameCertificateCount;
                expect(await page.locator("#rows > tr").count()).to.equal(certificates);
                expect(await page.locator("#timeline .marks > *").count()).to.equal(certificates);
                expect(await page.locator("thead th").allTextContents()).to.include("Scope");
                const scopes = await page.locator("#rows > tr > td:nth-child(3)").allTextContents();
                expect(scopes.filter((scope) => scope === "zone")).to.have.length(1);
                expect(scopes.filter((scope) => scope === "hostname")).to.have.length(SCAN_FIXTURE.hostnameCertificateCount);
                // Worst first: the three unhealthy certificates lead the table.
                const names = await page.locator("#rows > tr > th").allTextContents();
                expect(names.slice(0, 3).sort()).to.deep.equal(
                    [SCAN_FIXTURE.expired.certId, SCAN_FIXTURE.expiring.certId, SCAN_FIXTURE.timedOut.certId].sort(),
                );
                expect(await page.locator("h1").textContent()).to.equal("Authenticated Origin Pulls: zone inventory");
                expect(watch.errors).to.deep.equal([]);
                expect(watch.requests).to.deep.equal([pathToFileURL(audit).href]);
            } finally {
                await close(watch);
            }
        });

        it("with --targets-file, keeps the unused unhealthy certificates visible but out of 'Needs attention'", async () => {
            const watch = await openReport(chromium.browser, used);
            const { page } = watch;
            try {
                const labels = await page.locator("#rows > tr .b").allTextContents();
                expect(labels.filter((label) => label === "unhealthy, not used")).to.have.length(3);
                await page.selectOption("#f-verdict", "attention");
                expect(await page.locator("#rows > tr:not([hidden])").count()).to.equal(0);
                expect(watch.errors).to.deep.equal([]);
            } finally {
                await close(watch);
            }
        });
    });
});
