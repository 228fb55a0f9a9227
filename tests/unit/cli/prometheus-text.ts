/**
 * Reads Prometheus text exposition with a parser that is not ours (parse-prometheus-text-format,
 * a port of the Prometheus Python client's parser), into one flat list of samples.
 */
import parsePrometheusTextFormat from "parse-prometheus-text-format";

export interface ParsedSample {
    name: string;
    type: string;
    help: string;
    labels: Record<string, string>;
    value: number;
    timestamp?: string;
}

export function parseExposition(text: string): ParsedSample[] {
    const samples: ParsedSample[] = [];
    for (const family of parsePrometheusTextFormat(text)) {
        for (const metric of family.metrics) {
            const sample: ParsedSample = {
                name: family.name,
                type: family.type,
                help: family.help,
                labels: metric.labels ?? {},
                value: Number(metric.value),
            };
            if (metric.timestamp_ms !== undefined) sample.timestamp = metric.timestamp_ms;
            samples.push(sample);
        }
    }
    return samples;
}

/** The samples of one metric, keyed by hostname (or by the label given). */
export function byLabel(samples: readonly ParsedSample[], name: string, label = "hostname"): Map<string, ParsedSample> {
    return new Map(samples.filter((s) => s.name === name).map((s) => [s.labels[label], s]));
}

export function valuesOf(samples: readonly ParsedSample[], name: string, label = "hostname"): Record<string, number> {
    return Object.fromEntries([...byLabel(samples, name, label)].map(([key, sample]) => [key, sample.value]));
}
