/**
 * Reads a teacher's PD-credit summary: the range (the current school year unless one is given;
 * whole months for program admins), the facts and the credits the tenant's rules give. Reads by
 * anyone but the teacher (their coach, an admin) are written to the audit log in the same
 * transaction, so the teacher sees them under "Recent access" on "Who can see what".
 */
import type { Sequelize } from 'sequelize';
import type { Actor } from '../../auth/actor';
import { badRequest } from '../../auth/httpError';
import { recordAudit } from '../coaching/audit';
import { MONTH_NAMES, schoolYearOf, todayUtc, wholeMonths, type CreditRules, type DayRange } from './catalog';
import { calculateCredits, type CreditFacts, type CreditResult } from './creditCalculator';
import { creditRules } from './rulesRecords';
import type { SummaryTarget } from './summaryAccess';
import { creditFacts } from './summaryQueries';

/** A summary ready to present. */
export interface CreditSummary {
  target: SummaryTarget;
  rules: CreditRules;
  range: DayRange;
  /** The school year the range lies in. */
  year: DayRange & { label: string };
  /** True when the range asked for was widened to whole months (program admins). */
  widened: boolean;
  facts: CreditFacts;
  result: CreditResult;
}

/** "1 July" for a school year starting in month 7. */
export function yearStartText(month: number): string {
  return `1 ${MONTH_NAMES[month - 1]}`;
}

/**
 * The range to summarise from the days asked for (either may be missing), or a 400 saying what
 * is wrong. A range lies within one school year, because the cap applies per school year.
 */
export function resolveRange(asked: { from?: string; to?: string }, rules: CreditRules, audience: SummaryTarget['audience'], now = new Date()): { range: DayRange; year: DayRange & { label: string }; widened: boolean } {
  const anchor = asked.from ?? asked.to ?? todayUtc(now);
  const year = schoolYearOf(anchor, rules.yearStartMonth);
  const range = { from: asked.from ?? year.from, to: asked.to ?? year.to };
  if (range.from > range.to) throw badRequest('The first day must not be after the last day. Choose the dates again.', 'BAD_RANGE');
  if (schoolYearOf(range.to, rules.yearStartMonth).from !== year.from) {
    throw badRequest(`Choose days within one school year (school years start on ${yearStartText(rules.yearStartMonth)}), for example ${year.from} to ${year.to}. Make one summary per school year.`, 'RANGE_SPANS_YEARS');
  }
  if (audience !== 'admin') return { range, year, widened: false };
  const whole = wholeMonths(range);
  return { range: whole, year, widened: whole.from !== range.from || whole.to !== range.to };
}

/** Reads the summary for the target over the days asked for (auditing reads by others). */
export async function readSummary(sequelize: Sequelize, actor: Actor, target: SummaryTarget, asked: { from?: string; to?: string }, action: 'read' | 'csv' | 'send' = 'read', now = new Date()): Promise<CreditSummary> {
  const rules = await creditRules(sequelize, actor.tenant.id);
  const { range, year, widened } = resolveRange(asked, rules, target.audience, now);
  // A send is audited as a send (creditSender), not also as a read.
  const facts = target.audience === 'teacher' || action === 'send'
    ? await creditFacts(sequelize, actor.space!.id, target.teacherId, range)
    : await sequelize.transaction(async (transaction) => {
      const read = await creditFacts(sequelize, actor.space!.id, target.teacherId, range, transaction);
      await recordAudit(sequelize, transaction, {
        actor, action: 'pd_credit.read', subjectType: 'pd_credit_summary', subjectId: target.teacherId, ownerPersonId: target.teacherId,
        detail: `${action === 'csv' ? 'Downloaded' : 'Opened'} the PD-credit summary for ${range.from} to ${range.to}`,
      }, now);
      return read;
    });
  return { target, rules, range, year, widened, facts, result: calculateCredits(facts, rules) };
}
