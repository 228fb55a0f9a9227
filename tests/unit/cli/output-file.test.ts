import {
    chmodSync,
    lstatSync,
    mkdirSync,
    mkdtempSync,
    readdirSync,
    readFileSync,
    rmSync,
    statSync,
    symlinkSync,
    writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Worker } from "node:worker_threads";

import { expect } from "chai";

import { isOutputFileError, OutputFileError, writeFileAtomically } from "../../../provider/cli/output-file";

/**
 * A reader in another thread that reads `file` as fast as it can until told to stop, and counts
 * every read whose content is neither of the two complete versions the writer alternates between.
 */
function startReader(file: string, versions: readonly string[]): { stop(): Promise<{ reads: number; partial: number; sample: string }> } {
    const worker = new Worker(
        `
        const { parentPort, workerData } = require("node:worker_threads");
        const { readFileSync } = require("node:fs");
        const complete = new Set(workerData.versions);
        let reads = 0, partial = 0, sample = "", stop = false;
        parentPort.on("message", () => { stop = true; });
        function loop() {
            for (let i = 0; i < 200 && !stop; i++) {
                let text;
                try { text = readFileSync(workerData.file, "utf8"); } catch { continue; }
                reads++;
                if (!complete.has(text)) { partial++; if (!sample) sample = text.length + " characters"; }
            }
            if (stop) parentPort.postMessage({ reads, partial, sample });
            else setImmediate(loop);
        }
        loop();
        `,
        { eval: true, workerData: { file, versions } },
    );
    return {
        stop: () =>
            new Promise((resolve, reject) => {
                worker.once("message", (result: { reads: number; partial: number; sample: string }) => {
                    void worker.terminate();
                    resolve(result);
                });
                worker.once("error", reject);
                worker.postMessage("stop");
            }),
    };
}

async function hammer(
    file: string,
    write: (file: string, text: string) => void,
): Promise<{ reads: number; partial: number; sample: string }> {
    // Large enough that a write takes many pages; different lengths, so a mix of the two is not either.
    const versions = ["a".repeat(1_000_000), "b".repeat(1_500_000)];
    write(file, versions[0]);
    const reader = startReader(file, versions);
    for (let i = 0; i < 80; i++) {
        write(file, versions[i % 2]);
        // Let the reader run between writes too.
        await new Promise((resolve) => setImmediate(resolve));
    }
    return reader.stop();
}

describe("writing a report file atomically (--output)", () => {
    let dir: string;
    beforeEach(() => {
        dir = mkdtempSync(join(tmpdir(), "aop-output-file-"));
    });
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    it("replaces the file with the new text and leaves nothing else in the folder", () => {
        const file = join(dir, "aop.prom");
        writeFileAtomically(file, "first\n");
        writeFileAtomically(file, "second report, longer than the first\n");
        expect(readFileSync(file, "utf8")).to.equal("second report, longer than the first\n");
        expect(readdirSync(dir)).to.deep.equal(["aop.prom"]);
    });

    it("creates the missing parent folders, as the plain write did", () => {
        const file = join(dir, "reports", "nightly", "aop-report.xml");
        writeFileAtomically(file, "<testsuites/>\n");
        expect(readFileSync(file, "utf8")).to.equal("<testsuites/>\n");
    });

    it("writes UTF-8, multi-byte characters included", () => {
        const file = join(dir, "report.json");
        writeFileAtomically(file, '{"hostname":"bücher.example","note":"✓ 🚀"}\n');
        expect(readFileSync(file, "utf8")).to.equal('{"hostname":"bücher.example","note":"✓ 🚀"}\n');
    });

    it("keeps the permission bits of the file it replaces", () => {
        const file = join(dir, "aop.prom");
        writeFileSync(file, "old\n");
        chmodSync(file, 0o640);
        writeFileAtomically(file, "new\n");
        expect(statSync(file).mode & 0o777).to.equal(0o640);
    });

    it("replaces the file a symbolic link points to, and keeps the link", () => {
        const real = join(dir, "real.prom");
        const link = join(dir, "aop.prom");
        writeFileSync(real, "old\n");
        symlinkSync(real, link);
        writeFileAtomically(link, "new\n");
        expect(lstatSync(link).isSymbolicLink()).to.equal(true);
        expect(readFileSync(real, "utf8")).to.equal("new\n");
        expect(readdirSync(dir).sort()).to.deep.equal(["aop.prom", "real.prom"]);
    });

    it("never lets a reader see a partly written file while it is rewritten again and again", async function () {
        this.timeout(60_000);
        const { reads, partial, sample } = await hammer(join(dir, "aop.prom"), writeFileAtomically);
        expect(reads, "the reader must actually have read while the writer wrote").to.be.above(20);
        expect(partial, `a partial read (${sample})`).to.equal(0);
        expect(readdirSync(dir)).to.deep.equal(["aop.prom"]);
    });

    it("the same reader does catch a plain in-place write, so the test above can fail", async function () {
        this.timeout(60_000);
        const { reads, partial } = await hammer(join(dir, "in-place.prom"), (file, text) => writeFileSync(file, text, "utf8"));
        expect(reads).to.be.above(20);
        expect(partial).to.be.above(0);
    });

    it("removes its temporary file when the final rename fails, and names the file and the code", () => {
        const target = join(dir, "taken");
        mkdirSync(target); // a folder where the report should go: the rename fails with EISDIR
        writeFileSync(join(target, "keep.txt"), "untouched");
        let caught: unknown;
        try {
            writeFileAtomically(target, "report\n");
        } catch (error) {
            caught = error;
        }
        expect(isOutputFileError(caught)).to.equal(true);
        expect((caught as OutputFileError).code).to.equal("EISDIR");
        expect((caught as OutputFileError).message).to.equal(`cannot write ${JSON.stringify(target)} (EISDIR)`);
        expect(readdirSync(dir)).to.deep.equal(["taken"]);
        expect(readdirSync(target)).to.deep.equal(["keep.txt"]);
    });

    it("fails before creating anything when a parent is a file", () => {
        const blocker = join(dir, "not-a-folder");
        writeFileSync(blocker, "x");
        // mkdir reports EEXIST for an existing file where a folder should be (ENOTDIR on some systems).
        expect(() => writeFileAtomically(join(blocker, "aop.prom"), "report\n"))
            .to.throw(OutputFileError)
            .with.property("code")
            .that.is.oneOf(["EEXIST", "ENOTDIR"]);
        expect(readdirSync(dir)).to.deep.equal(["not-a-folder"]);
    });

    it("is recognised by name too, as errors that crossed a process boundary are", () => {
        expect(isOutputFileError({ name: "OutputFileError", message: "cannot write" })).to.equal(true);
        expect(isOutputFileError(new Error("cannot write"))).to.equal(false);
    });
});
