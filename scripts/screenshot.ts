/**
 * `npm run screenshot`: refreshes the README's pictures of the HTML report,
 * docs/images/html-report.png (light) and html-report-dark.png. They are made, not drawn: the
 * built CLI writes the report from the emulator's demo data, and Chromium (tests/support/browser)
 * photographs it with one certificate's details open. `npm test` never runs this, so the tests
 * never change the repository.
 */
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";

import { launchBrowser } from "../tests/support/browser";
import { demoReportSource, writeReportWithCli } from "../tests/support/html-report";

const IMAGES = path.resolve(__dirname, "..", "docs", "images");
const SHOTS = [
    { colorScheme: "light" as const, file: path.join(IMAGES, "html-report.png") },
    { colorScheme: "dark" as const, file: path.join(IMAGES, "html-report-dark.png") },
];

async function main(): Promise<void> {
    const scratch = mkdtempSync(path.join(tmpdir(), "aop-screenshot-"));
    const chromium = await launchBrowser();
    try {
        const report = await writeReportWithCli(demoReportSource(), { file: path.join(scratch, "aop-report.html") });
        if (report.code !== 1)
            throw new Error(`aop-status check exited ${report.code} (expected 1: the demo has unhealthy hostnames)\n${report.stderr}`);
        for (const shot of SHOTS) {
            const page = await chromium.browser.newPage({ viewport: { width: 1200, height: 800 }, colorScheme: shot.colorScheme });
            const errors: string[] = [];
            page.on("console", (message) => void (message.type() === "error" && errors.push(message.text())));
            await page.goto(pathToFileURL(report.file).href);
            await page.waitForSelector("html[data-ready]");
            await page.locator("#rows > tr", { hasText: "expiring.example.com" }).locator("summary").click();
            await page.mouse.move(0, 0);
            await page.screenshot({ path: shot.file, fullPage: true });
            await page.close();
            if (errors.length > 0) throw new Error(`the report logged errors:\n${errors.join("\n")}`);
            process.stdout.write(`${path.relative(process.cwd(), shot.file)} (${Math.round(statSync(shot.file).size / 1024)} KB)\n`);
        }
    } finally {
        await chromium.close();
        rmSync(scratch, { recursive: true, force: true });
    }
}

main().then(
    () => process.exit(0),
    (error: unknown) => {
        console.error(error instanceof Error ? error.message : String(error));
        process.exit(1);
    },
);
