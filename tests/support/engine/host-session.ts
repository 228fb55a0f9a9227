import { DynamicProviderHostProcess } from "./host-process";
import { ProviderClient } from "./provider-client";
import { configureVariables, PulumiProject } from "./project";
import { PropertyMap, unwrapSecrets } from "./properties";
import { HostCall } from "./types";

/** The package the engine loads for `pulumi-nodejs:dynamic:*` resources. */
export const DYNAMIC_PROVIDER_PACKAGE = "pulumi-nodejs";

export interface ProviderIdentity {
    urn: string;
    id: string;
    type: string;
    /** The provider resource's inputs: for the default dynamic provider, the whole stack config. */
    inputs: PropertyMap;
}

export interface HostSessionOptions {
    project: PulumiProject;
    stack: string;
    /** The CLI's environment: process.env as it was when the operation started. */
    baseEnv: NodeJS.ProcessEnv;
    /** ProgramOptions.env; `undefined` removes a variable. */
    extraEnv: Record<string, string | undefined>;
    calls: HostCall[];
    callTimeoutMs: number;
}

/**
 * The dynamic provider plugin for one operation. Like the engine, it starts
 * the host the first time a dynamic resource needs it, configures it once, and
 * ends it when the operation is over.
 */
export class HostSession {
    private host?: DynamicProviderHostProcess;
    private configured?: Promise<ProviderClient>;
    private client?: ProviderClient;
    private startupStderr = "";

    constructor(private readonly options: HostSessionOptions) {}

    /** The configured client; the first caller's provider inputs go to Configure. */
    configure(provider: ProviderIdentity): Promise<ProviderClient> {
        this.configured ??= this.startAndConfigure(provider);
        return this.configured;
    }

    get stderr(): string {
        return this.host?.stderr ?? this.startupStderr;
    }

    async stop(): Promise<void> {
        await this.configured?.catch(() => undefined);
        this.client?.close();
        await this.host?.stop();
    }

    private async startAndConfigure(provider: ProviderIdentity): Promise<ProviderClient> {
        const { project } = this.options;
        try {
            this.host = await DynamicProviderHostProcess.start({
                cwd: project.dir,
                env: this.hostEnv(),
                hostScript: hostScriptFor(project.dir),
            });
        } catch (err) {
            this.startupStderr = err instanceof Error ? err.message : String(err);
            throw err;
        }
        this.client = new ProviderClient(this.host.address, this.options.calls, this.options.callTimeoutMs);
        const plain: Record<string, string> = {};
        for (const [key, value] of Object.entries(provider.inputs)) {
            const unwrapped = unwrapSecrets(value);
            plain[key] = typeof unwrapped === "string" ? unwrapped : JSON.stringify(unwrapped);
        }
        await this.client.configure(provider, provider.inputs, configureVariables(DYNAMIC_PROVIDER_PACKAGE, plain));
        return this.client;
    }

    /**
     * What the engine gives a plugin: the CLI's environment, the project name
     * (PULUMI_NODEJS_PROJECT is what the Node.js host reads), and Pulumi.yaml's
     * runtime options as PULUMI_RUNTIME_<KEY>. The stack name is added too.
     */
    private hostEnv(): NodeJS.ProcessEnv {
        const env: NodeJS.ProcessEnv = { ...this.options.baseEnv };
        for (const [key, value] of Object.entries(this.options.extraEnv)) {
            if (value === undefined) {
                delete env[key];
            } else {
                env[key] = value;
            }
        }
        for (const [key, value] of Object.entries(this.options.project.runtimeOptions)) {
            env[`PULUMI_RUNTIME_${key.toUpperCase()}`] = value;
        }
        env.PULUMI_NODEJS_PROJECT = this.options.project.name;
        env.PULUMI_PROJECT = this.options.project.name;
        env.PULUMI_NODEJS_STACK = this.options.stack;
        return env;
    }
}

/**
 * The host script the project would run. The CLI's plugin shim runs
 * `./node_modules/@pulumi/pulumi/cmd/dynamic-provider` from the project
 * folder; we resolve it the way Node would from there, so a fixture without
 * its own node_modules uses the repository's copy.
 */
function hostScriptFor(projectDir: string): string {
    return require.resolve("@pulumi/pulumi/cmd/dynamic-provider/index.js", { paths: [projectDir] });
}
