/**
 * The facts behind a teacher's PD-credit summary in one course over a range of days: minutes and
 * sessions by kind from the session log (a group session counts once for each teacher who
 * attended), group sessions attended, cycles completed and reflections first completed within
 * the range. Counts only: no notes, focus or reflection text is read here.
 */
import { QueryTypes, type Sequelize, type Transaction } from 'sequelize';
import { dialectOf } from '../../db/database';
import { sqlDate } from '../../jobs/jobRows';
import { SESSION_KIND_KEYS, type SessionKind } from '../coaching/catalog';
import type { DayRange } from './catalog';
import { noFacts, type CreditFacts } from './creditCalculator';

/** The instants bounding a range of days (UTC): from inclusive, the day after `to` exclusive. */
export function instantsOf(range: DayRange): { fromAt: Date; toAt: Date } {
  const toAt = new Date(`${range.to}T00:00:00Z`);
  toAt.setUTCDate(toAt.getUTCDate() + 1);
  return { fromAt: new Date(`${range.from}T00:00:00Z`), toAt };
}

/** Loads a teacher's credit facts in a course over a range. */
export async function creditFacts(sequelize: Sequelize, spaceId: number, teacherId: number, range: DayRange, transaction?: Transaction): Promise<CreditFacts> {
  const dialect = dialectOf(sequelize);
  const { fromAt, toAt } = instantsOf(range);
  const at = (d: Date) => sqlDate(d, dialect);
  const q = <T extends object>(sql: string, replacements: unknown[]) => sequelize.query<T>(sql, { replacements, type: QueryTypes.SELECT, transaction });
  const [sessions, [cycles], [reflections]] = await Promise.all([
    q<{ kind: string; grp: number | string; sessions: number | string; minutes: number | string | null }>(
      `SELECT s.kind, CASE WHEN s.cycle_id IS NULL THEN 1 ELSE 0 END AS grp, COUNT(*) AS sessions, SUM(s.minutes) AS minutes
         FROM session_attendees a JOIN coaching_sessions s ON s.id = a.session_id
        WHERE a.teacher_person_id = ? AND s.space_id = ? AND s.held_on >= ? AND s.held_on <= ?
        GROUP BY s.kind, CASE WHEN s.cycle_id IS NULL THEN 1 ELSE 0 END`,
      [teacherId, spaceId, range.from, range.to]),
    q<{ n: number | string }>(
      "SELECT COUNT(*) AS n FROM cycles WHERE space_id = ? AND teacher_person_id = ? AND status = 'completed' AND closed_at >= ? AND closed_at < ?",
      [spaceId, teacherId, at(fromAt), at(toAt)]),
    q<{ n: number | string }>(
      `SELECT COUNT(*) AS n FROM reflections r
        WHERE r.space_id = ? AND r.teacher_person_id = ? AND r.status = 'complete'
          AND (SELECT MIN(e.at) FROM reflection_events e WHERE e.reflection_id = r.id AND e.to_status = 'complete') >= ?
          AND (SELECT MIN(e.at) FROM reflection_events e WHERE e.reflection_id = r.id AND e.to_status = 'complete') < ?`,
      [spaceId, teacherId, at(fromAt), at(toAt)]),
  ]);
  const facts = noFacts();
  for (const row of sessions) {
    if (!(SESSION_KIND_KEYS as readonly string[]).includes(row.kind)) continue;
    const entry = facts.byKind[row.kind as SessionKind];
    entry.minutes += Number(row.minutes ?? 0);
    entry.sessions += Number(row.sessions);
    if (Number(row.grp) === 1) facts.groupSessions += Number(row.sessions);
  }
  facts.cyclesCompleted = Number(cycles?.n ?? 0);
  facts.reflectionsCompleted = Number(reflections?.n ?? 0);
  return facts;
}
