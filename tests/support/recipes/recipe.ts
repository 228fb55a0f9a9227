/**
 * A recipe in docs/recipes/, read the way its reader reads it: the files it tells them to create and
 * the commands it tells them to run are its fenced code blocks (see markdown.ts for the block
 * convention). Tests take everything they run from here, so the docs and the tests cannot drift.
 */
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";

import { fencedCodeBlocks, type CodeBlock } from "./markdown";

export const REPO_ROOT = resolve(__dirname, "..", "..", "..");
export const RECIPES_DIR = join(REPO_ROOT, "docs", "recipes");

/**
 * Placeholders a reader replaces with their own secret. They are written so that the text is still
 * valid YAML and shell as it stands (quoted, or a plain scalar), and tests replace them with a fake.
 */
export const TOKEN_PLACEHOLDER = "<YOUR_CLOUDFLARE_API_TOKEN>";

export class Recipe {
    readonly blocks: readonly CodeBlock[];

    constructor(
        readonly name: string,
        readonly markdown: string,
    ) {
        this.blocks = fencedCodeBlocks(markdown);
    }

    static load(name: string): Recipe {
        return new Recipe(name, readFileSync(join(RECIPES_DIR, `${name}.md`), "utf8"));
    }

    /** The one block whose `key` is `value`; a missing or doubled block fails with the recipe's name. */
    block(key: string, value: string): CodeBlock {
        const found = this.blocks.filter((b) => b.meta[key] === value);
        if (found.length !== 1) {
            throw new Error(`docs/recipes/${this.name}.md has ${found.length} code blocks with ${key}=${value}, expected exactly one`);
        }
        return found[0];
    }

    /** The file the recipe tells the reader to create at `path` (a block with `file=<path>`). */
    file(path: string): string {
        return this.block("file", path).text;
    }

    /** Every file block, by path. */
    files(): Map<string, string> {
        return new Map(this.blocks.filter((b) => b.meta.file !== undefined).map((b) => [b.meta.file, b.text]));
    }

    /** Blocks in a language, e.g. every `sh` block. */
    blocksIn(lang: string): CodeBlock[] {
        return this.blocks.filter((b) => b.lang === lang);
    }

    /**
     * Shell command lines of the `sh` blocks that are not files: comments and blank lines dropped,
     * a trailing `# comment` kept (the shell ignores it).
     */
    shellCommands(): string[] {
        return this.blocksIn("sh")
            .filter((b) => b.meta.file === undefined)
            .flatMap((b) => b.text.split("\n"))
            .map((line) => line.trim())
            .filter((line) => line !== "" && !line.startsWith("#"));
    }
}

/** `text` with every `placeholder` replaced; fails if the recipe no longer has the placeholder, so a test never runs unreplaced text. */
export function fillPlaceholder(text: string, placeholder: string, value: string): string {
    if (!text.includes(placeholder)) throw new Error(`expected the placeholder ${placeholder} in:\n${text}`);
    return text.split(placeholder).join(value);
}
