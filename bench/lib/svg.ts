/**
 * Hand-written SVG charts (no chart library): a line-chart panel and a stacked-bar panel, laid
 * side by side in one image. Plain shapes and text only, so GitHub renders them as images.
 */

export interface Series {
    name: string;
    color: string;
    points: Array<{ x: number; y: number }>;
    dashed?: boolean;
}

export interface LinePanel {
    kind: "line";
    title: string;
    xLabel: string;
    yLabel: string;
    series: Series[];
}

export interface BarPanel {
    kind: "bars";
    title: string;
    xLabel: string;
    yLabel: string;
    /** One bar per entry; segments stack bottom-up. */
    bars: Array<{ label: string; segments: Array<{ value: number; color: string }> }>;
    legend: Array<{ name: string; color: string }>;
    /** A horizontal reference line, e.g. the quota. */
    limit?: { value: number; label: string };
}

export type Panel = LinePanel | BarPanel;

const PANEL_W = 420;
const PANEL_H = 300;
const MARGIN = { left: 58, right: 16, top: 34, bottom: 70 };

function escape(text: string): string {
    return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

function fmt(value: number): string {
    if (value === 0) return "0";
    if (Math.abs(value) >= 1000) return `${Math.round(value / 100) / 10}k`;
    if (Math.abs(value) >= 10) return String(Math.round(value));
    return String(Math.round(value * 10) / 10);
}

/** 4–6 round tick values from 0 to at least `max`. */
function ticks(max: number): number[] {
    if (!(max > 0)) return [0, 1];
    const rough = max / 5;
    const power = 10 ** Math.floor(Math.log10(rough));
    const step = [1, 2, 2.5, 5, 10].map((m) => m * power).find((s) => max / s <= 6) ?? 10 * power;
    const values: number[] = [];
    for (let v = 0; v <= max + step * 0.999; v += step) values.push(Math.round(v * 1e6) / 1e6);
    return values;
}

function frame(panel: Panel, yMax: number, parts: string[]): { plotW: number; plotH: number; y: (v: number) => number } {
    const plotW = PANEL_W - MARGIN.left - MARGIN.right;
    const plotH = PANEL_H - MARGIN.top - MARGIN.bottom;
    const yTicks = ticks(yMax);
    const top = yTicks[yTicks.length - 1];
    const y = (v: number): number => Math.round((MARGIN.top + plotH - (v / top) * plotH) * 10) / 10;
    parts.push(`<text x="${PANEL_W / 2}" y="18" text-anchor="middle" font-weight="bold">${escape(panel.title)}</text>`);
    for (const t of yTicks) {
        parts.push(`<line x1="${MARGIN.left}" x2="${MARGIN.left + plotW}" y1="${y(t)}" y2="${y(t)}" stroke="#e4e4e4"/>`);
        parts.push(`<text x="${MARGIN.left - 6}" y="${y(t) + 4}" text-anchor="end">${fmt(t)}</text>`);
    }
    parts.push(`<line x1="${MARGIN.left}" x2="${MARGIN.left}" y1="${MARGIN.top}" y2="${MARGIN.top + plotH}" stroke="#333"/>`);
    parts.push(
        `<line x1="${MARGIN.left}" x2="${MARGIN.left + plotW}" y1="${MARGIN.top + plotH}" y2="${MARGIN.top + plotH}" stroke="#333"/>`,
    );
    parts.push(`<text x="${MARGIN.left + plotW / 2}" y="${MARGIN.top + plotH + 34}" text-anchor="middle">${escape(panel.xLabel)}</text>`);
    parts.push(`<text transform="translate(14 ${MARGIN.top + plotH / 2}) rotate(-90)" text-anchor="middle">${escape(panel.yLabel)}</text>`);
    return { plotW, plotH, y };
}

function legend(entries: Array<{ name: string; color: string; dashed?: boolean }>, parts: string[]): void {
    let x = MARGIN.left;
    const y = PANEL_H - 14;
    for (const entry of entries) {
        parts.push(
            `<line x1="${x}" x2="${x + 18}" y1="${y - 4}" y2="${y - 4}" stroke="${entry.color}" stroke-width="3"${entry.dashed ? ' stroke-dasharray="5 3"' : ""}/>`,
        );
        parts.push(`<text x="${x + 22}" y="${y}">${escape(entry.name)}</text>`);
        x += 30 + entry.name.length * 6.2;
    }
}

function linePanel(panel: LinePanel): string {
    const parts: string[] = [];
    const all = panel.series.flatMap((s) => s.points);
    const xMax = Math.max(...all.map((p) => p.x));
    const yMax = Math.max(...all.map((p) => p.y));
    const { plotW, y } = frame(panel, yMax, parts);
    const xTicks = ticks(xMax);
    const xTop = xTicks[xTicks.length - 1];
    const x = (v: number): number => Math.round((MARGIN.left + (v / xTop) * plotW) * 10) / 10;
    for (const t of xTicks) parts.push(`<text x="${x(t)}" y="${PANEL_H - MARGIN.bottom + 16}" text-anchor="middle">${fmt(t)}</text>`);
    for (const series of panel.series) {
        const points = [...series.points].sort((a, b) => a.x - b.x);
        const path = points.map((p) => `${x(p.x).toFixed(1)},${y(p.y).toFixed(1)}`).join(" ");
        parts.push(
            `<polyline points="${path}" fill="none" stroke="${series.color}" stroke-width="2"${series.dashed ? ' stroke-dasharray="6 4"' : ""}/>`,
        );
        for (const p of points)
            parts.push(
                `<circle cx="${x(p.x).toFixed(1)}" cy="${y(p.y).toFixed(1)}" r="3.5" fill="${series.color}"><title>${escape(`${series.name}: ${fmt(p.x)} → ${fmt(p.y)}`)}</title></circle>`,
            );
    }
    legend(panel.series, parts);
    return parts.join("\n");
}

function barPanel(panel: BarPanel): string {
    const parts: string[] = [];
    const totals = panel.bars.map((bar) => bar.segments.reduce((sum, s) => sum + s.value, 0));
    // Headroom above the tallest bar or the limit line, so neither sits on the frame's top edge.
    const yMax = Math.max(...totals, panel.limit?.value ?? 0) * 1.1;
    const { plotW, y } = frame(panel, yMax, parts);
    const slot = plotW / Math.max(1, panel.bars.length);
    const width = Math.max(2, slot * 0.7);
    panel.bars.forEach((bar, index) => {
        const left = MARGIN.left + index * slot + (slot - width) / 2;
        let base = 0;
        for (const segment of bar.segments) {
            parts.push(
                `<rect x="${left.toFixed(1)}" y="${y(base + segment.value).toFixed(1)}" width="${width.toFixed(1)}" height="${(y(base) - y(base + segment.value)).toFixed(1)}" fill="${segment.color}"/>`,
            );
            base += segment.value;
        }
        parts.push(
            `<text x="${(left + width / 2).toFixed(1)}" y="${PANEL_H - MARGIN.bottom + 16}" text-anchor="middle">${escape(bar.label)}</text>`,
        );
    });
    if (panel.limit) {
        const ly = y(panel.limit.value);
        parts.push(
            `<line x1="${MARGIN.left}" x2="${MARGIN.left + plotW}" y1="${ly}" y2="${ly}" stroke="#c0392b" stroke-width="1.5" stroke-dasharray="6 4"/>`,
        );
        parts.push(
            `<text x="${MARGIN.left + plotW - 4}" y="${ly - 5}" text-anchor="end" fill="#c0392b">${escape(panel.limit.label)}</text>`,
        );
    }
    legend(panel.legend, parts);
    return parts.join("\n");
}

/** Panels side by side, one SVG document. */
export function renderChart(title: string, panels: Panel[]): string {
    const width = PANEL_W * panels.length;
    const body = panels
        .map(
            (panel, index) =>
                `<g transform="translate(${index * PANEL_W} 0)">\n${panel.kind === "line" ? linePanel(panel) : barPanel(panel)}\n</g>`,
        )
        .join("\n");
    return [
        `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${PANEL_H}" viewBox="0 0 ${width} ${PANEL_H}" font-family="Helvetica, Arial, sans-serif" font-size="12">`,
        `<title>${escape(title)}</title>`,
        `<rect width="${width}" height="${PANEL_H}" fill="#ffffff"/>`,
        body,
        "</svg>",
        "",
    ].join("\n");
}
