import { expect } from "chai";
import { EMULATOR_EXIT_CODES, parseEmulatorCliArgs } from "../../../emulator/cli";
import { CliUsageError } from "../../../emulator/errors";

describe("emulator command line", () => {
    it("parses every flag, in both --flag value and --flag=value forms", () => {
        const parsed = parseEmulatorCliArgs([
            "--port",
            "8787",
            "--data=seed.json",
            "--seed",
            "sample",
            "--latency",
            "25",
            "--quota",
            "10",
            "--window=60",
            "--penalty",
            "30",
            "--ip-limit",
            "50",
            "--token",
            "a",
            "--token=b",
            "--key",
            "ops@example.com:k:with:colons",
        ]);
        expect(parsed).to.deep.equal({
            help: false,
            options: {
                port: 8787,
                dataFile: "seed.json",
                seed: "sample",
                latencyMs: 25,
                quota: 10,
                windowSeconds: 60,
                penaltySeconds: 30,
                clientIpLimit: 50,
                tokens: ["a", "b"],
                keys: [{ email: "ops@example.com", key: "k:with:colons" }],
            },
        });
    });

    it("defaults to the demo data and leaves every other setting to the emulator's defaults", () => {
        expect(parseEmulatorCliArgs([])).to.deep.equal({ help: false, options: { seed: "demo" } });
    });

    it("offers the scan data as a built-in seed", () => {
        expect(parseEmulatorCliArgs(["--seed", "scan"])).to.deep.equal({ help: false, options: { seed: "scan" } });
    });

    it("turns the per-client-IP limit off with --no-ip-limit or --ip-limit 0", () => {
        expect(parseEmulatorCliArgs(["--no-ip-limit"])).to.deep.equal({ help: false, options: { seed: "demo", clientIpLimit: false } });
        expect(parseEmulatorCliArgs(["--ip-limit", "0"])).to.deep.equal({ help: false, options: { seed: "demo", clientIpLimit: false } });
    });

    it("asks for help with -h or --help", () => {
        expect(parseEmulatorCliArgs(["--port", "1", "-h"])).to.deep.equal({ help: true });
        expect(parseEmulatorCliArgs(["--help"])).to.deep.equal({ help: true });
    });

    it("has one exit code per way a run ends", () => {
        expect(EMULATOR_EXIT_CODES).to.deep.equal({ stopped: 0, unexpected: 1, usage: 2, cannotListen: 3 });
        expect(new Set(Object.values(EMULATOR_EXIT_CODES)).size).to.equal(Object.keys(EMULATOR_EXIT_CODES).length);
    });

    const wrong: Array<[string[], RegExp]> = [
        [["--port"], /option '--port <n>' argument missing/],
        [["--port", "http"], /--port needs a whole number/],
        [["--port", "70000"], /at most 65535/],
        [["--quota", "1.5"], /--quota needs a whole number/],
        [["--window", "0"], /--window needs a number > 0/],
        [["--latency", "-3"], /--latency needs a number >= 0/],
        [["--ip-limit", "2.5"], /--ip-limit needs a whole number/],
        [["--seed", "prod"], /Allowed choices are demo, sample, scan/],
        [["--key", "nocolon"], /--key needs EMAIL:KEY/],
        [["--token", "has space"], /--token needs a value without whitespace/],
        [["--verbose"], /unknown option '--verbose'/],
        [["serve"], /too many arguments/],
    ];
    for (const [argv, message] of wrong) {
        it(`rejects ${argv.join(" ")}`, () => {
            expect(() => parseEmulatorCliArgs(argv)).to.throw(CliUsageError, message);
        });
    }
});
