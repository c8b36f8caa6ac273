/**
 * Reads shared by the coaching commands and pages: the space's coaches with their load, a
 * teacher's stated needs, space settings and the cycle models on offer. Every query is bounded
 * by the space (and tenant) it is given.
 */
import { QueryTypes, type Sequelize, type Transaction } from 'sequelize';
import { BUILT_IN_MODELS, DEFAULT_CAPACITY, type CycleModel, type ParticipationStatus } from './catalog';
import type { CoachCandidate } from './matching';

const parseList = (s: string | null): string[] => (s ? (JSON.parse(s) as string[]) : []);

/** Active coaches of the space with their profile and current caseload (assignments across the tenant). */
export async function spaceCoaches(sequelize: Sequelize, spaceId: number, transaction?: Transaction): Promise<CoachCandidate[]> {
  const rows = await sequelize.query<{ id: number; name: string | null; given_name: string | null; family_name: string | null; specialties: string | null; grade_bands: string | null; capacity: number | null; caseload: number }>(
    `SELECT p.id, p.name, p.given_name, p.family_name, cp.specialties, cp.grade_bands, cp.capacity,
            (SELECT COUNT(*) FROM coaching_assignments a WHERE a.coach_person_id = p.id AND a.active = 1) AS caseload
       FROM memberships m JOIN people p ON p.id = m.person_id
       LEFT JOIN coach_profiles cp ON cp.person_id = p.id AND cp.tenant_id = p.tenant_id
      WHERE m.space_id = ? AND m.role = 'coach' AND m.status = 'active'`,
    { replacements: [spaceId], type: QueryTypes.SELECT, transaction },
  );
  return rows.map((r) => ({
    personId: Number(r.id), name: personName(r), specialties: parseList(r.specialties), gradeBands: parseList(r.grade_bands),
    capacity: r.capacity === null ? DEFAULT_CAPACITY : Number(r.capacity), caseload: Number(r.caseload), hasProfile: r.capacity !== null,
  }));
}

/** A teacher's profile as matching and pages use it. */
export interface TeacherProfile {
  id: number;
  personId: number;
  name: string;
  subjects: string[];
  gradeBand: string;
  needAreas: string[];
  needsNote: string | null;
  status: ParticipationStatus;
  optedInAt: Date;
  statusChangedAt: Date;
}

interface ProfileRow {
  id: number; person_id: number; name: string | null; given_name: string | null; family_name: string | null; subjects: string; grade_band: string;
  need_areas: string; needs_note: string | null; status: string; opted_in_at: Date | string; status_changed_at: Date | string;
}

const toProfile = (r: ProfileRow): TeacherProfile => ({
  id: Number(r.id), personId: Number(r.person_id), name: personName(r), subjects: parseList(r.subjects), gradeBand: r.grade_band, needAreas: parseList(r.need_areas),
  needsNote: r.needs_note, status: r.status as ParticipationStatus, optedInAt: new Date(r.opted_in_at), statusChangedAt: new Date(r.status_changed_at),
});

const PROFILE_COLUMNS = 'tp.id, tp.person_id, p.name, p.given_name, p.family_name, tp.subjects, tp.grade_band, tp.need_areas, tp.needs_note, tp.status, tp.opted_in_at, tp.status_changed_at';

/** The teacher's own profile in the tenant, or undefined before they opt in. */
export async function teacherProfile(sequelize: Sequelize, tenantId: number, personId: number, transaction?: Transaction): Promise<TeacherProfile | undefined> {
  const rows = await sequelize.query<ProfileRow>(
    `SELECT ${PROFILE_COLUMNS} FROM teacher_profiles tp JOIN people p ON p.id = tp.person_id WHERE tp.tenant_id = ? AND tp.person_id = ?`,
    { replacements: [tenantId, personId], type: QueryTypes.SELECT, transaction },
  );
  return rows[0] ? toProfile(rows[0]) : undefined;
}

/** Profiles of the space's active teachers who opted in (any status), optionally one teacher only. */
export async function spaceTeacherProfiles(sequelize: Sequelize, tenantId: number, spaceId: number, teacherId?: number, transaction?: Transaction): Promise<TeacherProfile[]> {
  const rows = await sequelize.query<ProfileRow>(
    `SELECT ${PROFILE_COLUMNS} FROM memberships m JOIN teacher_profiles tp ON tp.person_id = m.person_id AND tp.tenant_id = ?
       JOIN people p ON p.id = m.person_id
      WHERE m.space_id = ? AND m.role = 'teacher' AND m.status = 'active'${teacherId ? ' AND m.person_id = ?' : ''}
      ORDER BY p.name, p.id`,
    { replacements: [tenantId, spaceId, ...(teacherId ? [teacherId] : [])], type: QueryTypes.SELECT, transaction },
  );
  return rows.map(toProfile);
}

/** Settings of a space (defaults when an admin never saved any). */
export async function spaceSettings(sequelize: Sequelize, spaceId: number, transaction?: Transaction): Promise<{ coachesConfirm: boolean }> {
  const rows = await sequelize.query<{ coaches_confirm: number | boolean }>('SELECT coaches_confirm FROM space_settings WHERE space_id = ?', { replacements: [spaceId], type: QueryTypes.SELECT, transaction });
  return { coachesConfirm: Boolean(rows[0] && Number(rows[0].coaches_confirm)) };
}

/** The cycle models on offer in a space: the built-in ones, then the admin's custom ones. */
export async function cycleModels(sequelize: Sequelize, spaceId: number, opts: { includeArchived?: boolean; transaction?: Transaction } = {}): Promise<Array<CycleModel & { custom: boolean; archived: boolean; id?: number }>> {
  const rows = await sequelize.query<{ id: number; name: string; stages: string; archived_at: Date | null }>(
    `SELECT id, name, stages, archived_at FROM cycle_models WHERE space_id = ?${opts.includeArchived ? '' : ' AND archived_at IS NULL'} ORDER BY name, id`,
    { replacements: [spaceId], type: QueryTypes.SELECT, transaction: opts.transaction },
  );
  return [
    ...BUILT_IN_MODELS.map((m) => ({ ...m, custom: false, archived: false })),
    ...rows.map((r) => ({ key: `custom:${r.id}`, id: Number(r.id), name: r.name, stages: JSON.parse(r.stages) as string[], description: 'A model defined by your program admin.', custom: true, archived: r.archived_at !== null })),
  ];
}

/** Whether a person is an active member of the space with a role. */
export async function isMemberWithRole(sequelize: Sequelize, spaceId: number, personId: number, role: string, transaction?: Transaction): Promise<boolean> {
  const rows = await sequelize.query<{ id: number }>("SELECT id FROM memberships WHERE space_id = ? AND person_id = ? AND role = ? AND status = 'active'", {
    replacements: [spaceId, personId, role], type: QueryTypes.SELECT, transaction,
  });
  return rows.length > 0;
}

/** A person's display name from the people columns. */
export function personName(r: { name: string | null; given_name: string | null; family_name: string | null }): string {
  return r.name || [r.given_name, r.family_name].filter(Boolean).join(' ') || 'Unnamed person';
}
