/**
 * `npm run demo`: the main job, offline, on a fresh clone.
 *
 *  1. Starts the emulator with sample data: a healthy hostname, one pending deployment, one
 *     disabled, one whose certificate expires in 12 days (and the API spec's own sample, whose
 *     PEM expired in 2016 although its expires_on says 2100).
 *  2. Runs the root stack (Pulumi.yaml + index.ts) through the engine harness and the real
 *     dynamic-provider host, printing what `pulumi up` would.
 *  3. Lets Cloudflare finish a deployment, runs `up` again and shows the drift it detected.
 *  4. Runs `aop-status check` against the same emulator: it prints the status table and writes
 *     the HTML report (to AOP_DEMO_REPORT, by default aop-status-demo/aop-report.html in the
 *     system's temporary folder, never into the repository), and the demo prints its path.
 *     Exits 0.
 */
import { spawn } from "node:child_process";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";

import { DEFAULT_CREDENTIALS, DEMO_HOSTNAMES, demoSeed, SAMPLE_HOSTNAME, SAMPLE_ZONE_ID, startEmulator } from "../emulator/index";
import { StackHarness, type OperationResult, type RecordedState } from "../tests/support/engine";
import { renderCounts, renderOutputs, renderSteps } from "./render";

const ROOT = path.resolve(__dirname, "..");
const AOP_TYPE = "pulumi-nodejs:dynamic/cloudflare:AuthenticatedOriginPullStatus";
const CLI = path.join(ROOT, "provider", "dist", "cli", "main.js");
const REPORT_FILE = path.resolve(process.env.AOP_DEMO_REPORT ?? path.join(os.tmpdir(), "aop-status-demo", "aop-report.html"));
const HOSTNAMES: string[] = [
    DEMO_HOSTNAMES.healthy,
    DEMO_HOSTNAMES.deploying,
    DEMO_HOSTNAMES.disabled,
    DEMO_HOSTNAMES.expiring,
    { hostname: SAMPLE_HOSTNAME },
].map((h) => h.hostname);

function heading(text: string): void {
    console.log(`\n\u2500\u2500 ${text} ${"\u2500".repeat(Math.max(0, 74 - text.length))}\n`);
}

async function up(stack: StackHarness, title: string): Promise<OperationResult> {
    const before: RecordedState = stack.state;
    console.log(`$ pulumi up --yes   # ${title}\nUpdating (dev):\n`);
    const result = await stack.up();
    console.log(renderSteps(result, before));
    if (!result.ok) throw new Error(`pulumi up failed:\n${result.error ?? ""}\n${result.hostStderr}`);
    console.log(`\nOutputs:\n${renderOutputs(result.outputs)}\n\n${renderCounts(result)}`);
    return result;
}

/**
 * The built CLI, as a user runs it. Spawned without blocking: the emulator answers on this
 * process's event loop. Its output goes straight to the demo's; exit 1 (unhealthy) is expected.
 */
function aopStatus(args: string[], baseUrl: string): Promise<number | null> {
    console.log(`$ aop-status ${args.join(" ")}\n`);
    return new Promise((resolve, reject) => {
        const child = spawn(process.execPath, [CLI, ...args], {
            stdio: ["ignore", "inherit", "inherit"],
            // Only what the CLI needs: never the caller's own token or base URL.
            env: {
                PATH: process.env.PATH ?? "",
                CI: "true",
                CLOUDFLARE_API_TOKEN: DEFAULT_CREDENTIALS.tokens[0],
                CLOUDFLARE_BASE_URL: baseUrl,
            },
        });
        child.on("error", reject);
        child.on("close", resolve);
    });
}

async function main(): Promise<void> {
    const emulator = await startEmulator({ seed: demoSeed() });
    const stack = new StackHarness({
        programDir: ROOT,
        config: {
            "aop-status:zoneId": SAMPLE_ZONE_ID,
            "aop-status:hostnames": JSON.stringify(HOSTNAMES),
            "cloudflare:baseUrl": emulator.url,
        },
        secretConfig: { "cloudflare:apiToken": DEFAULT_CREDENTIALS.tokens[0] },
        // The demo must not pick up a real token or base URL from the caller's shell.
        env: {
            CLOUDFLARE_API_TOKEN: undefined,
            CLOUDFLARE_API_KEY: undefined,
            CLOUDFLARE_EMAIL: undefined,
            CLOUDFLARE_BASE_URL: undefined,
        },
    });
    try {
        heading("1. Emulator");
        console.log(`Cloudflare AOP API emulator on ${emulator.url}`);
        console.log(`zone ${SAMPLE_ZONE_ID}: ${HOSTNAMES.join(", ")}`);

        heading("2. First deployment");
        await up(stack, "reads every hostname's status");

        heading("3. Cloudflare finishes a deployment");
        emulator.control.setHostname(SAMPLE_ZONE_ID, { hostname: DEMO_HOSTNAMES.deploying.hostname, status: "active" });
        console.log(`(emulator) ${DEMO_HOSTNAMES.deploying.hostname}: status pending_deployment -> active\n`);
        const second = await up(stack, "diff compares a live GET with the recorded outputs");
        const drifted = second.steps.filter((step) => step.type === AOP_TYPE && step.op === "update").map((step) => step.name);
        const gets = emulator.log.entries().filter((entry) => entry.method === "GET").length;
        console.log(`\nDrift detected at Cloudflare: ${drifted.length ? drifted.join(", ") : "none"}.`);
        console.log(
            `The emulator saw ${gets} requests in all, every one a GET (one per resource per run; the update reused its diff's read).`,
        );

        heading("4. Status, from the aop-status CLI");
        const code = await aopStatus(
            ["check", "--zone-id", SAMPLE_ZONE_ID, ...HOSTNAMES, "--format", "html", "--output", REPORT_FILE],
            emulator.url,
        );
        if (code !== 0 && code !== 1) throw new Error(`aop-status check exited ${code}`);
        console.log(`\nHTML report: ${REPORT_FILE}\n  open ${pathToFileURL(REPORT_FILE).href} in a browser`);
        console.log(
            "\nThe same stack against the real API, with the Pulumi CLI:\n" +
                "    pulumi stack init dev\n" +
                `    pulumi config set zoneId <your zone id>\n` +
                "    pulumi config set --path 'hostnames[0]' app.example.com\n" +
                "    pulumi config set --secret cloudflare:apiToken <token>\n" +
                "    pulumi up",
        );
    } finally {
        await stack.dispose();
        await emulator.stop();
    }
}

main().then(
    () => process.exit(0),
    (error: unknown) => {
        console.error(error instanceof Error ? error.message : String(error));
        process.exit(1);
    },
);
