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
    /** Every block, for checks that look at all of them; reading through it does not count as using a block. */
    readonly blocks: readonly CodeBlock[];
    private readonly used = new Set<CodeBlock>();

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
        return this.use(found)[0];
    }

    /** Every block that sets `key`, e.g. every `esc-environment=…`. */
    blocksWith(key: string): CodeBlock[] {
        return this.use(this.blocks.filter((b) => b.meta[key] !== undefined));
    }

    /** The file the recipe tells the reader to create at `path` (a block with `file=<path>`). */
    file(path: string): string {
        return this.block("file", path).text;
    }

    /** Every file block, by path. */
    files(): Map<string, string> {
        return new Map(this.blocksWith("file").map((b) => [b.meta.file, b.text]));
    }

    /** The paths of the file blocks, without using them. */
    filePaths(): string[] {
        return this.blocks.flatMap((b) => b.meta.file ?? []);
    }

    /**
     * Shell command lines of the `sh` blocks that are not files: comments and blank lines dropped,
     * a trailing `# comment` kept (the shell ignores it).
     */
    shellCommands(): string[] {
        return this.use(this.blocks.filter((b) => b.lang === "sh" && b.meta.file === undefined))
            .flatMap((b) => b.text.split("\n"))
            .map((line) => line.trim())
            .filter((line) => line !== "" && !line.startsWith("#"));
    }

    /** The blocks no test has used through this object yet: a part of the recipe nothing runs or checks. */
    unusedBlocks(): string[] {
        return this.blocks.filter((b) => !this.used.has(b)).map((b) => `docs/recipes/${this.name}.md line ${b.line} (${b.lang})`);
    }

    private use(blocks: CodeBlock[]): CodeBlock[] {
        for (const block of blocks) this.used.add(block);
        return blocks;
    }
}

/** `text` with every `placeholder` replaced; fails if the recipe no longer has the placeholder, so a test never runs unreplaced text. */
export function fillPlaceholder(text: string, placeholder: string, value: string): string {
    if (!text.includes(placeholder)) throw new Error(`expected the placeholder ${placeholder} in:\n${text}`);
    return text.split(placeholder).join(value);
}
