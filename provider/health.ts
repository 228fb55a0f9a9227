/**
 * The health rules: one set, shared by the resource's outputs, the CLI's exit codes and the
 * policy pack, so a hostname cannot be healthy in one place and unhealthy in another.
 *
 * Pure: callers pass plain values and the clock.
 */
export const DAY_MS = 24 * 60 * 60 * 1000;

export type ProblemCode =
    | "not-found"
    | "disabled"
    | "voided"
    | "status"
    | "cert-status"
    | "no-certificate"
    | "bad-certificate"
    | "not-yet-valid"
    | "expired"
    | "expiring";

export interface Problem {
    code: ProblemCode;
    message: string;
}

/** The facts the rules look at; a subset of the resource's outputs plus the PEM parse outcome. */
export interface HealthFacts {
    found: boolean;
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
}

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
    return { code: "status", message: status ? `status is ${status}` : "status is missing" };
}

export function certStatusProblem(certStatus: string | null | undefined): Problem | undefined {
    if (certStatus === "active") return undefined;
    return { code: "cert-status", message: certStatus ? `certificate status is ${certStatus}` : "certificate status is missing" };
}

export function expiryProblem(
    daysUntilExpiry: number | null | undefined,
    minDays: number,
    expiryDate?: string | null,
): Problem | undefined {
    if (daysUntilExpiry === null || daysUntilExpiry === undefined) return undefined;
    if (daysUntilExpiry < 0) {
        const ago = -daysUntilExpiry;
        return { code: "expired", message: `certificate expired ${ago} day${ago === 1 ? "" : "s"} ago (${day(expiryDate)})` };
    }
    if (daysUntilExpiry < minDays) {
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

export function assess(facts: HealthFacts, options: HealthOptions): Assessment {
    const now = options.now ?? new Date();
    if (!facts.found) {
        const problem: Problem = { code: "not-found", message: "hostname has no per-hostname AOP association (Cloudflare returned 404)" };
        return { healthy: false, problems: [problem] };
    }
    const problems: Array<Problem | undefined> = [
        options.requireEnabled === false ? undefined : enabledProblem(facts.enabled),
        statusProblem(facts.status),
        certStatusProblem(facts.certStatus),
        facts.certificateProblem
            ? {
                  code: facts.certificateProblem.startsWith("no certificate") ? "no-certificate" : "bad-certificate",
                  message: facts.certificateProblem,
              }
            : undefined,
        notYetValidProblem(facts.certNotBefore, now),
        expiryProblem(facts.daysUntilExpiry, options.expiryWarningDays, facts.expiryDate),
    ];
    const found = problems.filter((p): p is Problem => p !== undefined);
    return { healthy: found.length === 0, problems: found };
}

const MESSAGE_CODES: Array<[RegExp, ProblemCode]> = [
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

/**
 * Recovers the code of a message this module produced. State holds only the messages, and the
 * provider's diff needs the codes: "expires in 12 days" becoming "expires in 11 days" is the
 * clock ticking, not a change worth an update, while "status is active" disappearing is.
 */
export function problemCode(message: string): ProblemCode | "unknown" {
    for (const [pattern, code] of MESSAGE_CODES) {
        if (pattern.test(message)) return code;
    }
    return "unknown";
}

/** The part of a verdict that changes only when the situation does, not as days tick by. */
export function verdictSignature(problems: readonly string[]): string {
    return problems.map(problemCode).join(",");
}
