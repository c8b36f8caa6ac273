/**
 * View models of the PD-credit pages: the summary (certificate-like, printable, with the
 * arithmetic written out), the teacher list for coaches and admins, and the admin's rules form.
 * Only counts, hours and credits reach the templates: never notes, focus or reflection text.
 */
import type { Actor } from '../../auth/actor';
import { SESSION_KIND_KEYS, SESSION_KINDS } from '../coaching/catalog';
import { pageBase } from '../coaching/pageModel';
import type { DeliveryState } from '../grades/gradeStatus';
import { deliveryText } from '../reflections/presenter';
import { MONTH_NAMES, ROUNDING_LABELS, ROUNDING_STEPS, schoolYearOf, todayUtc, type CreditRules, type DayRange } from './catalog';
import { fmt } from './creditCalculator';
import type { CreditSummary } from './summaryReader';

/** "1 July 2026" */
export function longDate(day: string): string {
  return `${Number(day.slice(8, 10))} ${MONTH_NAMES[Number(day.slice(5, 7)) - 1]} ${day.slice(0, 4)}`;
}

const withLtik = (actor: Actor, path: string, params: Record<string, string> = {}) => `${path}?${new URLSearchParams({ ...params, ltik: actor.ltik })}`;

/** Where a teacher's summary lives (the teacher's own has a short address). */
export function summaryPath(actor: Actor, teacherId: number): string {
  return actor.role === 'teacher' ? '/app/pd-credit' : `/app/pd-credit/teachers/${teacherId}`;
}

const NOTICES: Record<string, string> = {
  sent: 'Your credits are on their way to the LMS gradebook. The status below changes to “sent” once the LMS has them.',
  retried: 'Sending again: the status below changes to “sent” once the LMS has the credits.',
  saved: 'PD-credit rules saved. Every summary uses them from now on.',
};

/** The notice for a redirect key (anything else is ignored). */
export function noticeFor(key: unknown): string | undefined {
  return typeof key === 'string' ? NOTICES[key] : undefined;
}

/** The last send to the gradebook and its delivery, as shown under "LMS gradebook". */
export interface SendStatus {
  send: { from: string; to: string; credits: number; scoreMaximum: number };
  delivery?: DeliveryState;
}

/** The summary page (or, with `error` and no summary, the range form again with what is wrong). */
export function presentSummary(actor: Actor, args: { target: { teacherId: number; teacherName: string }; summary?: CreditSummary; rules: CreditRules; asked?: { from?: string; to?: string }; error?: string; notice?: string; status?: SendStatus; canSend: boolean }) {
  const { target, summary, rules } = args;
  const path = summaryPath(actor, target.teacherId);
  const today = todayUtc();
  const thisYear = schoolYearOf(today, rules.yearStartMonth);
  const lastYear = schoolYearOf(`${Number(thisYear.from.slice(0, 4)) - 1}${thisYear.from.slice(4)}`, rules.yearStartMonth);
  const unit = rules.creditUnit;
  const range: DayRange | undefined = summary?.range;
  const r = summary?.result;
  const delivery = args.status ? deliveryText(args.status.delivery) : undefined;
  return {
    ...pageBase(actor, '/app/pd-credit', `PD-credit summary: ${target.teacherName}`),
    notice: args.notice,
    error: args.error,
    teacherName: target.teacherName,
    programName: rules.programName,
    unit,
    action: path,
    form: { from: range?.from ?? args.asked?.from ?? '', to: range?.to ?? args.asked?.to ?? '' },
    years: [
      { label: `This school year (${thisYear.label})`, href: withLtik(actor, path, { from: thisYear.from, to: thisYear.to }) },
      { label: `Last school year (${lastYear.label})`, href: withLtik(actor, path, { from: lastYear.from, to: lastYear.to }) },
    ],
    summary: summary && r ? {
      from: longDate(summary.range.from), to: longDate(summary.range.to), yearLabel: summary.year.label,
      widened: summary.widened,
      generatedOn: longDate(today),
      csvHref: withLtik(actor, `/app/pd-credit/teachers/${target.teacherId}/csv`, { from: summary.range.from, to: summary.range.to }),
      credits: fmt(r.credits),
      hours: r.hoursByKind.map((k) => ({ label: k.label, sessions: k.sessions, hours: fmt(k.hours), weight: fmt(k.weight), weightedHours: fmt(k.weightedHours) })),
      totalHours: fmt(r.totalHours), weightedHours: fmt(r.weightedHours), totalSessions: r.hoursByKind.reduce((s, k) => s + k.sessions, 0),
      groupSessions: summary.facts.groupSessions, cyclesCompleted: summary.facts.cyclesCompleted, reflectionsCompleted: summary.facts.reflectionsCompleted,
      lines: r.lines.map((l) => ({ label: l.label, working: l.working, credits: fmt(l.credits, 4) })),
      rawCredits: fmt(r.rawCredits, 4), rounding: r.rounding, capping: r.capping, capped: r.capped,
      rulesText: [
        `1 credit per ${fmt(rules.hoursPerCredit)} hours of coaching, each kind of session weighted as shown`,
        ...(rules.perCycle ? [`${fmt(rules.perCycle)} per completed coaching cycle`] : []),
        ...(rules.perReflection ? [`${fmt(rules.perReflection)} per completed reflection`] : []),
        ...(rules.perGroupSession ? [`${fmt(rules.perGroupSession)} per group session attended`] : []),
        rules.roundingStep ? `rounded down to a multiple of ${fmt(rules.roundingStep)}` : 'rounded down to two decimals',
        ...(rules.capPerYear !== undefined ? [`at most ${fmt(rules.capPerYear)} ${unit} per school year`] : []),
      ],
    } : undefined,
    gradebook: rules.gradebookPassback && summary ? {
      canSend: args.canSend,
      column: `${unit} ${summary.year.label}`,
      outOf: fmt(rules.gradebookMaximum),
      sendAction: withLtik(actor, `/app/pd-credit/teachers/${target.teacherId}/send`),
      retryAction: withLtik(actor, `/app/pd-credit/teachers/${target.teacherId}/retry`),
      from: summary.range.from, to: summary.range.to,
      last: args.status ? {
        text: `${fmt(args.status.send.credits)} of ${fmt(args.status.send.scoreMaximum)} for ${longDate(args.status.send.from)} to ${longDate(args.status.send.to)}`,
        delivery: delivery?.text ?? 'Not sent yet', chip: delivery?.chip ?? '', canRetry: args.canSend && Boolean(delivery?.canRetry),
      } : undefined,
    } : undefined,
  };
}

/** The list of teachers a coach or an admin may open a summary of. */
export function presentTeacherList(actor: Actor, teachers: Array<{ id: number; name: string }>) {
  return {
    ...pageBase(actor, '/app/pd-credit', 'PD-credit summaries'),
    isAdmin: actor.role === 'admin',
    rulesHref: withLtik(actor, '/app/pd-credit/rules'),
    teachers: teachers.map((t) => ({ name: t.name, href: withLtik(actor, `/app/pd-credit/teachers/${t.id}`) })),
  };
}

/** The rules form's values as strings (saved rules, or what the admin typed). */
export type RulesFormValues = Record<string, string>;

/** The saved rules as form values. */
export function rulesValues(rules: CreditRules): RulesFormValues {
  return {
    programName: rules.programName, creditUnit: rules.creditUnit, hoursPerCredit: fmt(rules.hoursPerCredit),
    ...Object.fromEntries(SESSION_KIND_KEYS.map((k) => [`weight_${k}`, fmt(rules.kindWeights[k])])),
    perCycle: fmt(rules.perCycle), perReflection: fmt(rules.perReflection), perGroupSession: fmt(rules.perGroupSession),
    roundingStep: String(rules.roundingStep), capPerYear: rules.capPerYear === undefined ? '' : fmt(rules.capPerYear),
    yearStartMonth: String(rules.yearStartMonth), gradebookPassback: rules.gradebookPassback ? 'yes' : 'no', gradebookMaximum: fmt(rules.gradebookMaximum),
  };
}

/** The rules form's field names. */
export const RULES_FIELDS = ['programName', 'creditUnit', 'hoursPerCredit', ...SESSION_KIND_KEYS.map((k) => `weight_${k}`), 'perCycle', 'perReflection', 'perGroupSession',
  'roundingStep', 'capPerYear', 'yearStartMonth', 'gradebookPassback', 'gradebookMaximum'];

/** What the admin typed, as strings (bounded), to show the form again after an error. */
export function typedValues(body: Record<string, unknown>): RulesFormValues {
  return Object.fromEntries(RULES_FIELDS.map((k) => [k, typeof body[k] === 'string' ? (body[k] as string).slice(0, 200) : '']));
}

/** The admin's rules page. */
export function presentRules(actor: Actor, values: RulesFormValues, opts: { error?: string; notice?: string } = {}) {
  return {
    ...pageBase(actor, '/app/pd-credit/rules', 'PD-credit rules'),
    notice: opts.notice,
    error: opts.error,
    listHref: actor.space ? withLtik(actor, '/app/pd-credit') : undefined,
    v: values,
    kinds: SESSION_KIND_KEYS.map((k) => ({ key: k, name: `weight_${k}`, label: SESSION_KINDS[k], value: values[`weight_${k}`] ?? '' })),
    roundings: ROUNDING_STEPS.map((s) => ({ value: String(s), label: ROUNDING_LABELS[String(s)], selected: values.roundingStep === String(s) })),
    months: MONTH_NAMES.map((name, i) => ({ value: String(i + 1), label: name, selected: values.yearStartMonth === String(i + 1) })),
    passbackOn: values.gradebookPassback === 'yes',
  };
}
