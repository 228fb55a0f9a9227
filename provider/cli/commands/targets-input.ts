/**
 * Targets from the command line and --targets-file, validated, or a UsageError that lists every
 * bad one. Nothing here sends a request: a bad target must cost zero API calls.
 */
import { readFileSync } from "node:fs";

import { errorProperty } from "../../guards";
import { UsageError } from "../errors";
import {
    argumentEntries,
    fileEntries,
    formatTargetProblem,
    parseTargets,
    validateZoneIdFlag,
    type Target,
    type TargetEntry,
} from "../targets";

export interface TargetFlags {
    targetsFile?: string;
    zoneId?: string;
}

function readTargetsFile(file: string): string {
    try {
        // "-" reads stdin, so a list can be piped in from another tool.
        return readFileSync(file === "-" ? 0 : file, "utf8");
    } catch (error) {
        const code = errorProperty(error, "code");
        throw new UsageError(`cannot read --targets-file ${JSON.stringify(file)}${typeof code === "string" ? ` (${code})` : ""}`);
    }
}

export function loadTargets(args: readonly string[], flags: TargetFlags): Target[] {
    if (flags.zoneId !== undefined) {
        const zoneProblems = validateZoneIdFlag(flags.zoneId);
        if (zoneProblems.length > 0) throw new UsageError(zoneProblems);
    }
    const entries: TargetEntry[] = argumentEntries(args);
    if (flags.targetsFile !== undefined) {
        entries.push(...fileEntries(readTargetsFile(flags.targetsFile), flags.targetsFile === "-" ? "stdin" : flags.targetsFile));
    }
    const { targets, problems } = parseTargets(entries, flags.zoneId);
    if (problems.length > 0) throw new UsageError(problems.map(formatTargetProblem));
    if (targets.length === 0) {
        throw new UsageError(
            flags.targetsFile !== undefined
                ? `no targets in --targets-file ${JSON.stringify(flags.targetsFile)} (only comments or blank lines)`
                : "no targets: give ZONE_ID/HOSTNAME arguments, --targets-file FILE, or hostnames with --zone-id",
        );
    }
    return targets;
}
