/** A program admin saves the tenant's PD-credit rules (audited in the same transaction). */
import type { Sequelize } from 'sequelize';
import type { Actor } from '../../../auth/actor';
import { forbidden } from '../../../auth/httpError';
import { upsertRow } from '../../../db/upsert';
import { recordAudit } from '../../coaching/audit';
import type { CreditRules } from '../catalog';
import { fmt } from '../creditCalculator';

export interface RulesSaveProps {
  /** A program admin (of a course or of the account). */
  actor: Actor;
  /** The rules, already validated (schema.ts). */
  rules: CreditRules;
}

/** Saves the rules; every summary from now on uses them. */
export async function saveCreditRules(sequelize: Sequelize, props: RulesSaveProps, now = new Date()): Promise<void> {
  const { actor, rules } = props;
  if (actor.role !== 'admin') throw forbidden('Only a program admin sets the PD-credit rules.');
  await sequelize.transaction(async (transaction) => {
    await upsertRow(sequelize, {
      table: 'pd_credit_rules',
      values: {
        tenant_id: actor.tenant.id, program_name: rules.programName, credit_unit: rules.creditUnit, hours_per_credit: rules.hoursPerCredit,
        kind_weights: JSON.stringify(rules.kindWeights), per_cycle: rules.perCycle, per_reflection: rules.perReflection, per_group_session: rules.perGroupSession,
        rounding_step: rules.roundingStep, cap_per_year: rules.capPerYear ?? null, year_start_month: rules.yearStartMonth,
        gradebook_passback: rules.gradebookPassback, gradebook_maximum: rules.gradebookMaximum, updated_by: actor.person.id, created_at: now, updated_at: now,
      },
      conflictKeys: ['tenant_id'],
      updateColumns: ['program_name', 'credit_unit', 'hours_per_credit', 'kind_weights', 'per_cycle', 'per_reflection', 'per_group_session', 'rounding_step',
        'cap_per_year', 'year_start_month', 'gradebook_passback', 'gradebook_maximum', 'updated_by', 'updated_at'],
      transaction,
    });
    await recordAudit(sequelize, transaction, {
      actor, action: 'pd_credit.rules', subjectType: 'tenant', subjectId: actor.tenant.id,
      detail: `1 credit per ${fmt(rules.hoursPerCredit)} h; cycle ${fmt(rules.perCycle)}, reflection ${fmt(rules.perReflection)}, group session ${fmt(rules.perGroupSession)}; ` +
        `step ${fmt(rules.roundingStep)}; cap ${rules.capPerYear === undefined ? 'none' : fmt(rules.capPerYear)}; gradebook ${rules.gradebookPassback ? 'on' : 'off'}`,
    }, now);
  });
}
