import { expect } from "chai";

import { argumentEntries, fileEntries, formatTargetProblem, parseTargets, validateZoneIdFlag } from "../../../provider/cli/targets";
import { ZONE } from "./fixtures";

describe("aop-status targets", () => {
    it("parses ZONE_ID/HOSTNAME arguments into the resource id with the hostname in canonical form", () => {
        const { targets, problems } = parseTargets(argumentEntries([`${ZONE}/App.Example.COM`, `${ZONE}/bücher.example`]));
        expect(problems).to.deep.equal([]);
        expect(targets.map((t) => t.id)).to.deep.equal([`${ZONE}/app.example.com`, `${ZONE}/xn--bcher-kva.example`]);
        expect(targets[0]).to.include({ zoneId: ZONE, hostname: "app.example.com" });
        expect(targets[1].origin).to.deep.equal({ kind: "argument", position: 2 });
    });

    it("reads a targets file ignoring comments, blank lines, indentation, CRLF endings and a BOM, keeping line numbers", () => {
        const text = `\uFEFF# production fleet\r\n\r\n  ${ZONE}/a.example.com  # the shop\r\n\n${ZONE}/b.example.com\n   # retired: ${ZONE}/c.example.com\n`;
        const entries = fileEntries(text, "targets.txt");
        expect(entries).to.deep.equal([
            { text: `${ZONE}/a.example.com`, origin: { kind: "file", file: "targets.txt", line: 3 } },
            { text: `${ZONE}/b.example.com`, origin: { kind: "file", file: "targets.txt", line: 5 } },
        ]);
        expect(parseTargets(entries).targets).to.have.length(2);
    });

    it("accepts bare hostnames in the --zone-id zone, alongside full ids", () => {
        const other = "0123456789abcdef0123456789abcdef";
        const { targets, problems } = parseTargets(argumentEntries(["api.example.com", `${other}/www.example.com`]), ZONE);
        expect(problems).to.deep.equal([]);
        expect(targets.map((t) => t.id)).to.deep.equal([`${ZONE}/api.example.com`, `${other}/www.example.com`]);
    });

    it("rejects a bare hostname without --zone-id and says how to write it", () => {
        const { targets, problems } = parseTargets(argumentEntries(["app.example.com"]));
        expect(targets).to.deep.equal([]);
        expect(problems).to.have.length(1);
        expect(problems[0].field).to.equal("target");
        expect(formatTargetProblem(problems[0])).to.equal(
            'invalid target "app.example.com" (argument 1, field target): target must be "<zoneId>/<hostname>" (or a bare hostname together with --zone-id), got "app.example.com"',
        );
    });

    it("names the target, its file line and the zoneId field for a bad zone id, using the provider's rule", () => {
        const { problems } = parseTargets(fileEntries(`\n${ZONE.toUpperCase()}/app.example.com\n`, "fleet.txt"));
        expect(problems).to.have.length(1);
        expect(problems[0].field).to.equal("zoneId");
        const message = formatTargetProblem(problems[0]);
        expect(message).to.contain(`"${ZONE.toUpperCase()}/app.example.com"`);
        expect(message).to.contain("fleet.txt line 2");
        expect(message).to.contain("field zoneId");
        expect(message).to.contain("has upper-case letters");
    });

    it("names the hostname field for a hostname that is a URL", () => {
        const { problems } = parseTargets(argumentEntries([`${ZONE}/https:x`]));
        expect(problems[0].field).to.equal("hostname");
        expect(problems[0].reason).to.contain("without a scheme, port or user");
    });

    it("reports every bad target at once rather than stopping at the first", () => {
        const text = [
            `${ZONE}/ok.example.com`,
            "nothex/a.example.com",
            `${ZONE}/bad_host.example.com`,
            `${ZONE}/`,
            "bare.example.com",
        ].join("\n");
        const { targets, problems } = parseTargets(fileEntries(text, "t.txt"));
        expect(targets.map((t) => t.hostname)).to.deep.equal(["ok.example.com"]);
        expect(problems.map((p) => [p.entry.origin.kind === "file" ? p.entry.origin.line : 0, p.field])).to.deep.equal([
            [2, "zoneId"],
            [3, "hostname"],
            [4, "hostname"],
            [5, "target"],
        ]);
    });

    it("checks a target given twice (even in different case) only once, at its first position", () => {
        const { targets } = parseTargets(argumentEntries([`${ZONE}/a.example.com`, `${ZONE}/b.example.com`, `${ZONE}/A.example.com`]));
        expect(targets.map((t) => t.hostname)).to.deep.equal(["a.example.com", "b.example.com"]);
    });

    it("validates --zone-id itself and names the flag", () => {
        expect(validateZoneIdFlag(ZONE)).to.deep.equal([]);
        const [reason] = validateZoneIdFlag("abc");
        expect(reason).to.match(/^--zone-id must be 32 lower-case hexadecimal characters/);
    });
});
