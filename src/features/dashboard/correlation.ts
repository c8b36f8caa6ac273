/**
 * Hours of coaching against goal attainment: each teacher's hours in the period next to the share
 * of their decided goals that were met (partly met counts half), summarised by Pearson's r and by
 * bands of teachers with similar hours, with the reading in plain words. The seed research found
 * that hours of coaching went with improvement (r = 0.5); this shows whether it does here.
 */

/** One teacher: hours of coaching and goal attainment (0 to 1). */
export interface TeacherPoint {
  hours: number;
  attainment: number;
}

/** Goal attainment of a teacher: met counts 1, partly met ½, not met 0; undefined without decided goals. */
export function attainmentOf(goals: { met: number; partly_met: number; not_met: number }): number | undefined {
  const decided = goals.met + goals.partly_met + goals.not_met;
  return decided ? (goals.met + goals.partly_met / 2) / decided : undefined;
}

/** Pearson's correlation coefficient, or undefined with fewer than 3 points or no variation. */
export function pearson(points: TeacherPoint[]): number | undefined {
  const n = points.length;
  if (n < 3) return undefined;
  const mx = points.reduce((s, p) => s + p.hours, 0) / n;
  const my = points.reduce((s, p) => s + p.attainment, 0) / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (const p of points) {
    sxy += (p.hours - mx) * (p.attainment - my);
    sxx += (p.hours - mx) ** 2;
    syy += (p.attainment - my) ** 2;
  }
  if (sxx === 0 || syy === 0) return undefined;
  return Math.max(-1, Math.min(1, sxy / Math.sqrt(sxx * syy)));
}

export interface HoursBand {
  /** Fewest and most hours of the teachers in the band. */
  fromHours: number;
  toHours: number;
  n: number;
  /** Mean goal attainment of the band (0 to 1). */
  meanAttainment: number;
}

/**
 * Teachers in bands of similar hours (by rank, so every band has about the same number of
 * teachers): as many bands as fit at least `min` teachers each, at most 5.
 */
export function hourBands(points: TeacherPoint[], min: number): HoursBand[] {
  const count = Math.min(5, Math.floor(points.length / Math.max(1, min)));
  if (count < 1) return [];
  const sorted = [...points].sort((a, b) => a.hours - b.hours || a.attainment - b.attainment);
  const bands: HoursBand[] = [];
  for (let i = 0; i < count; i++) {
    const part = sorted.slice(Math.floor((i * sorted.length) / count), Math.floor(((i + 1) * sorted.length) / count));
    bands.push({
      fromHours: part[0].hours, toHours: part[part.length - 1].hours, n: part.length,
      meanAttainment: part.reduce((s, p) => s + p.attainment, 0) / part.length,
    });
  }
  return bands;
}

/** How strong a correlation is, in words. */
export function strengthOf(r: number): string {
  const a = Math.abs(r);
  if (a < 0.1) return 'no real';
  if (a < 0.3) return 'a weak';
  if (a < 0.5) return 'a moderate';
  return 'a strong';
}

/** The plain-words reading of r over n teachers. */
export function explainCorrelation(r: number | undefined, n: number, min: number): string {
  if (n < min) return `Fewer than ${min} teachers have goals decided in this period, so hours and goal attainment are not compared.`;
  if (r === undefined) return `All ${n} teachers had the same hours or the same goal attainment, so there is no relationship to measure.`;
  const shown = r.toFixed(2);
  const strength = strengthOf(r);
  const pattern = Math.abs(r) < 0.1
    ? 'teachers with more hours of coaching met about as many of their goals as teachers with fewer'
    : r > 0
      ? 'teachers who had more hours of coaching tended to meet more of their goals'
      : 'teachers who had more hours of coaching tended to meet fewer of their goals';
  const direction = Math.abs(r) < 0.1 ? '' : r > 0 ? ' positive' : ' negative';
  const small = n < 30 ? ` With only ${n} teachers, a few of them can move r a lot: read it as a hint.` : '';
  return `r = ${shown} across ${n} teachers: ${strength}${direction} relationship — ${pattern}. ` +
    'r runs from −1 (more hours, fewer goals met) through 0 (no relationship) to +1 (more hours, more goals met). ' +
    `It shows that the two go together, not that the hours caused it: teachers who took up more coaching may differ in other ways.${small}`;
}
