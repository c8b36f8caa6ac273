/**
 * View models of the reflection pages: an allowlist per audience. The teacher and their coach
 * get the answers and feedback; the admin's settings page gets counts (and, when admins may grade,
 * who submitted when) — never a reflection's text. Templates receive plain objects only.
 */
import type { Actor } from '../../auth/actor';
import type { DeliveryState } from '../grades/gradeStatus';
import { pageBase, when } from '../coaching/pageModel';
import { COMPLETION_MAXIMUM, STATUS_CHIPS, STATUS_LABELS, type ReflectionSettings, type ReflectionStatus } from './catalog';
import { editable } from './policy';
import type { ReflectionListItem } from './reflectionQueries';
import type { ReflectionRecord } from './reflectionReader';

/** A grade as words: "Complete (full credit)" or "7 of 10 points". */
export function gradeText(scoreGiven: number | null, scoreMaximum: number | null): string | undefined {
  if (scoreGiven === null || scoreMaximum === null) return undefined;
  if (scoreMaximum === COMPLETION_MAXIMUM && scoreGiven === COMPLETION_MAXIMUM) return 'Complete (full credit)';
  return `${scoreGiven} of ${scoreMaximum} points`;
}

/** The delivery state in the coach's words, with whether Retry applies. */
export function deliveryText(d: DeliveryState | undefined): { text: string; chip: string; canRetry: boolean } | undefined {
  if (!d) return undefined;
  switch (d.state) {
    case 'sent': return { text: `Sent to the LMS (${when(d.sentAt)})${d.note ? `. ${d.note}` : ''}`, chip: 'chip-good', canRetry: false };
    case 'waiting':
      if (d.nextTryAt === null) return { text: `Being sent to the LMS (attempt ${d.attempt})`, chip: 'chip-warn', canRetry: false };
      if (d.attempt <= 1 && !d.reason) return { text: 'Waiting to be sent to the LMS', chip: 'chip-warn', canRetry: false };
      return { text: `Waiting to retry (attempt ${d.attempt})${d.reason ? `: ${d.reason}` : ''}`, chip: 'chip-warn', canRetry: false };
    case 'failed': return { text: `Failed: ${d.reason}`, chip: 'chip-bad', canRetry: true };
    case 'superseded': return { text: 'Replaced by a newer grade for the same column', chip: '', canRetry: false };
  }
}

const status = (s: ReflectionStatus) => ({ status: s, statusLabel: STATUS_LABELS[s], statusClass: STATUS_CHIPS[s] });

const EVENT_TEXT: Record<ReflectionStatus, string> = { draft: 'Reflection set', submitted: 'Submitted', returned: 'Returned for revision', complete: 'Completed' };

/** The reflection page for the teacher or their coach. */
export function presentReflectionPage(actor: Actor, r: ReflectionRecord, extra: { notice?: string; error?: string; answers?: string[]; feedback?: string; points?: string } = {}) {
  const isTeacher = r.audience === 'teacher';
  const { reflection, task, settings } = r;
  const canWrite = isTeacher && r.can.write && editable(reflection.status);
  const canReview = r.can.review && reflection.status === 'submitted';
  const canRegrade = r.can.grade && reflection.status === 'complete' && settings.grading === 'points';
  const delivery = isTeacher ? undefined : deliveryText(r.delivery);
  // A draft (or a revision in progress) is the teacher's until they submit it: the coach reads submitted text only.
  const answersShown = isTeacher || !editable(reflection.status);
  return {
    ...pageBase(actor, isTeacher ? '/app/reflections' : '/app/reflections/queue', isTeacher ? 'Your reflection' : `Reflection by ${r.teacherName}`),
    isTeacher,
    reflection: {
      id: reflection.id, title: task.title, teacherName: r.teacherName, ...status(reflection.status),
      savedAt: reflection.savedAt ? when(reflection.savedAt) : undefined, submittedAt: reflection.submittedAt ? when(reflection.submittedAt) : undefined,
      grade: gradeText(reflection.scoreGiven, reflection.scoreMaximum), feedback: reflection.feedback ?? undefined,
    },
    cycle: r.cycle,
    answersShown,
    prompts: task.prompts.map((prompt, i) => ({ number: i + 1, prompt, answer: answersShown ? (extra.answers?.[i] ?? reflection.answers[i] ?? '') : '' })),
    canWrite,
    canReview,
    canRegrade,
    points: settings.grading === 'points' ? { max: settings.pointsMax, value: extra.points ?? (reflection.scoreGiven !== null && reflection.scoreMaximum === settings.pointsMax ? String(reflection.scoreGiven) : '') } : undefined,
    feedbackValue: extra.feedback ?? '',
    delivery,
    history: r.events.map((e) => ({ text: EVENT_TEXT[e.to], by: e.by, at: when(e.at), feedback: e.feedback ?? undefined, grade: gradeText(e.scoreGiven, e.scoreMaximum) })),
    notice: extra.notice,
    error: extra.error,
  };
}

const listItem = (i: ReflectionListItem, delivery?: DeliveryState) => ({
  id: i.id, title: i.title, teacherName: i.teacherName, ...status(i.status), cycleFocus: i.cycleFocus, stageName: i.stageName, placed: i.placed,
  grade: gradeText(i.scoreGiven, i.scoreMaximum), submittedAt: i.submittedAt ? when(i.submittedAt) : undefined, updatedAt: when(i.updatedAt),
  delivery: deliveryText(delivery),
});

/** The teacher's list of their reflections. */
export function presentTeacherList(actor: Actor, items: ReflectionListItem[], notice?: string) {
  return {
    ...pageBase(actor, '/app/reflections', 'Your reflections'),
    toWrite: items.filter((i) => editable(i.status)).map((i) => listItem(i)),
    withCoach: items.filter((i) => i.status === 'submitted').map((i) => listItem(i)),
    complete: items.filter((i) => i.status === 'complete').map((i) => listItem(i)),
    notice,
  };
}

/** The coach's queue: submitted first, then those with the teacher, then completed with their delivery state. */
export function presentQueue(actor: Actor, items: ReflectionListItem[], deliveries: Map<number, DeliveryState>, cycles: Array<{ id: number; teacherName: string; focus: string; stageName: string }>, extra: { notice?: string; error?: string; cycleId?: number; title?: string; prompts?: string } = {}) {
  return {
    ...pageBase(actor, '/app/reflections/queue', 'Reflections'),
    waiting: items.filter((i) => i.status === 'submitted').sort((a, b) => (a.submittedAt?.getTime() ?? 0) - (b.submittedAt?.getTime() ?? 0)).map((i) => listItem(i)),
    withTeacher: items.filter((i) => editable(i.status)).map((i) => listItem(i)),
    complete: items.filter((i) => i.status === 'complete').slice(0, 50).map((i) => listItem(i, deliveries.get(i.id))),
    cycles: cycles.map((c) => ({ ...c, selected: c.id === extra.cycleId })),
    taskForm: { title: extra.title ?? '', prompts: extra.prompts ?? '' },
    notice: extra.notice,
    error: extra.error,
  };
}

/** The admin's settings page: grading mode, stuck-grade counts, and who awaits credit when admins may grade. */
export function presentSettings(actor: Actor, settings: ReflectionSettings, stuck: { failed: number; retrying: number; total: number }, awaiting: Array<{ id: number; teacherName: string; what: string; submittedAt: Date | null }>, extra: { notice?: string; error?: string } = {}) {
  return {
    ...pageBase(actor, '/app/reflections/settings', 'Reflection settings'),
    settings: { ...settings, completion: settings.grading === 'completion', points: settings.grading === 'points' },
    stuck,
    awaiting: settings.adminsMayGrade ? awaiting.map((a) => ({ ...a, submittedAt: a.submittedAt ? when(a.submittedAt) : '' })) : undefined,
    notice: extra.notice,
    error: extra.error,
  };
}
