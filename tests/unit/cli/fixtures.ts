/** Plain values for the CLI's pure functions: outputs, results and reports, built by hand. */
import type { CheckReport, CheckSettings, TargetResult } from "../../../provider/cli/report";
import { problemCode, type ProblemCode } from "../../../provider/health";
import type { StatusOutputs } from "../../../provider/types";

export const ZONE = "023e105f4ecef8ad9ca31a8372d0c353";
export const OTHER_ZONE = "0123456789abcdef0123456789abcdef";

export function outputs(overrides: Partial<StatusOutputs> = {}): StatusOutputs {
    return {
        zoneId: ZONE,
        hostname: "app.example.com",
        allowMissing: false,
        expiryWarningDays: 30,
        found: true,
        enabled: true,
        status: "active",
        certStatus: "active",
        certId: "6b7c0e3a-2f1d-4e5a-9c8b-7a6f5e4d3c21",
        issuer: "Example CA",
        serialNumber: "1234",
        signature: "SHA256WithRSA",
        expiresOn: "2030-01-01T00:00:00Z",
        certUploadedOn: "2025-01-01T00:00:00Z",
        certUpdatedAt: "2025-01-01T00:00:00Z",
        createdAt: "2025-01-01T00:00:00Z",
        updatedAt: "2025-01-02T00:00:00Z",
        certificate: "-----BEGIN CERTIFICATE-----\nMIIB\nAAAA\n-----END CERTIFICATE-----\n",
        certFingerprintSha256: "AB:CD",
        certNotBefore: "2025-01-01T00:00:00.000Z",
        certNotAfter: "2030-01-01T00:00:00.000Z",
        certSubject: "CN=app.example.com",
        certSans: ["app.example.com"],
        daysUntilExpiry: 1500,
        healthy: true,
        problems: [],
        problemCodes: [],
        ...overrides,
    };
}

export function healthy(hostname = "app.example.com", zoneId = ZONE): TargetResult {
    return {
        target: `${zoneId}/${hostname}`,
        zoneId,
        hostname,
        outcome: "healthy",
        healthy: true,
        problems: [],
        outputs: outputs({ zoneId, hostname }),
        error: null,
        durationMs: 12,
    };
}

/**
 * The code `assess` gives each real message these tests use, so the fixtures look like real
 * outputs; a placeholder message ("x") in a test that does not look at codes gets "status".
 */
function codeOf(message: string): ProblemCode {
    const code = problemCode(message);
    return code === "unknown" ? "status" : code;
}

export function unhealthy(hostname: string, problems: string[], overrides: Partial<StatusOutputs> = {}): TargetResult {
    return {
        ...healthy(hostname),
        outcome: "unhealthy",
        healthy: false,
        problems,
        outputs: outputs({
            hostname,
            healthy: false,
            problems,
            problemCodes: overrides.problemCodes ?? problems.map(codeOf),
            ...overrides,
        }),
    };
}

export function missing(hostname: string): TargetResult {
    const problems = ["hostname has no per-hostname AOP association (Cloudflare returned 404)"];
    return {
        ...healthy(hostname),
        outcome: "missing",
        healthy: false,
        problems,
        outputs: outputs({
            hostname,
            found: false,
            enabled: null,
            status: null,
            certStatus: null,
            certificate: null,
            certNotAfter: null,
            expiresOn: null,
            daysUntilExpiry: null,
            healthy: false,
            problems,
            problemCodes: ["not-found"],
        }),
    };
}

export function failed(hostname: string, name: string, message: string): TargetResult {
    return { ...healthy(hostname), outcome: "error", healthy: false, problems: [], outputs: null, error: { name, message } };
}

export const DEFAULT_SETTINGS: CheckSettings = { expiryWarningDays: 30, requireEnabled: true, allowMissing: false };

export function report(results: TargetResult[], settings: Partial<CheckSettings> = {}): CheckReport {
    return { generatedAt: new Date("2025-06-01T12:00:00.000Z"), durationMs: 1234, settings: { ...DEFAULT_SETTINGS, ...settings }, results };
}
