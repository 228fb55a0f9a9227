import { expect } from "chai";

import {
    checkInputs,
    hostnameStatusPath,
    normalizeHostname,
    parseTargetId,
    UNKNOWN_VALUE,
    validateAllowMissing,
    validateExpiryWarningDays,
    validateZoneId,
} from "../../provider/validation";

const ZONE = "023e105f4ecef8ad9ca31a8372d0c353";

describe("validation", () => {
    describe("zoneId", () => {
        it("accepts 32 lower-case hexadecimal characters", () => {
            expect(validateZoneId(ZONE)).to.deep.equal([]);
        });

        for (const [label, value] of [
            ["empty", ""],
            ["31 characters", ZONE.slice(1)],
            ["33 characters", `${ZONE}a`],
            ["non-hex", "g23e105f4ecef8ad9ca31a8372d0c353"],
            ["containing a slash", "023e105f4ecef8ad9ca31a8372d0c/53"],
            ["upper-case", ZONE.toUpperCase()],
            ["a number", 12345],
            ["null", null],
        ] as Array<[string, unknown]>) {
            it(`rejects a zone id that is ${label}, naming zoneId`, () => {
                const failures = validateZoneId(value);
                expect(failures).to.have.length(1);
                expect(failures[0].property).to.equal("zoneId");
                expect(failures[0].reason).to.match(/^zoneId must be/);
            });
        }

        it("lets Pulumi's unknown placeholder through during preview", () => {
            expect(validateZoneId(UNKNOWN_VALUE)).to.deep.equal([]);
        });
    });

    describe("hostname", () => {
        it("lower-cases a hostname", () => {
            expect(normalizeHostname("App.Example.COM")).to.deep.equal({ hostname: "app.example.com", failures: [] });
        });

        it("accepts a wildcard as the whole leftmost label", () => {
            expect(normalizeHostname("*.example.com").hostname).to.equal("*.example.com");
        });

        it("converts an internationalised name to punycode", () => {
            expect(normalizeHostname("bücher.example").hostname).to.equal("xn--bcher-kva.example");
        });

        it("accepts a 255-character name made of 63-character labels", () => {
            const label = "a".repeat(63);
            const name = [label, label, label, "a".repeat(63)].join(".");
            expect(name).to.have.length(255);
            expect(normalizeHostname(name).failures).to.deep.equal([]);
        });

        const bad: Array<[string, unknown, RegExp]> = [
            ["empty", "", /must not be empty/],
            [
                "256 characters",
                ["a".repeat(63), "b".repeat(63), "c".repeat(63), "d".repeat(61), "ee"].join("."),
                /at most 255 characters; got 256/,
            ],
            ["a 64-character label", `${"a".repeat(64)}.example.com`, /at most 63 characters/],
            ["an empty label", "app..example.com", /empty label/],
            ["a leading dot", ".example.com", /start or end with a dot/],
            ["a trailing dot", "example.com.", /start or end with a dot/],
            ["a slash", "app/example.com", /'\/'/],
            ["a question mark", "app.example.com?x=1", /'\?'/],
            ["a hash", "app.example.com#frag", /'#'/],
            ["an encoded slash", "app%2fexample.com", /'%'/],
            ["a space", "app example.com", /whitespace/],
            ["a control character", "app\u0000.example.com", /control characters/],
            ["a newline", "app.example.com\n", /control characters|whitespace/],
            ["a path traversal", "../settings", /'\/'|dot/],
            ["a wildcard in the middle", "app.*.example.com", /wildcard/],
            ["a partial wildcard label", "ap*.example.com", /wildcard/],
            ["an underscore", "_acme.example.com", /letters, digits/],
            ["a label starting with a hyphen", "-app.example.com", /letters, digits/],
            ["a URL", "https://app.example.com", /scheme|'\/'/],
            ["a port", "app.example.com:443", /scheme, port/],
            ["a number", 42, /DNS name string/],
            ["an invalid IDN", "xn--a.\u0080example", /control characters|internationalised/],
        ];
        for (const [label, value, reason] of bad) {
            it(`rejects a hostname with ${label}, naming hostname`, () => {
                const { failures, hostname } = normalizeHostname(value);
                expect(hostname).to.equal(undefined);
                expect(failures).to.have.length(1);
                expect(failures[0].property).to.equal("hostname");
                expect(failures[0].reason)
                    .to.match(/^hostname /)
                    .and.to.match(reason);
            });
        }
    });

    describe("allowMissing and expiryWarningDays", () => {
        it("accepts booleans and absence for allowMissing", () => {
            expect(validateAllowMissing(true)).to.deep.equal([]);
            expect(validateAllowMissing(undefined)).to.deep.equal([]);
        });

        it("rejects a string for allowMissing", () => {
            expect(validateAllowMissing("yes")[0]).to.include({ property: "allowMissing" });
        });

        for (const value of [-1, 1.5, 3651, "30", Number.NaN, true]) {
            it(`rejects ${String(value)} (${typeof value}) for expiryWarningDays`, () => {
                expect(validateExpiryWarningDays(value)[0]).to.include({ property: "expiryWarningDays" });
            });
        }

        it("accepts 0 and 3650 days", () => {
            expect(validateExpiryWarningDays(0)).to.deep.equal([]);
            expect(validateExpiryWarningDays(3650)).to.deep.equal([]);
        });
    });

    describe("checkInputs", () => {
        it("applies defaults and normalises the hostname", () => {
            expect(checkInputs({ zoneId: ZONE, hostname: "APP.example.com" })).to.deep.equal({
                inputs: { zoneId: ZONE, hostname: "app.example.com", allowMissing: false, expiryWarningDays: 30 },
                failures: [],
            });
        });

        it("reports every bad argument at once", () => {
            const { failures } = checkInputs({ zoneId: "nope", hostname: "a/b", allowMissing: 1, expiryWarningDays: -5 });
            expect(failures.map((f) => f.property)).to.deep.equal(["zoneId", "hostname", "allowMissing", "expiryWarningDays"]);
        });

        it("keeps unknown values unknown", () => {
            const { inputs, failures } = checkInputs({ zoneId: UNKNOWN_VALUE, hostname: UNKNOWN_VALUE });
            expect(failures).to.deep.equal([]);
            expect(inputs.hostname).to.equal(UNKNOWN_VALUE);
        });
    });

    describe("ids and paths", () => {
        it("splits <zoneId>/<hostname> ids", () => {
            expect(parseTargetId(`${ZONE}/App.example.com`)).to.deep.equal({ zoneId: ZONE, hostname: "app.example.com", failures: [] });
        });

        it("rejects an id without a slash", () => {
            expect(parseTargetId("app.example.com").failures[0].reason).to.match(/<zoneId>\/<hostname>/);
        });

        it("rejects an id whose hostname tries to walk up the path", () => {
            expect(parseTargetId(`${ZONE}/../settings`).failures).to.not.have.lengthOf(0);
        });

        it("percent-encodes the hostname segment", () => {
            expect(hostnameStatusPath(ZONE, "*.example.com")).to.equal(`/zones/${ZONE}/origin_tls_client_auth/hostnames/*.example.com`);
            expect(hostnameStatusPath(ZONE, "a b")).to.equal(`/zones/${ZONE}/origin_tls_client_auth/hostnames/a%20b`);
        });
    });
});
