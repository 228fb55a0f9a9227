/**
 * Drives a policy's `validateStack` the way @pulumi/policy's analyzer server does: resources
 * carry their outputs behind the same unknown-checking proxy, and violations are collected
 * through `reportViolation`.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";

import * as policy from "@pulumi/policy";
import type { PolicyResource, StackValidationArgs, StackValidationPolicy } from "@pulumi/policy";
import { unknownValue } from "@pulumi/pulumi/runtime/rpc";
import { assess, daysUntil, inspectCertificate, type StatusOutputs } from "pulumi-cloudflare-aop-status";

import { AOP_STATUS_TYPE } from "../../../policy/policies";

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * @pulumi/policy exports `unknownCheckingProxy` but ships an empty proxy.d.ts, so its type does not
 * resolve: this is its shape (proxy.js: it wraps resource props and throws on an unknown value).
 */
const unknownCheckingProxy = policy.unknownCheckingProxy as (props: Record<string, unknown>) => Record<string, unknown>;

export const ZONE = "023e105f4ecef8ad9ca31a8372d0c353";
export const HOSTNAME = "app.example.com";

/** What the engine sends for a value it does not know yet (for example during preview). */
export const UNKNOWN = unknownValue;

const PEM = readFileSync(join(__dirname, "../../fixtures/certs/no-sans-2030.pem"), "utf8");
const PEM_DETAILS = inspectCertificate(PEM).details;
/** The fixture certificate's fingerprint, "16:D7:…" as openssl prints it. */
export const PEM_FINGERPRINT = PEM_DETAILS.certFingerprintSha256 ?? "";

/** An ISO date `days` days from now, half a day off the boundary so `daysUntil` floors to `days`. */
export function inDays(days: number): string {
    return new Date(Date.now() + (days + 0.5) * DAY_MS).toISOString();
}

/** The outputs of a healthy hostname after a read: enabled, active, expiring in 200 days. */
export function healthyOutputs(): StatusOutputs {
    return {
        zoneId: ZONE,
        hostname: HOSTNAME,
        allowMissing: false,
        expiryWarningDays: 30,
        found: true,
        enabled: true,
        status: "active",
        certStatus: "active",
        certId: "2458ce5a-0c35-4c7f-82c7-8e9487d3ff60",
        issuer: "GlobalSign",
        serialNumber: "01a1b2c3d4",
        signature: "SHA256WithRSA",
        expiresOn: inDays(200),
        certUploadedOn: "2026-01-01T00:00:00Z",
        certUpdatedAt: "2026-01-01T00:00:00Z",
        createdAt: "2026-01-01T00:00:00Z",
        updatedAt: "2026-01-01T00:00:00Z",
        certificate: PEM,
        certFingerprintSha256: PEM_FINGERPRINT,
        certNotBefore: PEM_DETAILS.certNotBefore,
        certNotAfter: inDays(200),
        certSubject: PEM_DETAILS.certSubject,
        certSans: [],
        daysUntilExpiry: 200,
        healthy: true,
        problems: [],
        problemCodes: [],
    };
}

/** Outputs as they reach a policy: any output may be the unknown sentinel, or left out. */
export type OutputProps = { [K in keyof StatusOutputs]?: StatusOutputs[K] | typeof UNKNOWN } & Record<string, unknown>;

/** The outputs the health verdict is computed from; when one is unknown, so is the verdict. */
const VERDICT_INPUTS = ["found", "enabled", "status", "certStatus", "certificate", "certNotBefore", "certNotAfter", "expiresOn"] as const;

/**
 * The verdict the provider would have recorded with these outputs, through the package's own
 * `assess`, so a fixture that changes one output stays consistent with its `problemCodes`.
 */
function recordedVerdict(props: OutputProps): OutputProps {
    if (VERDICT_INPUTS.some((name) => props[name] === UNKNOWN)) return { healthy: UNKNOWN, problems: UNKNOWN, problemCodes: UNKNOWN };
    const text = (value: unknown): string | null => (typeof value === "string" ? value : null);
    const expiryDate = text(props.certNotAfter) ?? text(props.expiresOn);
    const { healthy, problems } = assess(
        {
            found: props.found === true,
            enabled: typeof props.enabled === "boolean" ? props.enabled : null,
            status: text(props.status),
            certStatus: text(props.certStatus),
            certificateProblem: props.certificate ? null : "no certificate PEM was returned",
            certNotBefore: text(props.certNotBefore),
            daysUntilExpiry: daysUntil(expiryDate),
            expiryDate,
        },
        { expiryWarningDays: 30 },
    );
    return { healthy, problems: problems.map((p) => p.message), problemCodes: problems.map((p) => p.code) };
}

/** A healthy hostname's outputs with some of them changed, and the verdict recomputed unless it is among the changes. */
export function outputs(changes: OutputProps = {}): OutputProps {
    const merged: OutputProps = { ...healthyOutputs(), ...changes };
    if ("healthy" in changes || "problems" in changes || "problemCodes" in changes) return merged;
    return { ...merged, ...recordedVerdict(merged) };
}

/** Outputs as 0.1.0 stored them: `problems` without `problemCodes`. */
export function outputsWrittenBy010(changes: OutputProps = {}): OutputProps {
    const { problemCodes: _dropped, ...rest } = outputs(changes);
    return rest;
}

interface ResourceOptions {
    name?: string;
    type?: string;
}

/** A stack resource shaped like @pulumi/policy's, its props wrapped in the real unknown-checking proxy. */
export function stackResource(
    props: Record<string, unknown>,
    { name = "app", type = AOP_STATUS_TYPE }: ResourceOptions = {},
): PolicyResource {
    return {
        type,
        name,
        urn: `urn:pulumi:dev::aop-monitor::${type}::${name}`,
        props: unknownCheckingProxy(props),
        opts: {
            protect: false,
            ignoreChanges: [],
            aliases: [],
            customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
            additionalSecretOutputs: [],
        },
        dependencies: [],
        propertyDependencies: {},
        isType: () => false,
        asType: () => undefined,
    };
}

/** A healthy AuthenticatedOriginPullStatus with some outputs changed. */
export function aopStatus(changes: OutputProps = {}, options: ResourceOptions = {}): PolicyResource {
    return stackResource(outputs(changes), options);
}

export interface Violation {
    message: string;
    urn?: string;
}

export interface PolicyRun {
    violations: Violation[];
    /** Set when the policy declared itself not applicable, with its reason. */
    notApplicable?: string;
}

class NotApplicable extends Error {
    constructor(readonly reason: string | undefined) {
        super(reason ?? "not applicable");
    }
}

/** Runs `policy.validateStack` over `resources`, with `config` as the policy's config (defaults not filled in). */
export async function runPolicy(policy: StackValidationPolicy, resources: PolicyResource[], config: object = {}): Promise<PolicyRun> {
    const violations: Violation[] = [];
    const args: StackValidationArgs = {
        resources,
        stackTags: new Map<string, string>(),
        getConfig: <T extends object>() => config as T,
        notApplicable: (reason?: string): never => {
            throw new NotApplicable(reason);
        },
    };
    try {
        await policy.validateStack(args, (message, urn) => violations.push({ message, urn }));
    } catch (error) {
        if (error instanceof NotApplicable) return { violations, notApplicable: error.reason ?? "" };
        throw error;
    }
    return { violations };
}

/** The messages of a run, for one-line assertions. */
export async function messages(policy: StackValidationPolicy, resources: PolicyResource[], config: object = {}): Promise<string[]> {
    return (await runPolicy(policy, resources, config)).violations.map((v) => v.message);
}
