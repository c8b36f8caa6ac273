/** Read-only queries behind the home page: counts only, never coaching content. */
import { QueryTypes, Sequelize } from 'sequelize';
import type { CoachRole } from '../../auth/roles';

/** Active members of a space per CoachLoop role. */
export async function memberCountsByRole(sequelize: Sequelize, spaceId: number): Promise<Record<CoachRole, number>> {
  const rows = await sequelize.query<{ role: CoachRole; n: number }>(
    "SELECT role, COUNT(*) AS n FROM memberships WHERE space_id = ? AND status = 'active' GROUP BY role",
    { replacements: [spaceId], type: QueryTypes.SELECT },
  );
  const counts: Record<CoachRole, number> = { admin: 0, coach: 0, mentor: 0, teacher: 0, none: 0 };
  for (const r of rows) if (r.role in counts) counts[r.role] = Number(r.n);
  return counts;
}

/** The spaces of a tenant with their active member counts, most recently used first. */
export async function tenantSpaces(sequelize: Sequelize, tenantId: number): Promise<Array<{ id: number; title: string; label: string | null; members: number; lastLaunchAt: Date | null }>> {
  const rows = await sequelize.query<{ id: number; title: string | null; label: string | null; context_id: string; members: number; last_launch_at: string | Date | null }>(
    `SELECT s.id, s.title, s.label, s.context_id, s.last_launch_at,
            (SELECT COUNT(*) FROM memberships m WHERE m.space_id = s.id AND m.status = 'active') AS members
       FROM spaces s WHERE s.tenant_id = ? ORDER BY s.last_launch_at DESC LIMIT 200`,
    { replacements: [tenantId], type: QueryTypes.SELECT },
  );
  return rows.map((r) => ({
    id: Number(r.id),
    title: r.title || r.label || `Course ${r.context_id}`,
    label: r.label,
    members: Number(r.members),
    lastLaunchAt: r.last_launch_at ? new Date(r.last_launch_at) : null,
  }));
}
