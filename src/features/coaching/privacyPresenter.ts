/**
 * "Who can see what": the privacy wall (PRIVACY_ITEMS) turned into plain sentences, one per
 * audience and item, so the page says exactly what the code enforces. Nothing here is written
 * per item by hand: change the table and the page changes with it. For a teacher, the page also
 * lists recent access to their coaching record (from the audit log; never the content).
 */
import type { Actor } from '../../auth/actor';
import { ROLE_LABELS, type CoachRole } from '../../auth/roles';
import type { AccessEntry } from './myCoachingQueries';
import { pageBase, when } from './pageModel';
import { PRIVACY_ITEMS, type Access, type Audience, type PrivacyItem } from './policies/privacyWall';

/** Aggregates are never shown for groups smaller than this (DESIGN.md: default 5, never below 3). */
export const DEFAULT_MIN_GROUP_SIZE = 5;

/** The audiences the page speaks about, in the order shown, with the words used for them. */
export const PAGE_AUDIENCES: ReadonlyArray<{ audience: Audience; who: string; singular: boolean }> = [
  { audience: 'teacher', who: 'You', singular: false },
  { audience: 'coach', who: 'Your coach', singular: true },
  { audience: 'otherCoach', who: 'Other coaches', singular: false },
  { audience: 'admin', who: 'Your principal / program admins', singular: false },
  { audience: 'mentor', who: 'Mentors of coaches', singular: false },
  { audience: 'otherTeacher', who: 'Other teachers', singular: false },
];

/** The plain sentence saying how much of an item one audience sees. */
export function accessSentence(who: string, singular: boolean, access: Access | undefined, condition: string | undefined, minGroupSize = DEFAULT_MIN_GROUP_SIZE): string {
  const s = (one: string, many: string) => (singular ? one : many);
  if (access === 'full') return `${who} ${s('sees', 'see')} it${condition ? ` — ${condition}` : ''}.`;
  if (access === 'aggregate') {
    return `${who} ${s('sees', 'see')} only totals over groups of at least ${minGroupSize} teachers, never yours on its own${condition ? `: ${condition}` : ''}.`;
  }
  return `${who} never ${s('sees', 'see')} it.`;
}

const ACTION_LABELS: Record<string, string> = {
  read: 'Opened your coaching record',
  'profile.opt_in': 'Opted in to coaching',
  'profile.status': 'Changed your participation',
  'assignment.confirm': 'Assigned you a coach',
  'assignment.end': 'Ended a coach assignment',
  'role.override': 'Changed your role in a course',
  'pd_credit.read': 'Looked at your PD-credit summary',
  'pd_credit.send': 'Sent your PD credit to the LMS gradebook',
};

/** One item of the page: its label and a sentence per audience. */
export function presentPrivacyItem(item: PrivacyItem, minGroupSize = DEFAULT_MIN_GROUP_SIZE) {
  return {
    key: item.key,
    label: item.label,
    content: item.content,
    audiences: PAGE_AUDIENCES.map(({ audience, who, singular }) => {
      const access = item.access[audience];
      return { audience, who, access: access ?? 'none', sentence: accessSentence(who, singular, access, item.conditions?.[audience], minGroupSize) };
    }),
  };
}

/** Inputs of the page beyond the actor. */
export interface PrivacyPageArgs {
  /** The table to explain (tests pass a changed one to show the page follows it). */
  items?: readonly PrivacyItem[];
  minGroupSize?: number;
  /** Whether coaches of this course may take on teachers themselves (the "other coaches" condition). */
  coachesConfirm?: boolean;
  /** Audit rows about the teacher's record; only given when the reader is that teacher. */
  access?: AccessEntry[];
}

/** The "Who can see what" view model. */
export function presentPrivacy(actor: Actor, args: PrivacyPageArgs = {}) {
  const items = args.items ?? PRIVACY_ITEMS;
  const minGroupSize = args.minGroupSize ?? DEFAULT_MIN_GROUP_SIZE;
  const isTeacher = actor.role === 'teacher';
  return {
    ...pageBase(actor, '/app/privacy', 'Who can see what'),
    isTeacher,
    readerRole: ROLE_LABELS[actor.role].toLowerCase(),
    minGroupSize,
    coachesConfirm: args.coachesConfirm,
    items: items.map((i) => presentPrivacyItem(i, minGroupSize)),
    access: isTeacher ? (args.access ?? []).map((a) => ({
      at: when(a.at),
      who: a.self ? 'You' : a.actorName,
      role: a.self ? '' : (ROLE_LABELS as Record<string, string>)[a.actorRole as CoachRole] ?? a.actorRole,
      what: ACTION_LABELS[a.action] ?? a.action,
      // Details repeat the label for some actions ("opted in to coaching"): show them only when they add something.
      detail: a.detail && a.detail.toLowerCase() !== (ACTION_LABELS[a.action] ?? a.action).toLowerCase() ? a.detail : undefined,
    })) : undefined,
  };
}
