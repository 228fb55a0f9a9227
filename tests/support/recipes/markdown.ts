/**
 * Reads the fenced code blocks out of a recipe's Markdown with micromark, a spec-exact CommonMark
 * parser, so a test runs exactly the text a reader copies: indentation inside list items is removed
 * the way CommonMark removes it, and a fence inside a block never ends it early.
 *
 * A block's info string is its language followed by `key=value` words, e.g.
 * ```` ```yaml file=.github/workflows/aop-policy-gate.yml ````. GitHub shows only the first word
 * (the language) and ignores the rest, so the keys are invisible to readers and tell the tests what
 * the block is.
 */
import { parse, postprocess, preprocess } from "micromark";

export interface CodeBlock {
    /** The first word of the info string ("yaml", "sh", …), or "" when there is none. */
    lang: string;
    /** The `key=value` words after the language. */
    meta: Record<string, string>;
    /** The block's text, ending in a newline unless the block is empty. */
    text: string;
    /** 1-based line of the opening fence, for messages. */
    line: number;
}

function parseMeta(meta: string, line: number): Record<string, string> {
    const result: Record<string, string> = {};
    for (const word of meta.split(/\s+/).filter((w) => w.length > 0)) {
        const equals = word.indexOf("=");
        if (equals <= 0 || equals === word.length - 1) {
            throw new Error(`line ${line}: the code block's info string has "${word}", expected key=value`);
        }
        const key = word.slice(0, equals);
        if (key in result) throw new Error(`line ${line}: the code block's info string sets "${key}" twice`);
        result[key] = word.slice(equals + 1);
    }
    return result;
}

/** Every fenced code block of `markdown`, in order. Indented code blocks are not recipe material and are left out. */
export function fencedCodeBlocks(markdown: string): CodeBlock[] {
    const events = postprocess(
        parse()
            .document()
            .write(preprocess()(markdown, undefined, true)),
    );
    const blocks: CodeBlock[] = [];
    let current: { lang: string; meta: string; parts: string[]; line: number; fences: number; inFence: boolean; started: boolean } | null =
        null;
    for (const [kind, token, context] of events) {
        if (token.type === "codeFenced") {
            if (kind === "enter") {
                current = { lang: "", meta: "", parts: [], line: token.start.line, fences: 0, inFence: false, started: false };
            } else if (current) {
                // mdast-util-from-markdown does the same: the line ending before the closing fence is not content.
                const text = current.parts.join("").replace(/(\r?\n|\r)$/, "");
                blocks.push({
                    lang: current.lang,
                    meta: parseMeta(current.meta, current.line),
                    text: text === "" ? "" : `${text}\n`,
                    line: current.line,
                });
                current = null;
            }
            continue;
        }
        if (!current) continue;
        if (token.type === "codeFencedFence") {
            current.inFence = kind === "enter";
            if (kind === "exit") current.fences += 1;
            continue;
        }
        if (kind !== "enter") continue;
        if (current.inFence) {
            if (token.type === "codeFencedFenceInfo") current.lang = context.sliceSerialize(token);
            if (token.type === "codeFencedFenceMeta") current.meta = context.sliceSerialize(token);
            continue;
        }
        if (current.fences !== 1) continue;
        if (token.type === "lineEnding") {
            // The line ending right after the opening fence ends the fence line, not a content line.
            if (!current.started) {
                current.started = true;
                continue;
            }
            current.parts.push(context.sliceSerialize(token));
        } else if (token.type === "codeFlowValue") {
            current.started = true;
            current.parts.push(context.sliceSerialize(token));
        }
    }
    return blocks;
}

/** The text of every heading (ATX and setext) of `markdown`, outside code blocks, with inline code marks and emphasis stars dropped. */
export function headings(markdown: string): string[] {
    const events = postprocess(
        parse()
            .document()
            .write(preprocess()(markdown, undefined, true)),
    );
    const result: string[] = [];
    for (const [kind, token, context] of events) {
        if (kind === "enter" && (token.type === "atxHeadingText" || token.type === "setextHeadingText")) {
            result.push(context.sliceSerialize(token).replace(/[`*]/g, "").trim());
        }
    }
    return result;
}

/** The anchor GitHub gives a heading: lower case, punctuation but `-` and `_` dropped, spaces as `-`. */
export function githubAnchor(heading: string): string {
    return heading
        .toLowerCase()
        .replace(/[^\p{L}\p{N}\s_-]/gu, "")
        .replace(/\s/g, "-");
}
