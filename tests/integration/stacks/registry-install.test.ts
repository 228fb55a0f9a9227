/**
 * The three packages as users get them from a registry: `npm pack` of `provider/`, `emulator/` and
 * `policy/` (as `npm publish` would pack them), installed into a project outside the repository
 * the way `npm install` lays them out (tests/support/packages.ts), and used from there:
 *  - the README's stack snippet, through the engine harness and the real provider host, whose
 *    `require` resolves from the project folder and so cannot fall back to the working tree;
 *  - the basic example beside it (`.get` and the function, from the installed copy);
 *  - the policy pack, through the real analyzer started in its installed folder, exactly what
 *    `pulumi preview --policy-pack node_modules/pulumi-cloudflare-aop-status-policy` starts;
 *  - the emulator, through the installed `aop-status emulator`; and in a project without the
 *    emulator package, `aop-status emulator` says how to install it and exits 2.
 * The tarballs are packed once for the whole file.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";

import { expect } from "chai";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import * as analyzerproto from "@pulumi/pulumi/proto/analyzer_pb";

import type { RunningEmulator } from "../../../emulator/index";
import { ensureBuilt } from "../cli/support";
import { AnalyzerProcess } from "../policy/analyzer-process";
import type { StackHarness } from "../../support/engine";
import { installedManifest, installPacked, packAll, PACKAGES, type Manifest, type PackedSet } from "../../support/packages";
import { FAKE_TOKEN } from "../../support/scripted-server";
import {
    AOP_TYPE,
    aopResources,
    aopSteps,
    everythingVisible,
    HOSTS,
    REPO_ROOT,
    stackFor,
    startTestEmulator,
    ZONE,
} from "../../support/stacks";

const { provider: PROVIDER, emulator: EMULATOR, policy: POLICY } = PACKAGES;

/** The first TypeScript block of the README's "Use from a stack" section, as a user would paste it. */
function readmeStackSnippet(): string {
    const readme = readFileSync(join(REPO_ROOT, "README.md"), "utf8");
    const section = readme.slice(readme.indexOf("\n## Use from a stack\n"));
    const match = /```ts\n([\s\S]*?)```/.exec(section);
    if (!match) throw new Error('README.md has no ts block under "## Use from a stack"');
    return match[1];
}

function writeProgram(dir: string, name: string, files: Record<string, string>): void {
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, "Pulumi.yaml"), `name: ${name}\nruntime:\n  name: nodejs\n  options:\n    typescript: true\n`);
    for (const [file, text] of Object.entries(files)) writeFileSync(join(dir, file), text);
}

/** Every dependency spec of a packed manifest, by field. */
function dependencySpecs(manifest: Manifest): string[] {
    return (["dependencies", "peerDependencies", "optionalDependencies", "devDependencies"] as const).flatMap((field) =>
        Object.entries(manifest[field] ?? {}).map(([name, spec]) => `${field} ${name}@${spec}`),
    );
}

/**
 * AnalyzeStack's resources, built from a stack's checkpoint as the engine builds them from the
 * registered resources (secrets opened: the default provider's inputs hold the token's config).
 */
function analyzerResources(stack: StackHarness): analyzerproto.AnalyzerResource[] {
    return stack.state.resources
        .filter((resource) => !resource.external)
        .map((resource) => {
            const entry = new analyzerproto.AnalyzerResource();
            entry.setType(resource.type);
            entry.setName(resource.name);
            entry.setUrn(resource.urn);
            const outputs = stack.revealSecrets(resource.outputs) as Parameters<typeof Struct.fromJavaScript>[0];
            entry.setProperties(Struct.fromJavaScript(outputs));
            entry.setOptions(new analyzerproto.AnalyzerResourceOptions());
            if (resource.parent) entry.setParent(resource.parent);
            return entry;
        });
}

/** Runs an installed bin as npm's `.bin` link would, with only PATH and `env` in the environment. */
function startBin(project: string, bin: string, args: readonly string[], env: Record<string, string> = {}): ChildProcess {
    return spawn(join(project, "node_modules", ".bin", bin), [...args], {
        cwd: project,
        env: { PATH: process.env.PATH ?? "", ...env },
        stdio: ["ignore", "pipe", "pipe"],
    });
}

function finished(child: ChildProcess): Promise<{ code: number | null; stdout: string; stderr: string }> {
    let stdout = "";
    let stderr = "";
    child.stdout?.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
    child.stderr?.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    return new Promise((resolve, reject) => {
        child.once("error", reject);
        child.once("close", (code) => resolve({ code, stdout, stderr }));
    });
}

describe("the three packages installed from their tarballs, outside the repository", function () {
    this.timeout(240_000);
    let packed: PackedSet;
    let root: string;
    let project: string;
    let emulator: RunningEmulator;
    const stacks: StackHarness[] = [];

    before(async function () {
        ensureBuilt();
        packed = await packAll();
        root = realpathSync(mkdtempSync(join(tmpdir(), "aop-registry-")));
        project = join(root, "project");
        writeProgram(project, "readme-snippet", { "index.ts": readmeStackSnippet() });
        const versions = packed.packages;
        writeFileSync(
            join(project, "package.json"),
            JSON.stringify({
                name: "registry-consumer",
                main: "index.ts",
                dependencies: {
                    [PROVIDER.name]: `^${versions.provider.version}`,
                    [POLICY.name]: `^${versions.policy.version}`,
                    "@pulumi/pulumi": "^3.248.0",
                },
                devDependencies: { [EMULATOR.name]: `^${versions.emulator.version}` },
            }),
        );
        writeFileSync(
            join(project, "tsconfig.json"),
            JSON.stringify({
                compilerOptions: {
                    strict: true,
                    target: "ES2022",
                    module: "commonjs",
                    moduleResolution: "node",
                    esModuleInterop: true,
                    noEmit: true,
                    types: ["node"],
                },
                files: ["index.ts", "basic/index.ts"],
            }),
        );
        // The basic example beside it, sharing the project's node_modules.
        mkdirSync(join(project, "basic"));
        for (const file of ["Pulumi.yaml", "index.ts"])
            copyFileSync(join(REPO_ROOT, "examples", "basic", file), join(project, "basic", file));
        await installPacked(project, packed, ["provider", "emulator", "policy"], ["@types/node"]);
        emulator = await startTestEmulator();
    });
    after(async () => {
        await Promise.all(stacks.map((stack) => stack.dispose()));
        await emulator?.stop();
        if (root) rmSync(root, { recursive: true, force: true });
        packed?.cleanUp();
    });

    it("packs three tarballs whose manifests install from a registry as they are: no file:, workspace: or private", () => {
        for (const key of ["provider", "emulator", "policy"] as const) {
            const manifest = installedManifest(project, PACKAGES[key].name);
            expect(manifest.name).to.equal(PACKAGES[key].name);
            expect(manifest, manifest.name).to.not.have.property("private");
            for (const spec of dependencySpecs(manifest)) expect(spec, manifest.name).to.not.match(/@(file:|workspace:|link:|\.\.?\/)/);
        }
        // The pack asks for the main package by a range its own version satisfies.
        const policy = installedManifest(project, POLICY.name);
        expect(policy.dependencies?.[PROVIDER.name]).to.equal(`^${packed.packages.provider.version}`);
        // Only the emulator carries node-forge.
        expect(installedManifest(project, PROVIDER.name).dependencies).to.not.have.property("node-forge");
        expect(installedManifest(project, EMULATOR.name).dependencies).to.have.property("node-forge");
    });

    it("is laid out outside the repository, so nothing can resolve to the working tree instead", () => {
        expect(relative(REPO_ROOT, project).startsWith("..")).to.equal(true);
        // Resolved as the program and the pack are: from their own files.
        const fromProgram = createRequire(join(project, "index.ts"));
        for (const { name } of [PROVIDER, EMULATOR, POLICY]) {
            expect(realpathSync(fromProgram.resolve(name)).startsWith(join(project, "node_modules", name))).to.equal(true);
        }
        expect(fromProgram.resolve(`${PROVIDER.name}/handler`)).to.equal(
            join(project, "node_modules", PROVIDER.name, "dist", "handler.js"),
        );
        const fromPack = createRequire(join(project, "node_modules", POLICY.name, "dist", "index.js"));
        expect(fromPack.resolve(PROVIDER.name)).to.equal(join(project, "node_modules", PROVIDER.name, "dist", "index.js"));
        // The policies alone, for a pack of one's own: a subpath export, so the root (which starts an analyzer) is not loaded.
        expect(fromProgram.resolve(`${POLICY.name}/policies`)).to.equal(join(project, "node_modules", POLICY.name, "dist", "policies.js"));
    });

    it("exports the policies from the pack's /policies subpath without starting an analyzer", () => {
        const script = `const p = require(${JSON.stringify(`${POLICY.name}/policies`)}); console.log(p.policies.map((x) => x.name).join(","));`;
        const run = spawnSync(process.execPath, ["-e", script], { cwd: project, encoding: "utf8", timeout: 20_000 });
        // An analyzer would print its port and keep the process alive until the timeout (status null).
        expect(run.status, run.stderr).to.equal(0);
        expect(run.stdout.trim()).to.equal("aop-hostname-enabled,aop-status-active,aop-certificate-not-expiring,aop-certificate-pinned");
    });

    it("ships type declarations a strict TypeScript program compiles against: the README snippet and the basic example", () => {
        const tsc = spawnSync(process.execPath, [join(REPO_ROOT, "node_modules", "typescript", "bin", "tsc"), "-p", project], {
            cwd: project,
            encoding: "utf8",
        });
        expect(tsc.status, `${tsc.stdout}${tsc.stderr}`).to.equal(0);
    });

    it("runs the README's stack snippet through the real provider host, from the installed copy", async () => {
        const stack = stackFor(project, emulator, {});
        stacks.push(stack);
        const result = await stack.up();
        expect(result.ok, result.error).to.equal(true);
        expect(aopSteps(result)).to.deep.equal([{ name: "app", op: "create" }]);
        // The snippet reads the spec's own sample, whose PEM expired in 2016.
        expect(result.outputs).to.include({ status: "active", healthy: false });
        expect(result.outputs.problems).to.have.length(1);
        expect(everythingVisible(result)).to.not.contain(FAKE_TOKEN);

        const provider = aopResources(stack.state)[0]?.outputs.__provider;
        expect(provider).to.be.a("string").and.contain(`PACKAGE: "${PROVIDER.name}"`);
        expect(provider).to.not.contain(root).and.not.contain("node_modules");

        emulator.log.clear();
        const again = await stack.up();
        expect(again.ok, again.error).to.equal(true);
        expect(aopSteps(again)).to.deep.equal([{ name: "app", op: "same" }]);
        expect(emulator.log.entries().map((entry) => entry.method)).to.deep.equal(["GET"]);
    });

    it("runs the basic example's resource, .get and function from the installed copy", async () => {
        const stack = stackFor(join(project, "basic"), emulator, {
            "aop-basic:zoneId": ZONE,
            "aop-basic:hostname": HOSTS.healthy.hostname,
        });
        stacks.push(stack);
        const result = await stack.up();
        expect(result.ok, result.error).to.equal(true);
        expect(result.outputs).to.include({ status: "active", healthy: true, lookedUpStatus: "active", functionStatus: "active" });
        expect(aopSteps(result)).to.have.deep.members([
            { name: "app", op: "create" },
            { name: "app-lookup", op: "read" },
        ]);
    });

    it("runs the installed policy pack in the real analyzer, started in its folder as --policy-pack starts it", async () => {
        const packDir = join(project, "node_modules", POLICY.name);
        // `pulumi policy publish` and `--policy-pack` need these, as they are in the folder.
        expect(existsSync(join(packDir, "PulumiPolicy.yaml"))).to.equal(true);
        expect(existsSync(join(packDir, installedManifest(project, POLICY.name).main ?? "index.js"))).to.equal(true);
        const stack = stacks[0];
        expect(stack, "the README snippet's stack ran first").to.not.equal(undefined);
        const analyzer = await AnalyzerProcess.start(packDir);
        try {
            const info = await analyzer.getAnalyzerInfo();
            expect(info.getName()).to.equal("cloudflare-aop-status");
            expect(info.getVersion()).to.equal(packed.packages.policy.version);
            expect(info.getPoliciesList()).to.have.length(4);
            const request = new analyzerproto.AnalyzeStackRequest();
            request.setResourcesList(analyzerResources(stack));
            const response = await analyzer.analyzeStack(request);
            const found = response.getDiagnosticsList().map((d) => `${d.getPolicyname()} ${d.getUrn().split("::").pop()}`);
            expect(found).to.deep.equal(["aop-certificate-not-expiring app"]);
            expect(response.getDiagnosticsList()[0].getMessage()).to.contain("app.example.com").and.contain("expired");
            expect(stack.state.resources.some((resource) => resource.type === AOP_TYPE)).to.equal(true);
            expect(analyzer.stderr).to.equal("");
        } finally {
            await analyzer.stop();
        }
    });

    it("runs the emulator through the installed aop-status emulator, and checks a hostname against it", async () => {
        const child = startBin(project, "aop-status", ["emulator", "--port", "0"]);
        const done = finished(child);
        try {
            const url = await new Promise<string>((resolve, reject) => {
                let text = "";
                const timer = setTimeout(() => reject(new Error(`no base URL printed: ${text}`)), 20_000);
                child.stdout?.on("data", (chunk: Buffer | string) => {
                    text += chunk.toString();
                    const match = /http:\/\/127\.0\.0\.1:\d+\/client\/v4/.exec(text);
                    if (match) {
                        clearTimeout(timer);
                        resolve(match[0]);
                    }
                });
            });
            const check = await finished(
                startBin(project, "aop-status", ["check", `${ZONE}/${HOSTS.healthy.hostname}`], {
                    CLOUDFLARE_API_TOKEN: "local-emulator-token",
                    CLOUDFLARE_BASE_URL: url,
                }),
            );
            expect(check.code, check.stderr).to.equal(0);
            expect(check.stdout).to.contain(HOSTS.healthy.hostname).and.contain("1 healthy");
        } finally {
            child.kill("SIGINT");
        }
        const stopped = await done;
        expect(stopped.code, stopped.stderr).to.equal(0);
    });

    it("says how to install the emulator, and exits 2, in a project that has only the main package", async () => {
        const bare = join(root, "without-emulator");
        mkdirSync(bare, { recursive: true });
        writeFileSync(
            join(bare, "package.json"),
            JSON.stringify({ name: "bare", dependencies: { [PROVIDER.name]: `^${packed.packages.provider.version}` } }),
        );
        await installPacked(bare, packed, ["provider"]);
        expect(existsSync(join(bare, "node_modules", EMULATOR.name))).to.equal(false);
        const run = await finished(startBin(bare, "aop-status", ["emulator", "--port", "0"]));
        expect(run.code).to.equal(2);
        expect(run.stderr).to.contain("npm install").and.contain(EMULATOR.name);
    });
});
