/**
 * The dashboard page's view model: filters as chosen, headline figures, and the sections grouped
 * into inputs, outputs and outcomes (each with its chart, table and CSV link). Figures only: the
 * model has no link to a teacher, a cycle or anything written in coaching.
 */
import type { Actor } from '../../auth/actor';
import { pageBase } from '../coaching/pageModel';
import type { DashboardFigures } from './figures';
import { monthLabel, schoolYearOf } from './scope';
import { buildSections, type Section } from './sections';

/** The query string of the current filters (without the session token), for links and exports. */
export function filterQuery(f: DashboardFigures, extra: Record<string, string> = {}): string {
  const params = new URLSearchParams(extra);
  if (f.scope.accountLevel && f.scope.selected !== 'all') params.set('space', String(f.scope.selected));
  if (f.scope.period.from) params.set('from', f.scope.period.from);
  if (f.scope.period.to) params.set('to', f.scope.period.to);
  return params.toString();
}

const GROUPS = [
  { key: 'inputs', title: 'Inputs: what coaching put in', lead: 'Hours, sessions, who coaching reached and how coaches spend logged time.' },
  { key: 'outputs', title: 'Outputs: what coaching produced', lead: 'Cycles run and completed, time in each stage, goals met.' },
  { key: 'outcomes', title: 'Outcomes: what changed', lead: 'Whether more coaching went with more goals met, and what surveys report.' },
] as const;

/** The page model. */
export function presentDashboard(actor: Actor, f: DashboardFigures, opts: { error?: string; status?: number; today?: Date } = {}) {
  const sections = buildSections(f);
  const pct = (v?: number) => (v === undefined ? undefined : `${Math.round(v * 100)}%`);
  const hidden = `hidden (fewer than ${f.min})`;
  const metRow = f.goals.byStatus.rows.find((r) => r.key === 'met');
  const goalsMet = metRow && !metRow.hidden && f.goals.total.value ? metRow.values!.goals / f.goals.total.value : undefined;
  const kpis = [
    { label: 'Coaching hours', value: f.activity.shown ? f.activity.value!.hours.toLocaleString('en-US', { maximumFractionDigits: f.activity.value!.hours < 100 ? 1 : 0 }) : hidden },
    { label: 'Sessions', value: f.activity.shown ? f.activity.value!.sessions.toLocaleString('en-US') : hidden },
    { label: 'Teachers with a cycle', value: f.reach.withCycle.shown ? f.reach.withCycle.value!.toLocaleString('en-US') : hidden },
    { label: 'Rostered teachers with a cycle', value: pct(f.reach.ofRostered.value) ?? hidden },
    { label: 'Cycles under way', value: f.cycles.underWay.shown ? f.cycles.underWay.value!.toLocaleString('en-US') : hidden },
    { label: 'Goals met', value: pct(goalsMet) ?? hidden },
    { label: 'Hours and goals met (r)', value: f.hoursVsGoals.r !== undefined ? f.hoursVsGoals.r.toFixed(2) : '—' },
  ];
  const year = schoolYearOf(opts.today ?? new Date());
  const lastYear = { from: `${Number(year.from.slice(0, 4)) - 1}-08`, to: `${Number(year.to.slice(0, 4)) - 1}-07` };
  const space: Record<string, string> = f.scope.accountLevel && f.scope.selected !== 'all' ? { space: String(f.scope.selected) } : {};
  const rangeLink = (r?: { from: string; to: string }) => `/app/dashboard?${new URLSearchParams({ ...space, ...(r ?? {}) })}`;
  const withCsv = (s: Section) => ({ ...s, csvPath: `/app/dashboard.csv?${filterQuery(f, { section: s.id })}`, hasCharts: s.charts.length > 0 });
  return {
    ...pageBase(actor, '/app/dashboard', 'Program dashboard'),
    error: opts.error,
    min: f.min,
    period: f.scope.period.label,
    scopeLabel: f.scope.accountLevel
      ? (f.scope.selected === 'all' ? `All courses (${f.scope.spaceIds.length})` : f.scope.choices.find((c) => c.id === f.scope.selected)?.title ?? 'One course')
      : actor.space?.title,
    filters: {
      accountLevel: f.scope.accountLevel,
      spaces: f.scope.choices.map((c) => ({ ...c, selected: c.id === f.scope.selected })),
      allSelected: f.scope.selected === 'all',
      from: f.scope.period.from ?? '',
      to: f.scope.period.to ?? '',
      ranges: [
        { label: `This school year (${monthLabel(year.from)} to ${monthLabel(year.to)})`, href: rangeLink(year) },
        { label: `Last school year (${monthLabel(lastYear.from)} to ${monthLabel(lastYear.to)})`, href: rangeLink(lastYear) },
        { label: 'All time', href: rangeLink() },
      ],
    },
    kpis,
    groups: GROUPS.map((g) => ({ ...g, sections: sections.filter((s) => s.group === g.key).map(withCsv) })),
    surveys: f.surveys,
  };
}
