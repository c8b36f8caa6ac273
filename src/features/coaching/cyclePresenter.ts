/**
 * The cycle page's view model, shaped per audience: fields come through the privacy wall's
 * allowlist, and the actions shown are exactly the policy's abilities. Templates never receive
 * database rows.
 */
import type { Actor } from '../../auth/actor';
import {
  CYCLE_STATUSES, GOAL_STATUS_KEYS, GOAL_STATUSES, GRADE_BANDS, labelsOf, QUICK_MINUTES, SESSION_FORMATS, SESSION_KINDS, SPECIALTIES,
  type CycleStatus, type GoalStatus,
} from './catalog';
import type { CycleRecord, SessionEntry } from './cycleReader';
import type { Goal } from './goalRecords';
import { formatNumber, goalProgressChart, isAtRisk, type Checkin } from './goalProgressChart';
import { duration, pageBase, when } from './pageModel';
import { allowFields, type Audience } from './policies/privacyWall';
import { today } from './cycleRecords';
import type { PdLink } from '../learning/links';
import { suggestOfferings } from '../learning/links';
import { linkForm, presentLinks, presentSuggestions, tagFieldset, type LearningContext } from '../learning/linkPresenter';
import type { StandardTag } from '../learning/taxonomy';

const GOAL_STATUS_CLASS: Record<GoalStatus, string> = { in_progress: '', met: 'chip-good', partly_met: 'chip-warn', not_met: 'chip-bad' };
const CYCLE_STATUS_CLASS: Record<CycleStatus, string> = { planned: '', active: 'chip-good', paused: 'chip-warn', completed: 'chip-good', abandoned: 'chip-bad' };

/** The professional learning a goal card shows: its links and, when allowed, the form to link more. */
export interface GoalLearning {
  ctx: LearningContext;
  /** Every link of the cycle (the card keeps its goal's). */
  links: PdLink[];
}

/** One goal card (partial goal-card.hbs). */
export function presentGoal(goal: Goal & { checkins: Checkin[]; tags?: StandardTag[] }, audience: Audience, canUpdate: boolean, day = today(), learning?: GoalLearning) {
  const chart = goalProgressChart(goal, goal.checkins);
  const fields = allowFields(audience, {
    id: goal.id, statement: goal.statement, studentOutcome: goal.studentOutcome, successMeasure: goal.successMeasure,
    baseline: formatNumber(goal.baseline), target: formatNumber(goal.target), unit: goal.unit, dueOn: goal.dueOn, alignment: goal.alignment,
    checkins: goal.checkins.map((c) => ({ checkedOn: c.checkedOn, value: formatNumber(c.value), note: c.note, evidenceUrl: c.evidenceUrl })),
    chart,
  }, { id: 'always', statement: 'goals', studentOutcome: 'goals', successMeasure: 'goals', baseline: 'goals', target: 'goals', unit: 'goals', dueOn: 'goals', alignment: 'goals', checkins: 'checkins', chart: 'checkins' });
  const tagLabels = allowFields(audience, { tagLabels: (goal.tags ?? []).map((t) => t.label) }, { tagLabels: 'standardsTags' }).tagLabels ?? [];
  return {
    ...fields,
    tagLabels,
    learningLinks: learning ? presentLinks(learning.links.filter((l) => l.goalId === goal.id), learning.ctx) : [],
    linkForm: learning ? linkForm(learning.ctx, [], goal.id) : undefined,
    statusLabel: GOAL_STATUSES[goal.status],
    statusClass: GOAL_STATUS_CLASS[goal.status],
    atRisk: isAtRisk(goal, goal.checkins.length ? chart.latest : undefined, day),
    progressPercent: Math.round(chart.progress * 100),
    can: { update: canUpdate },
    statusOptions: GOAL_STATUS_KEYS.map((k) => ({ value: k, label: GOAL_STATUSES[k], selected: k === goal.status })),
  };
}

/** One entry of the session history. */
export function presentSession(s: SessionEntry, audience: Audience) {
  return {
    ...allowFields(audience, { notes: s.notes, nextSteps: s.nextSteps }, { notes: 'sessionNotes', nextSteps: 'sessionNotes' }),
    heldOn: s.heldOn, kindLabel: (SESSION_KINDS as Record<string, string>)[s.kind] ?? s.kind, duration: duration(s.minutes),
    formatLabel: (SESSION_FORMATS as Record<string, string>)[s.format] ?? s.format, group: s.group, coachName: s.coachName,
  };
}

/** The stage stepper: each stage with its state and, for the coach, a one-click move form. */
export function presentStages(stages: string[], current: number, canMove: boolean) {
  return stages.map((name, index) => ({ name, index, number: index + 1, done: index < current, current: index === current, canMove: canMove && index !== current }));
}

/** The full cycle page. */
export function presentCyclePage(actor: Actor, record: CycleRecord, opts: { notice?: string; error?: string; errorField?: string; values?: Record<string, string> } = {}) {
  const { cycle, audience, can } = record;
  const day = today();
  const profile = record.profile;
  const sessions = record.sessions.map((s) => presentSession(s, audience));
  const minutes = record.sessions.reduce((sum, s) => sum + s.minutes, 0);
  const values = opts.values ?? {};
  const ctx: LearningContext = { audience, actorId: actor.person.id, cycleId: cycle.id, canLink: can.linkLearning, catalog: record.learning.catalog, returnTo: 'cycle' };
  const goalList = record.goals.map((g) => ({ id: g.id, statement: g.statement }));
  const linkedOfferings = record.links.map((l) => l.offeringId).filter((id): id is number => id !== null);
  const chosenTags = (name: string) => {
    const v = (values as Record<string, unknown>)[name];
    return (Array.isArray(v) ? v : v === undefined ? [] : [v]).map(Number).filter(Number.isSafeInteger);
  };
  return {
    ...pageBase(actor, `/app/cycles/${cycle.id}`, `Cycle with ${record.teacherName}`),
    notice: opts.notice,
    error: opts.error,
    today: day,
    audience,
    isCoach: audience === 'coach',
    isTeacher: audience === 'teacher',
    cycle: {
      id: cycle.id, focus: cycle.focus, modelName: cycle.modelName, status: cycle.status, statusLabel: CYCLE_STATUSES[cycle.status],
      statusClass: CYCLE_STATUS_CLASS[cycle.status], startsOn: cycle.startsOn, endsOn: cycle.endsOn, stageName: cycle.stages[cycle.stageIndex],
      stageNumber: cycle.stageIndex + 1, stageCount: cycle.stages.length, teacherName: record.teacherName, coachName: record.coachName,
      hours: duration(minutes), sessionCount: record.sessions.length,
    },
    stages: presentStages(cycle.stages, cycle.stageIndex, can.moveStage),
    statusOptions: (Object.keys(CYCLE_STATUSES) as CycleStatus[]).filter((s) => s !== cycle.status).map((s) => ({ value: s, label: CYCLE_STATUSES[s] })),
    history: record.events.slice().reverse().map((e) => ({
      text: e.kind === 'stage' ? (e.from ? `Moved from ${e.from} to ${e.to}` : `Started at ${e.to}`) : (e.from ? `Status ${CYCLE_STATUSES[e.from as CycleStatus] ?? e.from} → ${CYCLE_STATUSES[e.to as CycleStatus] ?? e.to}` : `Created as ${CYCLE_STATUSES[e.to as CycleStatus] ?? e.to}`),
      at: when(e.at), by: e.by,
    })),
    needs: profile ? {
      ...allowFields(audience, { needsNote: profile.needsNote }, { needsNote: 'needsNote' }),
      areas: labelsOf(SPECIALTIES, profile.needAreas), gradeBand: (GRADE_BANDS as Record<string, string>)[profile.gradeBand] ?? profile.gradeBand, subjects: profile.subjects.join(', '),
    } : undefined,
    goals: record.goals.map((g) => presentGoal(g, audience, can.updateGoals, day, { ctx, links: record.links })),
    learning: {
      cycleLinks: presentLinks(record.links.filter((l) => l.goalId === null), ctx),
      form: linkForm(ctx, goalList),
      suggestions: presentSuggestions(suggestOfferings(record.learning.catalog, cycle, record.profile?.needAreas ?? [], linkedOfferings), ctx, goalList),
      catalogHref: `/app/pd-catalog?ltik=${encodeURIComponent(actor.ltik)}`,
    },
    goalTags: tagFieldset(record.learning.tags, chosenTags('tags'), 'goal-tag'),
    sessionTags: tagFieldset(record.learning.tags, [], 'session-tag'),
    sessions,
    nextSteps: sessions.find((s) => s.nextSteps)?.nextSteps,
    can,
    sessionForm: {
      kinds: Object.entries(SESSION_KINDS).map(([value, label]) => ({ value, label, selected: value === (values.kind ?? (record.sessions[0]?.kind ?? 'planning')) })),
      minutes: QUICK_MINUTES.map((m) => ({ value: m, checked: String(m) === (values.minutes ?? '30') })),
      formats: Object.entries(SESSION_FORMATS).map(([value, label]) => ({ value, label, checked: value === (values.format ?? (record.sessions[0]?.format ?? 'in_person')) })),
      heldOn: values.heldOn ?? day,
      notes: values.notes ?? '',
      nextSteps: values.nextSteps ?? '',
    },
  };
}
