/**
 * The expiry timeline: one mark per row on a time axis, as inline SVG. Layout (pure numbers) and
 * drawing are separate so the tests can check where things land without parsing SVG.
 *
 * The axis is logarithmic in days from the run (x ∝ log(1 + days / 30)): the next weeks, where
 * action is needed, get room, and a certificate valid for ten more years still fits. Ticks name
 * both the distance and the date, so the compression never hides what a position means.
 * Expired certificates sit in a band at the left edge, rows without a date (missing, errors) in
 * a band at the right. Marks stack in columns of four per lane; a fuller column shows its count.
 */
import { escapeHtml } from "./escape";
import { VERDICTS, type ReportView, type Verdict, type ViewRow } from "./view";

const DAY_MS = 86_400_000;
const WIDTH = 960;
/** The log scale's knee, in days: below it the axis is nearly linear. */
const KNEE_DAYS = 30;
const STEP = 11;
const STACK = 4;
/** A row for the count of a crowded column, then the stack of marks. */
const LANE_HEIGHT = 14 + STACK * STEP + 6;
/** Where the k-th mark of a column goes, in steps from the lane's middle row: middle, above, below, above again. */
const STACK_OFFSETS = [0, -1, 1, -2];
const STACK_MIDDLE = 14 + 6 + 2 * STEP;
const TOP = 34;
const AXIS_HEIGHT = 40;
const EXPIRED_BAND = { start: 112, end: 178 };
const TODAY_X = 190;
const NO_DATE_BAND_WIDTH = 72;
/** Ticks closer than this to the previous one are dropped. */
const MIN_TICK_GAP = 62;

const DOMAIN_STEPS = [180, 365, 730, 1095, 1825, 3650, 7300, 18_250, 36_500];
const TICK_DAYS = [7, 14, 30, 60, 90, 180, 365, 730, 1095, 1825, 3650, 7300, 18_250, 36_500];

/** Short codes for classes and symbol ids: 1000 marks make every byte count a thousand times. */
export const VERDICT_CODE: Record<Verdict, string> = { healthy: "h", unhealthy: "u", missing: "m", error: "e" };
export const VERDICT_TITLE: Record<Verdict, string> = { healthy: "Healthy", unhealthy: "Unhealthy", missing: "Missing", error: "Error" };

export interface TimelineMark {
    /** Index of the row, and so of its anchor `r<index>`. */
    row: number;
    verdict: Verdict;
    x: number;
    y: number;
    title: string;
}

export interface TimelineLane {
    verdict: Verdict;
    top: number;
    count: number;
}

export interface TimelineTick {
    x: number;
    label: string;
    date: string;
}

export interface TimelineLayout {
    width: number;
    height: number;
    today: { x: number; date: string };
    /** The warning window, from today to `warningDays`; null when it is 0 days. */
    warning: { x1: number; x2: number; days: number } | null;
    expiredBand: { x1: number; x2: number };
    noDateBand: { x1: number; x2: number } | null;
    lanes: TimelineLane[];
    ticks: TimelineTick[];
    marks: TimelineMark[];
    /** Columns holding more marks than they can show, with how many they hold. */
    crowded: Array<{ x: number; y: number; count: number }>;
    /** For the SVG's description: what a screen reader hears instead of 1000 marks. */
    summary: { expired: number; warning: number; later: number; noDate: number; lastDate: string };
}

function isoDay(ms: number): string {
    return new Date(ms).toISOString().slice(0, 10);
}

function round(value: number): number {
    return Math.round(value * 10) / 10;
}

/** Days from the run to the row's expiry, to the minute when the date is known. */
function exactDays(row: ViewRow, now: number): number | null {
    if (row.notAfter !== null) return (Date.parse(row.notAfter) - now) / DAY_MS;
    return row.daysLeft;
}

function logScale(days: number, domain: number): number {
    return Math.log1p(Math.max(0, days) / KNEE_DAYS) / Math.log1p(domain / KNEE_DAYS);
}

function tickLabel(days: number): string {
    return days < 365 ? `${days} d` : `${Math.round(days / 365)} y`;
}

/** What hovering a mark says: the name, the date and the verdict. */
function markTitle(row: ViewRow, days: number | null): string {
    if (row.notAfter === null || days === null) return `${row.name}: no expiry date, ${row.verdictLabel}`;
    return `${row.name}: ${days < 0 ? "expired" : "expires"} ${row.notAfter.slice(0, 10)}, ${row.verdictLabel}`;
}

export function layoutTimeline(view: ReportView): TimelineLayout {
    const now = view.generatedAt.getTime();
    const days = view.rows.map((row) => exactDays(row, now));
    const future = days.filter((d): d is number => d !== null && d >= 0);
    const past = days.filter((d): d is number => d !== null && d < 0).map((d) => -d);
    const hasNoDate = days.some((d) => d === null);

    const wanted = Math.max(180, view.warningDays * 2, ...future);
    const domain = DOMAIN_STEPS.find((step) => step >= wanted) ?? DOMAIN_STEPS[DOMAIN_STEPS.length - 1];
    const pastDomain = Math.max(30, ...past);
    const scaleEnd = hasNoDate ? WIDTH - NO_DATE_BAND_WIDTH - 22 : WIDTH - 24;
    const xOf = (d: number): number => TODAY_X + logScale(Math.min(d, domain), domain) * (scaleEnd - TODAY_X);
    const xOfPast = (ago: number): number =>
        EXPIRED_BAND.end - 6 - logScale(ago, pastDomain) * (EXPIRED_BAND.end - EXPIRED_BAND.start - 12);
    const noDateBand = hasNoDate ? { x1: WIDTH - NO_DATE_BAND_WIDTH - 4, x2: WIDTH - 4 } : null;

    const lanes: TimelineLane[] = [];
    for (const verdict of VERDICTS) {
        const count = view.rows.filter((row) => row.verdict === verdict).length;
        if (count > 0) lanes.push({ verdict, top: TOP + lanes.length * LANE_HEIGHT, count });
    }
    const laneOf = new Map(lanes.map((lane) => [lane.verdict, lane]));

    // Columns of STEP pixels, counted per lane: the k-th mark in a column stacks k rows up.
    const columns = new Map<string, number>();
    const noDateSeen = new Map<Verdict, number>();
    const noDateColumns = noDateBand ? Math.max(1, Math.floor((noDateBand.x2 - noDateBand.x1 - STEP) / STEP)) : 1;
    const marks: TimelineMark[] = [];
    const crowdedAt = new Map<string, { x: number; y: number; count: number }>();
    view.rows.forEach((row, index) => {
        const lane = laneOf.get(row.verdict) as TimelineLane;
        const d = days[index];
        let x: number;
        if (d === null) {
            const k = noDateSeen.get(row.verdict) ?? 0;
            noDateSeen.set(row.verdict, k + 1);
            x = (noDateBand?.x1 ?? 0) + STEP + (k % noDateColumns) * STEP;
        } else {
            const raw = d < 0 ? xOfPast(-d) : xOf(d);
            x = d < 0 ? Math.min(raw, EXPIRED_BAND.end - STEP / 2) : Math.max(raw, TODAY_X + STEP / 2);
            x = Math.round(x / STEP) * STEP;
        }
        const key = `${row.verdict}:${x}`;
        const k = columns.get(key) ?? 0;
        columns.set(key, k + 1);
        // A fuller column than STACK overlaps its last slot and shows its count above.
        const slot = Math.min(k, STACK - 1);
        const y = lane.top + STACK_MIDDLE + STACK_OFFSETS[slot] * STEP;
        if (k >= STACK) crowdedAt.set(key, { x, y: lane.top + 11, count: k + 1 });
        marks.push({ row: index, verdict: row.verdict, x: round(x), y: round(y), title: markTitle(row, d) });
    });

    const ticks: TimelineTick[] = [];
    let lastX = TODAY_X;
    const tickDays = [...new Set([...TICK_DAYS, view.warningDays])].filter((d) => d > 0 && d <= domain).sort((a, b) => a - b);
    for (const d of tickDays) {
        const x = xOf(d);
        // The domain's end always gets its tick; a crowded one before it gives way.
        if (d === domain && ticks.length > 0 && x - lastX < MIN_TICK_GAP) ticks.pop();
        else if (x - lastX < MIN_TICK_GAP) continue;
        ticks.push({ x: round(x), label: tickLabel(d), date: isoDay(now + d * DAY_MS) });
        lastX = x;
    }

    const warningDays = view.warningDays;
    return {
        width: WIDTH,
        height: TOP + Math.max(1, lanes.length) * LANE_HEIGHT + AXIS_HEIGHT,
        today: { x: TODAY_X, date: isoDay(now) },
        warning: warningDays > 0 ? { x1: TODAY_X, x2: round(xOf(warningDays)), days: warningDays } : null,
        expiredBand: { x1: EXPIRED_BAND.start, x2: EXPIRED_BAND.end },
        noDateBand,
        lanes,
        ticks,
        marks,
        crowded: [...crowdedAt.values()],
        summary: {
            expired: past.length,
            warning: future.filter((d) => d < warningDays).length,
            later: future.filter((d) => d >= warningDays).length,
            noDate: days.filter((d) => d === null).length,
            lastDate: isoDay(now + domain * DAY_MS),
        },
    };
}

/**
 * A verdict's shape centred on x,y, about 10 px across, as its own element: no <use>, whose
 * shadow copies cost a 1000-mark page more style and layout time than everything else in it.
 * Relative path commands keep each mark short.
 */
export function markShape(verdict: Verdict, x: number, y: number, content = ""): string {
    const code = VERDICT_CODE[verdict];
    const close = content === "" ? "/>" : `>${content}</${verdict === "healthy" ? "circle" : "path"}>`;
    switch (verdict) {
        case "healthy":
            return `<circle class="${code}" cx="${x}" cy="${y}" r="4.8"${close}`;
        case "unhealthy":
            return `<path class="${code}" d="M${x} ${round(y - 5.8)}l6 10.4h-12z"${close}`;
        case "missing":
            return `<path class="${code}" d="M${x} ${round(y - 5.2)}l5.2 5.2-5.2 5.2-5.2-5.2z"${close}`;
        case "error":
            return `<path class="${code}" d="M${round(x - 5)} ${round(y - 3)}l2-2 3 3 3-3 2 2-3 3 3 3-2 2-3-3-3 3-2-2 3-3z"${close}`;
    }
}

function plural(count: number, one: string, many: string): string {
    return `${count} ${count === 1 ? one : many}`;
}

export function timelineDescription(view: ReportView, layout: TimelineLayout): string {
    const { summary } = layout;
    const parts = [
        `${summary.expired} expired`,
        `${summary.warning} ${summary.warning === 1 ? "expires" : "expire"} within the ${view.warningDays}-day warning window`,
        `${summary.later} later`,
    ];
    if (summary.noDate > 0) parts.push(`${summary.noDate} without an expiry date`);
    return (
        `${plural(view.rows.length, view.noun.one, view.noun.many)} on a time axis from today (${layout.today.date}) ` +
        `to ${summary.lastDate}: ${parts.join(", ")}. The table below lists each one.`
    );
}

export function renderTimeline(view: ReportView, layout: TimelineLayout = layoutTimeline(view)): string {
    const { width, height } = layout;
    const axisY = height - AXIS_HEIGHT;
    const out: string[] = [];
    out.push(
        `<svg class="timeline" viewBox="0 0 ${width} ${height}" role="img" aria-labelledby="tl-t tl-d">` +
            `<title id="tl-t">Expiry timeline</title><desc id="tl-d">${escapeHtml(timelineDescription(view, layout))}</desc>`,
    );
    // Bands and the warning window behind everything else.
    const bandTop = TOP - 6;
    out.push(
        `<rect class="band" x="${layout.expiredBand.x1}" y="${bandTop}" width="${layout.expiredBand.x2 - layout.expiredBand.x1}" height="${axisY - bandTop}"/>` +
            `<text class="band-label" x="${(layout.expiredBand.x1 + layout.expiredBand.x2) / 2}" y="${bandTop - 8}">expired</text>`,
    );
    if (layout.noDateBand) {
        const band = layout.noDateBand;
        out.push(
            `<rect class="band" x="${band.x1}" y="${bandTop}" width="${band.x2 - band.x1}" height="${axisY - bandTop}"/>` +
                `<text class="band-label" x="${(band.x1 + band.x2) / 2}" y="${bandTop - 8}">no date</text>`,
        );
    }
    if (layout.warning) {
        const { x1, x2, days } = layout.warning;
        out.push(
            `<rect class="warn" x="${x1}" y="${bandTop}" width="${round(x2 - x1)}" height="${axisY - bandTop}"/>` +
                `<text class="warn-label" x="${x1 + 6}" y="${bandTop - 8}">warning window: under ${days} ${days === 1 ? "day" : "days"}</text>`,
        );
    }
    for (const lane of layout.lanes) {
        const middle = lane.top + LANE_HEIGHT / 2;
        out.push(
            `<line class="lane-rule" x1="${EXPIRED_BAND.start}" x2="${width - 4}" y1="${lane.top + LANE_HEIGHT}" y2="${lane.top + LANE_HEIGHT}"/>` +
                markShape(lane.verdict, 8, middle - 5) +
                `<text class="lane-label" x="20" y="${middle - 1}">${VERDICT_TITLE[lane.verdict]}</text>` +
                `<text class="lane-count" x="20" y="${middle + 13}">${lane.count}</text>`,
        );
    }
    for (const tick of layout.ticks) {
        out.push(
            `<line class="tick" x1="${tick.x}" x2="${tick.x}" y1="${bandTop}" y2="${axisY + 4}"/>` +
                `<text class="tick-label" x="${tick.x}" y="${axisY + 17}">${tick.label}</text>` +
                `<text class="tick-date" x="${tick.x}" y="${axisY + 31}">${tick.date}</text>`,
        );
    }
    out.push(
        `<line class="today" x1="${layout.today.x}" x2="${layout.today.x}" y1="${bandTop - 4}" y2="${axisY + 4}"/>` +
            `<text class="today-label" x="${layout.today.x}" y="${axisY + 17}">today</text>` +
            `<text class="tick-date" x="${layout.today.x}" y="${axisY + 31}">${layout.today.date}</text>`,
    );
    // In row order, so the script finds a mark's row by its position: no link (and no tab stop) per mark.
    out.push('<g class="marks">');
    for (const mark of [...layout.marks].sort((a, b) => a.row - b.row)) {
        out.push(markShape(mark.verdict, mark.x, mark.y, `<title>${escapeHtml(mark.title)}</title>`));
    }
    out.push("</g>");
    for (const crowd of layout.crowded) {
        out.push(`<text class="crowd" x="${crowd.x}" y="${round(crowd.y)}">${crowd.count}</text>`);
    }
    out.push("</svg>");
    return out.join("");
}
