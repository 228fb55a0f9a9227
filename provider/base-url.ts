/**
 * The rule for a Cloudflare API base URL, as a pure function: the credential travels in every
 * request's headers, so it must never cross a network in clear text, and the URL must say
 * exactly where requests go.
 *
 * - `https` is required; `http` is allowed only for loopback hosts (127.0.0.0/8, `::1`,
 *   `localhost`), where the emulator runs.
 * - No user name or password: the credential belongs in its own setting, not in a URL that ends
 *   up in logs.
 * - No query and no fragment: the client appends paths to the base URL, so `?x` or `#y` would be
 *   dropped by one transport and mangled by another.
 *
 * Every refusal names the setting the URL came from (a config key, an environment variable or
 * a flag), so the reader knows what to change.
 */
import { isIP } from "node:net";

import { ConfigurationError } from "./errors";

/** True for the hosts whose traffic never leaves the machine. `hostname` is URL#hostname (brackets kept for IPv6). */
export function isLoopbackHost(hostname: string): boolean {
    const host = hostname.replace(/^\[(.*)\]$/, "$1").toLowerCase();
    if (host === "localhost") return true;
    if (host === "::1") return true;
    // WHATWG URL parsing already turned 127.1, 0x7f.0.0.1 and friends into dotted-quad form.
    return isIP(host) === 4 && host.split(".")[0] === "127";
}

/**
 * Checks a base URL and returns it without trailing slashes; throws ConfigurationError naming
 * `setting` (e.g. "cloudflare:baseUrl", "CLOUDFLARE_BASE_URL", "--base-url").
 */
export function checkBaseUrl(raw: string, setting: string): string {
    const shown = JSON.stringify(raw);
    let url: URL;
    try {
        url = new URL(raw);
    } catch {
        throw new ConfigurationError(`${setting} ${shown} is not a valid URL; use e.g. https://api.cloudflare.com/client/v4`);
    }
    if (url.protocol !== "https:" && url.protocol !== "http:") {
        throw new ConfigurationError(`${setting} ${shown} must use https, got ${url.protocol}`);
    }
    // `url.username` is empty for "https://@host", so look at the text as well.
    if (url.username !== "" || url.password !== "" || /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*@/i.test(raw)) {
        throw new ConfigurationError(
            `${setting} must not contain a user name or password (it would end up in logs); set the credential in its own setting`,
        );
    }
    if (url.search !== "" || url.hash !== "" || raw.includes("?") || raw.includes("#")) {
        // The query or fragment itself is not quoted: people put signatures and keys there.
        const withoutQuery = JSON.stringify(raw.replace(/[?#].*$/s, ""));
        throw new ConfigurationError(
            `${setting} must not contain a query (?…) or a fragment (#…): paths are appended to it; ` +
                `it is ${withoutQuery} followed by one (not shown: it may hold a secret)`,
        );
    }
    if (url.protocol === "http:" && !isLoopbackHost(url.hostname)) {
        throw new ConfigurationError(
            `${setting} ${shown} uses http for a host that is not loopback, which would send the credential in clear text; ` +
                "use https (http is allowed only for 127.0.0.0/8, ::1 and localhost)",
        );
    }
    return raw.replace(/\/+$/, "");
}
