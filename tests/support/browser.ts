/**
 * A real Chromium for the HTML report's tests, the screenshot and the benchmark, driven by
 * playwright-core (which never downloads a browser of its own).
 *
 * Where the browser comes from, in order: CHROME_PATH; `chromium`, `chromium-browser`,
 * `google-chrome` or `google-chrome-stable` on the PATH; the standard macOS locations. On a Debian
 * machine running as root (this project's CI and development machines) with none of those, it
 * installs Debian's `chromium` package with apt-get, so `npm test` passes on a fresh machine.
 * Anywhere else it fails with one line saying how to install a browser: never a silent skip.
 */
import { spawnSync } from "node:child_process";
import { accessSync, constants, existsSync, readdirSync } from "node:fs";
import path from "node:path";

import { chromium, type Browser } from "playwright-core";

const PATH_NAMES = ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"];
const MACOS_LOCATIONS = [
    "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
    "/Applications/Chromium.app/Contents/MacOS/Chromium",
];

/**
 * Flags that work as root in a container, and keep Chromium from calling home: without the
 * networking ones it tries Google hosts at start-up (and this machine may talk to 127.0.0.1 only).
 */
export const CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--disable-extensions",
    "--metrics-recording-only",
    "--no-default-browser-check",
];

export const INSTALL_HINT =
    "No Chromium found for the browser tests: install one (Debian/Ubuntu: apt-get install chromium; macOS: brew install --cask chromium) or set CHROME_PATH to a Chrome or Chromium executable";

function isExecutable(file: string): boolean {
    try {
        accessSync(file, constants.X_OK);
        return true;
    } catch {
        return false;
    }
}

function onPath(name: string, env: NodeJS.ProcessEnv): string | undefined {
    for (const dir of (env.PATH ?? "").split(path.delimiter)) {
        if (dir === "") continue;
        const candidate = path.join(dir, name);
        if (isExecutable(candidate)) return candidate;
    }
    return undefined;
}

/** The browser to use, or undefined when none is installed. A CHROME_PATH that is not executable is an error. */
export function findBrowser(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string | undefined {
    const configured = env.CHROME_PATH?.trim();
    if (configured) {
        if (!isExecutable(configured)) throw new Error(`CHROME_PATH=${configured} is not an executable file`);
        return configured;
    }
    for (const name of PATH_NAMES) {
        const found = onPath(name, env);
        if (found) return found;
    }
    if (platform === "darwin") return MACOS_LOCATIONS.find(isExecutable);
    return undefined;
}

function runAptGet(args: string[]): { ok: boolean; output: string } {
    const run = spawnSync("apt-get", args, {
        encoding: "utf8",
        env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
        timeout: 15 * 60_000,
    });
    return { ok: run.status === 0, output: `${run.stdout ?? ""}${run.stderr ?? ""}${run.error ? String(run.error) : ""}` };
}

function hasPackageLists(): boolean {
    const lists = "/var/lib/apt/lists";
    return existsSync(lists) && readdirSync(lists).some((name) => name.endsWith("_Packages"));
}

/**
 * Debian as root only: that is what this project's machines are, and installing packages
 * anywhere else is not a test's business. Updates the package lists first when there are none,
 * or when the install cannot find the package in stale ones.
 */
function installDebianChromium(log: (line: string) => void): boolean {
    const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
    if (process.platform !== "linux" || !isRoot || !existsSync("/etc/debian_version") || !onPath("apt-get", process.env)) return false;
    log("no Chromium found: installing Debian's chromium package with apt-get (once per machine)");
    if (!hasPackageLists()) runAptGet(["update", "-q"]);
    // With its recommended packages: they bring the fonts (fonts-liberation) the report is drawn in.
    let install = runAptGet(["install", "-y", "-q", "chromium"]);
    if (!install.ok) {
        runAptGet(["update", "-q"]);
        install = runAptGet(["install", "-y", "-q", "chromium"]);
    }
    if (!install.ok) throw new Error(`apt-get install chromium failed:\n${install.output.split("\n").slice(-15).join("\n")}`);
    return true;
}

/** The browser's path, installing Debian's chromium where that is allowed; otherwise throws INSTALL_HINT. */
export function ensureBrowser(log: (line: string) => void = (line) => process.stderr.write(`${line}\n`)): string {
    const found = findBrowser();
    if (found) return found;
    if (installDebianChromium(log)) {
        const installed = findBrowser();
        if (installed) return installed;
    }
    throw new Error(INSTALL_HINT);
}

export interface LaunchedBrowser {
    browser: Browser;
    executable: string;
    close(): Promise<void>;
}

/**
 * Headless. Playwright gives every launch a fresh profile (`--user-data-dir` in a new temporary
 * folder, removed on close) and refuses one passed in `args`.
 */
export async function launchBrowser(executable: string = ensureBrowser()): Promise<LaunchedBrowser> {
    const browser = await chromium.launch({ executablePath: executable, headless: true, args: CHROMIUM_ARGS, timeout: 60_000 });
    return { browser, executable, close: () => browser.close() };
}
