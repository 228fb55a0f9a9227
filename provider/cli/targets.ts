/**
 * Targets: `ZONE_ID/HOSTNAME` (the resource id, and @pulumi/cloudflare's import id), or a bare
 * hostname when `--zone-id` is given, from arguments and `--targets-file`.
 *
 * Every target is validated with the provider's own rules before a single request is sent, and
 * every mistake is collected, so a 1000-line file with three typos is fixed in one pass instead
 * of three failed pipeline runs.
 */
import { normalizeHostname, parseTargetId, validateZoneId, formatTargetId, type CheckFailure } from "../validation";

export type TargetOrigin = { kind: "argument"; position: number } | { kind: "file"; file: string; line: number };

/** One raw target as the user wrote it, with where it came from. */
export interface TargetEntry {
    text: string;
    origin: TargetOrigin;
}

export interface Target {
    /** `ZONE_ID/HOSTNAME`, with the hostname in canonical form (lower case, punycode). */
    id: string;
    zoneId: string;
    hostname: string;
    origin: TargetOrigin;
}

export type TargetField = "zoneId" | "hostname" | "target";

export interface TargetProblem {
    entry: TargetEntry;
    field: TargetField;
    reason: string;
}

export interface ParsedTargets {
    targets: Target[];
    problems: TargetProblem[];
}

export function argumentEntries(args: readonly string[]): TargetEntry[] {
    return args.map((text, index) => ({ text, origin: { kind: "argument", position: index + 1 } }));
}

/**
 * Lines of a targets file. `#` starts a comment anywhere on a line (no hostname or zone id can
 * contain one); blank lines, surrounding whitespace, a BOM and CRLF endings are ignored, because
 * these files are edited by hand on every platform.
 */
export function fileEntries(text: string, file: string): TargetEntry[] {
    const entries: TargetEntry[] = [];
    const lines = text.replace(/^\uFEFF/, "").split(/\r?\n/);
    lines.forEach((raw, index) => {
        const hash = raw.indexOf("#");
        const content = (hash >= 0 ? raw.slice(0, hash) : raw).trim();
        if (content.length > 0) entries.push({ text: content, origin: { kind: "file", file, line: index + 1 } });
    });
    return entries;
}

function fieldOf(failure: CheckFailure): TargetField {
    if (failure.property.endsWith("zone")) return "zoneId";
    if (failure.property.endsWith("hostname")) return "hostname";
    return "target";
}

/**
 * Parses and validates every entry. An entry with a `/` is `ZONE_ID/HOSTNAME`; one without is a
 * bare hostname in `--zone-id`'s zone (a hostname can never contain `/`, so this is unambiguous).
 * Duplicates (after normalisation) are checked once, at their first position.
 */
export function parseTargets(entries: readonly TargetEntry[], zoneId?: string): ParsedTargets {
    const targets: Target[] = [];
    const problems: TargetProblem[] = [];
    const seen = new Set<string>();
    for (const entry of entries) {
        let parsed: { zoneId?: string; hostname?: string; failures: CheckFailure[] };
        if (entry.text.includes("/")) {
            parsed = parseTargetId(entry.text, "target");
        } else if (zoneId !== undefined) {
            const host = normalizeHostname(entry.text, "hostname");
            parsed = { zoneId, hostname: host.hostname, failures: host.failures };
        } else {
            problems.push({
                entry,
                field: "target",
                reason: `target must be "<zoneId>/<hostname>" (or a bare hostname together with --zone-id), got ${JSON.stringify(entry.text)}`,
            });
            continue;
        }
        if (parsed.failures.length > 0 || parsed.zoneId === undefined || parsed.hostname === undefined) {
            for (const failure of parsed.failures) problems.push({ entry, field: fieldOf(failure), reason: failure.reason });
            continue;
        }
        const id = formatTargetId(parsed.zoneId, parsed.hostname);
        if (seen.has(id)) continue;
        seen.add(id);
        targets.push({ id, zoneId: parsed.zoneId, hostname: parsed.hostname, origin: entry.origin });
    }
    return { targets, problems };
}

/** `--zone-id` itself, checked with the provider's rule; its failures name the flag. */
export function validateZoneIdFlag(zoneId: string): string[] {
    return validateZoneId(zoneId, "--zone-id").map((failure) => failure.reason);
}

export function describeOrigin(origin: TargetOrigin): string {
    return origin.kind === "file" ? `${origin.file} line ${origin.line}` : `argument ${origin.position}`;
}

/** `invalid target "x/y" (targets.txt line 3, field hostname): hostname must not ...` */
export function formatTargetProblem(problem: TargetProblem): string {
    return `invalid target ${JSON.stringify(problem.entry.text)} (${describeOrigin(problem.entry.origin)}, field ${problem.field}): ${problem.reason}`;
}
