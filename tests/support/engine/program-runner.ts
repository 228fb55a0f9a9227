import * as fs from "fs";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { EngineMonitor } from "./engine-monitor";
import { PulumiProject, StackConfig } from "./project";

/**
 * Internals of @pulumi/pulumi this module relies on (3.248.0). They are not
 * in the published typings, so only what is used is declared, at the require
 * (an `import` would need these declared for the whole program instead).
 */
interface RuntimeStore {
    settings: { options: Record<string, unknown>; monitor?: unknown } & Record<string, unknown>;
    config: Record<string, string>;
    [key: string]: unknown;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports -- untyped internal, see above
const runtimeState = require("@pulumi/pulumi/runtime/state") as { getStore(): RuntimeStore };
// eslint-disable-next-line @typescript-eslint/no-require-imports -- untyped internal, see above
const runtimeSettings = require("@pulumi/pulumi/runtime/settings") as { waitForRPCs(): Promise<void> };

/** What `pulumi.getOrganization()` returns; "organization" is what self-managed backends report. */
const ORGANIZATION = "organization";

export interface ProgramRunOptions {
    project: PulumiProject;
    stack: string;
    preview: boolean;
    config: StackConfig;
    env: Record<string, string | undefined>;
    monitor: EngineMonitor;
}

export interface ProgramRunResult {
    /** The error that stopped the program, as the language host would report it. */
    error?: string;
}

/**
 * Runs an unmodified Pulumi program in this process, the way the Node.js
 * language host does (`cmd/run/run.js`): require the project's main inside a
 * root `pulumi:pulumi:Stack`, call it if it exports a function, and take what
 * it exports as the stack outputs. All RPCs are drained before returning.
 *
 * The Pulumi runtime is process-global, so everything this touches (the
 * runtime store, config, environment, working directory, require cache) is
 * put back afterwards; callers must not run two programs at once.
 */
export async function runProgram(options: ProgramRunOptions): Promise<ProgramRunResult> {
    const { project, stack, preview, config } = options;
    const restoreRuntime = saveRuntime();
    const restoreEnv = applyEnv({
        ...options.env,
        PULUMI_NODEJS_PROJECT: project.name,
        PULUMI_NODEJS_STACK: stack,
        PULUMI_NODEJS_DRY_RUN: String(preview),
        PULUMI_NODEJS_ROOT_DIRECTORY: project.dir,
        PULUMI_NODEJS_ORGANIZATION: ORGANIZATION,
        PULUMI_CONFIG: JSON.stringify(config.values),
        PULUMI_CONFIG_SECRET_KEYS: JSON.stringify(config.secretKeys),
    });
    const previousCwd = process.cwd();
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown): void => {
        // Mocha re-emits unhandled rejections, so the same one can arrive twice.
        if (!unhandled.includes(reason)) {
            unhandled.push(reason);
        }
    };
    process.on("unhandledRejection", onUnhandled);
    let failure: unknown;
    let failed = false;
    let loggedErrors: boolean;
    try {
        await pulumi.runtime.setMocks({ newResource: unreachable, call: unreachable }, project.name, stack, preview, ORGANIZATION);
        const store = runtimeState.getStore();
        // setMocks installed a plain MockMonitor; the engine harness answers instead.
        store.settings.monitor = options.monitor;
        store.settings.options.rootDirectory = project.dir;
        pulumi.runtime.setAllConfig({ ...config.values }, [...config.secretKeys]);
        process.chdir(project.dir);
        forgetProgramModules(project.dir);
        try {
            await pulumi.runtime.runInPulumiStack(async () => {
                // As the language host does: the program is a CommonJS module found by path at run time.
                // eslint-disable-next-line @typescript-eslint/no-require-imports
                const programExport: unknown = require(requirePath(project.entry));
                // An exported function is the program itself; the host calls it with no arguments.
                const invoked: unknown = programExport instanceof Function ? (programExport as () => unknown)() : programExport;
                return (await invoked) as pulumi.Inputs | undefined;
            });
        } catch (err) {
            failed = true;
            failure = err;
        }
        await runtimeSettings.waitForRPCs();
        // Unhandled rejections are reported after the microtask queue drains.
        await new Promise<void>((resolve) => setImmediate(resolve));
        loggedErrors = pulumi.log.hasErrors();
    } finally {
        process.off("unhandledRejection", onUnhandled);
        process.chdir(previousCwd);
        forgetProgramModules(project.dir);
        restoreEnv();
        restoreRuntime();
    }
    if (!failed && unhandled.length > 0) {
        failed = true;
        failure = unhandled[0];
    }
    if (!failed && loggedErrors) {
        return { error: "the program logged errors with pulumi.log.error" };
    }
    return failed ? { error: describeProgramError(project.entry, failure) } : {};
}

/** Like the language host: a folder is required as a folder ("dir/"), never as a sibling "dir.js". */
function requirePath(entry: string): string {
    return fs.statSync(entry).isDirectory() ? entry + path.sep : entry;
}

function unreachable(): never {
    throw new Error("the engine harness monitor answers this request");
}

/** The language host's wording (cmd/run/run.js): RunError and ResourceError hide their stack. */
function describeProgramError(entry: string, err: unknown): string {
    if (pulumi.RunError.isInstance(err) || pulumi.ResourceError.isInstance(err)) {
        return err.message;
    }
    const detail = err instanceof Error ? (err.stack ?? err.message) : String(err);
    return `Running program '${entry}' failed with an unhandled exception:\n${detail}`;
}

/**
 * Drops the program's own files from the require cache so each operation
 * loads the program fresh, as a new language host process would. Packages
 * (anything under node_modules) stay loaded, so `@pulumi/pulumi` is shared.
 */
function forgetProgramModules(programDir: string): void {
    const prefix = programDir.endsWith(path.sep) ? programDir : programDir + path.sep;
    for (const file of Object.keys(require.cache)) {
        if (file.startsWith(prefix) && !file.slice(prefix.length).split(path.sep).includes("node_modules")) {
            delete require.cache[file];
        }
    }
}

function applyEnv(changes: Record<string, string | undefined>): () => void {
    const saved = new Map<string, string | undefined>();
    for (const [key, value] of Object.entries(changes)) {
        saved.set(key, process.env[key]);
        if (value === undefined) {
            delete process.env[key];
        } else {
            process.env[key] = value;
        }
    }
    return () => {
        for (const [key, value] of saved) {
            if (value === undefined) {
                delete process.env[key];
            } else {
                process.env[key] = value;
            }
        }
    };
}

/**
 * Saves the global runtime store (monitor, options, feature flags, config,
 * stack resource) so whatever the process had before — for example another
 * test file's `setMocks` — is back after the run.
 */
function saveRuntime(): () => void {
    const store = runtimeState.getStore();
    const storeCopy = { ...store };
    const settings = store.settings;
    const settingsCopy = { ...settings };
    const options = settings.options;
    const optionsCopy = { ...options };
    const config = store.config;
    const configCopy = { ...config };
    const globals = globalThis as { stackResource?: unknown };
    const stackResource = globals.stackResource;
    return () => {
        Object.assign(options, optionsCopy);
        Object.assign(settings, settingsCopy);
        for (const key of Object.keys(config)) {
            delete config[key];
        }
        Object.assign(config, configCopy);
        Object.assign(store, storeCopy);
        globals.stackResource = stackResource;
    };
}
