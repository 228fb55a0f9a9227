/**
 * The last line of defence for "credentials never appear in any output". The client scrubs its
 * own secrets from every error it builds, but a user can put one in the command line:
 * `aop-status check $CLOUDFLARE_API_TOKEN` (a slip of the shell) would otherwise be echoed back
 * by the invalid-target message, into a CI log. Every byte the CLI writes, to a stream or a
 * report file, goes through here.
 */
import { cliSettingNames, type Environment, type SettingNames } from "../credentials";
import { MIN_SECRET_LENGTH, redactSecrets } from "../redaction";
import type { OutputStream } from "./terminal";

export { REDACTED } from "../redaction";

/** The token and key this run's environment holds (under the run's variable names). */
export function secretsIn(env: Environment, names: SettingNames = cliSettingNames()): string[] {
    const variables = names.env ? [names.env.apiToken, names.env.apiKey] : [];
    return variables.map((name) => env[name]?.trim() ?? "").filter((value) => value.length >= MIN_SECRET_LENGTH);
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
