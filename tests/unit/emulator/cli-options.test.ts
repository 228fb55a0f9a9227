import { expect } from "chai";
import { CliUsageError } from "../../../emulator/errors";
import { parseEmulatorCliArgs } from "../../../emulator/main";

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
                tokens: ["a", "b"],
                keys: [{ email: "ops@example.com", key: "k:with:colons" }],
            },
        });
    });

    it("asks for help with -h or --help", () => {
        expect(parseEmulatorCliArgs(["--port", "1", "-h"])).to.deep.equal({ help: true });
    });

    const wrong: Array<[string[], RegExp]> = [
        [["--port"], /--port needs a value/],
        [["--port", "http"], /--port needs a whole number/],
        [["--port", "70000"], /at most 65535/],
        [["--quota", "1.5"], /--quota needs a whole number/],
        [["--window", "0"], /--window needs a number > 0/],
        [["--latency", "-3"], /--latency needs a number >= 0/],
        [["--seed", "prod"], /--seed must be demo or sample/],
        [["--key", "nocolon"], /--key needs EMAIL:KEY/],
        [["--verbose"], /Unknown option --verbose/],
        [["serve"], /Unexpected argument "serve"/],
    ];
    for (const [argv, message] of wrong) {
        it(`rejects ${argv.join(" ")}`, () => {
            expect(() => parseEmulatorCliArgs(argv)).to.throw(CliUsageError, message);
        });
    }
});
