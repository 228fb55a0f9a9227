/**
 * Which build the benchmark measures. Other people rebuild provider/dist and emulator/dist while
 * a 17-minute run is going, so the orchestrator copies both once at the start and points
 * everything it starts at the copy through BENCH_DIST_ROOT: the emulator and the CLI by path, the
 * overhead worker by path, and the bench's Pulumi programs through a package folder of their own,
 * so that the program's `pulumi-cloudflare-aop-status` and the provider host's `…/handler`
 * resolve to the copy too.
 */
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { copyFileSync, cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import path from "node:path";

const REPO_ROOT = path.resolve(__dirname, "..", "..");
const PACKAGE_NAME = "pulumi-cloudflare-aop-status";

export type BuiltPart = "provider" | "emulator";

/** Where each package's build lives: `<package>/dist` in a source tree. */
export type BuildFolders = Record<BuiltPart, string>;

function sourceBuilds(root: string): BuildFolders {
    return { provider: path.join(root, "provider", "dist"), emulator: path.join(root, "emulator", "dist") };
}

/** The build of one package that this run measures: the pinned copy, or the working tree's. */
export function builtPart(part: BuiltPart): string {
    const pinned = process.env.BENCH_DIST_ROOT;
    return pinned ? path.join(pinned, part) : sourceBuilds(REPO_ROOT)[part];
}

/**
 * A module of the build this run measures, loaded by path at run time (which build is only known
 * then); `T` is what the caller expects it to export, usually `typeof import` of its source.
 */
export function requireBuilt<T>(part: BuiltPart, file: string): T {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the path is only known at run time
    return require(path.join(builtPart(part), file)) as T;
}

/**
 * Copies the builds under `scratch` (inside the repository, so the copy still finds node_modules)
 * and uses the copy from now on. Layout: <copy>/{provider,emulator} is the build; <copy>/package
 * is a package root whose `dist` points at <copy>/provider; <copy>/programs/node_modules holds
 * the package for the programs copied next to it.
 */
export function pinDist(scratch: string, from: BuildFolders = sourceBuilds(REPO_ROOT)): string {
    const copy = path.join(scratch, `dist-${process.pid}`);
    rmSync(copy, { recursive: true, force: true });
    mkdirSync(copy, { recursive: true });
    for (const part of ["provider", "emulator"] as const) cpSync(from[part], path.join(copy, part), { recursive: true });
    const packageRoot = path.join(copy, "package");
    mkdirSync(packageRoot);
    copyFileSync(path.join(REPO_ROOT, "provider", "package.json"), path.join(packageRoot, "package.json"));
    symlinkSync(path.join("..", "provider"), path.join(packageRoot, "dist"), "dir");
    mkdirSync(path.join(copy, "programs", "node_modules"), { recursive: true });
    symlinkSync(path.join("..", "..", "package"), path.join(copy, "programs", "node_modules", PACKAGE_NAME), "dir");
    process.env.BENCH_DIST_ROOT = copy;
    return copy;
}

export function unpinDist(): void {
    const copy = process.env.BENCH_DIST_ROOT;
    if (copy && copy.includes(`dist-${process.pid}`)) rmSync(copy, { recursive: true, force: true });
    delete process.env.BENCH_DIST_ROOT;
}

/**
 * Builds provider/ and emulator/ as they are at a git revision, without touching the working tree
 * or the index (`git archive` into scratch, then tsc there; node_modules resolves upwards), and
 * returns the resulting dist folder. For measuring a commit while the working tree is mid-edit.
 */
export function buildRevision(revision: string, scratch: string): { dist: BuildFolders; commit: string } {
    const commit = execFileSync("git", ["rev-parse", "--short", `${revision}^{commit}`], { cwd: REPO_ROOT, encoding: "utf8" }).trim();
    const source = path.join(scratch, `src-${process.pid}`);
    rmSync(source, { recursive: true, force: true });
    mkdirSync(source, { recursive: true });
    const archive = path.join(scratch, `src-${process.pid}.tar`);
    execFileSync("git", ["archive", "--format=tar", "-o", archive, commit, "provider", "emulator", "package.json", "tsconfig.json"], {
        cwd: REPO_ROOT,
    });
    execFileSync("tar", ["-xf", archive, "-C", source]);
    rmSync(archive, { force: true });
    for (const part of ["provider", "emulator"]) {
        execFileSync(
            process.execPath,
            [path.join(REPO_ROOT, "node_modules", "typescript", "bin", "tsc"), "-p", path.join(source, part, "tsconfig.build.json")],
            { cwd: source, stdio: "inherit" },
        );
    }
    return { dist: sourceBuilds(source), commit };
}

export function removeRevisionBuild(scratch: string): void {
    rmSync(path.join(scratch, `src-${process.pid}`), { recursive: true, force: true });
}

/** The folder of a bench Pulumi program (bench/<name>), copied next to the pinned package when a copy is in use. */
export function benchProgramDir(name: string): string {
    const source = path.join(REPO_ROOT, "bench", name);
    const pinned = process.env.BENCH_DIST_ROOT;
    if (!pinned) return source;
    const target = path.join(pinned, "programs", name);
    if (!existsSync(target)) cpSync(source, target, { recursive: true });
    return target;
}

/** A short fingerprint of the provider build measured, to tell runs of different builds apart. */
export function buildFingerprint(): string {
    const root = builtPart("provider");
    const hash = createHash("sha256");
    const walk = (dir: string): void => {
        for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
            const full = path.join(dir, entry.name);
            if (entry.isDirectory()) walk(full);
            else if (entry.name.endsWith(".js")) hash.update(entry.name).update(readFileSync(full));
        }
    };
    walk(root);
    return hash.digest("hex").slice(0, 12);
}
