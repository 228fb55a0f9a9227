/**
 * The package's public surface, checked on what it ships: the root's exports (runtime names from
 * the built `provider/dist/index.js`, type-only names from `dist/index.d.ts` through the
 * TypeScript compiler) against the README's "API" section, both ways; the `exports` map, so that
 * internals stay unreachable; and the `./handler` subpath that state written by 0.1.0 loads by name.
 */
import { readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";

import { expect } from "chai";
import ts from "typescript";

import { ensureBuilt, ROOT } from "./cli/support";

const PACKAGE = "pulumi-cloudflare-aop-status";
const DIST = join(ROOT, "provider", "dist");

interface ExportList {
    values: string[];
    types: string[];
}

/** The built entry point, as a consumer's program loads it at run time. */
function builtIndex(): Record<string, unknown> {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the built file, by path: what the test is about
    return require(join(DIST, "index.js")) as Record<string, unknown>;
}

/** What `import { … } from "pulumi-cloudflare-aop-status"` offers: values at run time, and names that exist only as types. */
function builtExports(): ExportList {
    const runtime = Object.keys(builtIndex()).sort();
    const entry = join(DIST, "index.d.ts");
    const program = ts.createProgram([entry], { noEmit: true, skipLibCheck: true, types: [] });
    const checker = program.getTypeChecker();
    const source = program.getSourceFile(entry);
    const module = source && checker.getSymbolAtLocation(source);
    if (!module) throw new Error(`cannot read the exports of ${entry}`);
    const values: string[] = [];
    const types: string[] = [];
    for (const symbol of checker.getExportsOfModule(module)) {
        const target = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
        (target.flags & ts.SymbolFlags.Value ? values : types).push(symbol.getName());
    }
    expect(values.sort(), "the values dist/index.d.ts declares are the ones dist/index.js exports").to.deep.equal(runtime);
    return { values: runtime, types: types.sort() };
}

/**
 * The README's "API" section: on each bullet, the backticked names before the first ": " are
 * exports; a bullet that starts with "types " lists type-only exports.
 */
function documentedExports(): ExportList {
    const readme = readFileSync(join(ROOT, "README.md"), "utf8");
    const start = readme.indexOf("\n## API\n");
    expect(start, 'README.md has an "## API" section').to.be.greaterThan(-1);
    const end = readme.indexOf("\n## ", start + 1);
    const section = readme.slice(start, end === -1 ? undefined : end);
    const values: string[] = [];
    const types: string[] = [];
    for (const line of section.split("\n")) {
        if (!line.startsWith("- ")) continue;
        const label = line.slice(2).split(": ")[0];
        const names = [...label.matchAll(/`([^`]+)`/g)].map((match) => match[1]);
        for (const name of names) expect(name, `${JSON.stringify(line)} names an identifier`).to.match(/^[A-Za-z_$][\w$]*$/);
        (label.startsWith("types ") ? types : values).push(...names);
    }
    return { values: values.sort(), types: types.sort() };
}

describe("the package's public API", function () {
    this.timeout(120_000);
    before(() => ensureBuilt());

    it("exports exactly what the README's API section lists, values and types alike, both ways", () => {
        const built = builtExports();
        const documented = documentedExports();
        const missing = (from: string[], to: string[]): string[] => from.filter((name) => !to.includes(name));
        expect(missing(built.values, documented.values), "exported values the README does not list").to.deep.equal([]);
        expect(missing(documented.values, built.values), "values the README lists that are not exported (or are types)").to.deep.equal([]);
        expect(missing(built.types, documented.types), "exported types the README does not list").to.deep.equal([]);
        expect(missing(documented.types, built.types), "types the README lists that are not exported (or are values)").to.deep.equal([]);
    });

    it("leaves the client, limiter, pacing, mapping, shim, settings and credentials out of the root", () => {
        const { values, types } = builtExports();
        for (const internal of [
            "CloudflareClient",
            "sharedClient",
            "outputsFor",
            "buildOutputs",
            "mapHostnameStatus",
            "toOutputs",
            "resolveCredentials",
            "Credentials",
            "resolveTuning",
            "DEFAULT_TUNING",
            "checkInputs",
            "OUTPUT_NAMES",
            "providerShim",
            "sharedLimiter",
        ]) {
            expect(values, internal).to.not.include(internal);
        }
        expect(types).to.not.include.members(["ClientOptions", "StatusLookup", "ClientTuning", "ConfigSource"]);
    });

    it("reaches no module but the root and ./handler through the package's exports", () => {
        const manifest = JSON.parse(readFileSync(join(ROOT, "provider", "package.json"), "utf8")) as { exports: Record<string, unknown> };
        expect(Object.keys(manifest.exports)).to.deep.equal([".", "./handler", "./package.json"]);
        // Resolved as a program resolves it, by package name.
        const fromProject = createRequire(join(ROOT, "index.ts"));
        expect(fromProject.resolve(PACKAGE)).to.equal(join(DIST, "index.js"));
        for (const internal of ["client", "dist/client", "dist/client.js", "mapping", "credentials", "dist/shim.js"]) {
            expect(() => fromProject.resolve(`${PACKAGE}/${internal}`), internal)
                .to.throw()
                .with.property("code", "ERR_PACKAGE_PATH_NOT_EXPORTED");
        }
    });

    it("strips @internal members from the typings but keeps them at run time", () => {
        const typings = readFileSync(join(DIST, "resource.d.ts"), "utf8");
        expect(typings).to.not.match(/static readonly __pulumiType/);
        const { AuthenticatedOriginPullStatus, AUTHENTICATED_ORIGIN_PULL_STATUS_TYPE } = builtIndex() as {
            AuthenticatedOriginPullStatus: { __pulumiType?: string };
            AUTHENTICATED_ORIGIN_PULL_STATUS_TYPE: string;
        };
        expect(AuthenticatedOriginPullStatus.__pulumiType).to.equal(AUTHENTICATED_ORIGIN_PULL_STATUS_TYPE);
        expect(AUTHENTICATED_ORIGIN_PULL_STATUS_TYPE).to.equal("pulumi-nodejs:dynamic/cloudflare:AuthenticatedOriginPullStatus");
    });
});

describe("the ./handler subpath (internal, kept for state written by 0.1.0)", function () {
    this.timeout(120_000);
    before(() => ensureBuilt());

    it("loads by package name and offers the provider whose methods 0.1.0's __provider calls", () => {
        const fromProject = createRequire(join(ROOT, "index.ts"));
        expect(fromProject.resolve(`${PACKAGE}/handler`)).to.equal(join(DIST, "handler.js"));
        const { provider } = fromProject(`${PACKAGE}/handler`) as { provider: Record<string, unknown> };
        for (const method of ["configure", "check", "diff", "create", "read", "update"]) {
            expect(provider[method], method).to.be.a("function");
        }
    });

    it("is the very path the __provider in the 0.1.0 state fixture requires", () => {
        const state = JSON.parse(readFileSync(join(ROOT, "tests", "fixtures", "state-0.1.0", "root-stack.json"), "utf8")) as {
            resources: Array<{ outputs: { __provider?: string } }>;
        };
        const shims = state.resources.map((resource) => resource.outputs.__provider).filter((text): text is string => text !== undefined);
        expect(shims).to.not.have.lengthOf(0);
        for (const shim of shims) {
            expect(shim).to.contain('PACKAGE: "pulumi-cloudflare-aop-status"').and.contain("require(`${PACKAGE}/handler`).provider");
            for (const method of ["configure", "check", "diff", "create", "read", "update"]) expect(shim).to.contain(`load().${method}(`);
        }
    });

    it("is documented as internal and part of the compatibility contract, in the README and in handler.ts", () => {
        const readme = readFileSync(join(ROOT, "README.md"), "utf8");
        expect(readme).to.match(/`pulumi-cloudflare-aop-status\/handler` is \*\*internal\*\*/);
        expect(readFileSync(join(ROOT, "provider", "handler.ts"), "utf8")).to.contain("part of the compatibility contract");
    });
});

describe("the policy pack's use of the package", () => {
    const sources = readdirSync(join(ROOT, "policy"))
        .filter((file) => file.endsWith(".ts"))
        .map((file) => ({ file, text: readFileSync(join(ROOT, "policy", file), "utf8") }));

    it("imports the package only from its root, and nothing of the repository by path", () => {
        for (const { file, text } of sources) {
            const specifiers = [...text.matchAll(/from\s+"([^"]+)"/g)].map((match) => match[1]);
            for (const specifier of specifiers) {
                const allowed = specifier === PACKAGE || specifier === "@pulumi/policy" || /^\.\/[\w-]+$/.test(specifier);
                expect(allowed, `${file} imports ${specifier}`).to.equal(true);
            }
        }
    });

    it("takes the type token from the package instead of spelling it out", () => {
        for (const { file, text } of sources) expect(text, file).to.not.contain("pulumi-nodejs:dynamic/");
        expect(sources.find((source) => source.file === "aop-status-resources.ts")?.text).to.contain(
            "AUTHENTICATED_ORIGIN_PULL_STATUS_TYPE",
        );
    });
});
