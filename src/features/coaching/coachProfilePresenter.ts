/**
 * The coach's own profile page: specialties and grade bands (what matching compares with each
 * teacher's request) and caseload capacity, next to how many teachers they coach now.
 */
import type { Actor } from '../../auth/actor';
import { DEFAULT_CAPACITY, GRADE_BAND_KEYS, GRADE_BANDS, SPECIALTY_KEYS, SPECIALTIES } from './catalog';
import type { CoachCandidate } from './matching';
import { pageBase } from './pageModel';

/** What the coach typed (kept when the form comes back with a message). */
export interface CoachProfileValues {
  specialties?: string[];
  gradeBands?: string[];
  capacity?: string;
}

/** The form's values from a submitted body, as typed. */
export function coachProfileValuesFrom(body: Record<string, unknown>): CoachProfileValues {
  const list = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : typeof v === 'string' ? [v] : []);
  return { specialties: list(body.specialties), gradeBands: list(body.gradeBands), capacity: typeof body.capacity === 'string' ? body.capacity : undefined };
}

const NOTICES: Record<string, string> = {
  saved: 'Your coach profile is saved. Matching uses it from now on.',
};

/** The notice for a redirect key (anything else in the URL is ignored). */
export function coachProfileNotice(key: unknown): string | undefined {
  return typeof key === 'string' ? NOTICES[key] : undefined;
}

/** The coach profile view model; `me` is the coach as matching sees them (undefined: no profile data at all). */
export function presentCoachProfile(actor: Actor, me: CoachCandidate | undefined, opts: { notice?: string; error?: string; values?: CoachProfileValues } = {}) {
  const hasProfile = Boolean(me?.hasProfile);
  const saved: CoachProfileValues = { specialties: me?.specialties ?? [], gradeBands: me?.gradeBands ?? [], capacity: String(me?.capacity ?? DEFAULT_CAPACITY) };
  const v = opts.values ?? saved;
  const specialties = new Set(v.specialties ?? []);
  const bands = new Set(v.gradeBands ?? []);
  const caseload = me?.caseload ?? 0;
  const capacity = me?.capacity ?? DEFAULT_CAPACITY;
  return {
    ...pageBase(actor, '/app/coach-profile', 'Coach profile'),
    notice: opts.notice,
    error: opts.error,
    hasProfile,
    defaultCapacity: DEFAULT_CAPACITY,
    caseload: {
      count: caseload,
      capacity,
      headroom: Math.max(0, capacity - caseload),
      over: caseload > capacity,
      full: caseload >= capacity,
      percent: capacity > 0 ? Math.min(100, Math.round((caseload / capacity) * 100)) : 100,
    },
    form: {
      specialties: SPECIALTY_KEYS.map((k) => ({ value: k, label: SPECIALTIES[k], checked: specialties.has(k) })),
      gradeBands: GRADE_BAND_KEYS.map((k) => ({ value: k, label: GRADE_BANDS[k], checked: bands.has(k) })),
      capacity: v.capacity ?? '',
    },
  };
}
