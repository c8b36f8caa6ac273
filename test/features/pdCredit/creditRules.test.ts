/**
 * Credit rules on the hand-computed fixture (fixture.ts). The arithmetic, written out:
 *
 * Tess, 1 July 2026 – 30 June 2027 (sessions on 30 June 2026, 1 July 2027, 20 June 2026 and in
 * April 2026 fall outside):
 *   observation   90 min = 1.5  h × 1.5 = 2.25 weighted hours
 *   co-teaching   60 min = 1    h × 1.5 = 1.5
 *   modeling     120 min = 2    h × 1   = 2      (held on 30 June 2027, the last day)
 *   debrief       45 min = 0.75 h × 1   = 0.75
 *   group PD     180 min = 3    h × 0.5 = 1.5    (one group session with Tess and Theo: 3 h each)
 *   check-in      15 min = 0.25 h × 0   = 0
 *   total 8.5 h, 8 weighted hours → 8 ÷ 10 hours per credit = 0.8
 *   cycles completed: A (20 Oct 2026) = 1 → × 1    = 1      (B is active; C closed 15 June 2026)
 *   reflections completed: R1 (10 Nov), R2 (1 Dec) = 2 → × 0.25 = 0.5 (R3 only submitted; R4 on 29 June 2026)
 *   group sessions attended: 1 → × 0.5 = 0.5
 *   sum 0.8 + 1 + 0.5 + 0.5 = 2.8 → rounded down to 0.25: 2.75; with a cap of 2.5: 2.5;
 *   rounded down to 0.5: 2.5; to 1: 2; to 0.1: 2.8; no rounding: 2.8.
 * Theo (only the two group sessions, one inside): 3 h × 0.5 = 1.5 weighted h ÷ 10 = 0.15,
 *   + 1 group session × 0.5 = 0.65 → 0.5.
 */
import { expect } from 'chai';
import { SESSION_KIND_KEYS } from '../../../src/features/coaching/catalog';
import { schoolYearOf, wholeMonths } from '../../../src/features/pdCredit/catalog';
import { calculateCredits, noFacts, roundDown, type CreditFacts } from '../../../src/features/pdCredit/creditCalculator';
import { resolveRange } from '../../../src/features/pdCredit/summaryReader';
import { creditFacts } from '../../../src/features/pdCredit/summaryQueries';
import { coachingCourse, type CoachingCourse } from '../../helpers/coaching';
import { type Harness, startHarness } from '../../helpers/harness';
import { creditFixture, FIXTURE_RULES, HAND_FIGURES, RANGE } from './fixture';

/** Tess's facts as worked out by hand. */
function handFacts(): CreditFacts {
  const facts = noFacts();
  for (const k of SESSION_KIND_KEYS) facts.byKind[k] = { minutes: HAND_FIGURES.minutes[k], sessions: HAND_FIGURES.sessions[k] };
  return { ...facts, groupSessions: HAND_FIGURES.groupSessions, cyclesCompleted: HAND_FIGURES.cyclesCompleted, reflectionsCompleted: HAND_FIGURES.reflectionsCompleted };
}

describe('PD credit: the rules on a hand-computed fixture', function () {
  this.timeout(60_000);

  describe('the arithmetic (no database)', () => {
    it('gives 2.75 credits, each step written out', () => {
      const r = calculateCredits(handFacts(), FIXTURE_RULES);
      expect(r.hoursByKind.map((k) => [k.kind, k.hours, k.weightedHours])).to.deep.equal([
        ['planning', 0, 0], ['observation', 1.5, 2.25], ['co_teaching', 1, 1.5], ['modeling', 2, 2], ['debrief', 0.75, 0.75], ['group_pd', 3, 1.5], ['check_in', 0.25, 0],
      ]);
      expect(r.totalHours).to.equal(8.5);
      expect(r.weightedHours).to.equal(8);
      expect(r.lines.map((l) => [l.label, l.credits])).to.deep.equal([
        ['Hours of coaching', 0.8], ['Completed coaching cycles', 1], ['Completed reflections', 0.5], ['Group sessions attended', 0.5],
      ]);
      expect(r.lines.map((l) => l.working)).to.deep.equal([
        '8 weighted hours ÷ 10 hours per credit = 0.8', '1 cycle × 1 = 1', '2 reflections × 0.25 = 0.5', '1 group session × 0.5 = 0.5',
      ]);
      expect([r.rawCredits, r.roundedCredits, r.credits, r.capped]).to.deep.equal([2.8, 2.75, 2.75, false]);
      expect(r.rounding).to.equal('2.8 rounded down to a multiple of 0.25 = 2.75');
      expect(r.capping).to.equal(undefined);
    });

    it('rounds down to the step chosen and applies the cap after rounding', () => {
      const credits = (over: Partial<typeof FIXTURE_RULES>) => calculateCredits(handFacts(), { ...FIXTURE_RULES, ...over }).credits;
      expect(credits({ roundingStep: 0.5 })).to.equal(2.5);
      expect(credits({ roundingStep: 1 })).to.equal(2);
      expect(credits({ roundingStep: 0.1 })).to.equal(2.8);
      expect(credits({ roundingStep: 0 })).to.equal(2.8);
      const capped = calculateCredits(handFacts(), { ...FIXTURE_RULES, capPerYear: 2.5 });
      expect([capped.roundedCredits, capped.credits, capped.capped]).to.deep.equal([2.75, 2.5, true]);
      expect(capped.capping).to.equal('2.75 is above the cap, so 2.5 (the cap of 2.5 PD credits per school year)');
      const roomy = calculateCredits(handFacts(), { ...FIXTURE_RULES, capPerYear: 3 });
      expect([roomy.credits, roomy.capped]).to.deep.equal([2.75, false]);
      // Credits per item left at 0 leave their line out; hours alone: 8 ÷ 10 = 0.8 → 0.75.
      const hoursOnly = calculateCredits(handFacts(), { ...FIXTURE_RULES, perCycle: 0, perReflection: 0, perGroupSession: 0 });
      expect([hoursOnly.lines.length, hoursOnly.credits]).to.deep.equal([1, 0.75]);
    });

    it('rounding down is not fooled by float noise, and never rounds up', () => {
      expect(roundDown(0.1 + 0.2, 0.1)).to.equal(0.3);
      expect(roundDown(2.9999, 0.25)).to.equal(2.75);
      expect(roundDown(3, 0.25)).to.equal(3);
      expect(roundDown(1.239, 0)).to.equal(1.23);
      // 7 × 0.1 is 0.7000000000000001 in floating point: still 0.7.
      expect(calculateCredits({ ...noFacts(), cyclesCompleted: 7 }, { ...FIXTURE_RULES, perCycle: 0.1, roundingStep: 0.1 }).credits).to.equal(0.7);
    });

    it('school years, whole months and ranges', () => {
      expect(schoolYearOf('2026-11-22', 7)).to.deep.equal({ from: '2026-07-01', to: '2027-06-30', label: '2026–27' });
      expect(schoolYearOf('2026-03-01', 7)).to.deep.equal({ from: '2025-07-01', to: '2026-06-30', label: '2025–26' });
      expect(schoolYearOf('2028-02-10', 8)).to.deep.equal({ from: '2027-08-01', to: '2028-07-31', label: '2027–28' });
      expect(schoolYearOf('2026-05-05', 1)).to.deep.equal({ from: '2026-01-01', to: '2026-12-31', label: '2026' });
      expect(wholeMonths({ from: '2026-09-17', to: '2027-02-03' })).to.deep.equal({ from: '2026-09-01', to: '2027-02-28' });
      const now = new Date('2026-11-22T12:00:00Z');
      expect(resolveRange({}, FIXTURE_RULES, 'teacher', now).range).to.deep.equal(RANGE);
      expect(resolveRange({ from: '2026-09-17' }, FIXTURE_RULES, 'teacher', now).range).to.deep.equal({ from: '2026-09-17', to: '2027-06-30' });
      expect(resolveRange({ from: '2026-09-17', to: '2026-10-03' }, FIXTURE_RULES, 'admin', now)).to.deep.include({ range: { from: '2026-09-01', to: '2026-10-31' }, widened: true });
      expect(() => resolveRange({ from: '2026-10-01', to: '2026-09-01' }, FIXTURE_RULES, 'teacher', now)).to.throw('The first day must not be after the last day');
      expect(() => resolveRange({ from: '2026-06-01', to: '2026-09-01' }, FIXTURE_RULES, 'teacher', now)).to.throw('Choose days within one school year');
    });
  });

  describe('the facts from the database', () => {
    let h: Harness;
    let c: CoachingCourse;
    before(async () => {
      h = await startHarness();
      c = await coachingCourse(h, 'pd-credit-rules');
      await creditFixture(c);
    });
    after(() => h.stop());

    it("reads Tess's facts exactly as worked out by hand, and the rules give 2.75", async () => {
      const facts = await creditFacts(c.sequelize, c.spaceId, c.ids.teacher, RANGE);
      expect(facts).to.deep.equal(handFacts());
      expect(calculateCredits(facts, FIXTURE_RULES).credits).to.equal(2.75);
      expect(calculateCredits(facts, { ...FIXTURE_RULES, capPerYear: 2.5 }).credits).to.equal(2.5);
    });

    it('counts the group session once for each attendee: Theo gets its 3 hours and 0.5 credits', async () => {
      const facts = await creditFacts(c.sequelize, c.spaceId, c.ids.otherTeacher, RANGE);
      expect(facts.byKind.group_pd).to.deep.equal({ minutes: 180, sessions: 1 });
      expect([facts.groupSessions, facts.cyclesCompleted, facts.reflectionsCompleted]).to.deep.equal([1, 0, 0]);
      const r = calculateCredits(facts, FIXTURE_RULES);
      expect([r.rawCredits, r.credits]).to.deep.equal([0.65, 0.5]);
    });

    it('moves with the range: the school year before holds the other sessions, cycle C and R4', async () => {
      const before = await creditFacts(c.sequelize, c.spaceId, c.ids.teacher, { from: '2025-07-01', to: '2026-06-30' });
      expect(before.byKind.planning).to.deep.equal({ minutes: 90, sessions: 2 });
      expect(before.byKind.group_pd).to.deep.equal({ minutes: 60, sessions: 1 });
      expect([before.groupSessions, before.cyclesCompleted, before.reflectionsCompleted]).to.deep.equal([1, 1, 1]);
      // One day: 30 June 2027 holds only the modeling session.
      const lastDay = await creditFacts(c.sequelize, c.spaceId, c.ids.teacher, { from: '2027-06-30', to: '2027-06-30' });
      expect(SESSION_KIND_KEYS.filter((k) => lastDay.byKind[k].sessions > 0)).to.deep.equal(['modeling']);
      // Another course's teacher id finds nothing in this course.
      const nobody = await creditFacts(c.sequelize, c.spaceId, c.ids.coach, RANGE);
      expect(nobody).to.deep.equal(noFacts());
    });
  });
});
