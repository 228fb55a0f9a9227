/**
 * What the CLI writes to, and the two decisions that depend on it: colour and the progress line.
 * Both are for people at a terminal; a CI log gets plain text and no carriage-return tricks.
 */
import type { Environment } from "../credentials";

export interface OutputStream {
    write(chunk: string): boolean;
    isTTY?: boolean;
    columns?: number;
}

/** Colour only on a terminal, and never when NO_COLOR is set to anything (https://no-color.org). */
export function colorEnabled(stream: OutputStream, env: Environment): boolean {
    return stream.isTTY === true && (env.NO_COLOR === undefined || env.NO_COLOR === "");
}

/**
 * The progress line needs a terminal; CI runners that allocate a pseudo-terminal still set CI,
 * and a log full of redrawn lines is unreadable there.
 */
export function progressEnabled(stream: OutputStream, env: Environment): boolean {
    const ci = env.CI;
    return stream.isTTY === true && (ci === undefined || ci === "" || ci === "false" || ci === "0");
}

/** Plain functions, not methods: a style is picked and passed around on its own (`style = colors.red`). */
export interface Palette {
    green: (text: string) => string;
    red: (text: string) => string;
    yellow: (text: string) => string;
    dim: (text: string) => string;
    bold: (text: string) => string;
}

const ansi = (open: number, close: number) => (text: string) => `\u001b[${open}m${text}\u001b[${close}m`;

export const PLAIN: Palette = { green: (t) => t, red: (t) => t, yellow: (t) => t, dim: (t) => t, bold: (t) => t };
export const ANSI: Palette = { green: ansi(32, 39), red: ansi(31, 39), yellow: ansi(33, 39), dim: ansi(2, 22), bold: ansi(1, 22) };

export function palette(enabled: boolean): Palette {
    return enabled ? ANSI : PLAIN;
}
