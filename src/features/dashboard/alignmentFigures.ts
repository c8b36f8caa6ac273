/**
 * The dashboard's alignment section: how coaching effort spreads over the standards taxonomy —
 * per tag, the hours and sessions of tagged sessions held in the period (each session once,
 * whatever its number of attendees) and the goals due in the period that carry it, met or not.
 * A tag's figures are shown only when the teachers behind them (attendees of its sessions and
 * teachers of its goals, together) reach the minimum group size. Tags overlap (a session may
 * carry several), so there is no total a hidden row could be worked out from.
 */
import type { Sequelize } from 'sequelize';
import { listTags } from '../learning/taxonomy';
import type { DashboardScope } from './scope';
import { bounds, queryOf } from './sessionQueries';
import { showable } from './suppression';

/** Effort behind one tag. */
export interface AlignmentValues {
  hours: number;
  sessions: number;
  goals: number;
  goalsMet: number;
}

/** One tag's row: its figures, or hidden (fewer teachers than the minimum). */
export interface AlignmentRow {
  tagId: number;
  label: string;
  framework: string;
  retired: boolean;
  hidden: boolean;
  n?: number;
  values?: AlignmentValues;
}

/** Per tag of the tenant with any effort in the scope: its row, in taxonomy order. */
export async function alignmentFigures(sequelize: Sequelize, scope: DashboardScope): Promise<AlignmentRow[]> {
  const q = queryOf(sequelize);
  const b = bounds(scope);
  const inScope = 's.space_id IN (:spaces) AND s.held_on BETWEEN :dayFrom AND :dayTo';
  const [sessions, attendees, goals, tags] = await Promise.all([
    q<{ tag_id: number; sessions: number; minutes: number | null }>(
      `SELECT st.tag_id, COUNT(*) AS sessions, SUM(s.minutes) AS minutes FROM session_tags st JOIN coaching_sessions s ON s.id = st.session_id WHERE ${inScope} GROUP BY st.tag_id`, b),
    q<{ tag_id: number; teacher_person_id: number }>(
      `SELECT DISTINCT st.tag_id, a.teacher_person_id FROM session_tags st JOIN coaching_sessions s ON s.id = st.session_id JOIN session_attendees a ON a.session_id = s.id WHERE ${inScope}`, b),
    q<{ tag_id: number; teacher_person_id: number; status: string }>(
      `SELECT gt.tag_id, c.teacher_person_id, g.status FROM goal_tags gt JOIN goals g ON g.id = gt.goal_id JOIN cycles c ON c.id = g.cycle_id
        WHERE c.space_id IN (:spaces) AND g.due_on BETWEEN :dayFrom AND :dayTo`, b),
    listTags(sequelize, scope.tenantId, { includeRetired: true }),
  ]);
  const teachers = new Map<number, Set<number>>();
  const values = new Map<number, AlignmentValues>();
  const entry = (tagId: number) => {
    if (!values.has(tagId)) { values.set(tagId, { hours: 0, sessions: 0, goals: 0, goalsMet: 0 }); teachers.set(tagId, new Set()); }
    return values.get(tagId)!;
  };
  for (const r of sessions) { const v = entry(Number(r.tag_id)); v.sessions += Number(r.sessions); v.hours += Number(r.minutes ?? 0) / 60; }
  for (const r of attendees) { entry(Number(r.tag_id)); teachers.get(Number(r.tag_id))!.add(Number(r.teacher_person_id)); }
  for (const r of goals) {
    const v = entry(Number(r.tag_id));
    v.goals += 1;
    if (r.status === 'met') v.goalsMet += 1;
    teachers.get(Number(r.tag_id))!.add(Number(r.teacher_person_id));
  }
  return tags.filter((t) => values.has(t.id)).map((t) => {
    const n = teachers.get(t.id)!.size;
    return showable(n, scope.minGroupSize)
      ? { tagId: t.id, label: t.label, framework: t.framework, retired: t.retired, hidden: false, n, values: values.get(t.id) }
      : { tagId: t.id, label: t.label, framework: t.framework, retired: t.retired, hidden: true };
  });
}
