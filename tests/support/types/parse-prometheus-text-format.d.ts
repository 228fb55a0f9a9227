/** Types for parse-prometheus-text-format 1.1.1, which ships none (dist/parse-prometheus-text-format.cjs.js). */
declare module "parse-prometheus-text-format" {
    interface ParsedSample {
        value?: string;
        labels?: Record<string, string>;
        timestamp_ms?: string;
    }
    interface ParsedFamily {
        name: string;
        help: string;
        /** Upper case: "GAUGE", "COUNTER", … or "UNTYPED" when there is no TYPE line. */
        type: string;
        metrics: ParsedSample[];
    }
    function parsePrometheusTextFormat(text: string): ParsedFamily[];
    export = parsePrometheusTextFormat;
}
