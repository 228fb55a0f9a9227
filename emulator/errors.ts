// Typed errors thrown by the emulator's programmatic API (and turned into
// 400/404 answers by the admin HTTP API). Each sets `name` so callers in
// another process or realm can recognise it without `instanceof`.

/** Base class: every error the emulator throws on purpose. */
export class EmulatorError extends Error {
    constructor(message: string, options?: { cause?: unknown }) {
        super(message, options);
        this.name = "EmulatorError";
    }
}

/** A seed document, seed file or hostname patch does not have the documented shape. */
export class SeedValidationError extends EmulatorError {
    readonly problems: string[];
    constructor(problems: string[], source = "seed", options?: { cause?: unknown }) {
        super(`Invalid ${source}: ${problems.join("; ")}`, options);
        this.name = "SeedValidationError";
        this.problems = problems;
    }
}

/** A FaultSpec is malformed (unknown kind, bad count, missing field). */
export class FaultSpecError extends EmulatorError {
    constructor(message: string) {
        super(`Invalid fault: ${message}`);
        this.name = "FaultSpecError";
    }
}

/** A control call named a credential the emulator was not configured with. */
export class UnknownCredentialError extends EmulatorError {
    constructor(message: string) {
        super(message);
        this.name = "UnknownCredentialError";
    }
}

/** Startup options are out of range (negative quota, bad port, ...). */
export class EmulatorOptionsError extends EmulatorError {
    constructor(message: string) {
        super(`Invalid emulator options: ${message}`);
        this.name = "EmulatorOptionsError";
    }
}

/** A control call referred to a zone or hostname the emulator does not hold. */
export class NotFoundError extends EmulatorError {
    constructor(message: string) {
        super(message);
        this.name = "NotFoundError";
    }
}

export function isEmulatorError(value: unknown): value is EmulatorError {
    return (
        value instanceof EmulatorError ||
        (value instanceof Error &&
            [
                "EmulatorError",
                "SeedValidationError",
                "FaultSpecError",
                "UnknownCredentialError",
                "EmulatorOptionsError",
                "NotFoundError",
                "CliUsageError",
                "ListenError",
            ].includes(value.name))
    );
}

/** The emulator's command line was used wrongly; the CLI prints usage and exits 2. */
export class CliUsageError extends EmulatorError {
    constructor(message: string) {
        super(message);
        this.name = "CliUsageError";
    }
}

/** The server could not listen (port taken, no permission); the CLI exits 3. */
export class ListenError extends EmulatorError {
    /** The system error code, e.g. "EADDRINUSE". */
    readonly code: string | undefined;
    constructor(message: string, code: string | undefined, options?: { cause?: unknown }) {
        super(message, options);
        this.name = "ListenError";
        this.code = code;
    }
}
