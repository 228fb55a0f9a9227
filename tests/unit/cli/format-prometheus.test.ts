import { expect } from "chai";
import fc from "fast-check";

import {
    certificateMetricFamilies,
    checkMetricFamilies,
    escapeLabelValue,
    MAX_LABEL_VALUE_LENGTH,
    METRICS,
    renderExposition,
    renderPrometheusReport,
} from "../../../provider/cli/format-prometheus";
import type { TargetResult } from "../../../provider/cli/report";
import { failed, healthy, missing, OTHER_ZONE, outputs, report, unhealthy, ZONE } from "./fixtures";
import { byLabel, parseExposition, valuesOf } from "./prometheus-text";

/** A target whose status came back as `status` (anything a hostile or future API might send). */
function withStatus(hostname: string, status: string, certStatus: string | null = "active"): TargetResult {
    return unhealthy(hostname, [`status is ${status}`], { status, certStatus });
}

/** Text rich in what matters here: quotes, backslashes, line breaks, braces, controls, lone surrogates. */
const tricky = fc.string({
    unit: fc.oneof(
        fc.constantFrom(
            '"',
            "\\",
            "\\n",
            "\n",
            "\r",
            "{",
            "}",
            ",",
            "=",
            " ",
            "#",
            "\u0000",
            "\u001b",
            "\u0085",
            "\uD800",
            "\uDC00",
            "é",
            "🚀",
        ),
        fc.string({ unit: "grapheme-ascii", minLength: 1, maxLength: 1 }),
    ),
    maxLength: 40,
});

// One line of the 0.0.4 format that we write: a HELP or TYPE comment, or a sample without a timestamp.
const HELP_LINE = /^# HELP [a-zA-Z_:][a-zA-Z0-9_:]* .+$/;
const TYPE_LINE = /^# TYPE [a-zA-Z_:][a-zA-Z0-9_:]* gauge$/;
const LABEL = /[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\n]|\\\\|\\"|\\n)*"/.source;
const SAMPLE_LINE = new RegExp(`^[a-zA-Z_:][a-zA-Z0-9_:]*(?:\\{${LABEL}(?:,${LABEL})*\\})? -?[0-9.e+]+$`);

const FLEET = [
    healthy("ok.example.com"),
    unhealthy("deploying.example.com", ["status is pending_deployment"], { status: "pending_deployment" }),
    unhealthy("voided.example.com", ["hostname AOP association is voided (enabled is null)"], { enabled: null }),
    unhealthy("disabled.example.com", ["hostname AOP is disabled"], { enabled: false }),
    missing("gone.example.com"),
    failed("broken.example.com", "CloudflareApiError", "Cloudflare API returned HTTP 500"),
];

describe("aop-status --format prometheus", () => {
    it("parses with a Prometheus text-format parser, every family a gauge with its HELP text", () => {
        const text = renderPrometheusReport(report(FLEET));
        const samples = parseExposition(text);
        expect(samples.length).to.be.above(0);
        for (const sample of samples) {
            expect(sample.type, sample.name).to.equal("GAUGE");
            expect(sample.help, sample.name).to.not.equal("");
            expect(sample.timestamp, `${sample.name} must carry no timestamp (the textfile collector rejects them)`).to.equal(undefined);
        }
        const names = new Set(samples.map((s) => s.name));
        expect([...names]).to.deep.equal([
            METRICS.readSuccess.name,
            METRICS.found.name,
            METRICS.healthy.name,
            METRICS.enabled.name,
            METRICS.statusInfo.name,
            METRICS.hostnameNotAfter.name,
            METRICS.reportTimestamp.name,
        ]);
    });

    it("writes only HELP, TYPE and sample lines, each family's together, ending with a newline", () => {
        const text = renderPrometheusReport(report(FLEET));
        expect(text.endsWith("\n")).to.equal(true);
        const lines = text.slice(0, -1).split("\n");
        const seen: string[] = [];
        for (const line of lines) {
            expect(HELP_LINE.test(line) || TYPE_LINE.test(line) || SAMPLE_LINE.test(line), line).to.equal(true);
            if (line.startsWith("# HELP ")) {
                const name = line.split(" ")[2];
                expect(seen, `${name} appears twice`).to.not.include(name);
                seen.push(name);
            } else if (!line.startsWith("#")) {
                expect(line.startsWith(seen[seen.length - 1]), `${line} is outside its family`).to.equal(true);
            }
        }
    });

    it("labels every per-target series with zone_id and hostname and reports the check's verdict", () => {
        const samples = parseExposition(renderPrometheusReport(report(FLEET)));
        for (const sample of samples.filter((s) => s.name !== METRICS.reportTimestamp.name)) {
            expect(sample.labels.zone_id, sample.name).to.equal(ZONE);
        }
        expect(valuesOf(samples, METRICS.readSuccess.name)).to.deep.equal({
            "ok.example.com": 1,
            "deploying.example.com": 1,
            "voided.example.com": 1,
            "disabled.example.com": 1,
            "gone.example.com": 1,
            "broken.example.com": 0,
        });
        expect(valuesOf(samples, METRICS.healthy.name)).to.deep.equal({
            "ok.example.com": 1,
            "deploying.example.com": 0,
            "voided.example.com": 0,
            "disabled.example.com": 0,
            "gone.example.com": 0,
        });
        expect(valuesOf(samples, METRICS.found.name)).to.include({ "ok.example.com": 1, "gone.example.com": 0 });
        const status = byLabel(samples, METRICS.statusInfo.name);
        expect(status.get("deploying.example.com")?.labels).to.include({ status: "pending_deployment", cert_status: "active" });
        expect(status.get("deploying.example.com")?.value).to.equal(1);
        expect(valuesOf(samples, METRICS.hostnameNotAfter.name)["ok.example.com"]).to.equal(Date.parse("2030-01-01T00:00:00.000Z") / 1000);
        expect(byLabel(samples, METRICS.reportTimestamp.name, "command").get("check")?.value).to.equal(
            Date.parse("2025-06-01T12:00:00.000Z") / 1000,
        );
    });

    it("emits read_success 0 and no other series for a target whose read failed", () => {
        const samples = parseExposition(renderPrometheusReport(report([failed("broken.example.com", "AuthenticationError", "HTTP 403")])));
        expect(samples.filter((s) => s.labels.hostname === "broken.example.com").map((s) => [s.name, s.value])).to.deep.equal([
            [METRICS.readSuccess.name, 0],
        ]);
    });

    it("emits enabled 0 for a voided association (enabled null) as for a disabled one", () => {
        const samples = parseExposition(renderPrometheusReport(report(FLEET)));
        expect(valuesOf(samples, METRICS.enabled.name)).to.deep.equal({
            "ok.example.com": 1,
            "deploying.example.com": 1,
            "voided.example.com": 0,
            "disabled.example.com": 0,
        });
    });

    it("gives a missing hostname found 0 and healthy 0, and no enabled, status or expiry series", () => {
        const samples = parseExposition(renderPrometheusReport(report([missing("gone.example.com")], { allowMissing: true })));
        expect(samples.filter((s) => s.labels.hostname === "gone.example.com").map((s) => [s.name, s.value])).to.deep.equal([
            [METRICS.readSuccess.name, 1],
            [METRICS.found.name, 0],
            [METRICS.healthy.name, 0],
        ]);
    });

    it("takes the expiry from the PEM's notAfter, falls back to expires_on, and leaves it out when neither is known", () => {
        const results = [
            unhealthy("pem.example.com", ["x"], { certNotAfter: "2026-03-01T00:00:00.000Z", expiresOn: "2100-01-01T00:00:00Z" }),
            unhealthy("fallback.example.com", ["x"], { certNotAfter: null, expiresOn: "2026-04-01T00:00:00Z" }),
            unhealthy("unknown.example.com", ["x"], { certNotAfter: null, expiresOn: "soon" }),
        ];
        const values = valuesOf(parseExposition(renderPrometheusReport(report(results))), METRICS.hostnameNotAfter.name);
        expect(values).to.deep.equal({
            "pem.example.com": Date.parse("2026-03-01T00:00:00Z") / 1000,
            "fallback.example.com": Date.parse("2026-04-01T00:00:00Z") / 1000,
        });
    });

    it("writes a null status or certificate status as an empty label value", () => {
        const samples = parseExposition(
            renderPrometheusReport(report([unhealthy("a.example.com", ["status is missing"], { status: null, certStatus: null })])),
        );
        expect(byLabel(samples, METRICS.statusInfo.name).get("a.example.com")?.labels).to.include({ status: "", cert_status: "" });
    });

    it("keeps hostile label values intact through the parser: backslash, double quote, line feed, braces, commas", () => {
        const hostile = [
            'pending"deployment',
            "back\\slash",
            "two\nlines",
            'x"} 1\nfake_metric{a="b"} 1',
            "trailing\\",
            "ümlaut ✓ 🚀",
            "a,b=c",
        ];
        const results = hostile.map((status, i) => withStatus(`h${i}.example.com`, status, status));
        const text = renderPrometheusReport(report(results));
        expect(text).to.not.match(/^fake_metric/m);
        const status = byLabel(parseExposition(text), METRICS.statusInfo.name);
        hostile.forEach((value, i) => {
            expect(status.get(`h${i}.example.com`)?.labels, JSON.stringify(value)).to.deep.include({ status: value, cert_status: value });
        });
    });

    it("round-trips any status string: the parser reads back the value with control characters as U+FFFD", () => {
        const lineCount = renderPrometheusReport(report([withStatus("a.example.com", "x", "y")])).split("\n").length;
        fc.assert(
            fc.property(tricky, tricky, (status, certStatus) => {
                const text = renderPrometheusReport(report([withStatus("a.example.com", status, certStatus)]));
                const labels = byLabel(parseExposition(text), METRICS.statusInfo.name).get("a.example.com")?.labels;
                const expected = (value: string): string =>
                    value.replace(
                        // eslint-disable-next-line no-control-regex -- the oracle: what a label value must not carry
                        /[\u0000-\u0009\u000B-\u001F\u007F-\u009F]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g,
                        "\uFFFD",
                    );
                expect(labels).to.deep.include({ status: expected(status), cert_status: expected(certStatus) });
                // One line per HELP, TYPE and sample: a value never breaks a line.
                expect(text.split("\n").length).to.equal(lineCount);
            }),
            { numRuns: 200 },
        );
    });

    it("cuts a label value longer than 256 characters", () => {
        const long = "x".repeat(5000);
        const escaped = escapeLabelValue(long);
        expect(Array.from(escaped)).to.have.length(MAX_LABEL_VALUE_LENGTH);
        expect(escaped.endsWith("…")).to.equal(true);
    });

    it("carries no certificate, fingerprint or error message, only what the metrics need", () => {
        const results = [
            healthy("ok.example.com"),
            failed("broken.example.com", "AuthenticationError", "Cloudflare API returned HTTP 403: [9109] Invalid access token"),
        ];
        const text = renderPrometheusReport(report(results));
        const source = outputs();
        expect(text).to.not.contain("BEGIN CERTIFICATE");
        expect(text).to.not.contain(source.certFingerprintSha256 ?? "");
        expect(text).to.not.contain(source.certId ?? "");
        expect(text).to.not.contain("Invalid access token");
    });

    it("keeps two zones with the same hostname apart", () => {
        const results = [healthy("app.example.com", ZONE), healthy("app.example.com", OTHER_ZONE)];
        const samples = parseExposition(renderPrometheusReport(report(results))).filter((s) => s.name === METRICS.healthy.name);
        expect(samples.map((s) => s.labels.zone_id)).to.deep.equal([ZONE, OTHER_ZONE]);
    });
});

describe("the Prometheus exposition writer", () => {
    it("leaves out families without samples and writes nothing at all for none", () => {
        expect(renderExposition([{ ...METRICS.healthy, samples: [] }])).to.equal("");
        const families = checkMetricFamilies(report([failed("x.example.com", "ConnectionError", "refused")]));
        const text = renderExposition(families);
        expect(text).to.not.contain(METRICS.healthy.name);
        expect(text).to.contain(METRICS.readSuccess.name);
    });

    it("drops a repeated series (first wins), which would make node_exporter reject the whole file", () => {
        const text = renderExposition([
            {
                ...METRICS.healthy,
                samples: [
                    { labels: { zone_id: ZONE, hostname: "a" }, value: 1 },
                    { labels: { zone_id: ZONE, hostname: "a" }, value: 0 },
                    { labels: { zone_id: ZONE, hostname: "b" }, value: 0 },
                ],
            },
        ]);
        expect(valuesOf(parseExposition(text), METRICS.healthy.name)).to.deep.equal({ a: 1, b: 0 });
        expect(text.match(/hostname="a"/g)).to.have.length(1);
    });

    it("escapes backslashes and line feeds in HELP text", () => {
        const text = renderExposition([{ name: "x_metric", help: "a \\ b\nc", samples: [{ labels: {}, value: 1 }] }]);
        expect(text.split("\n")[0]).to.equal("# HELP x_metric a \\\\ b\\nc");
        expect(parseExposition(text)[0].help).to.equal("a \\ b\nc");
    });

    it("refuses a metric or label name the format does not allow, since only a bug could produce one", () => {
        expect(() => renderExposition([{ name: "bad-name", help: "x", samples: [{ labels: {}, value: 1 }] }])).to.throw(
            /invalid Prometheus metric name/,
        );
        expect(() => renderExposition([{ name: "ok", help: "x", samples: [{ labels: { "bad-label": "v" }, value: 1 }] }])).to.throw(
            /invalid Prometheus label name/,
        );
        expect(() => renderExposition([{ name: "ok", help: "x", samples: [{ labels: { __name__: "v" }, value: 1 }] }])).to.throw(
            /invalid Prometheus label name/,
        );
    });

    it("writes NaN and infinities the way the format spells them", () => {
        const text = renderExposition([
            {
                name: "x",
                help: "x",
                samples: [
                    { labels: { k: "nan" }, value: Number.NaN },
                    { labels: { k: "inf" }, value: Infinity },
                    { labels: { k: "-inf" }, value: -Infinity },
                ],
            },
        ]);
        expect(text).to.contain('x{k="nan"} NaN\n').and.contain('x{k="inf"} +Inf\n').and.contain('x{k="-inf"} -Inf\n');
    });
});

describe("scan's certificate expiry metric (renderer for aop-status scan)", () => {
    it("writes one series per certificate with zone_id, certificate_id and scope", () => {
        const text = renderExposition(
            certificateMetricFamilies([
                { zoneId: ZONE, certificateId: "2458ce5a-0c35-4c7f-82c7-8e9487d3ff60", scope: "zone", notAfter: "2026-01-01T00:00:00Z" },
                {
                    zoneId: ZONE,
                    certificateId: "6b7c0e3a-2f1d-4e5a-9c8b-7a6f5e4d3c21",
                    scope: "hostname",
                    notAfter: new Date("2025-12-01T00:00:00Z"),
                },
            ]),
        );
        const samples = parseExposition(text);
        expect(samples.map((s) => [s.name, s.type, s.labels, s.value])).to.deep.equal([
            [
                METRICS.certificateNotAfter.name,
                "GAUGE",
                { zone_id: ZONE, certificate_id: "2458ce5a-0c35-4c7f-82c7-8e9487d3ff60", scope: "zone" },
                Date.parse("2026-01-01T00:00:00Z") / 1000,
            ],
            [
                METRICS.certificateNotAfter.name,
                "GAUGE",
                { zone_id: ZONE, certificate_id: "6b7c0e3a-2f1d-4e5a-9c8b-7a6f5e4d3c21", scope: "hostname" },
                Date.parse("2025-12-01T00:00:00Z") / 1000,
            ],
        ]);
        expect(samples[0].help).to.equal(METRICS.certificateNotAfter.help);
    });

    it("skips a certificate whose expiry is unknown, and a repeated one", () => {
        const text = renderExposition(
            certificateMetricFamilies([
                { zoneId: ZONE, certificateId: "a", scope: "zone", notAfter: null },
                { zoneId: ZONE, certificateId: "b", scope: "zone", notAfter: "not a date" },
                { zoneId: ZONE, certificateId: "c", scope: "hostname", notAfter: "2026-01-01T00:00:00Z" },
                { zoneId: ZONE, certificateId: "c", scope: "hostname", notAfter: "2026-01-01T00:00:00Z" },
            ]),
        );
        expect(parseExposition(text).map((s) => s.labels.certificate_id)).to.deep.equal(["c"]);
    });

    it("escapes a hostile certificate id like any other label value", () => {
        const id = 'x"} 1\nevil_metric 1';
        const text = renderExposition(
            certificateMetricFamilies([{ zoneId: ZONE, certificateId: id, scope: "zone", notAfter: "2026-01-01T00:00:00Z" }]),
        );
        expect(text).to.not.match(/^evil_metric/m);
        expect(parseExposition(text)[0].labels.certificate_id).to.equal(id);
    });
});
