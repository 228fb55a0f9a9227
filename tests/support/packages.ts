/**
 * The three workspace packages as a registry would serve them: `npm pack` (prepack builds and
 * copies the docs in, as for `npm publish`), once per test process, then laid out in a project's
 * node_modules the way `npm install` lays out a registry install: each tarball unpacked into
 * `node_modules/<name>`, its `bin` linked in `node_modules/.bin`. Their runtime dependencies are
 * linked to the copies this repository installed (no network), so a project outside the
 * repository resolves our packages only from the tarballs.
 */
import { spawn } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";

export const REPO_ROOT = join(__dirname, "..", "..");

export const PACKAGES = {
    provider: { name: "pulumi-cloudflare-aop-status", folder: "provider" },
    emulator: { name: "pulumi-cloudflare-aop-status-emulator", folder: "emulator" },
    policy: { name: "pulumi-cloudflare-aop-status-policy", folder: "policy" },
} as const;

export type PackageKey = keyof typeof PACKAGES;

export interface Manifest {
    name: string;
    version: string;
    private?: boolean;
    main?: string;
    bin?: Record<string, string>;
    dependencies?: Record<string, string>;
    peerDependencies?: Record<string, string>;
    optionalDependencies?: Record<string, string>;
    devDependencies?: Record<string, string>;
}

export interface PackedPackage {
    key: PackageKey;
    name: string;
    version: string;
    /** The .tgz file. */
    file: string;
    /** Bytes of the tarball, and of its contents unpacked, as npm reports them. */
    size: number;
    unpackedSize: number;
    entryCount: number;
}

export interface PackedSet {
    /** The folder holding the tarballs; removed by `cleanUp`. */
    dir: string;
    packages: Record<PackageKey, PackedPackage>;
    cleanUp(): void;
}

function run(command: string, args: readonly string[], cwd: string): Promise<string> {
    return new Promise((resolve, reject) => {
        const child = spawn(command, [...args], { cwd, stdio: ["ignore", "pipe", "pipe"] });
        let stdout = "";
        let stderr = "";
        child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
        child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
        child.on("error", reject);
        child.on("close", (code, signal) => {
            if (code === 0) resolve(stdout);
            else reject(new Error(`${command} ${args.join(" ")} (in ${cwd}) failed (${code ?? signal}):\n${stdout}${stderr}`));
        });
    });
}

async function pack(key: PackageKey, dir: string): Promise<PackedPackage> {
    const { folder } = PACKAGES[key];
    const output = await run("npm", ["pack", "--json", "--pack-destination", dir], join(REPO_ROOT, folder));
    // prepack's own output (tsc, the docs copy) may precede the JSON.
    const [packed] = JSON.parse(output.slice(output.indexOf("["))) as Array<{
        name: string;
        version: string;
        filename: string;
        size: number;
        unpackedSize: number;
        entryCount: number;
    }>;
    return {
        key,
        name: packed.name,
        version: packed.version,
        file: join(dir, packed.filename),
        size: packed.size,
        unpackedSize: packed.unpackedSize,
        entryCount: packed.entryCount,
    };
}

let packing: Promise<PackedSet> | undefined;

/**
 * Packs all three, once per process. Each prepack runs tsc; the policy pack compiles against the
 * main package's built typings, so the main package goes first, then the other two together.
 */
export function packAll(): Promise<PackedSet> {
    packing ??= (async () => {
        const dir = realpathSync(mkdtempSync(join(tmpdir(), "aop-packed-")));
        const provider = await pack("provider", dir);
        const [emulator, policy] = await Promise.all([pack("emulator", dir), pack("policy", dir)]);
        return { dir, packages: { provider, emulator, policy }, cleanUp: () => rmSync(dir, { recursive: true, force: true }) };
    })();
    return packing;
}

/** A package's package.json as packed. */
export function installedManifest(project: string, name: string): Manifest {
    return JSON.parse(readFileSync(join(project, "node_modules", name, "package.json"), "utf8")) as Manifest;
}

function linkRepositoryCopy(project: string, name: string): void {
    const target = join(project, "node_modules", name);
    if (existsSync(target)) return;
    mkdirSync(dirname(target), { recursive: true });
    symlinkSync(realpathSync(join(REPO_ROOT, "node_modules", name)), target, "dir");
}

/**
 * Installs `keys` into `project` as `npm install` from a registry would: real copies of the
 * tarballs' contents, bins linked, runtime dependencies (and peers) present. Ours come from the
 * tarballs; everything else is linked to this repository's installed copy. `extra` links more
 * (e.g. `@types/node` for a TypeScript program).
 */
export async function installPacked(
    project: string,
    packed: PackedSet,
    keys: readonly PackageKey[],
    extra: readonly string[] = [],
): Promise<void> {
    const ours = new Set<string>(keys.map((key) => PACKAGES[key].name));
    for (const key of keys) {
        const { name, file } = packed.packages[key];
        const folder = join(project, "node_modules", name);
        mkdirSync(folder, { recursive: true });
        await run("tar", ["-xzf", file, "-C", folder, "--strip-components=1"], project);
        const manifest = installedManifest(project, name);
        for (const [bin, path] of Object.entries(manifest.bin ?? {})) {
            const link = join(project, "node_modules", ".bin", bin);
            mkdirSync(dirname(link), { recursive: true });
            if (!existsSync(link)) symlinkSync(relative(dirname(link), join(folder, path)), link);
            chmodSync(join(folder, path), 0o755);
        }
    }
    for (const key of keys) {
        const manifest = installedManifest(project, PACKAGES[key].name);
        for (const dependency of [...Object.keys(manifest.dependencies ?? {}), ...Object.keys(manifest.peerDependencies ?? {})]) {
            if (!ours.has(dependency)) linkRepositoryCopy(project, dependency);
        }
    }
    for (const name of extra) linkRepositoryCopy(project, name);
}
