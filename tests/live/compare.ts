/**
 * The live answers against the emulator's, question by question: a difference in status or in
 * error codes (chains included, order ignored) is a difference; wording and headers are recorded
 * but not compared. Each emulator answer is matched to its entry in the emulator's catalogue
 * (`describeApiFailures()`), so the table says whether the emulator's answer was evidenced or a
 * guess. Pure: records in, rows and text out.
 */
import { printable } from "../../provider/text";
import type { AnswerRecord } from "./record";

/** One entry of the emulator's `describeApiFailures()`, as plain data. */
export interface CatalogueEntry {
    name: string;
    status: number;
    codes: number[];
    evidence: { kind: string; reference: string };
}

export interface Side {
    status: number;
    codes: number[];
    /** Set when nothing answered. */
    noAnswer: string | null;
}

export interface ComparisonRow {
    question: string;
    live: Side;
    emulator: Side;
    /** What differs; empty when they agree. */
    differs: Array<"status" | "codes" | "answer">;
    /** The emulator's catalogue entry for its answer, when it was a failure it knows. */
    emulatorAnswer: { name: string; evidence: string } | null;
}

function side(record: AnswerRecord | undefined): Side {
    if (record === undefined) return { status: 0, codes: [], noAnswer: "not asked" };
    return { status: record.status, codes: record.codes, noAnswer: record.noAnswer };
}

const sorted = (codes: readonly number[]): number[] => [...codes].sort((a, b) => a - b);

function sameCodes(a: readonly number[], b: readonly number[]): boolean {
    const left = sorted(a);
    const right = sorted(b);
    return left.length === right.length && left.every((code, index) => code === right[index]);
}

function catalogueEntry(emulator: Side, catalogue: readonly CatalogueEntry[]): { name: string; evidence: string } | null {
    if (emulator.status < 400) return null;
    const entry = catalogue.find((candidate) => candidate.status === emulator.status && sameCodes(candidate.codes, emulator.codes));
    return entry === undefined ? null : { name: entry.name, evidence: entry.evidence.kind };
}

/** One row per question, in the live run's order (questions only the emulator answered come last). */
export function compareAnswers(
    live: readonly AnswerRecord[],
    emulator: readonly AnswerRecord[],
    catalogue: readonly CatalogueEntry[],
): ComparisonRow[] {
    const questions = [...new Set([...live.map((r) => r.question), ...emulator.map((r) => r.question)])];
    return questions.map((question) => {
        const a = side(live.find((r) => r.question === question));
        const b = side(emulator.find((r) => r.question === question));
        const differs: ComparisonRow["differs"] = [];
        if (a.noAnswer !== null || b.noAnswer !== null) {
            if (a.noAnswer !== b.noAnswer) differs.push("answer");
        } else {
            if (a.status !== b.status) differs.push("status");
            if (!sameCodes(a.codes, b.codes)) differs.push("codes");
        }
        return { question, live: a, emulator: b, differs, emulatorAnswer: catalogueEntry(b, catalogue) };
    });
}

function describeSide(value: Side): string {
    if (value.noAnswer !== null) return `no answer (${printable(value.noAnswer)})`;
    return value.codes.length === 0 ? String(value.status) : `${value.status} [${value.codes.join(", ")}]`;
}

/** A fixed-width table for a terminal or a CI log; plain ASCII apart from the data. */
export function renderComparison(rows: readonly ComparisonRow[]): string {
    const header = ["question", "live", "emulator", "emulator's answer", "verdict"];
    const body = rows.map((row) => [
        row.question,
        describeSide(row.live),
        describeSide(row.emulator),
        row.emulatorAnswer === null ? "-" : `${row.emulatorAnswer.name} (${row.emulatorAnswer.evidence})`,
        row.differs.length === 0 ? "same" : `DIFFERENT: ${row.differs.join(", ")}`,
    ]);
    const widths = header.map((title, column) => Math.max(title.length, ...body.map((cells) => cells[column].length)));
    const line = (cells: readonly string[]): string =>
        cells
            .map((cell, column) => (column === cells.length - 1 ? cell : cell.padEnd(widths[column])))
            .join("  ")
            .trimEnd();
    return [line(header), line(widths.map((width) => "-".repeat(width))), ...body.map(line)].join("\n") + "\n";
}
