/**
 * The admin's PD-credit rules (per tenant, so a course's admin and an account-level admin share
 * them): credits per hours with a weight per kind of session, per completed cycle, reflection and
 * group session, rounding, a cap per school year, the words on the summary, and the gradebook
 * switch. Bad input: the form again with the message and the typed values (400), nothing saved.
 */
import type { Express, Response } from 'express';
import type { Actor } from '../../auth/actor';
import { rolesOnly } from '../../auth/policy';
import type { RouteTable } from '../../auth/routes';
import { SESSION_KIND_KEYS, type SessionKind } from '../coaching/catalog';
import type { CreditRules, RoundingStep } from './catalog';
import { saveCreditRules } from './commands/rulesSaver';
import { noticeFor, presentRules, rulesValues, typedValues, type RulesFormValues } from './presenter';
import { bodyOf, type PdCreditRouteDeps } from './routes';
import { creditRules } from './rulesRecords';
import { firstIssue, rulesInput } from './schema';

const admins = rolesOnly('admin');

/** Mounts GET/POST /app/pd-credit/rules. */
export function rulesRoutes(app: Express, routes: RouteTable, deps: PdCreditRouteDeps): void {
  const { sequelize } = deps;

  async function render(res: Response, actor: Actor, opts: { status?: number; error?: string; notice?: string; values?: RulesFormValues } = {}) {
    const values = opts.values ?? rulesValues(await creditRules(sequelize, actor.tenant.id));
    res.status(opts.status ?? 200).render('pd-credit/rules', presentRules(actor, values, opts));
  }

  routes.add(app, {
    method: 'get', path: '/app/pd-credit/rules', policy: admins,
    description: 'PD-credit rules of the program: credits per hours of coaching (weighted per kind), per cycle, reflection and group session, rounding, cap, gradebook switch (program admins)',
    handler: (req, res, { actor }) => render(res, actor, { notice: noticeFor(req.query.notice) }),
  });

  routes.add(app, {
    method: 'post', path: '/app/pd-credit/rules', policy: admins,
    description: 'Save the PD-credit rules (program admins; audited)',
    handler: async (req, res, { actor }) => {
      const body = bodyOf(req);
      const input = rulesInput.safeParse(body);
      if (!input.success) return render(res, actor, { status: 400, error: firstIssue(input.error), values: typedValues(body) });
      const d = input.data as typeof input.data & Record<string, number>;
      const rules: CreditRules = {
        programName: d.programName, creditUnit: d.creditUnit, hoursPerCredit: d.hoursPerCredit,
        kindWeights: Object.fromEntries(SESSION_KIND_KEYS.map((k) => [k, d[`weight_${k}`]])) as Record<SessionKind, number>,
        perCycle: d.perCycle, perReflection: d.perReflection, perGroupSession: d.perGroupSession, roundingStep: d.roundingStep as RoundingStep,
        capPerYear: d.capPerYear, yearStartMonth: d.yearStartMonth, gradebookPassback: d.gradebookPassback === 'yes', gradebookMaximum: d.gradebookMaximum,
      };
      await saveCreditRules(sequelize, { actor, rules });
      res.redirect(303, `/app/pd-credit/rules?${new URLSearchParams({ notice: 'saved', ltik: actor.ltik })}`);
    },
  });
}
