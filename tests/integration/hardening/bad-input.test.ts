/**
 * Bad input is refused before any request: by the provider's `check` (a `pulumi preview` shows a
 * check failure naming the property) and by the CLI (exit 2, a message naming the field). Both
 * use the provider's own validation rules, and neither may send a single request for it.
 *
 * The preview runs against an existing stack whose resource was read once, so a valid preview
 * would Diff, and Diff reads the hostname: zero requests therefore means `check` stopped it,
 * not that preview happens not to read new resources.
 */
import { expect } from "chai";

import type { StackHarness } from "../../support/engine";
import { HOSTS } from "../../support/stacks";
import { ensureBuilt, runCli, type CliRun } from "../cli/support";
import {
    aopResourcesIn,
    credentialEnv,
    expectNoSecrets,
    FAST_TUNING,
    fleetStack,
    FLEET_TARGETS_KEY,
    IDN_HOSTNAME,
    IDN_PUNYCODE,
    once,
    operationText,
    parseJsonReport,
    rootStack,
    runCheck,
    startHardeningEmulator,
    target,
    tuningEnv,
    ZONE,
    type HardeningEmulator,
    type RawTarget,
} from "../../support/hardening";

const VALID: Required<Pick<RawTarget, "name" | "zoneId" | "hostname">> = { name: "target", zoneId: ZONE, hostname: HOSTS.healthy.hostname };

interface BadValue {
    /** What is wrong, for the title: "a zone id of 31 characters". */
    what: string;
    /** Tried only with the CLI, where a case costs a fraction of a preview, because a sibling case covers the same rule. */
    cliOnly?: true;
    value: unknown;
    /** The rule that must have refused it. */
    reason: RegExp;
}

const ZONE_IDS: readonly BadValue[] = [
    { what: "an empty zone id", value: "", reason: /zoneId must be 32 lower-case hexadecimal characters.*is empty/ },
    {
        what: "a zone id of 31 characters",
        value: ZONE.slice(0, 31),
        reason: /zoneId must be 32 lower-case hexadecimal characters.*has 31 characters/,
    },
    {
        what: "a zone id of 33 characters",
        value: `${ZONE}0`,
        reason: /zoneId must be 32 lower-case hexadecimal characters.*has 33 characters/,
    },
    {
        what: "a zone id with a non-hex character",
        value: `${ZONE.slice(0, 31)}g`,
        reason: /zoneId must be 32 lower-case hexadecimal characters.*has characters other than 0-9 and a-f/,
    },
    {
        what: "a zone id containing '/'",
        value: `${ZONE.slice(0, 31)}/`,
        reason: /zoneId must be 32 lower-case hexadecimal characters.*has characters other than 0-9 and a-f/,
    },
];

const LABEL_63 = "a".repeat(63);
const HOSTNAMES: readonly BadValue[] = [
    { what: "an empty hostname", value: "", reason: /hostname must not be empty/ },
    {
        what: "a hostname of 256 characters",
        value: `${LABEL_63}.${LABEL_63}.${LABEL_63}.${"b".repeat(62)}.c`,
        reason: /hostname must be at most 255 characters; got 256/,
    },
    {
        what: "a hostname with a 64-character label",
        value: `${"a".repeat(64)}.example.com`,
        reason: /hostname labels must be at most 63 characters/,
    },
    { what: "a hostname with an empty label ('..')", value: "app..example.com", reason: /hostname must not contain an empty label/ },
    { what: "a hostname with a leading dot", value: ".app.example.com", reason: /hostname must not start or end with a dot/ },
    { what: "a hostname with a trailing dot", value: "app.example.com.", reason: /hostname must not start or end with a dot/ },
    { what: "a hostname with '/'", value: "app.example.com/admin", reason: /hostname must not contain '\/'/ },
    { what: "a hostname with '?'", value: "app.example.com?debug=1", reason: /hostname must not contain '\?'/ },
    { what: "a hostname with '#'", value: "app.example.com#top", reason: /hostname must not contain '#'/ },
    { what: "a hostname with '%2f'", value: "app%2fexample.com", reason: /hostname must not contain '%'/ },
    { what: "a hostname with a space", value: "app example.com", reason: /hostname must not contain whitespace/ },
    {
        what: "a hostname with a control character (NUL)",
        value: "app\u0000.example.com",
        reason: /hostname must not contain control characters/,
    },
    {
        what: "a hostname with a control character (ESC)",
        value: "app\u001b[2J.example.com",
        cliOnly: true,
        reason: /hostname must not contain control characters/,
    },
    { what: "the path traversal '../settings'", value: "../settings", reason: /hostname must not contain '\/'/ },
    {
        what: "a wildcard in a middle label",
        value: "app.*.example.com",
        reason: /hostname may only use a wildcard as the whole leftmost label/,
    },
    {
        what: "a wildcard that is part of the leftmost label",
        value: "*app.example.com",
        cliOnly: true,
        reason: /hostname may only use a wildcard as the whole leftmost label/,
    },
];

const ALLOW_MISSING: readonly BadValue[] = [
    { what: 'allowMissing given as the string "true"', value: "true", reason: /allowMissing must be true or false, got "true"/ },
    { what: "allowMissing given as the number 1", value: 1, reason: /allowMissing must be true or false, got a number/ },
];

const EXPIRY_WARNING_DAYS: readonly BadValue[] = [
    {
        what: 'expiryWarningDays given as the string "30"',
        value: "30",
        reason: /expiryWarningDays must be a whole number of days from 0 to 3650, got "30"/,
    },
    { what: "expiryWarningDays of -1", value: -1, reason: /expiryWarningDays must be a whole number of days from 0 to 3650, got -1/ },
    { what: "expiryWarningDays of 3651", value: 3651, reason: /expiryWarningDays must be a whole number of days from 0 to 3650, got 3651/ },
];

describe("bad input: check refuses it in a preview through the real provider host, without a request", function () {
    this.timeout(60_000);
    let hardening: HardeningEmulator;
    let stack: StackHarness;

    before(async function () {
        this.timeout(120_000);
        hardening = await startHardeningEmulator();
        stack = fleetStack(hardening.emulator, [VALID]);
        const first = await stack.up();
        expect(first.ok, first.error).to.equal(true);
    });
    after(async () => {
        await stack?.dispose();
        await hardening?.emulator.stop();
    });
    beforeEach(() => hardening.emulator.control.reset());

    async function previewWith(raw: RawTarget) {
        stack.setConfig(FLEET_TARGETS_KEY, JSON.stringify([raw]));
        const result = await stack.preview();
        expectNoSecrets(operationText(result), "the preview");
        return result;
    }

    it("reads the hostname in a preview of the same stack when the input is valid (so the zero-request checks below mean something)", async () => {
        const result = await previewWith(VALID);
        expect(result.ok, result.error).to.equal(true);
        expect(result.hostCalls.map((call) => call.method)).to.include("Diff");
        expect(hardening.emulator.log.entries()).to.have.length(1);
    });

    const cases: Array<[property: keyof RawTarget, bad: BadValue]> = [
        ...ZONE_IDS.map((bad): [keyof RawTarget, BadValue] => ["zoneId", bad]),
        ...HOSTNAMES.filter((bad) => !bad.cliOnly).map((bad): [keyof RawTarget, BadValue] => ["hostname", bad]),
        ...ALLOW_MISSING.map((bad): [keyof RawTarget, BadValue] => ["allowMissing", bad]),
        ...EXPIRY_WARNING_DAYS.map((bad): [keyof RawTarget, BadValue] => ["expiryWarningDays", bad]),
    ];
    for (const [property, bad] of cases) {
        it(`refuses ${bad.what} with a check failure naming ${property}, and sends no request`, async () => {
            const result = await previewWith({ ...VALID, [property]: bad.value });
            expect(result.ok).to.equal(false);
            expect(result.checkFailures.map((failure) => failure.property)).to.deep.equal([property]);
            expect(result.checkFailures[0].reason).to.match(bad.reason);
            expect(result.error).to.contain(`property ${property} value`).and.contain("has a problem");
            expect(result.hostCalls.map((call) => call.method)).to.deep.equal(["Configure", "Check"]);
            expect(hardening.emulator.log.entries(), "requests the emulator logged").to.have.length(0);
        });
    }

    it("accepts an IDN hostname and reads and records it in punycode", async () => {
        hardening.emulator.log.clear();
        const mixedCase = IDN_HOSTNAME.replace("bücher", "Bücher");
        const result = await once(rootStack(hardening.emulator, { hostnames: [mixedCase] }), "up");
        expect(result.ok, result.error).to.equal(true);
        const [resource] = aopResourcesIn(result);
        expect(resource.id).to.equal(`${ZONE}/${IDN_PUNYCODE}`);
        expect(resource.inputs.hostname).to.equal(IDN_PUNYCODE);
        expect(resource.outputs).to.include({ hostname: IDN_PUNYCODE, found: true, healthy: true });
        expect(hardening.emulator.log.entries().map((entry) => entry.path)).to.deep.equal([
            `/client/v4/zones/${ZONE}/origin_tls_client_auth/hostnames/${IDN_PUNYCODE}`,
        ]);
        expectNoSecrets(operationText(result), "the up");
    });
});

describe("bad input: aop-status refuses it with exit 2, naming the field, without a request", function () {
    this.timeout(30_000);
    let hardening: HardeningEmulator;
    const runs: CliRun[] = [];

    before(async function () {
        this.timeout(120_000);
        ensureBuilt();
        hardening = await startHardeningEmulator();
    });
    after(async () => {
        await hardening?.emulator.stop();
    });
    beforeEach(() => hardening.emulator.control.reset());
    afterEach(() => {
        for (const run of runs.splice(0)) expectNoSecrets(run.stdout + run.stderr, "CLI output");
    });

    /** `check` with the suite's credential; `stdin` feeds `--targets-file -`. */
    async function check(args: string[], stdin?: string): Promise<CliRun> {
        const run = await runCli(["--base-url", hardening.emulator.url, "check", ...args], {
            env: { ...credentialEnv("token"), ...tuningEnv(FAST_TUNING) },
            stdin,
        });
        runs.push(run);
        return run;
    }

    function expectRefused(run: CliRun, field: string, reason: RegExp): void {
        expect(run.code, run.stderr).to.equal(2);
        expect(run.stderr).to.match(reason);
        expect(run.stderr).to.contain(field);
        expect(run.stdout).to.equal("");
        expect(hardening.emulator.log.entries(), "requests the emulator logged").to.have.length(0);
    }

    it("reads the hostname when the same target is valid (so the zero-request checks below mean something)", async () => {
        const run = await check([target(HOSTS.healthy.hostname)]);
        expect(run.code, run.stderr).to.equal(0);
        expect(hardening.emulator.log.entries()).to.have.length(1);
    });

    for (const bad of ZONE_IDS) {
        const zone = String(bad.value);
        if (zone.includes("/")) {
            // In a target, the first '/' ends the zone id; --zone-id is where a zone id can hold one.
            it(`refuses ${bad.what} in --zone-id, naming --zone-id`, async () => {
                expectRefused(
                    await check(["--zone-id", zone, HOSTS.healthy.hostname]),
                    "--zone-id",
                    /--zone-id must be 32 lower-case hexadecimal characters/,
                );
            });
        } else {
            it(`refuses ${bad.what} in a target, naming the zoneId field`, async () => {
                expectRefused(
                    await check([`${zone}/${HOSTS.healthy.hostname}`]),
                    "field zoneId",
                    new RegExp(bad.reason.source.replace(/^zoneId/, "target zone")),
                );
            });
        }
    }

    for (const bad of HOSTNAMES) {
        const hostname = String(bad.value);
        const reason = new RegExp(bad.reason.source.replace(/^hostname/, "target hostname"));
        if (hostname.includes("\u0000")) {
            // An argument cannot carry NUL; a targets file can.
            it(`refuses ${bad.what} in a targets file, naming the hostname field and the line`, async () => {
                const run = await check(["--targets-file", "-"], `# fleet\n${target(hostname)}\n`);
                expectRefused(run, "(stdin line 2, field hostname)", reason);
            });
        } else {
            it(`refuses ${bad.what} in a target, naming the hostname field`, async () => {
                expectRefused(await check([target(hostname)]), "field hostname", reason);
            });
        }
    }

    for (const raw of ["-1", "3651", "1.5", "abc", "", "1e3"]) {
        it(`refuses --min-days ${JSON.stringify(raw)}, naming --min-days`, async () => {
            const run = await check([target(HOSTS.healthy.hostname), `--min-days=${raw}`]);
            expectRefused(run, "--min-days", /--min-days must be a whole number of days from 0 to 3650/);
        });
    }

    it("accepts an IDN target and reads and reports it in punycode", async () => {
        const run = await runCheck(hardening.emulator, [target(IDN_HOSTNAME.replace("bücher", "Bücher")), "--format", "json"]);
        runs.push(run);
        expect(run.code, run.stderr).to.equal(0);
        const [result] = parseJsonReport(run).targets;
        expect(result).to.include({ target: `${ZONE}/${IDN_PUNYCODE}`, hostname: IDN_PUNYCODE, result: "healthy" });
        expect(hardening.emulator.log.entries().map((entry) => entry.path)).to.deep.equal([
            `/client/v4/zones/${ZONE}/origin_tls_client_auth/hostnames/${IDN_PUNYCODE}`,
        ]);
    });
});
