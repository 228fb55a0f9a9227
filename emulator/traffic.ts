// A process-wide tally of API traffic by client and method, kept apart from the request logs
// because those are cleared between test cases. It lets a test suite prove a guarantee across
// every emulator it started, e.g. that the provider and CLI never sent anything but GET.

export interface TrafficCount {
    /** The User-Agent's product token ("pulumi-cloudflare-aop-status"), or "other". */
    client: string;
    method: string;
    count: number;
}

const tally = new Map<string, TrafficCount>();

/** The first product token of a User-Agent header, e.g. "curl" for "curl/8.1". */
export function clientOf(userAgent: string | undefined): string {
    const token = /^([A-Za-z0-9._-]+)\//.exec(userAgent ?? "")?.[1];
    return token ?? "other";
}

export function countTraffic(userAgent: string | undefined, method: string): void {
    const client = clientOf(userAgent);
    const key = `${client} ${method}`;
    const entry = tally.get(key);
    if (entry) entry.count++;
    else tally.set(key, { client, method, count: 1 });
}

/** Every API request any emulator in this process has answered since it started. */
export function processTraffic(): TrafficCount[] {
    return [...tally.values()].map((entry) => ({ ...entry }));
}
