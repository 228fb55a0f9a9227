/**
 * Property-based tests (fast-check): the promises that must hold for every input, not just the
 * ones we thought of.
 */
import { expect } from "chai";
import fc from "fast-check";

import { readFileSync } from "node:fs";
import { join } from "node:path";

import { inspectCertificate, MAX_CHAIN_CERTIFICATES } from "../../provider/certificate";
import { providerSettingNames } from "../../provider/credentials";
import { interpretResponse } from "../../provider/interpret";
import { InvalidResponseError } from "../../provider/errors";
import { PROBLEM_CODES } from "../../provider/health";
import { buildOutputs, mapHostnameStatus } from "../../provider/mapping";
import type { HostnameStatusFields } from "../../provider/types";
import { hostnameStatusPath, normalizeHostname } from "../../provider/validation";
import { SAMPLE_PEM } from "../support/scripted-server";

const ZONE = "023e105f4ecef8ad9ca31a8372d0c353";
const BASE = "https://api.cloudflare.com/client/v4";
const RUNS = { numRuns: 2000 };
const certificateFixture = (name: string): string => readFileSync(join(__dirname, "../fixtures/certs", name), "utf8");
const CHAIN_PEM = certificateFixture("chain-expired-intermediate.pem");
const AWKWARD_PEM = certificateFixture("awkward-names.pem");

/** Strings biased towards the characters that matter in URLs and DNS names. */
const hostileText = fc.oneof(
    fc.string({
        unit: fc.constantFrom(..."abcxyz019-._*/\\?#%&=+:@ \t\n\u0000\u00e9\u0131\u212a\uff0e\u3002.%2f%2e".split("")),
        maxLength: 40,
    }),
    fc.string({ unit: "grapheme", maxLength: 30 }),
    fc.string({ unit: "binary", maxLength: 30 }),
    fc.webUrl().map((url) => url.replace(/^https?:\/\//, "")),
    fc.domain(),
    fc.domain().map((d) => `*.${d}`),
);

describe("properties", () => {
    it("the validator never accepts a hostname that would change the request path", () => {
        fc.assert(
            fc.property(hostileText, (raw) => {
                const { hostname, failures } = normalizeHostname(raw);
                if (hostname === undefined) {
                    expect(failures).to.have.length.greaterThan(0);
                    expect(failures[0].property).to.equal("hostname");
                    return;
                }
                expect(failures).to.deep.equal([]);
                expect(hostname).to.match(/^(\*\.)?[a-z0-9-]+(\.[a-z0-9-]+)*$/);
                const url = new URL(BASE + hostnameStatusPath(ZONE, hostname));
                expect(url.origin).to.equal("https://api.cloudflare.com");
                expect(url.search).to.equal("");
                expect(url.hash).to.equal("");
                const segments = url.pathname.split("/");
                expect(segments.slice(0, -1)).to.deep.equal(["", "client", "v4", "zones", ZONE, "origin_tls_client_auth", "hostnames"]);
                expect(decodeURIComponent(segments[segments.length - 1])).to.equal(hostname);
            }),
            RUNS,
        );
    });

    it("normalising an accepted hostname again gives the same hostname", () => {
        fc.assert(
            fc.property(hostileText, (raw) => {
                const first = normalizeHostname(raw).hostname;
                if (first !== undefined) expect(normalizeHostname(first).hostname).to.equal(first);
            }),
            RUNS,
        );
    });

    it("the response mapper never throws on any JSON value: it returns fields or a typed error", () => {
        fc.assert(
            fc.property(fc.jsonValue(), (value) => {
                const mapped = mapHostnameStatus(value);
                if (mapped instanceof InvalidResponseError) return;
                const outputs = buildOutputs({ zoneId: ZONE, hostname: "a.example", allowMissing: false, expiryWarningDays: 30 }, mapped);
                expect(outputs.found).to.equal(true);
                expect(outputs.problems).to.be.an("array");
            }),
            RUNS,
        );
    });

    it("the response mapper tolerates any value in any known field", () => {
        const fields = ["cert_id", "cert_status", "certificate", "enabled", "expires_on", "status", "serial_number", "issuer"];
        fc.assert(
            fc.property(fc.dictionary(fc.constantFrom(...fields), fc.jsonValue()), (result) => {
                const mapped = mapHostnameStatus(result);
                expect(mapped).to.not.be.instanceOf(InvalidResponseError);
                buildOutputs({ zoneId: ZONE, hostname: "a.example", allowMissing: false, expiryWarningDays: 30 }, mapped as never);
            }),
            RUNS,
        );
    });

    it("reading a response never throws, whatever the status and body", () => {
        fc.assert(
            fc.property(
                fc.integer({ min: 100, max: 599 }),
                fc.oneof(
                    fc.string(),
                    fc.jsonValue().map((v) => JSON.stringify(v)),
                ),
                fc.option(fc.string()),
                (status, body, retryAfter) => {
                    const outcome = interpretResponse(
                        { status, headers: { "retry-after": retryAfter ?? undefined }, body },
                        {
                            target: {},
                            credential: { kind: "token", source: "test", names: providerSettingNames() },
                            baseUrl: "https://x.test",
                        },
                    );
                    expect(["result", "failure"]).to.include(outcome.kind);
                },
            ),
            RUNS,
        );
    });

    it("the certificate inspector never throws on arbitrary strings", () => {
        const pemish = fc
            .tuple(fc.base64String({ maxLength: 400 }), fc.integer({ min: 0, max: SAMPLE_PEM.length }), fc.string({ maxLength: 20 }))
            .map(([b64, cut, noise]) => [
                `-----BEGIN CERTIFICATE-----\n${b64}\n-----END CERTIFICATE-----\n`,
                SAMPLE_PEM.slice(0, cut) + noise + SAMPLE_PEM.slice(cut),
            ]);
        fc.assert(
            fc.property(
                fc.oneof(
                    fc.string(),
                    fc.string({ unit: "binary" }),
                    pemish.map(([a]) => a),
                    pemish.map(([, b]) => b),
                ),
                (text) => {
                    const inspection = inspectCertificate(text);
                    if (!inspection.ok) expect(inspection.reason).to.be.a("string").and.not.equal("");
                },
            ),
            { numRuns: 1000 },
        );
    });

    it("inspecting a PEM of several certificates never throws, keeps the leaf's details and bounds the chain, whatever the blocks hold", () => {
        const real = [CHAIN_PEM, SAMPLE_PEM, AWKWARD_PEM].flatMap((pem) => pem.split(/(?=-----BEGIN CERTIFICATE-----)/));
        const block = fc.oneof(
            fc.constantFrom(...real),
            fc.constantFrom(...real).chain((pem) => fc.integer({ min: 0, max: pem.length }).map((cut) => pem.slice(0, cut))),
            fc.base64String({ maxLength: 300 }).map((b64) => `-----BEGIN CERTIFICATE-----\n${b64}\n-----END CERTIFICATE-----\n`),
            fc.string({ unit: "binary", maxLength: 40 }),
            fc.constant("-----BEGIN CERTIFICATE-----"),
        );
        fc.assert(
            fc.property(fc.array(block, { minLength: 1, maxLength: 14 }), (blocks) => {
                const pem = blocks.join("");
                const inspection = inspectCertificate(pem);
                expect(inspection.chain.length).to.be.at.most(MAX_CHAIN_CERTIFICATES);
                for (const entry of inspection.chain) expect(entry.problem === null).to.equal(entry.notAfter !== null);
                const begin = "-----BEGIN CERTIFICATE-----";
                const second = pem.indexOf(begin, pem.indexOf(begin) + begin.length);
                const leaf = inspectCertificate(second === -1 || pem.indexOf(begin) === -1 ? pem : pem.slice(0, second));
                if (inspection.ok) expect(leaf.details).to.deep.equal(inspection.details);
                // The verdict over any such PEM is a list of known problems, each with a message.
                const outputs = buildOutputs(
                    { zoneId: ZONE, hostname: "a.example", allowMissing: false, expiryWarningDays: 30 },
                    {
                        ...(mapHostnameStatus({ status: "active", cert_status: "active", enabled: true }) as HostnameStatusFields),
                        certificate: pem,
                    },
                );
                expect(outputs.problemCodes).to.have.length(outputs.problems.length);
                for (const code of outputs.problemCodes) expect(PROBLEM_CODES).to.include(code);
            }),
            { numRuns: 500 },
        );
    });
});
