/**
 * The audit log: reads of private coaching content by anyone but the teacher it belongs to, and
 * changes to who may see what. Always written inside the caller's transaction, so a read or a
 * change is never without its row (and a failed audit write undoes the change).
 */
import type { Sequelize, Transaction } from 'sequelize';
import type { Actor } from '../../auth/actor';

/** One audit entry. */
export interface AuditEntry {
  /** Who read or changed something. */
  actor: Actor;
  /** e.g. read, assignment.confirm, assignment.end, role.override, profile.status */
  action: string;
  /** What kind of record: cycle, teacher_profile, assignment, membership, … */
  subjectType: string;
  subjectId?: number;
  /** The teacher whose coaching record it is (shown to them on "Who can see what"). */
  ownerPersonId?: number;
  /** What was read or changed, in words; never the content itself. */
  detail?: string;
}

/** Writes one audit row in the given transaction. */
export async function recordAudit(sequelize: Sequelize, transaction: Transaction, entry: AuditEntry, at = new Date()): Promise<void> {
  await sequelize.query(
    `INSERT INTO audit_log (tenant_id, space_id, actor_person_id, actor_role, action, subject_type, subject_id, owner_person_id, detail, at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    {
      replacements: [
        entry.actor.tenant.id, entry.actor.space?.id ?? null, entry.actor.person.id, entry.actor.role, entry.action,
        entry.subjectType, entry.subjectId ?? null, entry.ownerPersonId ?? null, entry.detail?.slice(0, 300) ?? null, at,
      ],
      transaction,
    },
  );
}
