import { escapeMarkup } from './markup-text.ts';
import type { ExperimentRun } from './run-record.ts';
import { timelineOf, type TimelineSecond } from './timeline.ts';

const WIDTH = 960;
const LEFT = 64;
const RIGHT = 20;
const TOP = 24;
const PANEL = 110;
const GAP = 30;
const AXIS = 34;
const PLOT_WIDTH = WIDTH - LEFT - RIGHT;
/** A fault window is drawn at least this wide, so a 5 ms pod kill is still visible. */
const MIN_WINDOW = 4;
/** Mark labels closer than this share no row (they would overprint). */
const LABEL_SPACING = 70;

/** One plotted line: its css class, colour and the value per second (undefined = no data, a gap). */
interface Series {
  name: string;
  colour: string;
  value(second: TimelineSecond): number | undefined;
}

/** One stacked panel of the plot. */
interface Panel {
  title: string;
  unit: string;
  series: Series[];
  /** Fixed top of the y axis (error rate is always 0–100 %); otherwise from the data. */
  max?: number;
}

const PANELS: Panel[] = [
  {
    title: 'requests per second',
    unit: '/s',
    series: [{ name: 'requests', colour: '#1f6feb', value: (s) => s.requests }],
  },
  {
    title: 'error rate',
    unit: '%',
    max: 100,
    series: [
      {
        name: 'errors',
        colour: '#d1242f',
        value: (s) => (s.requests === 0 ? undefined : (100 * s.errors) / s.requests),
      },
    ],
  },
  {
    title: 'latency (p50, p99)',
    unit: 'ms',
    series: [
      { name: 'p50', colour: '#1a7f37', value: (s) => s.p50LatencyMs },
      { name: 'p99', colour: '#9a6700', value: (s) => s.p99LatencyMs },
    ],
  },
];

/** The smallest 1, 2 or 5 × 10^k at or above `value` (an axis top that reads well). */
export function niceCeiling(value: number): number {
  if (value <= 0) return 1;
  const magnitude = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 5, 10]) if (step * magnitude >= value) return step * magnitude;
  return 10 * magnitude;
}

/** A tick spacing in seconds that gives at most ten ticks over `seconds`. */
export function tickStep(seconds: number): number {
  for (const step of [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 1800, 3600])
    if (seconds / step <= 10) return step;
  return 3600 * Math.ceil(seconds / 36_000);
}

function fixed(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(1);
}

/** An SVG path through the defined values, broken where a second has no data. */
function seriesPath(points: readonly (readonly [number, number] | undefined)[]): string {
  let d = '';
  let drawing = false;
  for (const point of points) {
    if (point === undefined) {
      drawing = false;
      continue;
    }
    d += `${drawing ? 'L' : 'M'}${fixed(point[0])},${fixed(point[1])} `;
    drawing = true;
  }
  return d.trim();
}

function panelSvg(
  panel: Panel,
  index: number,
  timeline: TimelineSecond[],
  x: (second: number) => number,
): string {
  const top = TOP + index * (PANEL + GAP);
  const values = timeline.flatMap((s) => panel.series.map((series) => series.value(s) ?? 0));
  const max = panel.max ?? niceCeiling(Math.max(0, ...values));
  const y = (v: number): number => top + PANEL - (v / max) * PANEL;
  const parts = [
    `<g class="panel" data-panel="${index}">`,
    `<text class="panel-title" x="${LEFT}" y="${top - 2}" font-size="12" fill="#24292f">${escapeMarkup(panel.title)}</text>`,
    `<line class="axis" x1="${LEFT}" y1="${top + PANEL}" x2="${LEFT + PLOT_WIDTH}" y2="${top + PANEL}" stroke="#8c959f"/>`,
    `<line class="axis" x1="${LEFT}" y1="${top}" x2="${LEFT}" y2="${top + PANEL}" stroke="#8c959f"/>`,
  ];
  panel.series.forEach((series, i) => {
    const legendX = LEFT + PLOT_WIDTH - 70 * (panel.series.length - i);
    parts.push(
      `<g class="legend"><line x1="${legendX}" y1="${top - 6}" x2="${legendX + 16}" y2="${top - 6}" stroke="${series.colour}" stroke-width="2"/>` +
        `<text x="${legendX + 20}" y="${top - 2}" font-size="11" fill="#24292f">${escapeMarkup(series.name)}</text></g>`,
    );
  });
  for (const tick of [0, max / 2, max]) {
    parts.push(
      `<text class="y-tick" x="${LEFT - 6}" y="${fixed(y(tick) + 4)}" font-size="10" text-anchor="end" fill="#57606a">${fixed(tick)}${escapeMarkup(panel.unit)}</text>`,
    );
  }
  for (const series of panel.series) {
    const points = timeline.map((s) => {
      const v = series.value(s);
      return v === undefined ? undefined : ([x(s.second + 0.5), y(Math.min(v, max))] as const);
    });
    parts.push(
      `<path class="series series-${series.name}" data-points="${points.filter(Boolean).length}" d="${seriesPath(points)}" fill="none" stroke="${series.colour}" stroke-width="1.5"><title>${escapeMarkup(series.name)}</title></path>`,
    );
  }
  parts.push('</g>');
  return parts.join('\n');
}

function mark(
  kind: string,
  label: string,
  at: number | undefined,
  x: (second: number) => number,
  run: ExperimentRun,
  bottom: number,
  row: number,
): string[] {
  if (at === undefined) return [];
  const position = fixed(x((at - run.startedAt) / 1000));
  const text = `${label} +${((at - run.startedAt) / 1000).toFixed(1)} s`;
  return [
    `<line class="mark mark-${kind}" x1="${position}" y1="${TOP}" x2="${position}" y2="${bottom}" stroke="#6639ba" stroke-width="1.5" stroke-dasharray="4 3"><title>${escapeMarkup(text)}</title></line>`,
    `<text class="mark-label mark-label-${kind}" x="${position}" y="${bottom + 28 + 12 * row}" font-size="10" text-anchor="middle" fill="#6639ba">${escapeMarkup(text)}</text>`,
  ];
}

/** The detection and recovery marks, the second label a row lower when the two are close. */
function marks(run: ExperimentRun, x: (second: number) => number, bottom: number): string[] {
  const { detectedAt, recoveredAt } = run.timings;
  const px = (at: number) => x((at - run.startedAt) / 1000);
  const close =
    detectedAt !== undefined &&
    recoveredAt !== undefined &&
    Math.abs(px(detectedAt) - px(recoveredAt)) < LABEL_SPACING;
  return [
    ...mark('detected', 'detected', detectedAt, x, run, bottom, 0),
    ...mark('recovered', 'recovered', recoveredAt, x, run, bottom, close ? 1 : 0),
  ];
}

/**
 * The run's timeline as inline SVG: requests per second, error rate and p50/p99 latency per
 * second from the workload samples, the fault window shaded across all panels, and vertical
 * marks where the fault was detected and where the system recovered.
 */
export function renderTimelineSvg(run: ExperimentRun): string {
  const timeline = timelineOf(run.samples, run.startedAt, run.endedAt);
  const totalSeconds = timeline.length;
  const x = (second: number): number =>
    LEFT + (Math.min(Math.max(second, 0), totalSeconds) / totalSeconds) * PLOT_WIDTH;
  const bottom = TOP + PANELS.length * (PANEL + GAP) - GAP;
  const height = bottom + AXIS + 22;
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" class="timeline" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" role="img" aria-label="${escapeMarkup(`timeline of ${run.experiment}`)}">`,
  ];
  const { faultInjectedAt, faultRemovedAt } = run.timings;
  if (faultInjectedAt !== undefined) {
    const from = x((faultInjectedAt - run.startedAt) / 1000);
    const to = x(((faultRemovedAt ?? run.endedAt) - run.startedAt) / 1000);
    parts.push(
      `<rect class="fault-window" x="${fixed(from)}" y="${TOP}" width="${fixed(Math.max(MIN_WINDOW, to - from))}" height="${bottom - TOP}" fill="#fb8f44" fill-opacity="0.18"><title>fault window${faultRemovedAt === undefined ? ' (never removed)' : ''}</title></rect>`,
    );
  }
  PANELS.forEach((panel, index) => parts.push(panelSvg(panel, index, timeline, x)));
  const step = tickStep(totalSeconds);
  for (let second = 0; second <= totalSeconds; second += step) {
    parts.push(
      `<text class="x-tick" x="${fixed(x(second))}" y="${bottom + 14}" font-size="10" text-anchor="middle" fill="#57606a">${second}s</text>`,
    );
  }
  parts.push(...marks(run, x, bottom));
  if (run.samples.length === 0) {
    parts.push(
      `<text class="no-samples" x="${LEFT + PLOT_WIDTH / 2}" y="${TOP + PANEL / 2}" font-size="13" text-anchor="middle" fill="#57606a">no workload samples in this run</text>`,
    );
  }
  parts.push('</svg>');
  return parts.join('\n');
}
