/**
 * The dashboard's figures as sections: each a chart and the table with the same figures (the
 * table is the chart's accessible alternative and exactly what its CSV export contains). Hidden
 * cells carry the reason instead of a number, in the page and in the CSV alike.
 */
import { barChart, type BarChart, type ChartRow } from './charts';
import type { DashboardFigures, Effort, Gated } from './figures';
import type { CsvSection } from './schema';
import type { SuppressedBreakdown } from './suppression';

/** One table cell: a number (with how it is written) or text; hidden cells say why. */
export interface Cell {
  text: string;
  number?: number;
  hidden?: boolean;
}

export interface Table {
  caption: string;
  columns: string[];
  rows: Cell[][];
}

export interface Section {
  id: CsvSection;
  /** What a hidden cell means (written in full in the CSV). */
  hiddenNote: string;
  group: 'inputs' | 'outputs' | 'outcomes';
  title: string;
  intro?: string;
  charts: BarChart[];
  table: Table;
  notes: string[];
}

const fmt = (n: number, digits = 1) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: 0 });
/** A number: written with `digits` decimals, exported (CSV) with at least two. */
const num = (n: number, digits = 1, suffix = ''): Cell => ({ text: `${fmt(n, digits)}${suffix}`, number: digits === 0 ? Math.round(n) : Math.round(n * 100) / 100 });
const pct = (share: number): Cell => ({ text: `${Math.round(share * 100)}%`, number: Math.round(share * 1000) / 10 });
const text = (t: string): Cell => ({ text: t });

/** Sections of the page, built from the figures. */
export function buildSections(f: DashboardFigures): Section[] {
  const min = f.min;
  const hiddenText = `hidden: fewer than ${min} teachers`;
  const hiddenCell: Cell = { text: 'hidden', hidden: true };
  const hide = (g: Gated<number>, cell: (v: number) => Cell): Cell => (g.shown && g.value !== undefined ? cell(g.value) : hiddenCell);
  const together = (label = 'Hidden rows together') => `${label} (shown only combined)`;

  /** Rows of an effort breakdown: shown rows, hidden rows, and the hidden rows together. */
  function effortRows(b: SuppressedBreakdown<Effort>, total: number): { rows: Cell[][]; chart: ChartRow[] } {
    const rows: Cell[][] = [];
    const chart: ChartRow[] = [];
    for (const r of b.rows) {
      if (r.hidden || !r.values) {
        rows.push([text(r.label), hiddenCell, hiddenCell, hiddenCell]);
        chart.push({ label: r.label, valueText: hiddenText, hidden: true });
      } else {
        rows.push([text(r.label), num(r.values.hours), num(r.values.sessions, 0), total ? pct(r.values.hours / total) : text('—')]);
        chart.push({ label: r.label, value: r.values.hours, valueText: `${fmt(r.values.hours)} h` });
      }
    }
    if (b.together) {
      const t = b.together;
      chart.push({ label: 'Hidden rows together', value: t.values.hours, valueText: `${fmt(t.values.hours)} h` });
      rows.push([text(`${together()}: ${t.labels.join(', ')}`), num(t.values.hours), num(t.values.sessions, 0), total ? pct(t.values.hours / total) : text('—')]);
    }
    return { rows, chart };
  }

  const totalHours = f.activity.value?.hours ?? 0;
  const totalRow = (label: string): Cell[] => (f.activity.shown && f.activity.value
    ? [text(label), num(f.activity.value.hours), num(f.activity.value.sessions, 0), pct(1)]
    : [text(label), hiddenCell, hiddenCell, hiddenCell]);

  const kinds = effortRows(f.byKind, totalHours);
  const contact = effortRows(f.contact, totalHours);
  const months = effortRows(f.byMonth, totalHours);
  const coaches = effortRows(f.byCoach, totalHours);

  const reachRows: Cell[][] = [
    [text('Teachers on the course rosters'), num(f.reach.rostered, 0), text('—')],
    [text('Opted in to coaching (taking part or paused)'), num(f.reach.optedIn, 0), f.reach.rostered ? pct(f.reach.optedIn / f.reach.rostered) : text('—')],
    [text('With a coaching cycle in the period'), hide(f.reach.withCycle, (v) => num(v, 0)), hide(f.reach.ofRostered, pct)],
    [text('Opted-in teachers with a cycle in the period'), f.reach.ofOptedIn.shown ? num(f.reach.ofOptedIn.n, 0) : hiddenCell, hide(f.reach.ofOptedIn, pct)],
  ];
  const reachChart: ChartRow[] = [
    { label: 'Rostered teachers with a cycle', value: f.reach.ofRostered.value, valueText: f.reach.ofRostered.shown ? `${Math.round(f.reach.ofRostered.value! * 100)}%` : hiddenText, hidden: !f.reach.ofRostered.shown },
    { label: 'Opted-in teachers with a cycle', value: f.reach.ofOptedIn.value, valueText: f.reach.ofOptedIn.shown ? `${Math.round(f.reach.ofOptedIn.value! * 100)}%` : hiddenText, hidden: !f.reach.ofOptedIn.shown },
  ];

  const cycleRows: Cell[][] = f.cycles.byStatus.rows.map((r) => [text(`Under way in the period, ${r.label.toLowerCase()} today`), r.hidden ? hiddenCell : num(r.values!.cycles, 0)]);
  if (f.cycles.byStatus.together) cycleRows.push([text(`${together()}: ${f.cycles.byStatus.together.labels.join(', ')}`), num(f.cycles.byStatus.together.values.cycles, 0)]);
  cycleRows.push(
    [text('All cycles under way in the period'), hide(f.cycles.underWay, (v) => num(v, 0))],
    [text('Completed in the period'), hide(f.cycles.completed, (v) => num(v, 0))],
    [text('Stopped early in the period'), hide(f.cycles.stopped, (v) => num(v, 0))],
    [text('Completion rate (completed ÷ all closed in the period)'), hide(f.cycles.completionRate, pct)],
  );
  const cycleChart = f.cycles.byStatus.rows.map((r): ChartRow => (r.hidden ? { label: r.label, valueText: hiddenText, hidden: true } : { label: r.label, value: r.values!.cycles, valueText: fmt(r.values!.cycles, 0) }));

  const goalTotal = f.goals.total.value ?? 0;
  const goalRows: Cell[][] = f.goals.byStatus.rows.map((r) => (r.hidden ? [text(r.label), hiddenCell, hiddenCell] : [text(r.label), num(r.values!.goals, 0), pct(r.values!.goals / goalTotal)]));
  if (f.goals.byStatus.together) goalRows.push([text(`${together()}: ${f.goals.byStatus.together.labels.join(', ')}`), num(f.goals.byStatus.together.values.goals, 0), pct(f.goals.byStatus.together.values.goals / goalTotal)]);
  goalRows.push([text('All goals due in the period'), hide(f.goals.total, (v) => num(v, 0)), f.goals.total.shown ? pct(1) : hiddenCell]);
  const goalChart = f.goals.byStatus.rows.map((r): ChartRow => (r.hidden ? { label: r.label, valueText: hiddenText, hidden: true } : { label: r.label, value: r.values!.goals / goalTotal, valueText: `${Math.round((r.values!.goals / goalTotal) * 100)}%` }));

  const stageRows: Cell[][] = f.stages.flatMap((m) => m.rows.map((r) => (r.hidden
    ? [text(m.modelName), text(r.label), hiddenCell, hiddenCell, hiddenCell]
    : [text(m.modelName), text(r.label), num(r.averageDays!, 1), num(r.stays!, 0), num(r.n!, 0)])));
  const stageCharts = f.stages.map((m, i) => barChart(`stages-${i}`, `Average days in each stage: ${m.modelName}`, m.rows.map((r) => (r.hidden
    ? { label: r.label, valueText: hiddenText, hidden: true }
    : { label: r.label, value: r.averageDays, valueText: `${fmt(r.averageDays!)} days` })), { hiddenText }));

  const hv = f.hoursVsGoals;
  const bandLabel = (b: { fromHours: number; toHours: number }) => `${fmt(b.fromHours)}–${fmt(b.toHours)} h`;
  const bandRows: Cell[][] = hv.bands.map((b) => [text(bandLabel(b)), num(b.n, 0), pct(b.meanAttainment)]);
  const bandChart = hv.bands.map((b): ChartRow => ({ label: `${bandLabel(b)} (${b.n} teachers)`, value: b.meanAttainment, valueText: `${Math.round(b.meanAttainment * 100)}%` }));

  /** A survey section: one row per statement, survey and group of teachers (share agreeing, or hidden). */
  function surveySection(id: CsvSection, group: Section['group'], title: string, intro: string, part: 'practice' | 'impact'): Omit<Section, 'hiddenNote'> {
    const rows = f.surveys.rows.filter((r) => r.group === part);
    return {
      id, group, title, intro,
      charts: rows.length ? [barChart(`${id}-chart`, title, rows.map((r) => (r.shown
        ? { label: `${r.survey}, ${r.respondents}: ${r.label}`, value: r.share, valueText: `${Math.round(r.share! * 100)}% of ${r.n}` }
        : { label: `${r.survey}, ${r.respondents}: ${r.label}`, valueText: hiddenText, hidden: true })), { max: 1, hiddenText })] : [],
      table: {
        caption: title, columns: ['Statement', 'Survey', 'Teachers', 'Responses', 'Share'],
        rows: rows.map((r) => [text(r.label), text(r.survey), text(r.respondents), r.shown ? num(r.n, 0) : hiddenCell, r.shown ? pct(r.share!) : hiddenCell]),
      },
      notes: rows.length ? [] : ['No answers to these questions in the period yet.'],
    };
  }

  const alignRows: Cell[][] = f.alignment.map((r) => (r.hidden || !r.values
    ? [text(r.label), hiddenCell, hiddenCell, hiddenCell, hiddenCell, hiddenCell]
    : [text(r.label), num(r.n!, 0), num(r.values.hours), num(r.values.sessions, 0), num(r.values.goals, 0), num(r.values.goalsMet, 0)]));
  const alignChart = f.alignment.map((r): ChartRow => (r.hidden || !r.values
    ? { label: r.label, valueText: hiddenText, hidden: true }
    : { label: r.label, value: r.values.hours, valueText: `${fmt(r.values.hours)} h` }));

  const sections: Array<Omit<Section, 'hiddenNote'>> = [
    {
      id: 'hours-by-kind', group: 'inputs', title: 'Coaching hours by kind of session',
      intro: 'Hours come from the session log: each session once, whatever the number of teachers in it.',
      charts: [barChart('hours-by-kind-chart', 'Coaching hours by kind of session', kinds.chart, { hiddenText })],
      table: { caption: 'Coaching hours by kind of session', columns: ['Kind of session', 'Hours', 'Sessions', 'Share of hours'], rows: [...kinds.rows, totalRow('All kinds')] },
      notes: [],
    },
    {
      id: 'coach-time', group: 'inputs', title: 'Where coaches’ logged time goes',
      intro: 'CoachLoop knows only the sessions coaches log with teachers. Their other work (preparing, travel, meetings without teachers) is not logged, so these are shares of logged coaching time, not of a working week.',
      charts: [barChart('coach-time-chart', 'Logged coaching hours: one teacher in class, one teacher in a meeting, or a group', contact.chart, { hiddenText })],
      table: { caption: 'Logged coaching hours by kind of contact', columns: ['Contact', 'Hours', 'Sessions', 'Share of hours'], rows: [...contact.rows, totalRow('All logged sessions')] },
      notes: [],
    },
    {
      id: 'hours-by-month', group: 'inputs', title: 'Coaching hours by month',
      charts: [barChart('hours-by-month-chart', 'Coaching hours by month', months.chart, { hiddenText })],
      table: { caption: 'Coaching hours by month', columns: ['Month', 'Hours', 'Sessions', 'Share of hours'], rows: [...months.rows, totalRow('All months')] },
      notes: [],
    },
    {
      id: 'hours-by-coach', group: 'inputs', title: 'Coaching hours by coach',
      intro: `A coach’s figures are shown when their sessions in the period were with at least ${min} teachers.`,
      charts: [barChart('hours-by-coach-chart', 'Coaching hours by coach', coaches.chart, { hiddenText })],
      table: { caption: 'Coaching hours by coach', columns: ['Coach', 'Hours', 'Sessions', 'Share of hours'], rows: [...coaches.rows, totalRow('All coaches')] },
      notes: [],
    },
    {
      id: 'alignment', group: 'inputs', title: 'Coaching effort by standard',
      intro: 'How coaching time spreads over the ISTE Standards and the district’s curriculum tags: hours and sessions of the sessions tagged with each (each session once), and the goals due in the period that carry it. A session or goal with several tags counts under each, so the rows do not add up to a total.',
      charts: alignChart.length ? [barChart('alignment-chart', 'Coaching hours by standard or curriculum tag', alignChart, { hiddenText })] : [],
      table: { caption: 'Coaching effort by standard or curriculum tag', columns: ['Standard or tag', 'Teachers', 'Hours', 'Sessions', 'Goals', 'Goals met'], rows: alignRows },
      notes: alignRows.length
        ? [`A tag’s figures are shown when its sessions and goals together involve at least ${min} teachers.`]
        : ['No tagged sessions or goals in the period yet. Coaches and teachers tag goals and sessions with the standards your program keeps.'],
    },
    {
      id: 'reach', group: 'inputs', title: 'Reach',
      intro: 'Teachers on the rosters of the courses in view, those who opted in, and those with a coaching cycle that ran in the period.',
      charts: [barChart('reach-chart', 'Share of teachers with a coaching cycle', reachChart, { max: 1, hiddenText })],
      table: { caption: 'Reach of coaching', columns: ['Teachers', 'Number', 'Share'], rows: reachRows },
      notes: [`A share is hidden when the teachers with or without a cycle number fewer than ${min} (but more than none).`],
    },
    {
      id: 'cycles', group: 'outputs', title: 'Coaching cycles',
      intro: 'Cycles that ran during the period, by where they stand today, and the cycles that closed in the period.',
      charts: [barChart('cycles-chart', 'Cycles under way in the period, by status today', cycleChart, { hiddenText })],
      table: { caption: 'Coaching cycles', columns: ['Cycles', 'Number'], rows: cycleRows },
      notes: [],
    },
    {
      id: 'goals', group: 'outputs', title: 'Goals met',
      intro: 'Goals of the cycles in view that were due in the period, by the status the teacher and coach gave them. Counts only: no goal is ever shown.',
      charts: [barChart('goals-chart', 'Goals due in the period, by status', goalChart, { max: 1, hiddenText })],
      table: { caption: 'Goals due in the period, by status', columns: ['Status', 'Goals', 'Share'], rows: goalRows },
      notes: [],
    },
    {
      id: 'stages', group: 'outputs', title: 'Time spent in each stage',
      intro: 'From each cycle’s stage history: days from entering a stage to moving on, completing or stopping (a pause counts), over the stays that ended in the period.',
      charts: stageCharts,
      table: { caption: 'Average days in each stage', columns: ['Cycle model', 'Stage', 'Average days', 'Stays', 'Teachers'], rows: stageRows },
      notes: stageRows.length ? [] : ['No stage ended in the period.'],
    },
    ...(f.surveys.available ? [surveySection('survey-practice', 'outputs', 'Practice change teachers report',
      'From the ready-made surveys: what teachers say about how they teach, at the beginning and end of the year and after a cycle, coached teachers and teachers not coached side by side.', 'practice')] : []),
    {
      id: 'hours-vs-goals', group: 'outcomes', title: 'Hours of coaching and goals met',
      intro: 'Each teacher with goals decided in the period: the hours of coaching logged on the cycles those goals belong to (group PD is not counted: it is not tied to a cycle) against their goal attainment (met counts 1, partly met ½, not met 0). Teachers are grouped into bands of similar hours.',
      charts: hv.shown ? [barChart('hours-vs-goals-chart', 'Goal attainment by hours of coaching', bandChart, { max: 1, hiddenText })] : [],
      table: { caption: 'Goal attainment by hours of coaching', columns: ['Hours of coaching', 'Teachers', 'Goal attainment'], rows: bandRows.length ? bandRows : [[text('All teachers with decided goals'), hv.shown ? num(hv.n, 0) : hiddenCell, hiddenCell]] },
      notes: [hv.explanation],
    },
    ...(f.surveys.available ? [surveySection('survey-impact', 'outcomes', 'Impact on students teachers report',
      'What teachers report about their students’ engagement and learning: beginning against end of year, coached teachers against teachers not coached. Each figure is the share of responses agreeing.', 'impact')] : []),
  ];
  return sections.map((section) => ({ ...section, hiddenNote: hiddenText }));
}
