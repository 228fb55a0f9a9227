import { expect } from "chai";
import fc from "fast-check";

import { escapeJsonControls, hasControlCharacters, printable, printableLines } from "../../provider/text";
import { HOSTILE_C1, HOSTILE_ISSUER, HOSTILE_STATUS } from "../support/hostile-text";

// eslint-disable-next-line no-control-regex -- the oracle: what must never reach a terminal
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

describe("printable text", () => {
    it("shows ESC, BEL, CR, LF and the C1 CSI as visible escapes instead of passing them to the terminal", () => {
        expect(printable(HOSTILE_STATUS)).to.equal("active\\x1b[2J\\x1b]0;pwned\\x07");
        expect(printable(HOSTILE_ISSUER)).to.equal("x\\r\\nINJECTED LINE: all healthy");
        expect(printable(HOSTILE_C1)).to.equal("active\\x9b2J");
    });

    it("escapes every C0 control, DEL and every C1 control, and nothing else", () => {
        for (let code = 0; code < 0x100; code++) {
            const char = String.fromCharCode(code);
            const control = code < 0x20 || (code >= 0x7f && code <= 0x9f);
            expect(printable(char) !== char, `U+${code.toString(16).padStart(4, "0")}`).to.equal(control);
            expect(hasControlCharacters(char)).to.equal(control);
        }
        expect(printable("\t")).to.equal("\\t");
        expect(printable("\u0000\u007f\u0085")).to.equal("\\x00\\x7f\\x85");
    });

    it("leaves values people must read as they are: non-ASCII text, backslashes and RFC 4514 escapes", () => {
        for (const text of ["bücher.example", "CN=a\\,b", "C:\\path", "漢字 🙂", "status is pending_deployment"]) {
            expect(printable(text)).to.equal(text);
        }
    });

    it("never lets a control character through, and a second pass changes nothing", () => {
        fc.assert(
            fc.property(fc.string({ unit: "binary", maxLength: 60 }), (text) => {
                const once = printable(text);
                expect(once).to.not.match(CONTROL);
                expect(printable(once)).to.equal(once);
            }),
            { numRuns: 1000 },
        );
    });

    it("splits our own multi-line messages on LF, but keeps a CR LF from a quoted value inside its line", () => {
        expect(printableLines("first\nsecond")).to.deep.equal(["first", "second"]);
        expect(printableLines(`Cloudflare said: ${HOSTILE_ISSUER}\nstopped early`)).to.deep.equal([
            "Cloudflare said: x\\r\\nINJECTED LINE: all healthy",
            "stopped early",
        ]);
        expect(printableLines(`a ${HOSTILE_STATUS}`)).to.deep.equal(["a active\\x1b[2J\\x1b]0;pwned\\x07"]);
    });
});

describe("JSON without raw control characters", () => {
    it("escapes DEL and the C1 controls that JSON.stringify leaves raw", () => {
        const json = JSON.stringify({ status: HOSTILE_C1, del: "a\u007fb" });
        expect(json).to.contain("\u009b");
        const escaped = escapeJsonControls(json);
        expect(escaped).to.equal('{"status":"active\\u009b2J","del":"a\\u007fb"}');
        expect(JSON.parse(escaped)).to.deep.equal({ status: HOSTILE_C1, del: "a\u007fb" });
    });

    it("stays valid JSON that parses back to the same value, with no raw control character, for any value", () => {
        fc.assert(
            fc.property(fc.jsonValue({ maxDepth: 3 }), fc.string({ unit: "binary", maxLength: 30 }), (value, text) => {
                const document = { value, text };
                const escaped = escapeJsonControls(JSON.stringify(document, null, 2));
                expect(escaped.replace(/\n/g, "")).to.not.match(CONTROL);
                expect(JSON.parse(escaped)).to.deep.equal(JSON.parse(JSON.stringify(document)));
            }),
            { numRuns: 1000 },
        );
    });
});
