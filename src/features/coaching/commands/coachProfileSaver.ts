/** A coach keeps their profile: specialties, grade bands, caseload capacity. */
import type { Sequelize } from 'sequelize';
import type { Actor } from '../../../auth/actor';
import { forbidden } from '../../../auth/httpError';
import { upsertRow } from '../../../db/upsert';

export interface CoachProfileProps {
  /** The coach themself. */
  actor: Actor;
  /** Specialty keys. */
  specialties: string[];
  /** Grade band keys. */
  gradeBands: string[];
  /** Teachers the coach can take at once. */
  capacity: number;
}

/** Creates or replaces the coach's profile (one per person and tenant). */
export async function saveCoachProfile(sequelize: Sequelize, props: CoachProfileProps, now = new Date()): Promise<void> {
  if (props.actor.role !== 'coach') throw forbidden('Only coaches keep a coach profile.');
  await upsertRow(sequelize, {
    table: 'coach_profiles',
    values: {
      tenant_id: props.actor.tenant.id, person_id: props.actor.person.id, specialties: JSON.stringify(props.specialties),
      grade_bands: JSON.stringify(props.gradeBands), capacity: props.capacity, created_at: now, updated_at: now,
    },
    conflictKeys: ['tenant_id', 'person_id'],
    updateColumns: ['specialties', 'grade_bands', 'capacity', 'updated_at'],
  });
}
