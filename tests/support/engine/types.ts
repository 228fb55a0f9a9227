/** The public shapes of the engine harness. See README.md for what they mean. */

export interface ProgramOptions {
    /** Folder containing Pulumi.yaml and the program's main (index.ts unless Pulumi.yaml says `main:`). */
    programDir: string;
    /** Stack name; default "dev". */
    stack?: string;
    /**
     * Stack config by full key, e.g. `{ "aop:zoneId": "..." }`. Values are
     * strings, JSON for objects and arrays, as the CLI stores them.
     */
    config?: Record<string, string>;
    /** Like `config`, but secret (`pulumi config set --secret`). */
    secretConfig?: Record<string, string>;
    /**
     * Extra environment for the host process and for the program run
     * (`undefined` removes a variable). process.env is restored afterwards.
     */
    env?: Record<string, string | undefined>;
    /** Resource operations run at once, like `pulumi up --parallel`; default 16. */
    parallel?: number;
    /**
     * Run Check and Diff for different resources concurrently (bounded by
     * `parallel`), like the engine with PULUMI_PARALLEL_DIFF=true. By default
     * the step generator handles registrations one at a time, as the engine does.
     */
    parallelDiff?: boolean;
    /** Deadline for each gRPC call to the host; default 120 000 ms. */
    hostCallTimeoutMs?: number;
    /**
     * Start from this checkpoint instead of an empty stack, like `pulumi stack import`: a
     * `stack.state` saved as JSON, possibly by an older version of the program and its provider.
     * It must hold no sealed secret (see README), and its URNs must name this project and stack.
     */
    checkpoint?: RecordedState;
}

export type StepOp = "create" | "update" | "same" | "replace" | "read" | "refresh" | "delete";

export interface Step {
    urn: string;
    type: string;
    name: string;
    op: StepOp;
    /** For update and replace: the keys that changed (replace: the keys that force replacement). */
    diffKeys?: string[];
}

export type HostMethod = "Configure" | "Check" | "Diff" | "Create" | "Read" | "Update" | "Delete";

export interface HostCall {
    method: HostMethod;
    urn?: string;
    id?: string;
    ok: boolean;
    error?: string;
}

export interface CheckFailure {
    urn: string;
    property: string;
    reason: string;
}

export interface RecordedResource {
    urn: string;
    type: string;
    name: string;
    id?: string;
    custom: boolean;
    /** True for resources read with `.get` (`opts.id`): Pulumi does not own them and never deletes them. */
    external?: boolean;
    parent?: string;
    /** Provider reference `<provider urn>::<provider id>` for custom resources. */
    provider?: string;
    dependencies?: string[];
    /** Secrets appear as `{ "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", ciphertext }`. */
    inputs: Record<string, unknown>;
    outputs: Record<string, unknown>;
    /** Reasons from a provider error that carried an `id` (the resource exists but failed to initialize). */
    initErrors?: string[];
}

export interface RecordedState {
    resources: RecordedResource[];
    /** The stack's outputs in checkpoint form (secrets sealed). */
    outputs: Record<string, unknown>;
}

export interface OperationResult {
    /** False when the operation failed, like a non-zero exit of the CLI. */
    ok: boolean;
    /** The error messages users would see, one diagnostic per line group. */
    error?: string;
    /** The stack's exports, resolved: secrets as "[secret]", preview unknowns as "<computed>". */
    outputs: Record<string, unknown>;
    /** The same exports with secrets in plain text (unknowns still "<computed>"). */
    outputsPlain: Record<string, unknown>;
    steps: Step[];
    hostCalls: HostCall[];
    checkFailures: CheckFailure[];
    /** Everything the operation's host printed on stderr ("" if no dynamic resource needed one). */
    hostStderr: string;
    /** State after the operation (unchanged by preview). */
    state: RecordedState;
    /** Wall-clock duration of the operation. */
    durationMs: number;
}
