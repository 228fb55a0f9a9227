/**
 * The two faces of `aop-status doctor`'s checklist: lines for people, and JSON for programs.
 *
 * Text: `✓ ⚠ ✗ -` on a terminal, `[ok] [warn] [FAIL] [skip]` otherwise (a CI log or a pipe may
 * not render the symbols, and a grep for FAIL should work). Every string goes through
 * `printable`: details quote Cloudflare's answers, and those are data, never terminal control.
 *
 * JSON (version 1; fields are only ever added):
 *
 * ```text
 * {
 *   "version": 1,
 *   "ok": true,                                   // no check failed (warnings allowed): exit code 0
 *   "summary": { "pass": 6, "warn": 1, "fail": 0, "skip": 0 },
 *   "checks": [                                   // in the order shown
 *     {
 *       "id": "zone:023e105f4ecef8ad9ca31a8372d0c353",   // unique: the kind, or zone:<zone id>
 *       "kind": "credential" | "settings" | "proxy" | "connection" | "credential-state" | "zone" | "zones" | "clock",
 *       "title": "Zone 023e105f4ecef8ad9ca31a8372d0c353",
 *       "status": "pass" | "warn" | "fail" | "skip",
 *       "detail": "…",                            // what was found, or why it was skipped
 *       "fix": "…" | null,
 *       "facts": { … }                            // data by kind, e.g. "codes": [10000], "daysLeft": 10, "skewSeconds": -600
 *     }
 *   ]
 * }
 * ```
 */
import { escapeJsonControls, printable } from "../text";
import { summarizeChecklist, type ChecklistItem, type CheckStatus } from "./doctor-checklist";
import type { Palette } from "./terminal";

export const DOCTOR_JSON_VERSION = 1;

const SYMBOLS: Readonly<Record<CheckStatus, string>> = { pass: "✓", warn: "⚠", fail: "✗", skip: "-" };
const ASCII: Readonly<Record<CheckStatus, string>> = { pass: "[ok]", warn: "[warn]", fail: "[FAIL]", skip: "[skip]" };

export interface TextStyle {
    /** Symbols on a terminal, bracketed words elsewhere. */
    unicode: boolean;
    palette: Palette;
}

function paint(status: CheckStatus, text: string, palette: Palette): string {
    if (status === "pass") return palette.green(text);
    if (status === "warn") return palette.yellow(text);
    if (status === "fail") return palette.red(text);
    return palette.dim(text);
}

function plural(count: number, word: string): string {
    return `${count} ${word}${count === 1 ? "" : "s"}`;
}

export function renderChecklistText(items: readonly ChecklistItem[], style: TextStyle): string {
    const markers = style.unicode ? SYMBOLS : ASCII;
    const width = Math.max(...Object.values(markers).map((marker) => marker.length));
    const indent = " ".repeat(width + 1);
    const lines: string[] = [];
    for (const entry of items) {
        const marker = paint(entry.status, markers[entry.status].padEnd(width), style.palette);
        const detail = entry.status === "skip" ? `skipped: ${entry.detail}` : entry.detail;
        const text = `${printable(entry.title)}: ${printable(detail)}`;
        lines.push(`${marker} ${entry.status === "skip" ? style.palette.dim(text) : text}`);
        if (entry.fix !== null && entry.status !== "pass" && entry.status !== "skip") {
            lines.push(`${indent}${style.palette.bold("fix:")} ${printable(entry.fix)}`);
        }
    }
    const summary = summarizeChecklist(items);
    const counts = [`${summary.fail} failed`, plural(summary.warn, "warning"), `${summary.pass} passed`, `${summary.skip} skipped`].join(
        ", ",
    );
    const verdict =
        summary.fail > 0
            ? style.palette.red("Something will not work from here: fix the first failure above, then run aop-status doctor again.")
            : summary.warn > 0
              ? style.palette.yellow("It should work from here; see the warnings above.")
              : style.palette.green("It should work from here.");
    lines.push("", `${counts}. ${verdict}`);
    return `${lines.join("\n")}\n`;
}

export interface DoctorJson {
    version: typeof DOCTOR_JSON_VERSION;
    ok: boolean;
    summary: ReturnType<typeof summarizeChecklist>;
    checks: ChecklistItem[];
}

export function renderChecklistJson(items: readonly ChecklistItem[]): string {
    const summary = summarizeChecklist(items);
    const document: DoctorJson = { version: DOCTOR_JSON_VERSION, ok: summary.fail === 0, summary, checks: [...items] };
    return `${escapeJsonControls(JSON.stringify(document, null, 2))}\n`;
}
