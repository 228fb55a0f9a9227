/**
 * The last line of defence for "credentials never appear in any output". The client scrubs its
 * own secrets from every error it builds, but a user can put one in the command line:
 * `aop-status check $CLOUDFLARE_API_TOKEN` (a slip of the shell) would otherwise be echoed back
 * by the invalid-target message, into a CI log. Every byte the CLI writes, to a stream or a
 * report file, goes through here.
 */
import type { Environment } from "../credentials";
import { MIN_SECRET_LENGTH, redactSecrets } from "../redaction";
import type { OutputStream } from "./terminal";

export { REDACTED } from "../redaction";

/** What a credential variable is called under any prefix: CLOUDFLARE_API_TOKEN, ACME_API_KEY, … */
const CREDENTIAL_VARIABLE = /_API_(?:TOKEN|KEY)$/;

/**
 * Every token and key the environment holds, under whatever prefix: `--credentials-env ACME`
 * makes ACME_API_TOKEN the run's secret, and redaction starts before the command line is parsed
 * (commander's own errors quote it), so it covers every `*_API_TOKEN` and `*_API_KEY` there is.
 * Redacting a neighbour's token too costs nothing.
 */
export function secretsIn(env: Environment): string[] {
    return Object.entries(env)
        .filter(([name]) => CREDENTIAL_VARIABLE.test(name))
        .map(([, value]) => value?.trim() ?? "")
        .filter((value) => value.length >= MIN_SECRET_LENGTH);
}

/** Case-insensitive, because hostname validation lower-cases what it quotes back. */
export function redact(text: string, secrets: readonly string[]): string {
    return redactSecrets(text, secrets);
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
