/**
 * The peer: Cloudflare's official TypeScript SDK with its defaults (2 retries, Retry-After
 * honoured), driven by a pool of C workers over the same targets, in this process.
 */
import Cloudflare from "cloudflare";

export interface SdkFleetOptions {
    baseUrl: string;
    token: string;
    /** ZONE_ID/HOSTNAME */
    targets: readonly string[];
    concurrency: number;
}

export interface SdkFleetRun {
    /** From the first call to the last settled one. */
    wallMs: number;
    ok: number;
    failures: number;
    /** Error class names (and HTTP status) of failed reads, with counts. */
    errorKinds: Record<string, number>;
}

function errorKind(error: unknown): string {
    if (error instanceof Cloudflare.APIError) return `${error.constructor.name} ${String(error.status)}`;
    return error instanceof Error ? error.constructor.name : typeof error;
}

export async function runSdkFleet(options: SdkFleetOptions): Promise<SdkFleetRun> {
    const client = new Cloudflare({ apiToken: options.token, baseURL: options.baseUrl });
    const errorKinds: Record<string, number> = {};
    let ok = 0;
    let failures = 0;
    let next = 0;
    const worker = async (): Promise<void> => {
        while (next < options.targets.length) {
            const target = options.targets[next++];
            const slash = target.indexOf("/");
            try {
                await client.originTLSClientAuth.hostnames.get(target.slice(slash + 1), { zone_id: target.slice(0, slash) });
                ok += 1;
            } catch (error) {
                failures += 1;
                const kind = errorKind(error);
                errorKinds[kind] = (errorKinds[kind] ?? 0) + 1;
            }
        }
    };
    const started = performance.now();
    await Promise.all(Array.from({ length: Math.min(options.concurrency, options.targets.length) }, worker));
    return { wallMs: performance.now() - started, ok, failures, errorKinds };
}
