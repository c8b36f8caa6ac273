/**
 * "My coaching": the teacher's own page. Before opting in it explains coaching and offers the
 * opt-in form; after, it shows their participation, coach, current cycle, goals, next steps and
 * session history. The teacher owns all of it, so fields pass the privacy wall as 'teacher'.
 */
import { linkForm, presentLinks, type LearningContext } from '../learning/linkPresenter';
import type { Actor } from '../../auth/actor';
import {
  CYCLE_STATUSES, GRADE_BAND_KEYS, GRADE_BANDS, labelsOf, PARTICIPATION_STATUSES, SPECIALTY_KEYS, SPECIALTIES,
  type CycleStatus, type ParticipationStatus,
} from './catalog';
import { today } from './cycleRecords';
import { presentGoal, presentSession, presentStages } from './cyclePresenter';
import type { MyCoachingData } from './myCoachingQueries';
import { pageBase, when } from './pageModel';

/** What the teacher typed into the profile form (kept when the form comes back with a message). */
export interface ProfileFormValues {
  subjects?: string;
  gradeBand?: string;
  needAreas?: string[];
  needsNote?: string;
  consent?: boolean;
}

/** Notices after a redirect, by key (anything else in the URL is ignored). */
const NOTICES: Record<string, string> = {
  linked: 'Professional learning linked. Your coach sees it next to the goal it serves.',
  unlinked: 'Link removed.',
  opted_in: 'Thank you: you are taking part in coaching. A program admin (or a coach) will match you with a coach who fits what you asked for.',
  saved: 'Your coaching profile is saved.',
  paused: 'Coaching is paused. Your coach stays your coach and sees that you paused. Resume whenever you are ready.',
  resumed: 'Welcome back: you are taking part in coaching again.',
  left: 'You have left coaching. Your record is kept, and only you can read it. You can take part again at any time.',
};

/** The notice for a redirect key; `ended` is how many coach assignments leaving ended. */
export function noticeFor(key: unknown, ended?: unknown): string | undefined {
  if (typeof key !== 'string' || !(key in NOTICES)) return undefined;
  const n = typeof ended === 'string' && /^\d{1,4}$/.test(ended) ? Number(ended) : undefined;
  if (key === 'left' && n !== undefined) {
    const endedText = n === 0 ? 'You had no coach assignment to end.' : `${n} coach assignment${n === 1 ? '' : 's'} ended, so no coach can open your record any more.`;
    return `${NOTICES.left} ${endedText}`;
  }
  return NOTICES[key];
}

/** The profile form's values from a submitted body, as typed (for re-showing the form). */
export function profileValuesFrom(body: Record<string, unknown>): ProfileFormValues {
  const text = (v: unknown) => (typeof v === 'string' ? v : undefined);
  const list = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : typeof v === 'string' ? [v] : []);
  return { subjects: text(body.subjects), gradeBand: text(body.gradeBand), needAreas: list(body.needAreas), needsNote: text(body.needsNote), consent: body.consent === 'yes' };
}

const PARTICIPATION_TEXT: Record<ParticipationStatus, string> = {
  opted_in: 'You are taking part in coaching. You can pause or leave at any time, without giving a reason.',
  paused: 'Coaching is paused. Your coach stays your coach and sees that you paused; nothing new happens until you resume.',
  left: 'You have left coaching. Your record is kept and only you can read it. You can take part again whenever you like.',
};
const PARTICIPATION_CLASS: Record<ParticipationStatus, string> = { opted_in: 'chip-good', paused: 'chip-warn', left: '' };
const CYCLE_STATUS_CLASS: Record<CycleStatus, string> = { planned: '', active: 'chip-good', paused: 'chip-warn', completed: 'chip-good', abandoned: 'chip-bad' };

/** The opt-in / edit form: every choice from the catalog, with what the teacher typed or saved. */
function profileForm(data: MyCoachingData, values: ProfileFormValues | undefined) {
  const p = data.profile;
  const v: ProfileFormValues = values ?? (p
    ? { subjects: p.subjects.join(', '), gradeBand: p.gradeBand, needAreas: p.needAreas, needsNote: p.needsNote ?? '', consent: true }
    : {});
  const chosen = new Set(v.needAreas ?? []);
  return {
    subjects: v.subjects ?? '',
    needsNote: v.needsNote ?? '',
    consent: Boolean(v.consent),
    gradeBands: GRADE_BAND_KEYS.map((k) => ({ value: k, label: GRADE_BANDS[k], checked: k === v.gradeBand })),
    needAreas: SPECIALTY_KEYS.map((k) => ({ value: k, label: SPECIALTIES[k], checked: chosen.has(k) })),
    submitLabel: p ? 'Save my profile' : 'Opt in to coaching',
  };
}

/** The "My coaching" view model. */
export function presentMyCoaching(actor: Actor, data: MyCoachingData, opts: { notice?: string; error?: string; values?: ProfileFormValues } = {}) {
  const day = today();
  const link = (path: string) => `${path}?ltik=${encodeURIComponent(actor.ltik)}`;
  const { profile, current } = data;
  const sessions = data.sessions.map((s) => presentSession(s, 'teacher'));
  const latestWithSteps = sessions.find((s) => s.nextSteps);
  const learningCtx: LearningContext | undefined = current
    ? { audience: 'teacher', actorId: actor.person.id, cycleId: current.cycle.id, canLink: current.can.linkLearning, catalog: current.learning.catalog, returnTo: 'coaching' }
    : undefined;
  return {
    ...pageBase(actor, '/app/coaching', 'My coaching'),
    today: day,
    notice: opts.notice,
    error: opts.error,
    optedIn: Boolean(profile),
    form: profileForm(data, opts.values),
    // A teacher who paused or left changes that with the buttons; the edit form is for those taking part.
    showEditForm: profile?.status === 'opted_in',
    openEditForm: Boolean(opts.error && profile),
    participation: profile ? {
      label: PARTICIPATION_STATUSES[profile.status], chipClass: PARTICIPATION_CLASS[profile.status], text: PARTICIPATION_TEXT[profile.status],
      optedInOn: profile.optedInAt.toISOString().slice(0, 10), changedAt: when(profile.statusChangedAt),
      canPause: profile.status === 'opted_in', canResume: profile.status === 'paused', canRejoin: profile.status === 'left', canLeave: profile.status !== 'left',
    } : undefined,
    profile: profile ? {
      subjects: profile.subjects.join(', '), gradeBand: (GRADE_BANDS as Record<string, string>)[profile.gradeBand] ?? profile.gradeBand,
      needAreas: labelsOf(SPECIALTIES, profile.needAreas), needsNote: profile.needsNote,
    } : undefined,
    coach: data.coach ? { name: data.coach.name, since: data.coach.since.toISOString().slice(0, 10) } : undefined,
    cycle: current ? {
      href: link(`/app/cycles/${current.cycle.id}`), focus: current.cycle.focus, modelName: current.cycle.modelName, coachName: current.coachName,
      statusLabel: CYCLE_STATUSES[current.cycle.status], statusClass: CYCLE_STATUS_CLASS[current.cycle.status],
      startsOn: current.cycle.startsOn, endsOn: current.cycle.endsOn, stageName: current.cycle.stages[current.cycle.stageIndex],
      stageNumber: current.cycle.stageIndex + 1, stageCount: current.cycle.stages.length,
    } : undefined,
    stages: current ? presentStages(current.cycle.stages, current.cycle.stageIndex, false) : [],
    goals: current ? current.goals.map((g) => presentGoal(g, 'teacher', current.can.updateGoals, day, { ctx: learningCtx!, links: current.links })) : [],
    cycleLinks: current ? presentLinks(current.links.filter((l) => l.goalId === null), learningCtx!) : [],
    cycleLinkForm: current ? linkForm(learningCtx!, current.goals.map((g) => ({ id: g.id, statement: g.statement }))) : undefined,
    nextSteps: latestWithSteps ? { text: latestWithSteps.nextSteps, heldOn: latestWithSteps.heldOn, kindLabel: latestWithSteps.kindLabel } : undefined,
    sessions,
    otherCycles: data.otherCycles.map((c) => ({
      href: link(`/app/cycles/${c.id}`), focus: c.focus, modelName: c.modelName, statusLabel: CYCLE_STATUSES[c.status], startsOn: c.startsOn, endsOn: c.endsOn,
    })),
  };
}
