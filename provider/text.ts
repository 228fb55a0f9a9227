/**
 * Text that came from the network or from a file, made safe to show.
 *
 * A Cloudflare answer, a certificate or a targets file can hold control characters: ESC starts
 * terminal sequences (clear the screen, retitle the window), CR and LF forge whole lines in a CI
 * log, U+009B is ESC [ in one character on terminals that honour 8-bit controls. Every string
 * from outside goes through `printable` before it reaches a terminal, a log or a text report.
 *
 * Control characters are *replaced by a visible escape* (`\x1b`, `\r`, `\x9b`), not dropped:
 * - dropping hides that the server sent something odd, and can glue a payload into a plausible
 *   value ("active" + ESC "[2J" becomes "active[2J" with no sign of why);
 * - U+FFFD says "something was here" but not what, which is what the reader debugging a hostile
 *   or broken upstream needs to know;
 * - the escape is plain ASCII, one visible cell per character, so tables still line up.
 * A backslash itself is left alone: values such as an RFC 4514 subject (`CN=a\,b`) must read as
 * they are, and a literal `\x1b` in a value is four harmless printable characters either way.
 *
 * Pure, and idempotent: the output contains no control characters, so a second pass changes nothing.
 */

/** C0 controls (U+0000–U+001F), DEL (U+007F) and C1 controls (U+0080–U+009F). */
// eslint-disable-next-line no-control-regex -- finding control characters is this module's job
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g;
// eslint-disable-next-line no-control-regex -- finding control characters is this module's job
const CONTROL_TEST = /[\u0000-\u001f\u007f-\u009f]/;

const NAMED: Readonly<Record<string, string>> = { "\t": "\\t", "\n": "\\n", "\r": "\\r" };

function escapeControl(char: string): string {
    return NAMED[char] ?? `\\x${char.charCodeAt(0).toString(16).padStart(2, "0")}`;
}

/** True when `text` holds a character `printable` would escape. */
export function hasControlCharacters(text: string): boolean {
    return CONTROL_TEST.test(text);
}

/** One line of text with every C0, DEL and C1 control character (LF and CR included) shown as an escape. */
export function printable(text: string): string {
    return text.replace(CONTROL, escapeControl);
}

/**
 * Several lines, for messages whose line breaks are ours (a list of invalid targets, a note
 * after a summary): split on LF, and everything else escaped within its line. A CR LF pair is
 * never ours, so it stays inside its line as a visible `\r\n` and cannot start a forged line.
 */
export function printableLines(text: string): string[] {
    const lines: string[] = [];
    let start = 0;
    for (let index = text.indexOf("\n"); index !== -1; index = text.indexOf("\n", index + 1)) {
        if (index > 0 && text[index - 1] === "\r") continue;
        lines.push(text.slice(start, index));
        start = index + 1;
    }
    lines.push(text.slice(start));
    return lines.map(printable);
}

/** C1 controls and DEL, which JSON.stringify leaves raw although it escapes C0. */
const RAW_IN_JSON = /[\u007f-\u009f]/g;

/**
 * JSON text with DEL and the C1 controls written as `\u00XX` escapes. JSON.stringify escapes
 * U+0000–U+001F but leaves U+007F–U+009F raw, and U+009B alone is enough for a terminal that
 * `cat`s the report. Those characters can only occur inside JSON strings (the structure is
 * ASCII), so escaping them keeps the text valid and `JSON.parse` gives back the same values.
 */
export function escapeJsonControls(json: string): string {
    return json.replace(RAW_IN_JSON, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`);
}
