import { formatForDiagnostic, PropertyMap } from "./properties";
import { nameOfUrn } from "./state-store";
import { CheckFailure, Step, StepOp } from "./types";

/**
 * Raised when an operation step fails. By the time one exists, its message is
 * already in the operation's diagnostics, so callers only pass it on.
 */
export class StepFailedError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "StepFailedError";
    }
}

/** The engine stops scheduling work after the first error; later requests get this. */
export class DeploymentCancelledError extends Error {
    constructor() {
        super("the deployment was cancelled because of an earlier error");
        this.name = "DeploymentCancelledError";
    }
}

/**
 * What an operation reports: the steps it took, check failures and the error
 * diagnostics the CLI would print. The first error cancels the operation.
 */
export class OperationLog {
    readonly steps: Step[] = [];
    readonly checkFailures: CheckFailure[] = [];
    private readonly diagnostics: string[] = [];

    get failed(): boolean {
        return this.diagnostics.length > 0;
    }

    get errorText(): string | undefined {
        return this.failed ? this.diagnostics.join("\n") : undefined;
    }

    step(urn: string, type: string, op: StepOp, diffKeys?: string[]): void {
        const step: Step = { urn, type, name: nameOfUrn(urn), op };
        if (diffKeys !== undefined && diffKeys.length > 0) {
            step.diffKeys = [...diffKeys];
        }
        this.steps.push(step);
    }

    /** Records an error diagnostic against a resource and returns the error to throw. */
    error(urn: string, message: string): StepFailedError {
        const text = `${urn}: ${message}`;
        this.diagnostics.push(text);
        return new StepFailedError(text);
    }

    /**
     * Records check failures the way the engine prints them
     * (`issueCheckFailures` in the step generator) and returns the error to throw.
     */
    checkFailed(urn: string, type: string, goal: PropertyMap, failures: Array<{ property: string; reason: string }>): StepFailedError {
        const name = nameOfUrn(urn);
        for (const failure of failures) {
            this.checkFailures.push({ urn, property: failure.property, reason: failure.reason });
            this.diagnostics.push(
                failure.property !== ""
                    ? `${urn}: ${type} resource '${name}': property ${failure.property} value ${formatForDiagnostic(goal[failure.property])} has a problem: ${failure.reason}`
                    : `${urn}: ${type} resource '${name}' has a problem: ${failure.reason}`,
            );
        }
        return new StepFailedError(`resource ${urn} is invalid`);
    }
}
