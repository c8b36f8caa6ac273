/**
 * Coach suggestions for a teacher: every coach of the space, ranked by a score out of 100 with the
 * reasons behind it in plain words. The score (also explained on the assignments page and in
 * docs/matching.md):
 *
 * - Specialty fit, up to 60: the share of the teacher's chosen need areas the coach specialises in
 *   (2 of 3 areas covered → 40).
 * - Grade band, up to 25: 25 when the coach works with the teacher's grade band, 10 when with a
 *   neighbouring band (e.g. grades 3–5 for a grades 6–8 teacher), otherwise 0.
 * - Caseload headroom, up to 15: the free share of the coach's capacity (5 of 10 places free → 8,
 *   rounded). A coach at or over capacity scores 0 here and is listed after those with room.
 *
 * Ties go to the coach with more free places, then by name, so the order is stable.
 */
import { GRADE_BAND_KEYS, GRADE_BANDS, labelsOf, SPECIALTIES, type GradeBand } from './catalog';

export interface TeacherNeeds {
  gradeBand: string;
  needAreas: string[];
}

export interface CoachCandidate {
  personId: number;
  name: string;
  specialties: string[];
  gradeBands: string[];
  capacity: number;
  /** Teachers currently assigned to the coach (in the whole tenant). */
  caseload: number;
  /** False until the coach fills in a profile (specialties and grade bands then count as none). */
  hasProfile: boolean;
}

export interface Suggestion {
  coach: CoachCandidate;
  score: number;
  parts: { specialty: number; gradeBand: number; headroom: number };
  reasons: string[];
  full: boolean;
}

export const WEIGHTS = { specialty: 60, gradeBand: 25, neighbourBand: 10, headroom: 15 } as const;

/** Ranks the coaches for a teacher, best first. */
export function suggestCoaches(teacher: TeacherNeeds, coaches: CoachCandidate[]): Suggestion[] {
  return coaches.map((c) => scoreCoach(teacher, c)).sort((a, b) =>
    Number(a.full) - Number(b.full) || b.score - a.score
    || (b.coach.capacity - b.coach.caseload) - (a.coach.capacity - a.coach.caseload)
    || a.coach.name.localeCompare(b.coach.name) || a.coach.personId - b.coach.personId);
}

/** Scores one coach for one teacher, with the reasons. */
export function scoreCoach(teacher: TeacherNeeds, coach: CoachCandidate): Suggestion {
  const reasons: string[] = [];
  const covered = teacher.needAreas.filter((n) => coach.specialties.includes(n));
  const specialty = teacher.needAreas.length ? Math.round((WEIGHTS.specialty * covered.length) / teacher.needAreas.length) : 0;
  if (!coach.hasProfile) reasons.push('Has not filled in a coach profile yet, so specialties and grade bands are unknown');
  else if (covered.length) reasons.push(`Specialises in ${covered.length} of ${teacher.needAreas.length} areas asked for: ${labelsOf(SPECIALTIES, covered).join(', ')}`);
  else reasons.push('Specialises in none of the areas asked for');

  let gradeBand = 0;
  if (coach.gradeBands.includes(teacher.gradeBand)) {
    gradeBand = WEIGHTS.gradeBand;
    reasons.push(`Works with ${bandLabel(teacher.gradeBand)}`);
  } else if (coach.gradeBands.some((b) => isNeighbour(b, teacher.gradeBand))) {
    gradeBand = WEIGHTS.neighbourBand;
    reasons.push(`Works with a neighbouring grade band (${labelsOf(GRADE_BANDS, coach.gradeBands.filter((b) => isNeighbour(b, teacher.gradeBand))).join(', ')})`);
  } else if (coach.hasProfile) {
    reasons.push(`Does not list ${bandLabel(teacher.gradeBand)}`);
  }

  const free = Math.max(0, coach.capacity - coach.caseload);
  const full = free === 0;
  const headroom = coach.capacity > 0 ? Math.round((WEIGHTS.headroom * free) / coach.capacity) : 0;
  reasons.push(full ? `At capacity (${coach.caseload} of ${coach.capacity} places taken)` : `Has room: ${free} of ${coach.capacity} places free`);

  return { coach, score: specialty + gradeBand + headroom, parts: { specialty, gradeBand, headroom }, reasons, full };
}

function bandLabel(band: string): string {
  return (GRADE_BANDS as Record<string, string>)[band] ?? band;
}

function isNeighbour(a: string, b: string): boolean {
  const i = GRADE_BAND_KEYS.indexOf(a as GradeBand);
  const j = GRADE_BAND_KEYS.indexOf(b as GradeBand);
  return i >= 0 && j >= 0 && Math.abs(i - j) === 1;
}
