import { ChildProcess, spawn } from "child_process";

/** How long the host may take to print its port before we give up. */
const STARTUP_TIMEOUT_MS = 60_000;
/** How long a killed host may take to exit before it gets SIGKILL. */
const SHUTDOWN_TIMEOUT_MS = 5_000;
/**
 * The engine address handed to the host. The dynamic provider host never
 * calls back into the engine, so an address nothing listens on is enough.
 */
const DUMMY_ENGINE_ADDRESS = "127.0.0.1:1";

export interface HostProcessOptions {
    /** The Pulumi project folder; the engine starts plugins there. */
    cwd: string;
    /** The full environment of the host (the CLI's environment plus what the engine adds). */
    env: NodeJS.ProcessEnv;
    /** Absolute path of `@pulumi/pulumi/cmd/dynamic-provider/index.js`. */
    hostScript: string;
}

/**
 * One `node .../cmd/dynamic-provider/index.js <engine>` process, started the
 * way the engine starts the `pulumi-resource-pulumi-nodejs` plugin. It
 * prints its gRPC port on stdout; everything on stderr is what users would
 * see in the CLI's logs, so it is kept.
 */
export class DynamicProviderHostProcess {
    private stderrText = "";
    private exited = false;
    private readonly exitPromise: Promise<void>;

    private constructor(
        private readonly child: ChildProcess,
        readonly port: number,
    ) {
        // "close" (not "exit") so stderr has been read to the end when it fires.
        this.exitPromise = new Promise<void>((resolve) => {
            child.once("close", () => {
                this.exited = true;
                resolve();
            });
        });
    }

    static start(options: HostProcessOptions): Promise<DynamicProviderHostProcess> {
        const child = spawn(process.execPath, [options.hostScript, DUMMY_ENGINE_ADDRESS], {
            cwd: options.cwd,
            env: options.env,
            stdio: ["ignore", "pipe", "pipe"],
        });
        let stdout = "";
        let stderr = "";
        return new Promise<DynamicProviderHostProcess>((resolve, reject) => {
            let settled = false;
            const fail = (message: string): void => {
                if (settled) {
                    return;
                }
                settled = true;
                clearTimeout(timer);
                child.kill("SIGKILL");
                reject(new Error(`${message}${stderr ? `\nhost stderr:\n${stderr}` : ""}`));
            };
            const timer = setTimeout(
                () => fail(`the dynamic provider host printed no port within ${STARTUP_TIMEOUT_MS} ms`),
                STARTUP_TIMEOUT_MS,
            );
            const onStderr = (chunk: Buffer): void => {
                stderr += chunk.toString("utf8");
            };
            child.stderr?.on("data", onStderr);
            child.once("error", (err) => fail(`could not start the dynamic provider host: ${err.message}`));
            child.once("exit", (code, signal) =>
                fail(`the dynamic provider host exited before printing its port (code ${code}, signal ${signal})`),
            );
            child.stdout?.on("data", (chunk: Buffer) => {
                stdout += chunk.toString("utf8");
                const newline = stdout.indexOf("\n");
                if (settled || newline < 0) {
                    return;
                }
                const port = Number(stdout.slice(0, newline).trim());
                if (!Number.isInteger(port) || port <= 0) {
                    fail(`the dynamic provider host printed ${JSON.stringify(stdout)} instead of a port`);
                    return;
                }
                settled = true;
                clearTimeout(timer);
                child.removeAllListeners("exit");
                child.stderr?.off("data", onStderr);
                const host = new DynamicProviderHostProcess(child, port);
                host.stderrText = stderr;
                child.stderr?.on("data", (more: Buffer) => {
                    host.stderrText += more.toString("utf8");
                });
                resolve(host);
            });
        });
    }

    get address(): string {
        return `127.0.0.1:${this.port}`;
    }

    /** Everything the host wrote to stderr so far. */
    get stderr(): string {
        return this.stderrText;
    }

    /** Ends the host as the engine does when an operation finishes. */
    async stop(): Promise<void> {
        if (this.exited) {
            return;
        }
        this.child.kill("SIGTERM");
        const timer = setTimeout(() => this.child.kill("SIGKILL"), SHUTDOWN_TIMEOUT_MS);
        await this.exitPromise;
        clearTimeout(timer);
    }
}
