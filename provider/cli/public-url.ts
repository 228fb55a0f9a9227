/**
 * A URL as it may be shown in a report that gets published: scheme, host, port and path only.
 * The base URL rules already refuse a user name or password, but a report is the wrong place to
 * rely on that: a query string (`?token=…` on a proxy) or a fragment could carry a secret too.
 */
export function publicBaseUrl(url: string): string | undefined {
    let parsed: URL;
    try {
        parsed = new URL(url);
    } catch {
        return undefined;
    }
    parsed.username = "";
    parsed.password = "";
    parsed.search = "";
    parsed.hash = "";
    return parsed.href.replace(/\/+$/, "");
}
