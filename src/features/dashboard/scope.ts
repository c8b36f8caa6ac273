/**
 * What a dashboard request covers: which courses (spaces) of the tenant and which months. A
 * course-level admin sees their own course; an account-level admin (a launch without a course)
 * sees every course of the tenant or one they pick. Nothing outside the tenant is ever in scope.
 */
import { QueryTypes, type Sequelize } from 'sequelize';
import type { Actor } from '../../auth/actor';
import { badRequest, notFound } from '../../auth/httpError';
import { minGroupSize } from '../program/groupSize';
import type { DashboardFilters } from './schema';

/** A range of whole months with the bounds queries compare against. */
export interface Period {
  /** The months as given (undefined: open-ended). */
  from?: string;
  to?: string;
  /** YYYY-MM bounds for the monthly rollups (open ends widened). */
  monthFrom: string;
  monthTo: string;
  /** YYYY-MM-DD bounds for date strings (held_on, due_on, starts_on). */
  dayFrom: string;
  dayTo: string;
  /** Instants for timestamps (closed_at, left_at): fromAt inclusive, toAt exclusive. */
  fromAt: Date;
  toAt: Date;
  label: string;
}

export interface DashboardScope {
  tenantId: number;
  /** The courses the figures cover (never empty unless the tenant has none). */
  spaceIds: number[];
  /** Courses the admin may choose from (account-level launches), by title. */
  choices: Array<{ id: number; title: string }>;
  /** The chosen course, or 'all'. */
  selected: number | 'all';
  accountLevel: boolean;
  period: Period;
  minGroupSize: number;
}

const MONTH_NAMES = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** "September 2025" */
export function monthLabel(month: string): string {
  return `${MONTH_NAMES[Number(month.slice(5, 7)) - 1]} ${month.slice(0, 4)}`;
}

/** The month after a YYYY-MM month. */
export function nextMonth(month: string): string {
  const y = Number(month.slice(0, 4));
  const m = Number(month.slice(5, 7));
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
}

/** The bounds of a month range (either end may be open). */
export function periodOf(from?: string, to?: string): Period {
  const monthFrom = from ?? '0000-01';
  const monthTo = to ?? '9999-12';
  const label = from && to ? (from === to ? monthLabel(from) : `${monthLabel(from)} to ${monthLabel(to)}`)
    : from ? `From ${monthLabel(from)}` : to ? `Until ${monthLabel(to)}` : 'All time';
  return {
    from, to, monthFrom, monthTo, dayFrom: `${monthFrom}-01`, dayTo: `${monthTo}-31`,
    fromAt: from ? new Date(`${from}-01T00:00:00Z`) : new Date('1970-01-01T00:00:00Z'),
    toAt: to ? new Date(`${nextMonth(to)}-01T00:00:00Z`) : new Date('9999-01-01T00:00:00Z'),
    label,
  };
}

/** The school year (August to July) a day falls in, as a month range. */
export function schoolYearOf(day: Date): { from: string; to: string } {
  const y = day.getUTCFullYear();
  const start = day.getUTCMonth() >= 7 ? y : y - 1;
  return { from: `${start}-08`, to: `${start + 1}-07` };
}

/** Resolves the scope of an admin's request (400 for a course they cannot choose, 404 for one not in the tenant). */
export async function resolveScope(sequelize: Sequelize, actor: Actor, filters: DashboardFilters): Promise<DashboardScope> {
  const tenantId = actor.tenant.id;
  const period = periodOf(filters.from, filters.to);
  const min = await minGroupSize(sequelize, tenantId);
  if (actor.space) {
    if (filters.space !== undefined && filters.space !== actor.space.id) {
      throw badRequest('As the admin of this course you see this course’s figures only. To compare courses, open CoachLoop from your LMS account’s admin area.', 'OTHER_COURSE');
    }
    return { tenantId, spaceIds: [actor.space.id], choices: [], selected: actor.space.id, accountLevel: false, period, minGroupSize: min };
  }
  const rows = await sequelize.query<{ id: number; title: string | null; label: string | null; context_id: string }>(
    'SELECT id, title, label, context_id FROM spaces WHERE tenant_id = ? ORDER BY title, id',
    { replacements: [tenantId], type: QueryTypes.SELECT },
  );
  const choices = rows.map((r) => ({ id: Number(r.id), title: r.title || r.label || `Course ${r.context_id}` }));
  if (filters.space === undefined || filters.space === 'all') {
    return { tenantId, spaceIds: choices.map((c) => c.id), choices, selected: 'all', accountLevel: true, period, minGroupSize: min };
  }
  if (!choices.some((c) => c.id === filters.space)) throw notFound('course');
  return { tenantId, spaceIds: [filters.space], choices, selected: filters.space, accountLevel: true, period, minGroupSize: min };
}
