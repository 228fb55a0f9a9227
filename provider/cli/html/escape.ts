/**
 * The HTML report's only two ways of putting data into the page. Every string that came from
 * the API, a targets file or the environment passes through one of them; nothing else in the
 * renderer concatenates data into markup.
 */

const ENTITIES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/**
 * C0 controls other than tab, line feed and carriage return, DEL and the C1 controls. HTML
 * forbids them in text; a browser shows them as boxes or drops them, so the reader would see
 * something other than what the server sent. U+FFFD says "a character was here".
 */
// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g;

/**
 * Escapes text for HTML and SVG, in element content and in double- or single-quoted attribute
 * values alike (every attribute the renderer writes is quoted). `<script>`, `</svg>`, `"` and
 * `javascript:` all come out as inert text: the last needs no escaping because the renderer never
 * puts data into an href, src or event attribute.
 */
export function escapeHtml(text: string): string {
    return text.replace(/[&<>"']/g, (character) => ENTITIES[character]).replace(CONTROL_CHARACTERS, "\ufffd");
}

/**
 * JSON for a `<script type="application/json">` block. The HTML parser ends a script element at
 * `</script` and treats `<!--` specially in it whatever the type, so `<`, `>` and `&` are written
 * as \u escapes, which JSON.parse reads back as the same characters. U+2028 and U+2029 are
 * escaped too, for anyone who pastes the block into a JavaScript string.
 */
export function jsonForScript(value: unknown): string {
    return JSON.stringify(value)
        .replace(/</g, "\\u003c")
        .replace(/>/g, "\\u003e")
        .replace(/&/g, "\\u0026")
        .replace(/\u2028/g, "\\u2028")
        .replace(/\u2029/g, "\\u2029");
}
