/**
 * No production logic defined twice in provider/: one `isRecord` and one way to read a property
 * of whatever was thrown (guards.ts), and the pure mapping from a lookup to outputs in mapping.ts,
 * not in the HTTP client. (The emulator keeps its own: it may not import provider code.)
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";

import { expect } from "chai";

import { errorProperty, isRecord } from "../../provider/guards";

const PROVIDER = join(__dirname, "..", "..", "provider");

function sources(dir: string): Array<{ file: string; text: string }> {
    return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) return entry.name === "dist" || entry.name === "node_modules" ? [] : sources(path);
        return entry.name.endsWith(".ts") && !entry.name.endsWith(".d.ts")
            ? [{ file: relative(PROVIDER, path), text: readFileSync(path, "utf8") }]
            : [];
    });
}

describe("one of each in provider/", () => {
    const files = sources(PROVIDER);

    it("defines isRecord once, in guards.ts", () => {
        const definitions = files.filter(({ text }) => /function isRecord\b/.test(text)).map(({ file }) => file);
        expect(definitions).to.deep.equal(["guards.ts"]);
    });

    it("tests for a non-null object in guards.ts alone: everything else asks isRecord or errorProperty", () => {
        const pattern = /typeof (\w+) [!=]== "object" (?:&&|\|\|) \1 [!=]== null/;
        const offenders = files.filter(({ text }) => pattern.test(text)).map(({ file }) => file);
        expect(offenders).to.deep.equal(["guards.ts"]);
    });

    it("keeps outputsFor, pure mapping, in mapping.ts and out of the HTTP client", () => {
        const definitions = files.filter(({ text }) => /function outputsFor\b/.test(text)).map(({ file }) => file);
        expect(definitions).to.deep.equal(["mapping.ts"]);
    });

    it("isRecord accepts plain objects only; errorProperty reads any thrown value without throwing", () => {
        expect([{}, { a: 1 }, Object.create(null)].every(isRecord)).to.equal(true);
        expect([null, undefined, [], "x", 1, true].some(isRecord)).to.equal(false);
        expect(errorProperty(Object.assign(new Error("x"), { code: "ECONNRESET" }), "code")).to.equal("ECONNRESET");
        expect(errorProperty(new TypeError("x"), "name")).to.equal("TypeError");
        for (const thrown of [null, undefined, "text", 42]) expect(errorProperty(thrown, "code")).to.equal(undefined);
    });
});
