/** Reads a tenant's PD-credit rules (the defaults when its admins never saved any). */
import { QueryTypes, type Sequelize, type Transaction } from 'sequelize';
import { SESSION_KIND_KEYS, type SessionKind } from '../coaching/catalog';
import { DEFAULT_RULES, ROUNDING_STEPS, type CreditRules, type RoundingStep } from './catalog';

interface RulesRow {
  program_name: string; credit_unit: string; hours_per_credit: number | string; kind_weights: string;
  per_cycle: number | string; per_reflection: number | string; per_group_session: number | string; rounding_step: number | string;
  cap_per_year: number | string | null; year_start_month: number | string; gradebook_passback: number | boolean | string; gradebook_maximum: number | string;
}

/** Stored weights, keeping only known kinds (a kind added later counts fully until an admin says otherwise). */
function weightsOf(text: string): Record<SessionKind, number> {
  let stored: Record<string, unknown> = {};
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) stored = parsed as Record<string, unknown>;
  } catch {
    stored = {};
  }
  return Object.fromEntries(SESSION_KIND_KEYS.map((k) => [k, typeof stored[k] === 'number' ? stored[k] : DEFAULT_RULES.kindWeights[k]])) as Record<SessionKind, number>;
}

/** The tenant's rules. */
export async function creditRules(sequelize: Sequelize, tenantId: number, transaction?: Transaction): Promise<CreditRules> {
  const [row] = await sequelize.query<RulesRow>('SELECT * FROM pd_credit_rules WHERE tenant_id = ?', { replacements: [tenantId], type: QueryTypes.SELECT, transaction });
  if (!row) return { ...DEFAULT_RULES, kindWeights: { ...DEFAULT_RULES.kindWeights } };
  const step = Number(row.rounding_step);
  return {
    programName: row.program_name,
    creditUnit: row.credit_unit,
    hoursPerCredit: Number(row.hours_per_credit),
    kindWeights: weightsOf(row.kind_weights),
    perCycle: Number(row.per_cycle),
    perReflection: Number(row.per_reflection),
    perGroupSession: Number(row.per_group_session),
    roundingStep: (ROUNDING_STEPS as readonly number[]).includes(step) ? step as RoundingStep : DEFAULT_RULES.roundingStep,
    capPerYear: row.cap_per_year === null ? undefined : Number(row.cap_per_year),
    yearStartMonth: Number(row.year_start_month),
    gradebookPassback: row.gradebook_passback === true || Number(row.gradebook_passback) === 1,
    gradebookMaximum: Number(row.gradebook_maximum),
  };
}
