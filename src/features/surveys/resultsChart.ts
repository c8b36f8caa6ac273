/**
 * Horizontal bar charts of distributions as SVG coordinates the template draws (no client script:
 * it works under the CSP and in any LMS frame). One series, or two side by side (beginning vs end
 * of year, coached vs not coached). The table next to each chart is its text alternative.
 */
import type { Bar, Distribution } from './results';

export interface ChartSeries {
  name: string;
  /** CSS class of its bars (series-a, series-b). */
  cls: string;
  distribution: Distribution;
}

export interface BarChart {
  width: number;
  height: number;
  rows: Array<{ label: string; labelY: number; bars: Array<{ x: number; y: number; width: number; height: number; cls: string; text: string; textX: number; textY: number }> }>;
  /** The chart in words (the SVG's accessible name). */
  summary: string;
  /** Table rows: each label with a cell per series. */
  table: Array<{ label: string; cells: string[] }>;
  series: Array<{ name: string; cls: string; note: string }>;
}

const WIDTH = 560;
const LABEL_W = 230;
const BAR_H = 14;
const GAP = 10;
const LABEL_CHARS = 36;

const short = (s: string) => (s.length > LABEL_CHARS ? `${s.slice(0, LABEL_CHARS - 1)}…` : s);

/** What a withheld distribution says instead of figures. */
export function withheldNote(d: Distribution, min: number): string {
  if (d.shown) return `${d.n} answer${d.n === 1 ? '' : 's'}`;
  return d.reason === 'none' ? 'no answers yet' : `hidden: fewer than ${min} answers`;
}

/** Builds the chart of one or two distributions over the same labels. */
export function barChart(series: ChartSeries[], min: number): BarChart {
  const shownSeries = series.filter((s) => s.distribution.shown);
  const labels = [...new Set(shownSeries.flatMap((s) => (s.distribution as { bars: Bar[] }).bars.map((b) => b.label)))];
  const perRow = shownSeries.length * BAR_H + GAP + 4;
  const plotW = WIDTH - LABEL_W - 60;
  const rows = labels.map((label, i) => {
    const top = i * perRow + 4;
    const bars = shownSeries.map((s, k) => {
      const bar = (s.distribution as { bars: Bar[] }).bars.find((b) => b.label === label) ?? { label, count: 0, pct: 0 };
      const width = Math.round((bar.pct / 100) * plotW * 10) / 10;
      const y = top + k * BAR_H;
      return { x: LABEL_W, y, width, height: BAR_H - 2, cls: s.cls, text: `${bar.pct}%`, textX: LABEL_W + width + 4, textY: y + BAR_H - 4 };
    });
    return { label: short(label), labelY: top + (shownSeries.length * BAR_H) / 2 + 4, bars };
  });
  const table = labels.map((label) => ({
    label,
    cells: series.map((s) => {
      if (!s.distribution.shown) return '—';
      const bar = s.distribution.bars.find((b) => b.label === label);
      return bar ? `${bar.count} (${bar.pct}%)` : '0 (0%)';
    }),
  }));
  const summary = series.map((s) => `${s.name}: ${s.distribution.shown
    ? s.distribution.bars.map((b) => `${b.label} ${b.pct}%`).join(', ')
    : withheldNote(s.distribution, min)}`).join('. ');
  return {
    width: WIDTH, height: Math.max(rows.length * perRow + 4, 24), rows, summary, table,
    series: series.map((s) => ({ name: s.name, cls: s.cls, note: withheldNote(s.distribution, min) })),
  };
}
