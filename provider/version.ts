/**
 * The package's name and version, for the User-Agent. Read from package.json at run time by
 * walking up from this file, because the compiled file sits one level deeper (dist/provider)
 * than the source (provider/).
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";

export const PACKAGE_NAME = "pulumi-cloudflare-aop-status";

function findVersion(): string {
    let dir = __dirname;
    for (let i = 0; i < 4; i++) {
        const candidate = join(dir, "package.json");
        if (existsSync(candidate)) {
            try {
                const manifest = JSON.parse(readFileSync(candidate, "utf8")) as { name?: string; version?: string };
                if (manifest.name === PACKAGE_NAME && manifest.version) return manifest.version;
            } catch {
                // Unreadable manifest: keep walking.
            }
        }
        dir = dirname(dir);
    }
    return "0.0.0";
}

export const PACKAGE_VERSION = findVersion();
export const USER_AGENT = `${PACKAGE_NAME}/${PACKAGE_VERSION} (node/${process.versions.node})`;
