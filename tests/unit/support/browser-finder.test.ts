import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import { expect } from "chai";

import { findBrowser } from "../../support/browser";

describe("finding a Chromium for the browser tests", () => {
    let dir: string;
    const executable = (folder: string, name: string): string => {
        mkdirSync(folder, { recursive: true });
        const file = path.join(folder, name);
        writeFileSync(file, "#!/bin/sh\n");
        chmodSync(file, 0o755);
        return file;
    };

    beforeEach(() => (dir = mkdtempSync(path.join(tmpdir(), "aop-find-browser-"))));
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    it("takes CHROME_PATH first, whatever the PATH holds", () => {
        const chosen = executable(path.join(dir, "custom"), "my-chrome");
        executable(path.join(dir, "bin"), "chromium");
        expect(findBrowser({ CHROME_PATH: chosen, PATH: path.join(dir, "bin") }, "linux")).to.equal(chosen);
    });

    it("then looks for chromium, chromium-browser and google-chrome on the PATH, in that order", () => {
        const first = path.join(dir, "first");
        const second = path.join(dir, "second");
        const chrome = executable(first, "google-chrome");
        const chromiumBrowser = executable(second, "chromium-browser");
        expect(findBrowser({ PATH: [first, second].join(path.delimiter) }, "linux")).to.equal(chromiumBrowser);
        rmSync(chromiumBrowser);
        expect(findBrowser({ PATH: [first, second].join(path.delimiter) }, "linux")).to.equal(chrome);
    });

    it("finds nothing where there is nothing, so the caller can install one or say how", () => {
        writeFileSync(path.join(dir, "chromium"), "not executable");
        expect(findBrowser({ PATH: dir }, "linux")).to.equal(undefined);
    });

    it("refuses a CHROME_PATH that is not an executable file, rather than looking elsewhere", () => {
        executable(path.join(dir, "bin"), "chromium");
        expect(() => findBrowser({ CHROME_PATH: path.join(dir, "missing"), PATH: path.join(dir, "bin") }, "linux")).to.throw(
            /CHROME_PATH=.*missing is not an executable file/,
        );
    });
});
