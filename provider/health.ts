/**
 * The health rules: one set, shared by the resource's outputs, the CLI's exit codes and the
 * policy pack, so a hostname cannot be healthy in one place and unhealthy in another.
 *
 * Pure: callers pass plain values and the clock. Each problem is a code (stable, for programs:
 * the provider's diff, the policy pack, the CLI's reports) and a message (for people, free to
 * change). Values from Cloudflare quoted in a message are made printable first, because messages
 * end up in terminals, logs and reports.
 */
import type { ChainCertificate } from "./certificate";
import { printable } from "./text";

export const DAY_MS = 24 * 60 * 60 * 1000;

/** Every problem code, in the order `assess` reports them. */
export const PROBLEM_CODES = [
    "not-found",
    "disabled",
    "voided",
    "status",
    "cert-status",
    "no-certificate",
    "bad-certificate",
    "not-yet-valid",
    "expired",
    "expiring",
    "chain-unreadable",
    "chain-expired",
    "chain-expiring",
    "chain-too-long",
] as const;

/**
 * - `not-found`: no per-hostname association (Cloudflare answered 404).
 * - `disabled` / `voided`: `enabled` is false / null.
 * - `status` / `cert-status`: the association's / the certificate's status is not `active`.
 * - `no-certificate` / `bad-certificate`: no PEM, or a PEM whose leaf cannot be read.
 * - `not-yet-valid`, `expired`, `expiring`: the leaf's notBefore is ahead, or its notAfter is past or within the warning window.
 * - `chain-unreadable`, `chain-expired`, `chain-expiring`: the same for a certificate after the leaf.
 * - `chain-too-long`: the PEM holds more certificates than are inspected.
 */
export type ProblemCode = (typeof PROBLEM_CODES)[number];

export interface Problem {
    code: ProblemCode;
    message: string;
}

/** The facts the rules look at; a subset of the resource's outputs plus the PEM parse outcome. */
export interface HealthFacts {
    found: boolean;
    /**
     * When `found` is false: the codes of Cloudflare's 404, quoted in the problem. The body of the
     * "no association" 404 is not documented (README "Troubleshooting"), so showing the code lets a
     * reader notice an answer this package took for "not found" that means something else.
     */
    notFoundCodes?: readonly number[];
    enabled: boolean | null;
    status: string | null;
    certStatus: string | null;
    /** Why the PEM could not be used, when it could not. */
    certificateProblem?: string | null;
    certNotBefore: string | null;
    /** Whole days until expiry, as computed by `daysUntil`. */
    daysUntilExpiry: number | null;
    /** The date the expiry was computed from, for messages. */
    expiryDate?: string | null;
    /** The certificates after the leaf, as `inspectCertificate` found them. */
    chain?: ReadonlyArray<ChainCertificateFacts>;
    /** How many more certificates the PEM holds beyond the leaf and `chain`. */
    chainOmitted?: number;
}

/** What the rules look at in a certificate after the leaf. */
export type ChainCertificateFacts = Pick<ChainCertificate, "position" | "subject" | "notAfter" | "problem">;

export interface HealthOptions {
    /** Warn when the certificate expires in fewer than this many days. */
    expiryWarningDays: number;
    /** Treat a disabled or voided association as a problem (default true). */
    requireEnabled?: boolean;
    now?: Date;
}

export interface Assessment {
    healthy: boolean;
    problems: Problem[];
}

/** Whole days from `now` until `isoDate` (floor, so "expires in 0 days" means within 24 hours), or null. */
export function daysUntil(isoDate: string | null | undefined, now: Date = new Date()): number | null {
    if (!isoDate) return null;
    const millis = Date.parse(isoDate);
    if (Number.isNaN(millis)) return null;
    return Math.floor((millis - now.getTime()) / DAY_MS);
}

function day(isoDate: string | null | undefined): string {
    return isoDate && !Number.isNaN(Date.parse(isoDate)) ? new Date(isoDate).toISOString().slice(0, 10) : "unknown date";
}

export function enabledProblem(enabled: boolean | null | undefined): Problem | undefined {
    if (enabled === true) return undefined;
    if (enabled === false) return { code: "disabled", message: "hostname AOP is disabled" };
    return { code: "voided", message: "hostname AOP association is voided (enabled is null)" };
}

export function statusProblem(status: string | null | undefined): Problem | undefined {
    if (status === "active") return undefined;
    return { code: "status", message: status ? `status is ${printable(status)}` : "status is missing" };
}

export function certStatusProblem(certStatus: string | null | undefined): Problem | undefined {
    if (certStatus === "active") return undefined;
    return {
        code: "cert-status",
        message: certStatus ? `certificate status is ${printable(certStatus)}` : "certificate status is missing",
    };
}

export function expiryProblem(
    daysUntilExpiry: number | null | undefined,
    expiryWarningDays: number,
    expiryDate?: string | null,
): Problem | undefined {
    if (daysUntilExpiry === null || daysUntilExpiry === undefined) return undefined;
    if (daysUntilExpiry < 0) {
        const ago = -daysUntilExpiry;
        return { code: "expired", message: `certificate expired ${ago} day${ago === 1 ? "" : "s"} ago (${day(expiryDate)})` };
    }
    if (daysUntilExpiry < expiryWarningDays) {
        return {
            code: "expiring",
            message: `certificate expires in ${daysUntilExpiry} day${daysUntilExpiry === 1 ? "" : "s"} (${day(expiryDate)})`,
        };
    }
    return undefined;
}

export function notYetValidProblem(certNotBefore: string | null | undefined, now: Date): Problem | undefined {
    if (!certNotBefore) return undefined;
    const millis = Date.parse(certNotBefore);
    if (Number.isNaN(millis) || millis <= now.getTime()) return undefined;
    return { code: "not-yet-valid", message: `certificate is not valid until ${day(certNotBefore)}` };
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? "" : "s"}`;

/** "chain certificate CN=Example Intermediate", or its position when it has no subject. */
function chainName(certificate: ChainCertificateFacts): string {
    const subject = certificate.subject ? printable(certificate.subject) : "";
    return subject ? `chain certificate ${subject}` : `chain certificate ${certificate.position} (no subject)`;
}

/**
 * The problems of the certificates after the leaf: each one unreadable, expired, or expiring
 * within the warning window is a problem of its own, naming its subject. An intermediate that has
 * expired breaks the chain as surely as an expired leaf, though the leaf's dates look fine.
 */
export function chainProblems(
    chain: ReadonlyArray<ChainCertificateFacts>,
    chainOmitted: number,
    expiryWarningDays: number,
    now: Date = new Date(),
): Problem[] {
    const problems: Problem[] = [];
    for (const certificate of chain) {
        if (certificate.problem !== null) {
            problems.push({
                code: "chain-unreadable",
                message: `chain certificate ${certificate.position} of the PEM ${printable(certificate.problem)}`,
            });
            continue;
        }
        const days = daysUntil(certificate.notAfter, now);
        if (days === null) continue;
        if (days < 0) {
            problems.push({ code: "chain-expired", message: `${chainName(certificate)} expired ${day(certificate.notAfter)}` });
        } else if (days < expiryWarningDays) {
            problems.push({
                code: "chain-expiring",
                message: `${chainName(certificate)} expires in ${plural(days, "day")} (${day(certificate.notAfter)})`,
            });
        }
    }
    if (chainOmitted > 0) {
        const checked = 1 + chain.length;
        problems.push({
            code: "chain-too-long",
            message: `certificate PEM holds ${checked + chainOmitted} certificates; only the first ${checked} were checked`,
        });
    }
    return problems;
}

export function assess(facts: HealthFacts, options: HealthOptions): Assessment {
    const now = options.now ?? new Date();
    if (!facts.found) {
        const codes = facts.notFoundCodes ?? [];
        const answer = codes.length === 0 ? "404" : `404 with code ${codes.join(", ")}`;
        const problem: Problem = {
            code: "not-found",
            message: `hostname has no per-hostname AOP association (Cloudflare returned ${answer})`,
        };
        return { healthy: false, problems: [problem] };
    }
    const problems: Array<Problem | undefined> = [
        options.requireEnabled === false ? undefined : enabledProblem(facts.enabled),
        statusProblem(facts.status),
        certStatusProblem(facts.certStatus),
        facts.certificateProblem
            ? {
                  code: facts.certificateProblem.startsWith("no certificate") ? "no-certificate" : "bad-certificate",
                  message: printable(facts.certificateProblem),
              }
            : undefined,
        notYetValidProblem(facts.certNotBefore, now),
        expiryProblem(facts.daysUntilExpiry, options.expiryWarningDays, facts.expiryDate),
        ...chainProblems(facts.chain ?? [], facts.chainOmitted ?? 0, options.expiryWarningDays, now),
    ];
    const found = problems.filter((p): p is Problem => p !== undefined);
    return { healthy: found.length === 0, problems: found };
}

/**
 * The messages 0.1.0 wrote, and their codes. 0.1.0 stored `problems` without `problemCodes`, so
 * this is the one place a message is read back, and only for state written by it: the wording
 * here is frozen at 0.1.0's and must not follow later changes to the messages above.
 */
const LEGACY_MESSAGE_CODES: Array<[RegExp, ProblemCode]> = [
    [/^hostname has no per-hostname AOP association/, "not-found"],
    [/^hostname AOP is disabled$/, "disabled"],
    [/^hostname AOP association is voided/, "voided"],
    [/^status is /, "status"],
    [/^certificate status is /, "cert-status"],
    [/^no certificate PEM/, "no-certificate"],
    [/^certificate is not valid until /, "not-yet-valid"],
    [/^certificate expired /, "expired"],
    [/^certificate expires in /, "expiring"],
    [/^certificate/, "bad-certificate"],
];

/** The code of a problem message written by 0.1.0, or "unknown". Only for state written by 0.1.0: see `recordedProblemCodes`. */
export function problemCode(message: string): ProblemCode | "unknown" {
    for (const [pattern, code] of LEGACY_MESSAGE_CODES) {
        if (pattern.test(message)) return code;
    }
    return "unknown";
}

/**
 * The problem codes recorded in a resource's outputs: `problemCodes` when the outputs have it,
 * else (state written by 0.1.0, which had only `problems`) the codes of 0.1.0's messages.
 * Anything that is not a string counts as nothing.
 */
export function recordedProblemCodes(outputs: { problems?: unknown; problemCodes?: unknown }): string[] {
    const strings = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : []);
    if (outputs.problemCodes !== undefined && outputs.problemCodes !== null) return strings(outputs.problemCodes);
    return strings(outputs.problems).map(problemCode);
}
