/**
 * The pack's real analyzer server, started as the Pulumi CLI starts it, driven over gRPC with the
 * requests the engine sends: GetAnalyzerInfo, Configure, then AnalyzeStack with every registered
 * resource's outputs as a google.protobuf.Struct.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";

import { expect } from "chai";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import * as analyzerproto from "@pulumi/pulumi/proto/analyzer_pb";
import { specialSecretSig, specialSigKey, unknownValue } from "@pulumi/pulumi/runtime/rpc";

import { AnalyzerProcess, POLICY_DIR } from "./analyzer-process";
import { inDays, outputs as healthyWith, outputsWrittenBy010, PEM_FINGERPRINT as FINGERPRINT, ZONE } from "../../unit/policy/support";

const { EnforcementLevel } = analyzerproto;

const TYPE = "pulumi-nodejs:dynamic/cloudflare:AuthenticatedOriginPullStatus";
const STACK_URN = "urn:pulumi:dev::aop-monitor::pulumi:pulumi:Stack::aop-monitor-dev";
const PROVIDER_URN = "urn:pulumi:dev::aop-monitor::pulumi:providers:pulumi-nodejs::default";
const OTHER_FINGERPRINT = "AA:".repeat(31) + "AA";

const urnOf = (name: string, type = TYPE): string => `urn:pulumi:dev::aop-monitor::${type}::${name}`;
/** How the engine marks a secret output inside a Struct. */
const secret = (value: unknown): Record<string, unknown> => ({ [specialSigKey]: specialSecretSig, value });

type Props = Record<string, unknown>;

const PROVIDER = { __provider: "exports.handler = __f0;\n/* the serialized provider shim */" };

/** The outputs a read stores in state: the policy unit tests' healthy outputs with some changed (verdict included), plus `__provider`. */
function outputs(hostname: string, changes: Props = {}): Props {
    return { ...PROVIDER, ...healthyWith({ hostname, ...changes }) };
}

/** One entry of AnalyzeStackRequest.resources, as the engine's step generator fills it in. */
function resource(name: string, type: string, properties: Props): analyzerproto.AnalyzerResource {
    const options = new analyzerproto.AnalyzerResourceOptions();
    options.setCustomtimeouts(new analyzerproto.AnalyzerResourceOptions.CustomTimeouts());
    const entry = new analyzerproto.AnalyzerResource();
    entry.setType(type);
    entry.setName(name);
    entry.setUrn(urnOf(name, type));
    entry.setProperties(Struct.fromJavaScript(properties as Parameters<typeof Struct.fromJavaScript>[0]));
    entry.setOptions(options);
    if (type !== "pulumi:pulumi:Stack") entry.setParent(STACK_URN);
    if (type === TYPE) {
        const provider = new analyzerproto.AnalyzerProviderResource();
        provider.setType("pulumi:providers:pulumi-nodejs");
        provider.setName("default");
        provider.setUrn(PROVIDER_URN);
        provider.setProperties(new Struct());
        entry.setProvider(provider);
    }
    return entry;
}

/**
 * A preview of a program that registers six AuthenticatedOriginPullStatus resources and also
 * looks one up with `AuthenticatedOriginPullStatus.get("old", `${ZONE}/old.example.com`)`.
 *
 * The lookup is not in this list, and cannot be: the engine builds AnalyzeStack's resources from
 * the resources the program registered (each needs a registration goal), and a `.get` is a
 * ReadResource, which has none. However unhealthy old.example.com is, no stack policy ever sees it.
 */
function previewRequest(): analyzerproto.AnalyzeStackRequest {
    const request = new analyzerproto.AnalyzeStackRequest();
    request.setResourcesList([
        resource("aop-monitor-dev", "pulumi:pulumi:Stack", {}),
        resource("default", "pulumi:providers:pulumi-nodejs", {}),
        resource("app", TYPE, outputs("app.example.com")),
        resource("api", TYPE, outputs("api.example.com", { status: "pending_deployment", certFingerprintSha256: secret(FINGERPRINT) })),
        resource("shop", TYPE, outputs("shop.example.com", { certNotAfter: inDays(40), daysUntilExpiry: 400 })),
        // Read by 0.1.0 and not refreshed since: `problems` but no `problemCodes`.
        resource("legacy", TYPE, { ...PROVIDER, ...outputsWrittenBy010({ hostname: "legacy.example.com", enabled: false }) }),
        // Being updated in this preview: the engine does not know the new status, nor so the verdict, yet.
        resource(
            "edge",
            TYPE,
            outputs("edge.example.com", { status: unknownValue, certStatus: "pending_deployment", certNotAfter: inDays(20) }),
        ),
        // Created in this preview: only its inputs, and a hostname computed from another resource.
        resource("beta", TYPE, {
            __provider: "exports.handler = __f0;",
            zoneId: ZONE,
            hostname: unknownValue,
            allowMissing: false,
            expiryWarningDays: 30,
        }),
        resource("pet", "random:index/randomPet:RandomPet", { id: "legacy.example.com", enabled: false, status: "pending_deployment" }),
    ]);
    return request;
}

function policyConfig(level: analyzerproto.EnforcementLevel, properties: Props): analyzerproto.PolicyConfig {
    const config = new analyzerproto.PolicyConfig();
    config.setEnforcementlevel(level);
    config.setProperties(Struct.fromJavaScript(properties as Parameters<typeof Struct.fromJavaScript>[0]));
    return config;
}

interface Diagnostic {
    policy: string;
    level: analyzerproto.EnforcementLevel;
    resource: string;
    message: string;
}

function diagnostics(response: analyzerproto.AnalyzeResponse): Diagnostic[] {
    return response.getDiagnosticsList().map((d) => ({
        policy: d.getPolicyname(),
        level: d.getEnforcementlevel(),
        resource: d.getUrn().split("::").pop() ?? "",
        message: d.getMessage(),
    }));
}

describe("the policy pack's analyzer server", function () {
    this.timeout(30_000);
    let analyzer: AnalyzerProcess;

    before(async () => {
        analyzer = await AnalyzerProcess.start();
    });

    after(async () => {
        await analyzer?.stop();
    });

    it("describes the pack: four mandatory stack policies with their config schemas", async () => {
        const info = await analyzer.getAnalyzerInfo();
        expect(info.getName()).to.equal("cloudflare-aop-status");
        // The analyzer reports the version of the pack's package.json.
        expect(info.getVersion()).to.equal(
            (JSON.parse(readFileSync(join(POLICY_DIR, "package.json"), "utf8")) as { version: string }).version,
        );
        expect(info.getSupportsconfig()).to.equal(true);
        const policies = info.getPoliciesList();
        expect(policies.map((p) => p.getName())).to.deep.equal([
            "aop-hostname-enabled",
            "aop-status-active",
            "aop-certificate-not-expiring",
            "aop-certificate-pinned",
        ]);
        for (const policy of policies) {
            expect(policy.getPolicyType(), policy.getName()).to.equal(analyzerproto.PolicyType.POLICY_TYPE_STACK);
            expect(policy.getEnforcementlevel(), policy.getName()).to.equal(EnforcementLevel.MANDATORY);
        }
        const schema = policies[2].getConfigschema()?.getProperties()?.toJavaScript();
        expect(schema).to.have.nested.property("expiryWarningDays.type", "integer");
        expect(schema).to.have.nested.property("minDaysToExpiry.type", "integer");
    });

    it("declares every policy not applicable to a stack without AuthenticatedOriginPullStatus resources", async () => {
        const request = new analyzerproto.AnalyzeStackRequest();
        request.setResourcesList([
            resource("aop-monitor-dev", "pulumi:pulumi:Stack", {}),
            resource("pet", "random:index/randomPet:RandomPet", {}),
        ]);
        const response = await analyzer.analyzeStack(request);
        expect(response.getDiagnosticsList()).to.deep.equal([]);
        expect(response.getNotApplicableList().map((n) => n.getPolicyName())).to.have.members([
            "aop-hostname-enabled",
            "aop-status-active",
            "aop-certificate-not-expiring",
            "aop-certificate-pinned",
        ]);
    });

    describe("configured as the CLI configures it, judging a preview", () => {
        let found: Diagnostic[];

        before(async () => {
            // The CLI sends every policy with its effective level and its config, defaults filled in.
            const configure = new analyzerproto.ConfigureAnalyzerRequest();
            const map = configure.getPolicyconfigMap();
            map.set("aop-hostname-enabled", policyConfig(EnforcementLevel.MANDATORY, { allowNotFound: false }));
            map.set("aop-status-active", policyConfig(EnforcementLevel.MANDATORY, {}));
            map.set("aop-certificate-not-expiring", policyConfig(EnforcementLevel.ADVISORY, { expiryWarningDays: 60 }));
            map.set(
                "aop-certificate-pinned",
                policyConfig(EnforcementLevel.MANDATORY, {
                    fingerprints: { "app.example.com": FINGERPRINT, "api.example.com": OTHER_FINGERPRINT },
                }),
            );
            await analyzer.configure(configure);
            found = diagnostics(await analyzer.analyzeStack(previewRequest()));
        });

        it("reports exactly the failing registered hostnames, each against its own resource", () => {
            expect(found.map((d) => `${d.policy} ${d.resource}`)).to.deep.equal([
                "aop-hostname-enabled legacy",
                "aop-status-active api",
                "aop-certificate-not-expiring shop",
                "aop-certificate-not-expiring edge",
                "aop-certificate-pinned api",
            ]);
        });

        it("names the hostname and zone and says what to do", () => {
            const status = found.find((d) => d.policy === "aop-status-active" && d.resource === "api");
            expect(status?.message).to.equal(
                "Require each hostname's Authenticated Origin Pulls association and certificate to be active.\n" +
                    `api.example.com (zone ${ZONE}): status is pending_deployment; wait for Cloudflare to finish deploying the association, or check it with \`aop-status get ${ZONE}/api.example.com\``,
            );
            const disabled = found.find((d) => d.policy === "aop-hostname-enabled");
            expect(disabled?.message).to.contain(`legacy.example.com (zone ${ZONE}): hostname AOP is disabled; enable the association`);
        });

        it("uses the enforcement level from the config", () => {
            const levels = Object.fromEntries(found.map((d) => [d.policy, d.level]));
            expect(levels).to.deep.equal({
                "aop-hostname-enabled": EnforcementLevel.MANDATORY,
                "aop-status-active": EnforcementLevel.MANDATORY,
                "aop-certificate-not-expiring": EnforcementLevel.ADVISORY,
                "aop-certificate-pinned": EnforcementLevel.MANDATORY,
            });
        });

        it("applies the configured expiryWarningDays to days counted now, not the stale daysUntilExpiry", () => {
            const expiry = found.find((d) => d.policy === "aop-certificate-not-expiring");
            expect(expiry?.message).to.contain(`shop.example.com (zone ${ZONE}): certificate expires in 40 days`);
            expect(expiry?.message).to.contain("fewer than the 60 the policy requires");
        });

        it("compares the pin with a fingerprint the engine sent as a secret", () => {
            const pin = found.find((d) => d.policy === "aop-certificate-pinned");
            expect(pin?.message).to.contain(
                `certificate fingerprint is ${FINGERPRINT}, but the hostname is pinned to ${OTHER_FINGERPRINT}`,
            );
        });

        it("skips only what is unknown: edge's verdict but not its expiry, and the new resource beta, without the generic preview advisory", () => {
            const edge = found.filter((d) => d.resource === "edge").map((d) => d.message);
            expect(edge).to.have.length(1);
            expect(edge[0]).to.contain("certificate expires in 20 days");
            expect(found.map((d) => d.resource)).to.not.include("beta");
            expect(found.map((d) => d.message).join("\n")).to.not.contain("can't run");
        });

        it("never mentions the .get lookup or resources of other types", () => {
            const text = found.map((d) => d.message).join("\n");
            expect(text).to.not.contain("old.example.com");
            expect(found.map((d) => d.resource)).to.not.include("pet");
        });

        it("leaves nothing on stderr", () => {
            expect(analyzer.stderr).to.equal("");
        });
    });
});
