/**
 * Properties of the credit arithmetic over random facts and rules (fast-check): credits are never
 * negative, never above the unrounded sum or the cap, always a multiple of the rounding step, at
 * most one step below the sum when not capped, and more coaching never gives fewer credits.
 */
import { expect } from 'chai';
import fc from 'fast-check';
import { SESSION_KIND_KEYS } from '../../../src/features/coaching/catalog';
import { DEFAULT_RULES, ROUNDING_STEPS, type CreditRules } from '../../../src/features/pdCredit/catalog';
import { calculateCredits, noFacts, type CreditFacts } from '../../../src/features/pdCredit/creditCalculator';

const hundredths = (min: number, max: number) => fc.integer({ min: Math.round(min * 100), max: Math.round(max * 100) }).map((n) => n / 100);

const facts: fc.Arbitrary<CreditFacts> = fc.record({
  minutes: fc.array(fc.integer({ min: 0, max: 6000 }), { minLength: SESSION_KIND_KEYS.length, maxLength: SESSION_KIND_KEYS.length }),
  groupSessions: fc.integer({ min: 0, max: 200 }), cyclesCompleted: fc.integer({ min: 0, max: 20 }), reflectionsCompleted: fc.integer({ min: 0, max: 100 }),
}).map((f) => {
  const out = noFacts();
  SESSION_KIND_KEYS.forEach((k, i) => { out.byKind[k] = { minutes: f.minutes[i], sessions: f.minutes[i] > 0 ? 1 : 0 }; });
  return { ...out, groupSessions: f.groupSessions, cyclesCompleted: f.cyclesCompleted, reflectionsCompleted: f.reflectionsCompleted };
});

const rules: fc.Arbitrary<CreditRules> = fc.record({
  hoursPerCredit: hundredths(0.25, 1000), weights: fc.array(hundredths(0, 5), { minLength: SESSION_KIND_KEYS.length, maxLength: SESSION_KIND_KEYS.length }),
  perCycle: hundredths(0, 100), perReflection: hundredths(0, 100), perGroupSession: hundredths(0, 100),
  roundingStep: fc.constantFrom(...ROUNDING_STEPS), cap: fc.option(hundredths(0.25, 1000), { nil: undefined }),
}).map((r) => ({
  ...DEFAULT_RULES, hoursPerCredit: r.hoursPerCredit, perCycle: r.perCycle, perReflection: r.perReflection, perGroupSession: r.perGroupSession,
  roundingStep: r.roundingStep, capPerYear: r.cap,
  kindWeights: Object.fromEntries(SESSION_KIND_KEYS.map((k, i) => [k, r.weights[i]])) as CreditRules['kindWeights'],
}));

describe('PD credit: properties of the arithmetic', () => {
  it('credits are between 0 and the sum and the cap, a multiple of the step, and less than a step below the sum', () => {
    fc.assert(fc.property(facts, rules, (f, r) => {
      const result = calculateCredits(f, r);
      const step = r.roundingStep || 0.01;
      expect(result.credits).to.be.at.least(0);
      expect(result.credits).to.be.at.most(result.rawCredits + 1e-9);
      if (r.capPerYear !== undefined) expect(result.credits).to.be.at.most(r.capPerYear);
      if (!result.capped) {
        expect(Math.abs(result.credits / step - Math.round(result.credits / step))).to.be.below(1e-6);
        expect(result.rawCredits - result.credits).to.be.below(step + 1e-9);
      }
    }), { numRuns: 500 });
  });

  it('more coaching never gives fewer credits', () => {
    fc.assert(fc.property(facts, rules, fc.constantFrom(...SESSION_KIND_KEYS), fc.integer({ min: 1, max: 600 }), (f, r, kind, extra) => {
      const more = { ...f, byKind: { ...f.byKind, [kind]: { minutes: f.byKind[kind].minutes + extra, sessions: f.byKind[kind].sessions + 1 } } };
      expect(calculateCredits(more, r).credits).to.be.at.least(calculateCredits(f, r).credits);
    }), { numRuns: 500 });
  });
});
