/**
 * The README's "Dependencies" section justifies every dependency in one line, package by package.
 * It must name exactly what the package.json files declare, so a dependency added, dropped or
 * moved between packages cannot leave the list behind.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";

import { expect } from "chai";

const ROOT = join(__dirname, "..", "..");

interface Manifest {
    name: string;
    dependencies?: Record<string, string>;
    peerDependencies?: Record<string, string>;
    devDependencies?: Record<string, string>;
}

function manifest(dir: string): Manifest {
    return JSON.parse(readFileSync(join(ROOT, dir, "package.json"), "utf8")) as Manifest;
}

/** What each group of the section must list: a published package's runtime and peer dependencies, the root's development ones. */
function declared(): Map<string, string[]> {
    const groups = new Map<string, string[]>();
    for (const dir of ["provider", "policy", "emulator"]) {
        const m = manifest(dir);
        groups.set(m.name, Object.keys({ ...m.dependencies, ...m.peerDependencies }).sort());
    }
    groups.set("root", Object.keys(manifest(".").devDependencies ?? {}).sort());
    return groups;
}

/**
 * The section's groups: a paragraph naming a package in backticks (or "Development only") opens a
 * group; on each bullet, the backticked names before the first ": " are the dependencies it justifies.
 */
function documented(): Map<string, string[]> {
    const readme = readFileSync(join(ROOT, "README.md"), "utf8");
    const start = readme.indexOf("\n## Dependencies\n");
    expect(start, 'README.md has a "## Dependencies" section').to.be.greaterThan(-1);
    const end = readme.indexOf("\n## ", start + 1);
    const groups = new Map<string, string[]>();
    let current: string[] | undefined;
    for (const line of readme.slice(start, end === -1 ? undefined : end).split("\n")) {
        if (line.startsWith("- ")) {
            expect(current, `${JSON.stringify(line)} belongs to a package's group`).to.not.equal(undefined);
            const label = line.slice(2).split(": ")[0];
            current?.push(...[...label.matchAll(/`([^`]+)`/g)].map((match) => match[1]));
        } else if (line.endsWith(":")) {
            const name = line.startsWith("Development only") ? "root" : /`([^`]+)`/.exec(line)?.[1];
            if (name === undefined) continue;
            expect(groups.has(name), `${name} has one group`).to.equal(false);
            current = [];
            groups.set(name, current);
        }
    }
    for (const [name, list] of groups) groups.set(name, [...list].sort());
    return groups;
}

describe("the README's Dependencies section", () => {
    it("justifies exactly the dependencies each package.json declares, package by package", () => {
        const want = declared();
        const have = documented();
        expect([...have.keys()].sort(), "groups").to.deep.equal([...want.keys()].sort());
        for (const [name, dependencies] of want) expect(have.get(name), name).to.deep.equal(dependencies);
    });
});
