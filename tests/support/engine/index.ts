/**
 * An engine harness: the closest thing to `pulumi up` without the CLI.
 *
 * It runs an unmodified Pulumi TypeScript program in this process under
 * `pulumi.runtime.setMocks`, and forwards every operation on a dynamic
 * resource to a real `@pulumi/pulumi/cmd/dynamic-provider` host over gRPC, in
 * the order the engine uses. State is kept between operations like a backend
 * keeps a stack's checkpoint. See README.md for what is and is not reproduced.
 */
import { SerialQueue } from "./concurrency";
import { Deployment } from "./deployment";
import { EngineMonitor } from "./engine-monitor";
import { HostSession } from "./host-session";
import { OperationLog } from "./operation-log";
import { runProgram } from "./program-runner";
import { loadProject, PulumiProject, StackConfig } from "./project";
import { PropertyMap, toDisplayMap } from "./properties";
import { refresh } from "./refresh";
import { SecretCipher } from "./secrets";
import { Snapshot } from "./state-store";
import { HostCall, OperationResult, ProgramOptions, RecordedState } from "./types";

export * from "./types";

const DEFAULT_STACK = "dev";
const DEFAULT_PARALLEL = 16;
const DEFAULT_HOST_CALL_TIMEOUT_MS = 120_000;

/**
 * The Pulumi runtime is global to the process, so operations of all harnesses
 * run one at a time.
 */
const processWide = new SerialQueue();

/** One stack of one program, with a checkpoint that persists between operations. */
export class StackHarness {
    private snapshot = new Snapshot();
    private readonly cipher = new SecretCipher();
    private readonly project: PulumiProject;
    private readonly stack: string;
    private readonly sessions = new Set<HostSession>();
    private readonly plainConfig: Record<string, string>;
    private readonly secretConfig: Record<string, string>;
    private readonly env: Record<string, string | undefined>;

    constructor(private readonly options: ProgramOptions) {
        this.project = loadProject(options.programDir);
        this.stack = options.stack ?? DEFAULT_STACK;
        this.plainConfig = { ...options.config };
        this.secretConfig = { ...options.secretConfig };
        this.env = { ...options.env };
        if (options.checkpoint) this.snapshot = Snapshot.fromRecorded(options.checkpoint, this.project.name, this.stack);
        // Validates the keys now rather than at the first operation.
        this.config();
    }

    /** `pulumi config set [--secret] <key> <value>`: applies to later operations. */
    setConfig(key: string, value: string, options: { secret?: boolean } = {}): void {
        this.removeConfig(key);
        if (options.secret) {
            this.secretConfig[key] = value;
        } else {
            this.plainConfig[key] = value;
        }
        this.config();
    }

    /** `pulumi config rm <key>`. */
    removeConfig(key: string): void {
        delete this.plainConfig[key];
        delete this.secretConfig[key];
    }

    /** Sets (or with `undefined`, removes) an environment variable for later operations' program and host. */
    setEnv(name: string, value: string | undefined): void {
        this.env[name] = value;
    }

    /** The checkpoint: a deep copy, secrets sealed as `{sig, ciphertext}`. */
    get state(): RecordedState {
        return this.snapshot.record(this.cipher);
    }

    /** `pulumi up --yes --skip-preview`. */
    up(): Promise<OperationResult> {
        return processWide.run(() => this.deploy(false));
    }

    /** `pulumi preview`: Check, Diff and Read run; Create, Update and Delete do not; state is untouched. */
    preview(): Promise<OperationResult> {
        return processWide.run(() => this.deploy(true));
    }

    /** `pulumi refresh --yes`: Read for every dynamic resource in state; the program does not run. */
    refresh(): Promise<OperationResult> {
        return processWide.run(() =>
            this.operate(async (log, host) => {
                this.snapshot = await refresh({
                    project: this.project,
                    stack: this.stack,
                    config: this.config(),
                    old: this.snapshot,
                    host,
                    log,
                    parallel: this.parallel,
                });
                return undefined;
            }),
        );
    }

    /**
     * Opens sealed secrets in a recorded value (state, resource, or any part of
     * it), for tests that need to see what a secret holds.
     */
    revealSecrets(value: unknown): unknown {
        return this.cipher.reveal(value);
    }

    /** Ends any host still running (for example after a test timed out mid-operation). */
    async dispose(): Promise<void> {
        await Promise.allSettled([...this.sessions].map((session) => session.stop()));
        this.sessions.clear();
    }

    private get parallel(): number {
        return this.options.parallel ?? DEFAULT_PARALLEL;
    }

    private config(): StackConfig {
        return new StackConfig(this.plainConfig, this.secretConfig);
    }

    private deploy(preview: boolean): Promise<OperationResult> {
        return this.operate(async (log, host) => {
            const deployment = new Deployment({
                project: this.project,
                stack: this.stack,
                config: this.config(),
                preview,
                old: this.snapshot,
                host,
                log,
                parallel: this.parallel,
                parallelDiff: this.options.parallelDiff ?? false,
            });
            const run = await runProgram({
                project: this.project,
                stack: this.stack,
                preview,
                config: this.config(),
                env: { ...this.env },
                monitor: new EngineMonitor(deployment),
            });
            if (run.error !== undefined) {
                deployment.programFailed(run.error);
            }
            const next = await deployment.finish(run.error === undefined);
            if (!preview) {
                this.snapshot = next;
            }
            return log.failed ? undefined : deployment.registeredStackOutputs;
        });
    }

    /**
     * Runs one operation with its own host session and log, and turns the
     * outcome into an OperationResult. `work` returns the stack outputs the
     * operation produced, or undefined to report those in state.
     */
    private async operate(work: (log: OperationLog, host: HostSession) => Promise<PropertyMap | undefined>): Promise<OperationResult> {
        const started = Date.now();
        const calls: HostCall[] = [];
        const log = new OperationLog();
        const host = new HostSession({
            project: this.project,
            stack: this.stack,
            baseEnv: { ...process.env },
            extraEnv: { ...this.env },
            calls,
            callTimeoutMs: this.options.hostCallTimeoutMs ?? DEFAULT_HOST_CALL_TIMEOUT_MS,
        });
        this.sessions.add(host);
        let outputs: PropertyMap | undefined;
        try {
            outputs = await work(log, host);
        } catch (err) {
            // A harness fault rather than a deployment error; report it the same way so the test sees it.
            log.error(
                `urn:pulumi:${this.stack}::${this.project.name}::pulumi:pulumi:Stack::${this.project.name}-${this.stack}`,
                errorText(err),
            );
        } finally {
            await host.stop();
            this.sessions.delete(host);
        }
        const stackOutputs = outputs ?? this.snapshot.stack?.outputs ?? {};
        return {
            ok: !log.failed,
            error: log.errorText,
            outputs: toDisplayMap(stackOutputs, { revealSecrets: false }),
            outputsPlain: toDisplayMap(stackOutputs, { revealSecrets: true }),
            steps: log.steps,
            hostCalls: calls,
            checkFailures: log.checkFailures,
            hostStderr: host.stderr,
            state: this.state,
            durationMs: Date.now() - started,
        };
    }
}

function errorText(err: unknown): string {
    return err instanceof Error ? (err.stack ?? err.message) : String(err);
}
