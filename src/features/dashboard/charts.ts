/**
 * Horizontal bar charts as SVG geometry the template draws (no script: it works under the CSP and
 * inside any LMS frame). Every chart has a table next to it with the same figures; the chart's
 * own title and summary are read out by screen readers. Hidden rows (below the minimum group
 * size) are drawn as an empty outline with the reason, so a gap is never mistaken for a zero.
 */

export interface ChartRow {
  label: string;
  /** Absent for a hidden row. */
  value?: number;
  /** The figure as written in the chart ("12.5 h", "40%"). */
  valueText: string;
  hidden?: boolean;
}

export interface ChartBar {
  label: string;
  /** Label shortened to fit; the table has it in full. */
  shortLabel: string;
  valueText: string;
  hidden: boolean;
  y: number;
  textY: number;
  x: number;
  width: number;
  height: number;
  valueX: number;
}

export interface BarChart {
  id: string;
  title: string;
  /** One sentence for screen readers (largest figure, how many rows hidden). */
  summary: string;
  width: number;
  height: number;
  labelX: number;
  bars: ChartBar[];
}

const WIDTH = 540;
const LABEL_WIDTH = 200;
const VALUE_SPACE = 110;
const ROW = 28;
const BAR = 18;
const TOP = 6;
const MAX_LABEL = 30;

/** Builds a chart; `max` fixes the scale (e.g. 1 for shares), else the largest value. */
export function barChart(id: string, title: string, rows: ChartRow[], opts: { max?: number; hiddenText?: string } = {}): BarChart {
  const values = rows.filter((r) => !r.hidden && r.value !== undefined).map((r) => r.value as number);
  const max = opts.max ?? Math.max(0, ...values);
  const span = WIDTH - LABEL_WIDTH - VALUE_SPACE;
  const bars = rows.map((r, i) => {
    const y = TOP + i * ROW;
    const hidden = !!r.hidden || r.value === undefined;
    const width = hidden ? span : max > 0 ? Math.max(r.value! > 0 ? 2 : 0, Math.round((r.value! / max) * span)) : 0;
    return {
      label: r.label, shortLabel: r.label.length > MAX_LABEL ? `${r.label.slice(0, MAX_LABEL - 1)}…` : r.label,
      valueText: hidden ? (opts.hiddenText ?? 'hidden') : r.valueText, hidden,
      y, textY: y + BAR / 2 + 5, x: LABEL_WIDTH, width, height: BAR, valueX: LABEL_WIDTH + (hidden ? 8 : width + 6),
    };
  });
  const shown = rows.filter((r) => !r.hidden && r.value !== undefined);
  const top = shown.reduce<ChartRow | undefined>((best, r) => (best === undefined || (r.value as number) > (best.value as number) ? r : best), undefined);
  const hiddenCount = rows.length - shown.length;
  const summary = [
    top ? `Largest: ${top.label}, ${top.valueText}.` : 'No figures to show.',
    hiddenCount ? `${hiddenCount} row${hiddenCount === 1 ? '' : 's'} hidden to protect small groups.` : '',
    'The table below has every figure.',
  ].filter(Boolean).join(' ');
  return { id, title, summary, width: WIDTH, height: TOP * 2 + Math.max(1, rows.length) * ROW, labelX: LABEL_WIDTH - 8, bars };
}
