/**
 * The live contract test's pure parts: when it may run (and when it must send nothing), what it
 * asks, what it records of an answer (never a credential), and how it compares two sets of
 * answers. The whole script runs against loopback servers in tests/integration/live-contract.test.ts.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

import { expect } from "chai";

import { DEFAULT_BASE_URL } from "../../provider/credentials";
import { compareAnswers, renderComparison, type CatalogueEntry } from "../live/compare";
import { liveGate, MALFORMED_TOKEN, questionsFor, UNKNOWN_ZONE_ID, type Question } from "../live/questions";
import { recordAnswer, type AnswerRecord, type RawAnswer } from "../live/record";

const ROOT = join(__dirname, "..", "..");
const ZONE = "023e105f4ecef8ad9ca31a8372d0c353";
const HOST = "app.example.com";
const TOKEN = "Live-SECRET-token-4c7d1e9a";
const ALL = { CLOUDFLARE_API_TOKEN: TOKEN, AOP_LIVE_ZONE_ID: ZONE, AOP_LIVE_HOSTNAME: HOST };

const QUESTION: Question = {
    id: "associated-hostname",
    about: "",
    path: ["zones", ZONE, "origin_tls_client_auth", "hostnames", HOST],
    auth: "credential",
};

function envelopeAnswer(status: number, body: unknown, headers: Record<string, string> = {}): RawAnswer {
    return { kind: "answer", status, headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) };
}

function answer(question: string, status: number, codes: number[]): AnswerRecord {
    return {
        question,
        request: { method: "GET", path: "/", auth: "credential" },
        status,
        noAnswer: null,
        body: "envelope",
        success: status < 400,
        errors: codes.map((code) => ({ code, message: "m" })),
        codes,
        messages: [],
        resultShape: null,
        headerNames: [],
    };
}

const CATALOGUE: CatalogueEntry[] = [
    { name: "unknownHostname", status: 404, codes: [1404], evidence: { kind: "guess", reference: "" } },
    { name: "malformedAuthorization", status: 400, codes: [6003, 6111], evidence: { kind: "issue", reference: "" } },
];

describe("live contract test: when it runs", () => {
    it("is skipped, naming what is missing, when nothing is set", () => {
        expect(liveGate({})).to.deep.equal({
            run: false,
            skipped: true,
            missing: ["CLOUDFLARE_API_TOKEN (or CLOUDFLARE_API_KEY and CLOUDFLARE_EMAIL)", "AOP_LIVE_ZONE_ID", "AOP_LIVE_HOSTNAME"],
        });
    });

    it("is skipped with a credential alone, and with a key but no e-mail", () => {
        expect(liveGate({ CLOUDFLARE_API_TOKEN: TOKEN })).to.include({ run: false, skipped: true });
        const keyOnly = liveGate({ CLOUDFLARE_API_KEY: "k".repeat(37), AOP_LIVE_ZONE_ID: ZONE, AOP_LIVE_HOSTNAME: HOST });
        expect(keyOnly).to.deep.equal({
            run: false,
            skipped: true,
            missing: ["CLOUDFLARE_API_TOKEN (or CLOUDFLARE_API_KEY and CLOUDFLARE_EMAIL)"],
        });
    });

    it("runs against Cloudflare's API when everything is set, and ignores CLOUDFLARE_BASE_URL (usually the emulator's)", () => {
        const gate = liveGate({ ...ALL, CLOUDFLARE_BASE_URL: "http://127.0.0.1:8787/client/v4" });
        if (!gate.run) throw new Error("expected it to run");
        expect(gate.settings).to.include({ zoneId: ZONE, hostname: HOST, baseUrl: DEFAULT_BASE_URL, accountId: null });
        expect(gate.settings.missingHostname).to.equal(`no-aop-association-check.${HOST}`);
        expect(gate.settings.credentials.kind).to.equal("token");
    });

    it("takes AOP_LIVE_BASE_URL on loopback, and refuses one the base URL rules refuse, naming it", () => {
        const loopback = liveGate({ ...ALL, AOP_LIVE_BASE_URL: "http://127.0.0.1:4000/client/v4/" });
        expect(loopback.run && loopback.settings.baseUrl).to.equal("http://127.0.0.1:4000/client/v4");
        const refused = liveGate({ ...ALL, AOP_LIVE_BASE_URL: "http://api.example.com/client/v4" });
        expect(refused.run).to.equal(false);
        expect(!refused.run && !refused.skipped && refused.problems[0]).to.match(
            /^AOP_LIVE_BASE_URL .* uses http for a host that is not loopback/,
        );
    });

    it("refuses a malformed zone id, hostname or account id, naming each", () => {
        const gate = liveGate({ ...ALL, AOP_LIVE_ZONE_ID: "example.com", AOP_LIVE_HOSTNAME: "a/b", AOP_LIVE_ACCOUNT_ID: "nope" });
        if (gate.run || gate.skipped) throw new Error("expected problems");
        expect(gate.problems).to.have.length(3);
        expect(gate.problems.join("\n"))
            .to.contain("AOP_LIVE_ZONE_ID")
            .and.to.contain("AOP_LIVE_HOSTNAME")
            .and.to.contain("AOP_LIVE_ACCOUNT_ID");
    });

    it("is never picked up by npm test: its folder is outside every mocha glob, and it holds no *.test.ts", () => {
        const script = (JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { scripts: Record<string, string> }).scripts.test;
        const globs = [...script.matchAll(/"([^"]+\.ts)"/g)].map((match) => match[1]);
        expect(globs).to.deep.equal(["tests/unit/**/*.test.ts", "tests/integration/**/*.test.ts"]);
        const files = readdirSync(join(ROOT, "tests", "live")).map((name) => `tests/live/${name}`);
        for (const glob of globs) {
            const folder = glob.slice(0, glob.indexOf("*"));
            for (const file of files) expect(file.startsWith(folder), `${file} under ${folder}`).to.equal(false);
        }
        expect(files.filter((file) => file.endsWith(".test.ts"))).to.deep.equal([]);
    });
});

describe("live contract test: what it asks", () => {
    const subjects = { zoneId: ZONE, hostname: HOST, missingHostname: `x.${HOST}`, accountId: null };

    it("asks seven distinct questions: the hostname, a missing one, the all-zeros zone, a malformed token, none, verify and the zone's certificates", () => {
        const questions = questionsFor({ ...subjects, kind: "token" });
        expect(questions.map((q) => q.id)).to.deep.equal([
            "credential-check",
            "associated-hostname",
            "missing-hostname",
            "unknown-zone",
            "malformed-token",
            "no-credential",
            "hostname-certificates",
        ]);
        expect(questions.find((q) => q.id === "unknown-zone")?.path[1]).to.equal(UNKNOWN_ZONE_ID);
        expect(questions.find((q) => q.id === "malformed-token")?.auth).to.equal("malformed-token");
        expect(MALFORMED_TOKEN).to.match(/^[0-9a-f]{37}$/);
    });

    it("checks the credential where its kind is checked: the user's verify, the account's, or /user for a key", () => {
        const check = (kind: "token" | "key", accountId: string | null) =>
            questionsFor({ ...subjects, kind, accountId }).find((q) => q.id === "credential-check")?.path;
        expect(check("token", null)).to.deep.equal(["user", "tokens", "verify"]);
        expect(check("token", "01a7362d577a6c3019a474fd6f485823")).to.deep.equal([
            "accounts",
            "01a7362d577a6c3019a474fd6f485823",
            "tokens",
            "verify",
        ]);
        expect(check("key", null)).to.deep.equal(["user"]);
    });
});

describe("live contract test: the recorder", () => {
    it("keeps status, codes with their chains, messages, the result's keys and header names", () => {
        const record = recordAnswer(
            QUESTION,
            envelopeAnswer(
                400,
                {
                    success: false,
                    errors: [
                        {
                            code: 6003,
                            message: "Invalid request headers",
                            error_chain: [{ code: 6111, message: "Invalid format for Authorization header" }],
                        },
                    ],
                    messages: [],
                    result: null,
                },
                { "CF-RAY": "8f00000000000000-AMS", Ratelimit: '"default";r=1199;t=300' },
            ),
            [TOKEN],
        );
        expect(record).to.deep.include({
            status: 400,
            body: "envelope",
            success: false,
            codes: [6003, 6111],
            resultShape: "null",
            headerNames: ["cf-ray", "content-type", "ratelimit"],
        });
        expect(record.errors[0].errorChain).to.deep.equal([{ code: 6111, message: "Invalid format for Authorization header" }]);
        expect(record.request).to.deep.equal({
            method: "GET",
            path: `/zones/${ZONE}/origin_tls_client_auth/hostnames/${HOST}`,
            auth: "credential",
        });
    });

    it("never writes a credential: not echoed in messages, chains, notes, result keys or header names, and no header value at all", () => {
        const echoed = [TOKEN, TOKEN.toLowerCase(), encodeURIComponent(`${TOKEN}/x`)];
        const record = recordAnswer(
            QUESTION,
            envelopeAnswer(
                403,
                {
                    success: false,
                    errors: [
                        {
                            code: 9109,
                            message: `Invalid access token ${echoed[0]}`,
                            error_chain: [{ code: 1, message: `Bearer ${echoed[1]}` }],
                        },
                    ],
                    messages: [{ code: 2, message: `seen: ${echoed[2]}` }],
                    result: { [TOKEN]: true },
                },
                { "x-echo-authorization": `Bearer ${TOKEN}`, [`x-${TOKEN}`]: "1", "set-cookie": "session=abc123def456" },
            ),
            [TOKEN],
        );
        const text = JSON.stringify(record);
        expect(text.toLowerCase()).to.not.contain(TOKEN.toLowerCase());
        expect(text).to.not.contain(encodeURIComponent(TOKEN));
        expect(text).to.not.contain("abc123def456");
        expect(text).to.contain("[redacted]");
        expect(record.codes).to.deep.equal([9109, 1]);
    });

    it("records an HTML page, an empty body and no answer at all for what they are", () => {
        const html = recordAnswer(
            QUESTION,
            { kind: "answer", status: 502, headers: { "content-type": "text/html" }, body: "<title>502</title>" },
            [],
        );
        expect(html).to.include({ status: 502, body: "not-json", success: null });
        expect(recordAnswer(QUESTION, { kind: "answer", status: 404, headers: {}, body: "" }, [])).to.include({ body: "empty" });
        expect(recordAnswer(QUESTION, { kind: "no-answer", code: "ECONNREFUSED" }, [])).to.include({
            status: 0,
            noAnswer: "ECONNREFUSED",
            body: "none",
        });
    });
});

describe("live contract test: the comparison", () => {
    it("finds no difference when status and codes agree, whatever the order of the codes and the wording", () => {
        const rows = compareAnswers(
            [answer("a", 200, []), answer("b", 400, [6111, 6003])],
            [answer("a", 200, []), answer("b", 400, [6003, 6111])],
            CATALOGUE,
        );
        expect(rows.map((row) => row.differs)).to.deep.equal([[], []]);
        expect(rows[1].emulatorAnswer).to.deep.equal({ name: "malformedAuthorization", evidence: "issue" });
    });

    it("names what differs, status or codes, and which emulator answers were guesses", () => {
        const rows = compareAnswers(
            [answer("missing-hostname", 404, [1551]), answer("unknown-zone", 403, [10000])],
            [answer("missing-hostname", 404, [1404]), answer("unknown-zone", 404, [1001])],
            CATALOGUE,
        );
        expect(rows.map((row) => row.differs)).to.deep.equal([["codes"], ["status", "codes"]]);
        expect(rows[0].emulatorAnswer).to.deep.equal({ name: "unknownHostname", evidence: "guess" });
        const table = renderComparison(rows);
        expect(table.split("\n")[0]).to.match(/^question\s+live\s+emulator\s+emulator's answer\s+verdict$/);
        expect(table).to.match(/^missing-hostname\s+404 \[1551\]\s+404 \[1404\]\s+unknownHostname \(guess\)\s+DIFFERENT: codes$/m);
        expect(table).to.match(/^unknown-zone\s+403 \[10000\]\s+404 \[1001\]\s+-\s+DIFFERENT: status, codes$/m);
    });

    it("counts a missing answer on either side as a difference", () => {
        const noAnswer: AnswerRecord = { ...answer("a", 0, []), noAnswer: "ETIMEDOUT" };
        expect(compareAnswers([noAnswer], [answer("a", 200, [])], CATALOGUE)[0].differs).to.deep.equal(["answer"]);
        expect(renderComparison(compareAnswers([noAnswer], [answer("a", 200, [])], CATALOGUE))).to.contain("no answer (ETIMEDOUT)");
    });
});
