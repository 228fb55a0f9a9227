/**
 * Errors that belong to the command line rather than to the API client.
 *
 * Like the provider's errors, each sets `name`, so the report can say what kind of failure it
 * was without an `instanceof` check and without dumping the object.
 */
import { errorProperty } from "../guards";

/** The command line or its inputs were wrong; nothing was sent. Exit code 2. */
export class UsageError extends Error {
    override name = "UsageError";
    /** One line per mistake, so a file with five bad targets is fixed in one pass. */
    readonly problems: readonly string[];

    constructor(problems: readonly string[] | string) {
        const list = typeof problems === "string" ? [problems] : problems;
        super(list.join("\n"));
        this.problems = list;
    }
}

/**
 * A target that was never requested because the run stopped early: after an authentication,
 * rate-limit or connection failure every further request would fail the same way and only
 * burn the token's shared budget (or extend Cloudflare's 300 s block).
 */
export class NotCheckedError extends Error {
    override name = "NotCheckedError";
}

export function isUsageError(error: unknown): error is UsageError {
    return error instanceof UsageError || errorProperty(error, "name") === "UsageError";
}
