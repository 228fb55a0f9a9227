// A record of API requests (never admin ones) for tests and benchmarks.
// Entries are stored when their outcome is known, ordered by arrival.

import type { RequestLog, RequestLogEntry } from "./types";

/** Enough for any test or benchmark; bounds memory when the CLI runs for days. */
export const DEFAULT_MAX_LOG_ENTRIES = 50_000;

export class MemoryRequestLog implements RequestLog {
    private stored: RequestLogEntry[] = [];
    private nextSeq = 1;

    constructor(private readonly maxEntries = DEFAULT_MAX_LOG_ENTRIES) {}

    /** Reserves a sequence number at arrival so entries sort by arrival, not completion. */
    nextSequence(): number {
        return this.nextSeq++;
    }

    record(entry: RequestLogEntry): void {
        this.stored.push({ ...entry });
        // Drop the oldest in one go rather than shifting on every request.
        if (this.stored.length > this.maxEntries * 1.1) this.stored = this.stored.slice(-this.maxEntries);
    }

    entries(): RequestLogEntry[] {
        return this.stored.map((entry) => ({ ...entry })).sort((a, b) => a.seq - b.seq);
    }

    clear(): void {
        this.stored = [];
    }

    /** Also restarts numbering (used by reset). */
    reset(): void {
        this.stored = [];
        this.nextSeq = 1;
    }
}

/** Replaces every configured secret in `text`, in case a client put one in a URL. */
export function redactSecrets(text: string, secrets: readonly string[]): string {
    let result = text;
    for (const secret of secrets) {
        if (secret.length === 0) continue;
        result = result.split(secret).join("[redacted]");
        const encoded = encodeURIComponent(secret);
        if (encoded !== secret) result = result.split(encoded).join("[redacted]");
    }
    return result;
}
