/**
 * The checks of a grade delivery pass against the simulator's own records: every grade accepted
 * exactly once by the score service, nothing accepted that is not a grade, and the gradebook's
 * last score for each person and column is that grade.
 */
import type { SentGrade, SimRecords } from './protocol';

/** What a pass's check found. */
export interface PassCheck {
  /** Grades that count (superseded ones excluded). */
  grades: number;
  /** Outbox rows by status. */
  statuses: Record<string, number>;
  /** Score requests that reached the score service (re-sends included). */
  requests: number;
  /** Score requests answered by an injected fault instead of the score service. */
  faulted: number;
  /** Requests refused as not newer than what the gradebook holds (re-sends of a stored score). */
  resent: number;
  /** Grades the LMS never accepted. */
  lost: number;
  /** Accepted scores beyond one per grade, or accepted scores that are no grade of ours. */
  duplicated: number;
  /** Grades that are their gradebook cell's last score. */
  gradebookOk: number;
  problems: string[];
}

/** Checks one pass. */
export function checkPass(grades: SentGrade[], records: SimRecords): PassCheck {
  const key = (lineItem: string, user: string | undefined, timestamp: string | undefined) => `${lineItem}|${user ?? ''}|${timestamp ?? ''}`;
  const live = grades.filter((g) => g.status !== 'superseded');
  const statuses: Record<string, number> = {};
  for (const g of grades) statuses[g.status] = (statuses[g.status] ?? 0) + 1;
  const accepted = new Map<string, number>();
  for (const r of records.requests) if (r.status === 200) accepted.set(key(r.lineItemId, r.userId, r.timestamp), (accepted.get(key(r.lineItemId, r.userId, r.timestamp)) ?? 0) + 1);
  const ours = new Set(grades.map((g) => key(g.lineItemUrl, g.userId, g.timestamp)));
  const problems: string[] = [];
  let lost = 0;
  let duplicated = 0;
  for (const g of live) {
    const n = accepted.get(key(g.lineItemUrl, g.userId, g.timestamp)) ?? 0;
    if (n === 0) {
      lost++;
      problems.push(`grade for ${g.userId} at ${g.timestamp} (${g.status}, ${g.attempts} attempts) never accepted`);
    }
    if (n > 1) {
      duplicated += n - 1;
      problems.push(`grade for ${g.userId} at ${g.timestamp} accepted ${n} times`);
    }
  }
  for (const [k, n] of accepted) {
    if (!ours.has(k)) {
      duplicated += n;
      problems.push(`accepted score ${k} is no grade of this pass`);
    }
  }
  const cells = new Map(records.gradebook.map((c) => [`${c.lineItemId}|${c.userId}`, c]));
  let gradebookOk = 0;
  for (const g of live) {
    const cell = cells.get(`${g.lineItemUrl}|${g.userId}`);
    if (cell && cell.timestamp === g.timestamp && (cell.scoreGiven ?? null) === g.scoreGiven) gradebookOk++;
    else problems.push(`gradebook for ${g.userId} on ${g.lineItemUrl} holds ${cell ? `${cell.scoreGiven} at ${cell.timestamp}` : 'nothing'}, not ${g.scoreGiven} at ${g.timestamp}`);
  }
  return {
    grades: live.length, statuses, requests: records.requests.length, faulted: Math.max(0, records.seen - records.requests.length),
    resent: records.requests.filter((r) => r.status === 409).length, lost, duplicated, gradebookOk, problems,
  };
}
