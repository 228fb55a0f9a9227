/** Small statistics for benchmark runs: medians, not means, because the machine is noisy. */

export function median(values: readonly number[]): number {
    if (values.length === 0) return Number.NaN;
    const sorted = [...values].sort((a, b) => a - b);
    const middle = Math.floor(sorted.length / 2);
    return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

export function minOf(values: readonly number[]): number {
    return values.length === 0 ? Number.NaN : Math.min(...values);
}

export function maxOf(values: readonly number[]): number {
    return values.length === 0 ? Number.NaN : Math.max(...values);
}

export function sum(values: readonly number[]): number {
    return values.reduce((total, value) => total + value, 0);
}

/** "median (min–max)" with a formatter, for table cells. */
export function spread(values: readonly number[], format: (value: number) => string): string {
    if (values.length === 0) return "–";
    if (values.length === 1) return format(values[0]);
    return `${format(median(values))} (${format(minOf(values))}–${format(maxOf(values))})`;
}
