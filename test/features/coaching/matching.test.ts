/** The matching score on hand-computed cases, its ordering rules, and the explanation kept identical in docs/matching.md. */
import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { RANKING_EXPLANATION } from '../../../src/features/coaching/assignmentsPresenter';
import { scoreCoach, suggestCoaches, type CoachCandidate } from '../../../src/features/coaching/matching';

let nextId = 1;
const coach = (name: string, over: Partial<CoachCandidate> = {}): CoachCandidate => ({
  personId: nextId++, name, specialties: [], gradeBands: [], capacity: 10, caseload: 0, hasProfile: true, ...over,
});

describe('coach matching', () => {
  // A grades 6–8 teacher asking for help with math, literacy and data.
  const teacher = { gradeBand: 'g6_8', needAreas: ['math', 'literacy', 'data'] };

  describe('score parts (computed by hand)', () => {
    it('specialty fit is the share of the asked-for areas covered, out of 60', () => {
      expect(scoreCoach(teacher, coach('a', { specialties: ['math', 'literacy', 'data', 'sel'] })).parts.specialty).to.equal(60);
      expect(scoreCoach(teacher, coach('b', { specialties: ['math', 'literacy'] })).parts.specialty).to.equal(40); // 60 × 2/3
      expect(scoreCoach(teacher, coach('c', { specialties: ['data'] })).parts.specialty).to.equal(20); // 60 × 1/3
      expect(scoreCoach(teacher, coach('d', { specialties: ['sel'] })).parts.specialty).to.equal(0);
      expect(scoreCoach({ gradeBand: 'g6_8', needAreas: [] }, coach('e', { specialties: ['math'] })).parts.specialty).to.equal(0);
    });

    it('grade band: 25 for the same band, 10 for a neighbouring band, 0 otherwise', () => {
      expect(scoreCoach(teacher, coach('a', { gradeBands: ['k_2', 'g6_8'] })).parts.gradeBand).to.equal(25);
      expect(scoreCoach(teacher, coach('b', { gradeBands: ['g3_5'] })).parts.gradeBand).to.equal(10);
      expect(scoreCoach(teacher, coach('c', { gradeBands: ['g9_12'] })).parts.gradeBand).to.equal(10);
      expect(scoreCoach(teacher, coach('d', { gradeBands: ['k_2', 'adult'] })).parts.gradeBand).to.equal(0);
    });

    it('headroom is the free share of capacity out of 15, rounded; at or over capacity is 0 and "full"', () => {
      const half = scoreCoach(teacher, coach('a', { capacity: 10, caseload: 5 }));
      expect(half.parts.headroom).to.equal(8); // 15 × 5/10 = 7.5 → 8
      expect(half.full).to.equal(false);
      expect(scoreCoach(teacher, coach('b', { capacity: 4, caseload: 1 })).parts.headroom).to.equal(11); // 15 × 3/4 = 11.25
      expect(scoreCoach(teacher, coach('c', { capacity: 8, caseload: 0 })).parts.headroom).to.equal(15);
      const full = scoreCoach(teacher, coach('d', { capacity: 5, caseload: 5 }));
      expect(full).to.include({ full: true });
      expect(full.parts.headroom).to.equal(0);
      const over = scoreCoach(teacher, coach('e', { capacity: 5, caseload: 7 }));
      expect(over).to.include({ full: true });
      expect(over.parts.headroom).to.equal(0);
    });

    it('adds the parts and explains each in plain words', () => {
      const s = scoreCoach(teacher, coach('Bea', { specialties: ['math', 'literacy', 'data'], gradeBands: ['g3_5'], capacity: 10, caseload: 0 }));
      expect(s.score).to.equal(60 + 10 + 15);
      expect(s.reasons).to.deep.equal([
        'Specialises in 3 of 3 areas asked for: Math, Literacy, Data analysis',
        'Works with a neighbouring grade band (Grades 3–5)',
        'Has room: 10 of 10 places free',
      ]);
      const full = scoreCoach(teacher, coach('Dan', { specialties: ['sel'], gradeBands: ['adult'], capacity: 5, caseload: 5 }));
      expect(full.reasons).to.deep.equal(['Specialises in none of the areas asked for', 'Does not list Grades 6–8', 'At capacity (5 of 5 places taken)']);
    });

    it('a coach without a profile scores on headroom only and says why', () => {
      const s = scoreCoach(teacher, coach('New', { hasProfile: false, capacity: 12, caseload: 0 }));
      expect(s.score).to.equal(15);
      expect(s.reasons[0]).to.match(/not filled in a coach profile/);
    });
  });

  describe('ordering', () => {
    it('ranks by score, and puts coaches at capacity after every coach with room', () => {
      const a = coach('Ada', { specialties: ['math', 'literacy'], gradeBands: ['g6_8'], capacity: 10, caseload: 5 }); // 40 + 25 + 8 = 73
      const b = coach('Bea', { specialties: ['math', 'literacy', 'data'], gradeBands: ['g3_5'], capacity: 10, caseload: 0 }); // 60 + 10 + 15 = 85
      const c = coach('Cal', { specialties: ['math'], gradeBands: ['k_2'], capacity: 4, caseload: 1 }); // 20 + 0 + 11 = 31
      const d = coach('Dee', { specialties: ['math', 'literacy', 'data'], gradeBands: ['g6_8'], capacity: 5, caseload: 5 }); // 60 + 25 + 0 = 85, full
      const e = coach('Eli', { hasProfile: false, capacity: 12, caseload: 0 }); // 0 + 0 + 15 = 15
      const ranked = suggestCoaches(teacher, [d, c, e, a, b]);
      expect(ranked.map((s) => [s.coach.name, s.score, s.full])).to.deep.equal([
        ['Bea', 85, false], ['Ada', 73, false], ['Cal', 31, false], ['Eli', 15, false], ['Dee', 85, true],
      ]);
    });

    it('breaks ties by free places, then by name, then by id, whatever the input order', () => {
      const small = coach('Zoe', { specialties: ['math'], gradeBands: ['g6_8'], capacity: 10, caseload: 0 }); // 20 + 25 + 15 = 60, 10 free
      const large = coach('Yan', { specialties: ['math'], gradeBands: ['g6_8'], capacity: 20, caseload: 0 }); // 60, 20 free
      const twinA = coach('Kim', { specialties: ['math'], gradeBands: ['g6_8'], capacity: 10, caseload: 0 }); // 60, 10 free
      const twinB = coach('Kim', { specialties: ['math'], gradeBands: ['g6_8'], capacity: 10, caseload: 0 }); // identical but a later id
      const expected = [large.personId, twinA.personId, twinB.personId, small.personId];
      for (const order of [[small, large, twinA, twinB], [twinB, small, twinA, large], [large, twinB, twinA, small]]) {
        const ranked = suggestCoaches(teacher, order);
        expect(ranked.every((s) => s.score === 60)).to.equal(true);
        expect(ranked.map((s) => s.coach.personId)).to.deep.equal(expected);
      }
    });

    it('orders coaches at capacity among themselves by score too', () => {
      const fullLow = coach('Abe', { specialties: [], gradeBands: ['g6_8'], capacity: 3, caseload: 3 }); // 25
      const fullHigh = coach('Bo', { specialties: ['math'], gradeBands: ['g6_8'], capacity: 3, caseload: 4 }); // 45
      const roomy = coach('Cy', { capacity: 10, caseload: 9 }); // 0 + 0 + 2 = 2
      expect(suggestCoaches(teacher, [fullLow, roomy, fullHigh]).map((s) => s.coach.name)).to.deep.equal(['Cy', 'Bo', 'Abe']);
    });
  });

  describe('docs/matching.md', () => {
    const doc = fs.readFileSync(path.join(__dirname, '../../../docs/matching.md'), 'utf8').replace(/\s+/g, ' ');

    it('explains the ranking in the same words as the assignments page', () => {
      for (const sentence of RANKING_EXPLANATION) expect(doc, sentence).to.contain(sentence);
    });
  });
});
