/**
 * Scrubbing known secrets out of text. A server may echo a request's credential back (in an
 * error message, an HTML page, a body we quote), and whatever ends up in an error message ends
 * up in Pulumi's logs, a CI log or a report file. The client knows its own token, key and email,
 * so it scrubs them from every piece of response text before that text enters an error.
 */

export const REDACTED = "[redacted]";

/** Secrets shorter than this are not real credentials, and replacing them would mangle ordinary text. */
export const MIN_SECRET_LENGTH = 8;

function escapeRegExp(text: string): string {
    return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/**
 * Replaces every occurrence of each secret, case-insensitively (hostname validation lower-cases
 * what it quotes back) and in its percent-encoded form (a URL echoed back), with `[redacted]`.
 */
export function redactSecrets(text: string, secrets: readonly string[]): string {
    let result = text;
    for (const secret of secrets) {
        if (secret.length === 0) continue;
        const forms = new Set([secret, encodeURIComponent(secret)]);
        for (const form of forms) result = result.replace(new RegExp(escapeRegExp(form), "gi"), REDACTED);
    }
    return result;
}

/** A function that scrubs a fixed set of secrets; `identity` when there are none. */
export type Redactor = (text: string) => string;

export function redactorFor(secrets: readonly string[]): Redactor {
    const usable = secrets.filter((secret) => secret.length > 0);
    if (usable.length === 0) return (text) => text;
    // Longest first, so a secret containing another is replaced whole.
    const ordered = [...usable].sort((a, b) => b.length - a.length);
    return (text) => redactSecrets(text, ordered);
}
