/**
 * A stack that installs the package from a registry gets a real copy of the published tarball in
 * its node_modules, not the symlink the examples get from `file:../..`. That changes two things
 * the other stack tests cannot see: only the files `package.json` lists are there, and the
 * closure serializer finds the provider shim under node_modules. So this test packs the package
 * as `npm publish` would, lays the tarball out in a project outside the repository the way
 * `npm install` does, and runs the basic example from there through the real provider host,
 * whose `require` resolves from the project folder and so cannot fall back to the repository.
 */
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";

import { expect } from "chai";

import type { RunningEmulator } from "../../../emulator/index";
import { ensureBuilt } from "../cli/support";
import type { StackHarness } from "../../support/engine";
import { FAKE_TOKEN } from "../../support/scripted-server";
import { aopResources, aopSteps, everythingVisible, HOSTS, REPO_ROOT, stackFor, startTestEmulator, ZONE } from "../../support/stacks";

const PACKAGE = "pulumi-cloudflare-aop-status";

function run(command: string, args: string[], cwd: string): string {
    const result = spawnSync(command, args, { cwd, encoding: "utf8" });
    if (result.status !== 0) {
        throw new Error(`${command} ${args.join(" ")} failed (${result.status ?? result.signal}):\n${result.stdout}${result.stderr}`);
    }
    return result.stdout;
}

/** Links `name` to the repository's installed copy, as npm would have installed it from the registry. */
function linkDependency(project: string, name: string): void {
    const target = join(project, "node_modules", name);
    mkdirSync(dirname(target), { recursive: true });
    symlinkSync(realpathSync(join(REPO_ROOT, "node_modules", name)), target, "dir");
}

/** A project folder holding the basic example, with the packed tarball installed under node_modules. */
function installFromTarball(root: string): { project: string; installed: string } {
    // Scripts run as they would for `npm publish`: prepack builds and copies the README and LICENSE in.
    const packed = JSON.parse(run("npm", ["pack", "--json", "--pack-destination", root], join(REPO_ROOT, "provider"))) as Array<{
        filename: string;
    }>;
    const project = join(root, "project");
    const installed = join(project, "node_modules", PACKAGE);
    mkdirSync(installed, { recursive: true });
    run("tar", ["-xzf", join(root, packed[0].filename), "-C", installed, "--strip-components=1"], root);

    const manifest = JSON.parse(readFileSync(join(installed, "package.json"), "utf8")) as {
        version: string;
        dependencies?: Record<string, string>;
        peerDependencies?: Record<string, string>;
    };
    for (const name of [...Object.keys(manifest.dependencies ?? {}), ...Object.keys(manifest.peerDependencies ?? {}), "@types/node"]) {
        linkDependency(project, name);
    }
    for (const file of ["Pulumi.yaml", "index.ts"]) copyFileSync(join(REPO_ROOT, "examples", "basic", file), join(project, file));
    writeFileSync(
        join(project, "package.json"),
        JSON.stringify({
            name: "registry-consumer",
            private: true,
            main: "index.ts",
            dependencies: { [PACKAGE]: manifest.version, "@pulumi/pulumi": "^3.248.0" },
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
            files: ["index.ts"],
        }),
    );
    return { project, installed };
}

describe("a stack that installs the package from a registry", function () {
    this.timeout(180_000);
    let root: string;
    let project: string;
    let installed: string;
    let emulator: RunningEmulator;
    let stack: StackHarness;

    before(async function () {
        ensureBuilt();
        root = realpathSync(mkdtempSync(join(tmpdir(), "aop-registry-")));
        ({ project, installed } = installFromTarball(root));
        emulator = await startTestEmulator();
        stack = stackFor(project, emulator, { "aop-basic:zoneId": ZONE, "aop-basic:hostname": HOSTS.healthy.hostname });
    });
    after(async () => {
        await stack?.dispose();
        await emulator?.stop();
        if (root) rmSync(root, { recursive: true, force: true });
    });

    it("is laid out outside the repository, so nothing can resolve to the working tree instead", () => {
        expect(relative(REPO_ROOT, project).startsWith("..")).to.equal(true);
        // Resolved as the program is: from a file in the project (this test file would get the
        // repository itself, through the package's self-reference).
        const projectRequire = createRequire(join(project, "index.ts"));
        expect(projectRequire.resolve(PACKAGE)).to.equal(join(installed, "dist", "index.js"));
        expect(projectRequire.resolve(`${PACKAGE}/handler`)).to.equal(join(installed, "dist", "handler.js"));
    });

    it("ships type declarations a strict TypeScript program compiles against", () => {
        run(process.execPath, [join(REPO_ROOT, "node_modules", "typescript", "bin", "tsc"), "-p", project], project);
    });

    it("creates the resource, looks it up with .get and reads it with the function, from the installed copy", async () => {
        const result = await stack.up();
        expect(result.ok, result.error).to.equal(true);
        expect(result.outputs).to.include({
            id: `${ZONE}/${HOSTS.healthy.hostname}`,
            status: "active",
            healthy: true,
            lookedUpStatus: "active",
            functionStatus: "active",
        });
        expect(aopSteps(result)).to.have.deep.members([
            { name: "app", op: "create" },
            { name: "app-lookup", op: "read" },
        ]);
        expect(everythingVisible(result)).to.not.contain(FAKE_TOKEN);
    });

    it("stores a thin __provider that names the package, not a path into node_modules", () => {
        const app = aopResources(stack.state).find((resource) => resource.name === "app");
        const provider = app?.outputs.__provider;
        expect(provider).to.be.a("string");
        expect(Buffer.byteLength(provider as string)).to.be.at.most(4096);
        expect(provider).to.contain(`PACKAGE: "${PACKAGE}"`);
        expect(provider).to.contain("require(`${PACKAGE}/handler`)");
        expect(provider).to.not.contain(root);
        expect(provider).to.not.contain("node_modules");
    });

    it("shows no changes on a second up, running the provider from the state's __provider", async () => {
        emulator.log.clear();
        const result = await stack.up();
        expect(result.ok, result.error).to.equal(true);
        expect(aopSteps(result)).to.deep.include({ name: "app", op: "same" });
        expect(emulator.log.entries().filter((entry) => entry.method !== "GET")).to.deep.equal([]);
    });
});
