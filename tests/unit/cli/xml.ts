/**
 * A small strict XML reader for the tests: enough of XML 1.0 to reject what CI parsers reject
 * (unbalanced tags, a raw `<` or stray `&`, unquoted or duplicate attributes, characters XML
 * cannot carry) and to hand back a tree, so tests assert structure instead of matching text.
 * No XML parser is installed, and mocking one would test nothing.
 */
export interface XmlElement {
    name: string;
    attributes: Record<string, string>;
    children: XmlElement[];
    /** Concatenated, decoded text directly inside this element. */
    text: string;
}

const NAME = /^[A-Za-z_][\w.-]*/;
// eslint-disable-next-line no-control-regex -- XML 1.0 forbids most control characters; this finds them
const INVALID_CHAR = /[^\u0009\u000A\u000D\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;

function decode(raw: string, where: string): string {
    if (/</.test(raw)) throw new Error(`raw '<' in ${where}`);
    return raw.replace(/&([^;]*);?/g, (whole, body: string) => {
        if (!whole.endsWith(";")) throw new Error(`unterminated entity in ${where}`);
        const named: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };
        if (body in named) return named[body];
        const numeric = /^#(?:x([0-9a-fA-F]+)|(\d+))$/.exec(body);
        if (!numeric) throw new Error(`unknown entity &${body}; in ${where}`);
        return String.fromCodePoint(numeric[1] ? parseInt(numeric[1], 16) : Number(numeric[2]));
    });
}

export function parseXml(source: string): XmlElement {
    if (INVALID_CHAR.test(source)) throw new Error("document contains a character XML 1.0 does not allow");
    let pos = 0;
    const rest = (): string => source.slice(pos);
    const skipSpace = (): void => {
        while (pos < source.length && /\s/.test(source[pos])) pos++;
    };
    if (rest().startsWith("<?xml")) {
        const end = source.indexOf("?>", pos);
        if (end < 0) throw new Error("unterminated XML declaration");
        pos = end + 2;
    }
    skipSpace();

    const element = (): XmlElement => {
        if (source[pos] !== "<") throw new Error(`expected '<' at ${pos}`);
        pos++;
        const name = NAME.exec(rest())?.[0];
        if (!name) throw new Error(`bad element name at ${pos}`);
        pos += name.length;
        const node: XmlElement = { name, attributes: {}, children: [], text: "" };
        for (;;) {
            skipSpace();
            if (rest().startsWith("/>")) {
                pos += 2;
                return node;
            }
            if (source[pos] === ">") {
                pos++;
                break;
            }
            const attribute = NAME.exec(rest())?.[0];
            if (!attribute) throw new Error(`bad attribute in <${name}> at ${pos}`);
            pos += attribute.length;
            skipSpace();
            if (source[pos] !== "=") throw new Error(`attribute ${attribute} of <${name}> has no value`);
            pos++;
            skipSpace();
            const quote = source[pos];
            if (quote !== '"' && quote !== "'") throw new Error(`attribute ${attribute} of <${name}> is not quoted`);
            const end = source.indexOf(quote, pos + 1);
            if (end < 0) throw new Error(`unterminated attribute ${attribute}`);
            if (attribute in node.attributes) throw new Error(`duplicate attribute ${attribute} in <${name}>`);
            node.attributes[attribute] = decode(source.slice(pos + 1, end), `attribute ${attribute} of <${name}>`);
            pos = end + 1;
        }
        for (;;) {
            const next = source.indexOf("<", pos);
            if (next < 0) throw new Error(`<${name}> is never closed`);
            node.text += decode(source.slice(pos, next), `text of <${name}>`);
            pos = next;
            if (rest().startsWith("</")) {
                const close = `</${name}>`;
                if (!rest().startsWith(close)) throw new Error(`<${name}> closed by ${rest().slice(0, 20)}`);
                pos += close.length;
                return node;
            }
            node.children.push(element());
        }
    };

    const root = element();
    skipSpace();
    if (pos !== source.length) throw new Error(`content after the root element: ${rest().slice(0, 20)}`);
    return root;
}

export function childrenNamed(node: XmlElement, name: string): XmlElement[] {
    return node.children.filter((child) => child.name === name);
}
