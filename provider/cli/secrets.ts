/**
 * The last line of defence for "credentials never appear in any output". The client never puts
 * a secret in a message, but a user can: `aop-status check $CLOUDFLARE_API_TOKEN` (a slip of the
 * shell) would otherwise be echoed back by the invalid-target message, into a CI log. Every
 * byte the CLI writes, to a stream or a report file, goes through here.
 */
import type { Environment } from "../credentials";
import type { OutputStream } from "./terminal";

const SECRET_VARIABLES = ["CLOUDFLARE_API_TOKEN", "CLOUDFLARE_API_KEY"] as const;
/** Shorter values are not real credentials, and replacing them would mangle ordinary text. */
const MIN_SECRET_LENGTH = 8;
export const REDACTED = "[redacted]";

export function secretsIn(env: Environment): string[] {
    return SECRET_VARIABLES.map((name) => env[name]?.trim() ?? "").filter((value) => value.length >= MIN_SECRET_LENGTH);
}

/** Case-insensitive, because hostname validation lower-cases what it quotes back. */
export function redact(text: string, secrets: readonly string[]): string {
    let result = text;
    for (const secret of secrets) result = result.replace(new RegExp(secret.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"), "gi"), REDACTED);
    return result;
}

/** The same stream, with every chunk redacted; isTTY and columns still read through. */
export function redactingStream(stream: OutputStream, secrets: readonly string[]): OutputStream {
    if (secrets.length === 0) return stream;
    return {
        write: (chunk: string) => stream.write(redact(chunk, secrets)),
        get isTTY() {
            return stream.isTTY;
        },
        get columns() {
            return stream.columns;
        },
    };
}
