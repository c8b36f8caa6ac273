/** Reads behind the roster page: members of one space, filtered and paged; counts. */
import { QueryTypes, Sequelize } from 'sequelize';
import type { CoachRole } from '../../auth/roles';
import type { RosterFilters } from './schema';

export const PAGE_SIZE = 50;

export interface RosterRow {
  personId: number;
  name: string;
  email: string | null;
  role: CoachRole;
  ltiRoles: string[];
  status: 'active' | 'inactive';
  lastLaunchAt: Date | null;
  overridden: boolean;
}

/** One page of members matching the filters, and how many match in all. */
export async function rosterPage(sequelize: Sequelize, spaceId: number, f: RosterFilters): Promise<{ rows: RosterRow[]; total: number }> {
  const where = ['m.space_id = ?'];
  const params: unknown[] = [spaceId];
  if (f.role !== 'all') {
    where.push('m.role = ?');
    params.push(f.role);
  }
  if (f.status !== 'all') {
    where.push('m.status = ?');
    params.push(f.status);
  }
  if (f.q) {
    // LIKE with escaped wildcards: a search for "50%" finds "50%", not everything.
    // '!' as the escape character: a backslash means different things in MySQL and SQLite literals.
    const like = `%${f.q.toLowerCase().replace(/[!%_]/g, (c) => `!${c}`)}%`;
    where.push("(LOWER(COALESCE(p.name, '')) LIKE ? ESCAPE '!' OR LOWER(COALESCE(p.email, '')) LIKE ? ESCAPE '!' OR LOWER(COALESCE(p.given_name, '')) LIKE ? ESCAPE '!' OR LOWER(COALESCE(p.family_name, '')) LIKE ? ESCAPE '!')");
    params.push(like, like, like, like);
  }
  const from = `FROM memberships m JOIN people p ON p.id = m.person_id WHERE ${where.join(' AND ')}`;
  const [{ n }] = await sequelize.query<{ n: number }>(`SELECT COUNT(*) AS n ${from}`, { replacements: params, type: QueryTypes.SELECT });
  const rows = await sequelize.query<{ person_id: number; name: string | null; given_name: string | null; family_name: string | null; email: string | null; role: CoachRole; lti_roles: string; status: string; last_launch_at: string | Date | null; overridden: number }>(
    `SELECT p.id AS person_id, p.name, p.given_name, p.family_name, p.email, m.role, m.lti_roles, m.status, m.last_launch_at,
            (SELECT COUNT(*) FROM role_overrides o WHERE o.space_id = m.space_id AND o.person_id = p.id) AS overridden
     ${from} ORDER BY m.status, LOWER(COALESCE(p.family_name, p.name, p.sub)), LOWER(COALESCE(p.given_name, '')), p.id LIMIT ? OFFSET ?`,
    { replacements: [...params, PAGE_SIZE, (f.page - 1) * PAGE_SIZE], type: QueryTypes.SELECT },
  );
  return {
    total: Number(n),
    rows: rows.map((r) => ({
      personId: Number(r.person_id),
      name: r.name || [r.given_name, r.family_name].filter(Boolean).join(' ') || 'Unnamed person',
      email: r.email,
      role: r.role,
      ltiRoles: safeRoles(r.lti_roles),
      status: r.status === 'inactive' ? 'inactive' : 'active',
      lastLaunchAt: r.last_launch_at ? new Date(r.last_launch_at) : null,
      overridden: Number(r.overridden) > 0,
    })),
  };
}

/** Active and inactive member counts of a space. */
export async function rosterTotals(sequelize: Sequelize, spaceId: number): Promise<{ active: number; inactive: number }> {
  const rows = await sequelize.query<{ status: string; n: number }>('SELECT status, COUNT(*) AS n FROM memberships WHERE space_id = ? GROUP BY status', { replacements: [spaceId], type: QueryTypes.SELECT });
  const get = (s: string) => Number(rows.find((r) => r.status === s)?.n ?? 0);
  return { active: get('active'), inactive: get('inactive') };
}

function safeRoles(json: string): string[] {
  try {
    const v: unknown = JSON.parse(json);
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
}
