/**
 * The pure parts of the recipe tests' support (tests/support/recipes/, policy-pack-config.ts): if
 * they read a recipe wrongly, the recipe tests would test something other than what readers copy.
 */
import { expect } from "chai";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import * as analyzerproto from "@pulumi/pulumi/proto/analyzer_pb";

import { parsePolicyPackConfig, reconcilePolicyPackConfig } from "../../support/policy-pack-config";
import { EscEnvironment } from "../../support/recipes/esc";
import { fencedCodeBlocks, githubAnchor, headings } from "../../support/recipes/markdown";
import { fromActionStep, fromCommandLine } from "../../support/recipes/pulumi-commands";
import { expandExpressions, listInput, parseWorkflow } from "../../support/recipes/workflow";

describe("recipe test support", () => {
    describe("fenced code blocks", () => {
        it("keep exactly the text a reader copies: a list item's indentation removed, inner indentation and blank lines kept", () => {
            const blocks = fencedCodeBlocks(["- Run:", "", "  ```yaml file=a.yml", "  key:", "    nested: 1", "", "  ```", ""].join("\n"));
            expect(blocks).to.deep.equal([{ lang: "yaml", meta: { file: "a.yml" }, text: "key:\n  nested: 1\n\n", line: 3 }]);
        });

        it("end only at a fence at least as long as the opening one", () => {
            const [block] = fencedCodeBlocks("````md\n```sh\necho\n```\n````\n");
            expect(block.text).to.equal("```sh\necho\n```\n");
        });

        it("refuse an info string word that is not key=value, or a key given twice", () => {
            expect(() => fencedCodeBlocks("```sh file\n```\n")).to.throw('"file", expected key=value');
            expect(() => fencedCodeBlocks("```sh a=1 a=2\n```\n")).to.throw('sets "a" twice');
        });

        it("leave headings inside code blocks out of the headings, and anchor them as GitHub does", () => {
            expect(headings("# Top `code`\n\n```sh\n# not a heading\n```\n\nSub: part\n---\n")).to.deep.equal(["Top code", "Sub: part"]);
            expect(githubAnchor("Hourly: Prometheus metrics on a node_exporter host")).to.equal(
                "hourly-prometheus-metrics-on-a-node_exporter-host",
            );
        });
    });

    describe("workflows", () => {
        const workflow = (steps: string): string => `name: w\non:\n  push:\njobs:\n  j:\n    runs-on: ubuntu-latest\n    steps:\n${steps}`;

        it("refuse a step with both uses and run, and an env value that is not a string", () => {
            expect(() => parseWorkflow(workflow("      - uses: a/b@v1\n        run: x\n"), "w")).to.throw("exactly one of uses and run");
            expect(() => parseWorkflow(workflow("      - run: x\n        env:\n          N: 1\n"), "w")).to.throw("must be a string");
        });

        it("fill in the secrets the test gives and refuse every other expression", () => {
            expect(expandExpressions("${{ secrets.TOKEN }}", { secrets: { TOKEN: "t" } })).to.equal("t");
            expect(() => expandExpressions("${{ secrets.OTHER }}", { secrets: {} })).to.throw("no value for secrets.OTHER");
            expect(() => expandExpressions("${{ github.token }}", { secrets: {} })).to.throw("does not model");
        });

        it("read a list input as pulumi/actions does: lines, then commas, trimmed", () => {
            expect(listInput("a, b\n\n c\n")).to.deep.equal(["a", "b", "c"]);
        });

        it("turn a pulumi/actions step into its CLI run, refusing inputs the action does not have", () => {
            const step = {
                uses: "pulumi/actions@v6",
                with: { command: "preview", "stack-name": "o/p/s", refresh: true, policyPacks: "p" },
            };
            expect(fromActionStep(step)).to.deep.equal({
                command: "preview",
                stack: "o/p/s",
                refresh: true,
                expectNoChanges: false,
                policyPacks: ["p"],
                policyPackConfigs: [],
            });
            expect(() => fromActionStep({ ...step, with: { ...step.with, "policy-packs": "p" } })).to.throw('no input "policy-packs"');
            expect(() => fromActionStep({ ...step, uses: "pulumi/actions@main" })).to.throw("pinned to a major version");
        });

        it("read a pulumi command line, refusing flags and shell syntax it does not model", () => {
            expect(fromCommandLine("pulumi refresh --yes --stack o/p/s")).to.deep.include({ command: "refresh", stack: "o/p/s" });
            expect(() => fromCommandLine("pulumi preview --stack s --diff")).to.throw("--diff is not modelled");
            expect(() => fromCommandLine("pulumi preview --stack $STACK")).to.throw("not modelled");
        });
    });

    describe("ESC environments", () => {
        it("keep a secret secret through a reference, and make a string that interpolates one secret too", () => {
            const env = new EscEnvironment(
                [
                    "values:",
                    "  t:",
                    "    fn::secret: abc",
                    "  pulumiConfig:",
                    "    cloudflare:apiToken: ${t}",
                    "    greeting: hi-${t}",
                    "    plain: x",
                ].join("\n"),
            );
            expect(env.pulumiConfig("proj")).to.deep.equal({
                config: { "proj:plain": "x" },
                secretConfig: { "cloudflare:apiToken": "abc", "proj:greeting": "hi-abc" },
            });
        });

        it("refuse what they do not model: imports, other functions, context values, references to nothing or to themselves", () => {
            expect(() => new EscEnvironment("imports: [a]\nvalues: {}\n")).to.throw('"imports" is not modelled');
            expect(() => new EscEnvironment("values:\n  a:\n    fn::open::aws-login: {}\n").open("a")).to.throw("not modelled");
            expect(() => new EscEnvironment("values:\n  a: ${context.rootEnvironment.name}\n").open("a")).to.throw("context values");
            expect(() => new EscEnvironment("values:\n  a: ${b}\n").open("a")).to.throw("does not name a value");
            expect(() => new EscEnvironment("values:\n  a: ${a}\n").open("a")).to.throw("refers to itself");
        });
    });

    describe("policy pack config, as the Pulumi CLI reconciles it", () => {
        function info(): analyzerproto.AnalyzerInfo {
            const policy = (name: string, properties: Record<string, unknown>): analyzerproto.PolicyInfo => {
                const schema = new analyzerproto.PolicyConfigSchema();
                schema.setProperties(Struct.fromJavaScript(properties as Parameters<typeof Struct.fromJavaScript>[0]));
                const entry = new analyzerproto.PolicyInfo();
                entry.setName(name);
                entry.setEnforcementlevel(analyzerproto.EnforcementLevel.MANDATORY);
                entry.setConfigschema(schema);
                return entry;
            };
            const result = new analyzerproto.AnalyzerInfo();
            result.setPoliciesList([policy("a", { days: { type: "integer", minimum: 0, default: 30 } }), policy("b", {})]);
            return result;
        }

        it("fills in the schema's defaults, applies all, then each policy's own level and settings", () => {
            const given = parsePolicyPackConfig('{"all": "advisory", "a": {"days": 5}, "b": "disabled"}');
            expect(reconcilePolicyPackConfig(info(), given)).to.deep.equal({
                config: {
                    a: { enforcementLevel: "advisory", properties: { days: 5 } },
                    b: { enforcementLevel: "disabled", properties: undefined },
                },
                errors: [],
            });
        });

        it("refuses an unknown level, reports a value the schema refuses, and a policy the pack does not have", () => {
            expect(() => parsePolicyPackConfig('{"a": "strict"}')).to.throw('"strict" is not a valid enforcement level');
            expect(reconcilePolicyPackConfig(info(), parsePolicyPackConfig('{"a": {"days": -1}, "c": "advisory"}')).errors).to.deep.equal([
                "c: the pack has no such policy",
                "a: /days must be >= 0",
            ]);
        });
    });
});
