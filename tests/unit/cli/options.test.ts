import { expect } from "chai";
import { Command, CommanderError, InvalidArgumentError } from "commander";

import {
    addHealthOptions,
    parseConcurrency,
    parseExpiryWarningDays,
    parseMinDays,
    settingsFrom,
    type HealthFlags,
} from "../../../provider/cli/options";
import { ProgressLine, progressText } from "../../../provider/cli/progress";
import { colorEnabled, progressEnabled, type OutputStream } from "../../../provider/cli/terminal";

class FakeTerminal implements OutputStream {
    chunks: string[] = [];
    constructor(
        readonly isTTY: boolean,
        readonly columns = 80,
    ) {}
    write(chunk: string): boolean {
        this.chunks.push(chunk);
        return true;
    }
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe("aop-status options", () => {
    it("accepts --expiry-warning-days and its alias --min-days from 0 to 3650, the resource's range, naming the flag typed", () => {
        for (const [parse, flag] of [
            [parseExpiryWarningDays, "--expiry-warning-days"],
            [parseMinDays, "--min-days"],
        ] as const) {
            expect(parse("0")).to.equal(0);
            expect(parse("3650")).to.equal(3650);
            for (const bad of ["-1", "3651", "1.5", "ten", ""]) {
                expect(() => parse(bad), bad).to.throw(
                    InvalidArgumentError,
                    new RegExp(`^${flag} must be a whole number of days from 0 to 3650`),
                );
            }
        }
    });

    describe("the warning window on the command line", () => {
        /** The settings `get` and `check` would use for these arguments, parsed by commander itself. */
        function settingsFor(args: string[]): ReturnType<typeof settingsFrom> {
            const command = addHealthOptions(new Command("check").exitOverride().configureOutput({ writeErr: () => undefined }));
            command.parse(args, { from: "user" });
            return settingsFrom(command.opts<HealthFlags>());
        }

        it("is --expiry-warning-days, as the resource's expiryWarningDays", () => {
            expect(settingsFor(["--expiry-warning-days", "14"]).expiryWarningDays).to.equal(14);
        });

        it("still takes --min-days, its 0.1.0 name, as an alias", () => {
            expect(settingsFor(["--min-days", "7"]).expiryWarningDays).to.equal(7);
        });

        it("defaults to 30 when neither is given", () => {
            expect(settingsFor([]).expiryWarningDays).to.equal(30);
        });

        it("refuses both at once, as a usage error", () => {
            expect(() => settingsFor(["--min-days", "7", "--expiry-warning-days", "14"])).to.throw(CommanderError, /cannot be used with/);
        });
    });

    it("accepts --concurrency from 1 to 256", () => {
        expect(parseConcurrency("1")).to.equal(1);
        expect(parseConcurrency("256")).to.equal(256);
        for (const bad of ["0", "257", "2.5", "many"])
            expect(() => parseConcurrency(bad), bad).to.throw(InvalidArgumentError, /--concurrency/);
    });

    it("requires an enabled association unless told otherwise, and does not allow missing hostnames by default", () => {
        expect(settingsFrom({ expiryWarningDays: 30 })).to.deep.equal({ expiryWarningDays: 30, requireEnabled: true, allowMissing: false });
        expect(settingsFrom({ expiryWarningDays: 7, requireEnabled: false, allowMissing: true })).to.deep.equal({
            expiryWarningDays: 7,
            requireEnabled: false,
            allowMissing: true,
        });
    });
});

describe("aop-status terminal output", () => {
    it("colours only a terminal, and never when NO_COLOR is set", () => {
        expect(colorEnabled(new FakeTerminal(true), {})).to.equal(true);
        expect(colorEnabled(new FakeTerminal(false), {})).to.equal(false);
        expect(colorEnabled(new FakeTerminal(true), { NO_COLOR: "1" })).to.equal(false);
        expect(colorEnabled(new FakeTerminal(true), { NO_COLOR: "" })).to.equal(true);
    });

    it("shows progress only on a terminal outside CI", () => {
        expect(progressEnabled(new FakeTerminal(true), {})).to.equal(true);
        expect(progressEnabled(new FakeTerminal(false), {})).to.equal(false);
        expect(progressEnabled(new FakeTerminal(true), { CI: "true" })).to.equal(false);
        expect(progressEnabled(new FakeTerminal(true), { CI: "false" })).to.equal(true);
    });

    it("describes progress as checked N/M with the findings so far", () => {
        expect(progressText(120, 1000, { unhealthy: 0, missing: 0, errors: 0 })).to.equal("checked 120/1000 …");
        expect(progressText(5, 9, { unhealthy: 2, missing: 1, errors: 1 })).to.equal("checked 5/9 (2 unhealthy, 1 missing, 1 error) …");
    });

    it("writes nothing for a run that ends within the delay", async () => {
        const stderr = new FakeTerminal(true);
        const progress = new ProgressLine(stderr, 10, { enabled: true, delayMs: 200 });
        progress.update(10, { unhealthy: 0, missing: 0, errors: 0 });
        progress.finish();
        await sleep(250);
        expect(stderr.chunks).to.deep.equal([]);
    });

    it("draws one updating line after the delay and clears it at the end", async () => {
        const stderr = new FakeTerminal(true);
        const progress = new ProgressLine(stderr, 10, { enabled: true, delayMs: 20, intervalMs: 0 });
        progress.update(3, { unhealthy: 1, missing: 0, errors: 0 });
        await sleep(60);
        progress.update(4, { unhealthy: 1, missing: 0, errors: 0 });
        progress.finish();
        expect(stderr.chunks).to.deep.equal([
            "\r\u001b[2Kchecked 3/10 (1 unhealthy) …",
            "\r\u001b[2Kchecked 4/10 (1 unhealthy) …",
            "\r\u001b[2K",
        ]);
        expect(stderr.chunks.join("")).to.not.contain("\n");
    });

    it("never draws when disabled, however long the run", async () => {
        const stderr = new FakeTerminal(false);
        const progress = new ProgressLine(stderr, 10, { enabled: false, delayMs: 10, intervalMs: 0 });
        await sleep(30);
        progress.update(5, { unhealthy: 0, missing: 0, errors: 0 });
        progress.finish();
        expect(stderr.chunks).to.deep.equal([]);
    });

    it("cuts the line to the terminal width so it never wraps", async () => {
        const stderr = new FakeTerminal(true, 12);
        const progress = new ProgressLine(stderr, 1000, { enabled: true, delayMs: 5, intervalMs: 0 });
        progress.update(120, { unhealthy: 0, missing: 0, errors: 0 });
        await sleep(30);
        progress.finish();
        expect(stderr.chunks[0]).to.equal("\r\u001b[2Kchecked 120"); // 11 characters: one column is kept free for the cursor
    });
});
