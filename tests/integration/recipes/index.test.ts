/**
 * docs/recipes/README.md and what holds the recipes together: every recipe is linked from the
 * README's pipeline section, every link and anchor leads somewhere, every `npm install` names the
 * packages as they are published, the policy pack path is the policy package's installed folder, and
 * the stack the recipes share type-checks against the packages' typings the way `pulumi up`
 * compiles it.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";

import { expect } from "chai";
import * as yaml from "js-yaml";
import ts from "typescript";

import { renderGfm } from "../../unit/cli/markdown-table";
import { githubAnchor, headings } from "../../support/recipes/markdown";
import { Recipe, RECIPES_DIR, REPO_ROOT } from "../../support/recipes/recipe";
import { CLI_BIN, MAIN_PACKAGE } from "../../support/recipes/shell";
import { RecipeStackProject } from "../../support/recipes/stack-project";

const RECIPE_NAMES = readdirSync(RECIPES_DIR)
    .filter((file) => file.endsWith(".md") && file !== "README.md")
    .map((file) => file.slice(0, -".md".length));

interface PackageJson {
    name: string;
    bin?: Record<string, string>;
    private?: boolean;
}
const PACKAGES = ["provider", "policy", "emulator"].map(
    (dir) => JSON.parse(readFileSync(join(REPO_ROOT, dir, "package.json"), "utf8")) as PackageJson,
);
const POLICY_PACKAGE = PACKAGES[1].name;

/** The README's "Use in a pipeline" and "Monitoring with Prometheus" sections: where it points at the recipes. */
function readmePipelineSections(): string {
    const readme = readFileSync(join(REPO_ROOT, "README.md"), "utf8");
    const start = readme.indexOf("\n## Use in a pipeline\n");
    const end = readme.indexOf("\n## The emulator\n");
    expect(start, "the README has a Use in a pipeline section").to.be.greaterThan(0);
    return readme.slice(start, end);
}

/** Every document the tests check the links of: the recipes, their index, and the README's pipeline sections. */
function documents(): Array<{ file: string; markdown: string }> {
    return [
        ...["README", ...RECIPE_NAMES].map((name) => ({ file: join(RECIPES_DIR, `${name}.md`), markdown: Recipe.load(name).markdown })),
        { file: join(REPO_ROOT, "README.md"), markdown: readmePipelineSections() },
    ];
}

/** The words after `npm install` (or `sudo npm install`) in shell command lines, comments dropped. */
function npmInstalls(lines: readonly string[]): string[][] {
    return lines
        .map((line) => line.replace(/\s+#.*$/, "").trim())
        .filter((line) => /^(sudo )?npm install /.test(line))
        .map((line) =>
            line
                .replace(/^sudo /, "")
                .split(/\s+/)
                .slice(2),
        );
}

/** The shell command lines of the README's pipeline sections. */
function readmeShellCommands(): string[] {
    return new Recipe("README of the repository", readmePipelineSections()).shellCommands();
}

describe("the recipes (docs/recipes/)", function () {
    this.timeout(60_000);
    const index = Recipe.load("README");
    const recipes = RECIPE_NAMES.map((name) => Recipe.load(name));

    it("are each linked from the README's pipeline section and from the recipes' index", () => {
        expect(RECIPE_NAMES).to.have.members(["policy-gate", "drift-gate", "scheduled-check", "pulumi-esc"]);
        const index = Recipe.load("README").markdown;
        for (const name of RECIPE_NAMES) {
            expect(readmePipelineSections(), name).to.contain(`](docs/recipes/${name}.md)`);
            expect(index, name).to.contain(`](${name}.md)`);
        }
    });

    it("link only to files of this repository that exist, and to headings those files have", () => {
        for (const { file, markdown } of documents()) {
            const hrefs = [...renderGfm(markdown).matchAll(/<a href="([^"]+)"/g)].map((m) => m[1].replace(/&amp;/g, "&"));
            for (const href of hrefs.filter((h) => !/^[a-z]+:/i.test(h))) {
                const [path, anchor] = href.split("#");
                const target = path === "" ? file : resolve(dirname(file), decodeURIComponent(path));
                const where = `${relative(REPO_ROOT, file)} → ${href}`;
                expect(existsSync(target), where).to.equal(true);
                if (anchor !== undefined) {
                    expect(target.endsWith(".md"), `${where}: an anchor into a file that is not Markdown`).to.equal(true);
                    expect(headings(readFileSync(target, "utf8")).map(githubAnchor), where).to.include(anchor);
                }
            }
        }
    });

    it("install only the published packages, by their names, the policy pack as a development dependency", () => {
        const published = new Set(PACKAGES.filter((p) => !p.private).map((p) => p.name));
        const installs = [index, ...recipes]
            .flatMap((recipe) => npmInstalls(recipe.shellCommands()))
            .concat(npmInstalls(readmeShellCommands()));
        expect(installs.length).to.be.at.least(5);
        for (const words of installs) {
            const flags = words.filter((w) => w.startsWith("-"));
            const names = words.filter((w) => !w.startsWith("-"));
            expect(flags, words.join(" ")).to.satisfy((f: string[]) => f.every((flag) => ["--save-dev", "--global"].includes(flag)));
            for (const name of names) {
                expect(published.has(name) || name === "@pulumi/pulumi", `${name} is one of ${[...published].join(", ")}`).to.equal(true);
            }
            if (names.includes(POLICY_PACKAGE)) expect(flags, words.join(" ")).to.deep.equal(["--save-dev"]);
        }
        // The aop-status command is the main package's bin, and a recipe that runs it installs that package.
        expect(PACKAGES[0].bin).to.have.property(CLI_BIN);
        for (const recipe of recipes) {
            const usesCli = recipe.blocks.some((block) => new RegExp(`(^|[\\s;&|])(npx\\s+)?${CLI_BIN}\\s`, "m").test(block.text));
            const installsMain = [recipe, index].some((r) => npmInstalls(r.shellCommands()).some((w) => w.includes(MAIN_PACKAGE)));
            if (usesCli) expect(installsMain, `${recipe.name} runs ${CLI_BIN}`).to.equal(true);
        }
    });

    it("run the policy pack from the policy package's folder under node_modules, named as the package is", () => {
        const paths = documents().flatMap(({ markdown }) =>
            [...markdown.matchAll(/node_modules\/([\w@./-]+?)(?=[\s`"'\n)]|$)/g)].map((m) => m[1]),
        );
        expect(paths.length).to.be.at.least(3);
        expect(new Set(paths)).to.deep.equal(new Set([POLICY_PACKAGE]));
        expect(existsSync(join(REPO_ROOT, "node_modules", POLICY_PACKAGE, "PulumiPolicy.yaml"))).to.equal(true);
    });

    it("show YAML and JSON that parse", () => {
        for (const name of ["README", ...RECIPE_NAMES]) {
            for (const block of Recipe.load(name).blocks) {
                const where = `docs/recipes/${name}.md line ${block.line}`;
                if (block.lang === "yaml") expect(() => yaml.load(block.text), where).to.not.throw();
                if (block.lang === "json") expect(() => JSON.parse(block.text) as unknown, where).to.not.throw();
            }
        }
    });

    describe("the stack they share (docs/recipes/README.md)", () => {
        let project: RecipeStackProject;
        before(() => {
            project = new RecipeStackProject(index, "prod");
        });
        after(() => project?.dispose());

        it("type-checks against the installed packages' typings with the compiler options of `pulumi new typescript`", () => {
            // pulumi/templates typescript/tsconfig.json, plus skipLibCheck: only the program is under test.
            const program = ts.createProgram([join(project.dir, "index.ts")], {
                strict: true,
                target: ts.ScriptTarget.ES2020,
                module: ts.ModuleKind.CommonJS,
                moduleResolution: ts.ModuleResolutionKind.Node10,
                experimentalDecorators: true,
                noFallthroughCasesInSwitch: true,
                noImplicitReturns: true,
                forceConsistentCasingInFileNames: true,
                skipLibCheck: true,
                types: ["node"],
                noEmit: true,
            });
            const diagnostics = ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"));
            expect(diagnostics).to.deep.equal([]);
            const imported = program.getSourceFiles().map((f) => f.fileName);
            expect(
                imported.some((f) => f.endsWith("/provider/dist/index.d.ts")),
                "resolves the package's own typings",
            ).to.equal(true);
        });

        it("has the stack's config in Pulumi.prod.yaml under the project's name", () => {
            const name = (yaml.load(index.file("Pulumi.yaml")) as { name: string }).name;
            expect(Object.keys(project.stackFile.config).sort()).to.deep.equal([`${name}:hostnames`, `${name}:zoneId`]);
        });
    });

    describe("the recipes' index as a whole", () => {
        it("has no code block that no test above used", () => {
            expect(index.unusedBlocks()).to.deep.equal([]);
        });
    });
});
