import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import { expect } from "chai";

const ROOT = path.resolve(__dirname, "../..");

describe("npm run demo", function () {
    this.timeout(120_000);

    let scratch: string;
    before(() => (scratch = mkdtempSync(path.join(tmpdir(), "aop-demo-"))));
    after(() => rmSync(scratch, { recursive: true, force: true }));

    function gitStatus(): string {
        return spawnSync("git", ["status", "--porcelain", "--untracked-files=all"], { cwd: ROOT, encoding: "utf8" }).stdout;
    }

    it("runs the root stack twice against the emulator, shows the drift, prints the status table and exits 0", () => {
        const report = path.join(scratch, "aop-report.html");
        const treeBefore = gitStatus();
        // The demo's own body (`npm run demo` also builds first, which `npm test` has just done).
        const run = spawnSync(process.execPath, ["-r", "ts-node/register", "demo/main.ts"], {
            cwd: ROOT,
            encoding: "utf8",
            env: {
                ...process.env,
                CLOUDFLARE_API_TOKEN: "must-not-be-used",
                CLOUDFLARE_BASE_URL: "http://127.0.0.1:1/nowhere",
                AOP_DEMO_REPORT: report,
            },
            timeout: 110_000,
        });
        expect(run.status, run.stderr).to.equal(0);
        const out = run.stdout;
        expect(out).to.match(/\+ +└─ pulumi-nodejs:dynamic\/cloudflare:AuthenticatedOriginPullStatus +deploying\.example\.com +created/);
        expect(out).to.match(/~ +└─ pulumi-nodejs:dynamic\/cloudflare:AuthenticatedOriginPullStatus +deploying\.example\.com +updated/);
        expect(out).to.contain('~ status: "pending_deployment" => "active"');
        expect(out).to.contain("Drift detected at Cloudflare: deploying.example.com.");
        expect(out).to.contain("The emulator saw 10 requests in all, every one a GET");
        expect(out).to.match(/TARGET +STATUS +CERT +ENABLED +EXPIRES +DAYS +HEALTH +PROBLEMS/);
        expect(out).to.contain("certificate expires in 12 days");
        expect(out).to.contain("5 targets: 2 healthy, 3 unhealthy");
        expect(out + run.stderr).to.not.contain("must-not-be-used");

        // The CLI wrote the HTML report where it was told, and the demo says where; the repository is untouched.
        expect(out).to.contain(`HTML report: ${report}`);
        const html = readFileSync(report, "utf8");
        expect(html).to.match(/^<!doctype html>/);
        expect(html).to.contain("deploying.example.com");
        expect(html).to.not.contain("must-not-be-used");
        expect(gitStatus()).to.equal(treeBefore);
    });
});
