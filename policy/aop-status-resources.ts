/**
 * What every policy in the pack shares: finding the AuthenticatedOriginPullStatus resources in a
 * stack, reading their outputs without tripping over values Pulumi does not know yet, and naming
 * the hostname and zone in every message.
 */
import { UnknownValueError, type PolicyResource, type StackValidation, type StackValidationArgs } from "@pulumi/policy";
import {
    AUTHENTICATED_ORIGIN_PULL_STATUS_TYPE,
    formatTargetId,
    recordedProblemCodes,
    type StatusOutputs,
} from "pulumi-cloudflare-aop-status";

/**
 * The type token `new AuthenticatedOriginPullStatus(...)` registers, as the package exports it.
 * Stack policies get resources by their type token, so the pack filters on it.
 */
export const AOP_STATUS_TYPE: string = AUTHENTICATED_ORIGIN_PULL_STATUS_TYPE;

/**
 * Marks an output the pack cannot judge: the engine sent it as unknown (preview, a value computed
 * from another resource's output) or it is absent (the resource has never been read).
 */
export const UNJUDGEABLE: unique symbol = Symbol("unjudgeable");
export type Unjudgeable = typeof UNJUDGEABLE;

type OutputsOfType<T> = { [K in keyof StatusOutputs]: StatusOutputs[K] extends T ? K : never }[keyof StatusOutputs];
/** Outputs holding a string or null, such as `status` or `certNotAfter`. */
export type TextOutput = OutputsOfType<string | null>;
/** Outputs holding a boolean or null, such as `found` or `enabled`. */
export type FlagOutput = OutputsOfType<boolean | null>;

/** A problem the resource recorded at its last read: its code, and its message for people. */
export interface RecordedProblem {
    code: string;
    message: string;
}

/** One AuthenticatedOriginPullStatus in the stack, seen through the outputs the engine sent. */
export class AopStatusResource {
    constructor(private readonly resource: PolicyResource) {}

    get urn(): string {
        return this.resource.urn;
    }

    /**
     * The raw output, or UNJUDGEABLE. @pulumi/policy wraps `props` in a proxy that throws
     * UnknownValueError on reading an unknown; left uncaught, that error aborts the whole policy
     * for the whole stack with a generic advisory, so one new hostname in a preview would hide
     * every other hostname's problems. Catching it per output keeps the rest judged.
     */
    output(name: keyof StatusOutputs): unknown {
        const value = this.knownOutput(name);
        return value === undefined ? UNJUDGEABLE : value;
    }

    /** The raw output, undefined when absent, or UNJUDGEABLE when the engine sent it as unknown. */
    private knownOutput(name: keyof StatusOutputs): unknown {
        try {
            return this.resource.props[name] as unknown;
        } catch (error) {
            if (error instanceof UnknownValueError) return UNJUDGEABLE;
            throw error;
        }
    }

    /**
     * The problems the resource recorded at its last read, each with its code: the verdict of the
     * package's own health rules, so the pack and the resource's `healthy` cannot disagree. The
     * codes come from `problemCodes`; state written by 0.1.0 has no such output, and then (only
     * then) they are recovered from its `problems` messages by `recordedProblemCodes`.
     */
    recordedProblems(): RecordedProblem[] | Unjudgeable {
        const codes = this.knownOutput("problemCodes");
        const problems = this.knownOutput("problems");
        if (codes === UNJUDGEABLE) return UNJUDGEABLE;
        if (codes === undefined && (problems === UNJUDGEABLE || problems === undefined)) return UNJUDGEABLE;
        const messages = Array.isArray(problems) ? problems : [];
        return recordedProblemCodes({ problemCodes: codes, problems: messages }).map((code, index) => {
            const message: unknown = messages[index];
            return { code, message: typeof message === "string" ? message : code };
        });
    }

    /** A string output; any other known value reads as null, which the health rules call "missing". */
    text(name: TextOutput): string | null | Unjudgeable {
        const value = this.output(name);
        if (value === UNJUDGEABLE) return UNJUDGEABLE;
        return typeof value === "string" ? value : null;
    }

    /** A boolean output; null stays null because `enabled: null` means a voided association. */
    flag(name: FlagOutput): boolean | null | Unjudgeable {
        const value = this.output(name);
        if (value === UNJUDGEABLE) return UNJUDGEABLE;
        return typeof value === "boolean" ? value : null;
    }

    /**
     * Whether Cloudflare had an association when the resource was last read. Every read sets
     * `found`, so when it is absent or unknown nothing else has been read either.
     */
    get found(): boolean | Unjudgeable {
        const found = this.flag("found");
        return found === null ? UNJUDGEABLE : found;
    }

    get hostname(): string | null {
        const hostname = this.text("hostname");
        return hostname === UNJUDGEABLE ? null : hostname;
    }

    get zoneId(): string | null {
        const zoneId = this.text("zoneId");
        return zoneId === UNJUDGEABLE ? null : zoneId;
    }

    /** "app.example.com (zone 023e…)", falling back to the resource name while the hostname is unknown. */
    get label(): string {
        const subject = this.hostname ?? `resource "${this.resource.name}"`;
        return `${subject} (zone ${this.zoneId ?? "unknown"})`;
    }

    /** Where to look next: the package's CLI reads exactly what the resource reads. */
    get checkHint(): string {
        const { zoneId, hostname } = this;
        return zoneId && hostname
            ? `check it with \`aop-status get ${formatTargetId(zoneId, hostname)}\``
            : "check it in the Cloudflare dashboard";
    }
}

/** Judges one resource; `report` adds the hostname, zone and URN to the message. */
export type AopStatusCheck = (status: AopStatusResource, report: (message: string) => void) => void;

/**
 * Builds a `validateStack` that runs `prepare(args)` once (to read the policy's config) and then
 * the check it returns on every AuthenticatedOriginPullStatus that has been read at least once.
 * Resources never read (new ones during preview) are skipped: the engine checks the stack again
 * after `pulumi up`, when their outputs exist.
 */
export function validateAopStatuses(prepare: (args: StackValidationArgs) => AopStatusCheck): StackValidation {
    return (args, reportViolation) => {
        const statuses = args.resources
            .filter((resource) => resource.type === AOP_STATUS_TYPE)
            .map((resource) => new AopStatusResource(resource));
        if (statuses.length === 0) {
            args.notApplicable(
                `the stack registers no ${AOP_STATUS_TYPE} resources (lookups made with .get are never sent to stack policies)`,
            );
        }
        const check = prepare(args);
        for (const status of statuses) {
            if (status.found === UNJUDGEABLE) continue;
            check(status, (message) => reportViolation(`${status.label}: ${message}`, status.urn));
        }
    };
}
