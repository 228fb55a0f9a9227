/**
 * Starts the policy pack the way the Pulumi CLI does and talks to it as the engine would.
 *
 * The CLI runs the `pulumi-analyzer-policy` plugin with the pack folder as its working directory
 * and the arguments `<engine-address> .`; the plugin is a script that runs
 * `node <the pack's @pulumi/pulumi>/cmd/run-policy-pack <engine-address> .`. That program
 * registers ts-node (type-checking, with the pack's tsconfig.json), requires the pack, and the
 * PolicyPack constructor serves pulumirpc.Analyzer on 127.0.0.1 and prints the port on stdout.
 * The pack never calls back into the engine, so an address nothing listens on is enough.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";

import * as grpc from "@grpc/grpc-js";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import * as analyzerrpc from "@pulumi/pulumi/proto/analyzer_grpc_pb";
import type * as analyzerproto from "@pulumi/pulumi/proto/analyzer_pb";

export const POLICY_DIR = join(__dirname, "../../../policy");
const DUMMY_ENGINE_ADDRESS = "127.0.0.1:1";
/** Type-checking the pack with ts-node takes a few seconds; this is the ceiling, not the norm. */
const STARTUP_TIMEOUT_MS = 30_000;

/** The environment the CLI would pass, minus ts-node switches a developer may have exported for mocha. */
function packEnvironment(): NodeJS.ProcessEnv {
    return Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith("TS_NODE_")));
}

export class AnalyzerProcess {
    private stderrText = "";

    private constructor(
        private readonly child: ChildProcess,
        readonly client: analyzerrpc.AnalyzerClient,
    ) {
        child.stderr?.on("data", (chunk: Buffer) => (this.stderrText += chunk.toString("utf8")));
    }

    /** What the pack printed on stderr; the CLI shows it to users. */
    get stderr(): string {
        return this.stderrText;
    }

    /** Starts the pack in `packDir` (default: this repository's policy/), e.g. its installed folder under node_modules. */
    static start(packDir: string = POLICY_DIR): Promise<AnalyzerProcess> {
        const runPolicyPack = require.resolve("@pulumi/pulumi/cmd/run-policy-pack", { paths: [packDir] });
        const child = spawn(process.execPath, [runPolicyPack, DUMMY_ENGINE_ADDRESS, "."], {
            cwd: packDir,
            env: packEnvironment(),
            stdio: ["ignore", "pipe", "pipe"],
        });
        return new Promise<AnalyzerProcess>((resolve, reject) => {
            let stdout = "";
            let stderr = "";
            const fail = (why: string): void => {
                clearTimeout(timer);
                child.kill("SIGKILL");
                reject(new Error(`${why}${stderr ? `\npolicy pack stderr:\n${stderr}` : ""}`));
            };
            const timer = setTimeout(() => fail(`the policy pack printed no port within ${STARTUP_TIMEOUT_MS} ms`), STARTUP_TIMEOUT_MS);
            const collectStderr = (chunk: Buffer): void => {
                stderr += chunk.toString("utf8");
            };
            const onExit = (code: number | null, signal: NodeJS.Signals | null): void =>
                fail(`the policy pack exited before printing its port (code ${code}, signal ${signal})`);
            child.stderr?.on("data", collectStderr);
            child.once("error", (error) => fail(`could not start the policy pack: ${error.message}`));
            child.once("exit", onExit);
            child.stdout?.on("data", (chunk: Buffer) => {
                stdout += chunk.toString("utf8");
                const match = /^(\d+)\s*\n/.exec(stdout);
                if (!match) return;
                clearTimeout(timer);
                child.off("exit", onExit);
                child.stderr?.off("data", collectStderr);
                child.stdout?.removeAllListeners("data");
                const client = new analyzerrpc.AnalyzerClient(`127.0.0.1:${match[1]}`, grpc.credentials.createInsecure());
                const analyzer = new AnalyzerProcess(child, client);
                analyzer.stderrText = stderr;
                resolve(analyzer);
            });
        });
    }

    getAnalyzerInfo(): Promise<analyzerproto.AnalyzerInfo> {
        return new Promise((resolve, reject) =>
            this.client.getAnalyzerInfo(new Empty(), (error, response) => (error ? reject(error) : resolve(response))),
        );
    }

    configure(request: analyzerproto.ConfigureAnalyzerRequest): Promise<void> {
        return new Promise((resolve, reject) => this.client.configure(request, (error) => (error ? reject(error) : resolve())));
    }

    analyzeStack(request: analyzerproto.AnalyzeStackRequest): Promise<analyzerproto.AnalyzeResponse> {
        return new Promise((resolve, reject) =>
            this.client.analyzeStack(request, (error, response) => (error ? reject(error) : resolve(response))),
        );
    }

    /** Closes the channel and ends the process: SIGTERM, then SIGKILL if it lingers. */
    async stop(): Promise<void> {
        this.client.close();
        if (this.child.exitCode !== null || this.child.signalCode !== null) return;
        const exited = new Promise<void>((resolve) => this.child.once("exit", () => resolve()));
        this.child.kill("SIGTERM");
        const killer = setTimeout(() => this.child.kill("SIGKILL"), 5_000);
        await exited;
        clearTimeout(killer);
    }
}
