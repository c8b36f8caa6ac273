/**
 * The rules form under random input (fast-check): every answer is a saved rule set (303) or a
 * 400 with a message that changed nothing — never a 500 — and the summary still renders after
 * whatever was saved.
 */
import { expect } from 'chai';
import fc from 'fast-check';
import { QueryTypes } from 'sequelize';
import { decodeHtmlEntities } from '../../../src/simulator/client';
import { coachingCourse, type CoachingCourse } from '../../helpers/coaching';
import { type Harness, startHarness } from '../../helpers/harness';
import { RULES_FORM } from './fixture';

describe('PD credit: the rules form under random input', function () {
  this.timeout(120_000);
  let h: Harness;
  let c: CoachingCourse;
  before(async () => {
    h = await startHarness();
    c = await coachingCourse(h, 'pd-credit-fuzz');
  });
  after(() => h.stop());

  const stored = async () => JSON.stringify(await c.sequelize.query('SELECT * FROM pd_credit_rules WHERE tenant_id = ?', { replacements: [c.tenantId], type: QueryTypes.SELECT }));

  it('answers 303 or 400 (nothing changed), never 500', async () => {
    const value = fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('', '0', '-1', '0.25', '1e3', '1001', 'NaN', 'Infinity', '0x10', ' 7 ', '5.555', '=1+1', 'yes', 'no', '13'));
    const field = fc.constantFrom(...Object.keys(RULES_FORM));
    let saved = 0;
    let refused = 0;
    await fc.assert(fc.asyncProperty(fc.dictionary(field, value, { maxKeys: 4 }), async (changes) => {
      const before = await stored();
      const res = await c.post('admin', '/app/pd-credit/rules', { ...RULES_FORM, ...changes });
      expect([303, 400], `${res.status} for ${JSON.stringify(changes)}`).to.include(res.status);
      if (res.status === 400) {
        refused++;
        expect(decodeHtmlEntities(res.html)).to.match(/role="alert"[^>]*>[^<]{10,}</);
        expect(await stored()).to.equal(before);
      } else {
        saved++;
        const page = await c.get('teacher', '/app/pd-credit');
        expect(page.status, `summary after ${JSON.stringify(changes)}`).to.equal(200);
      }
    }), { numRuns: 60 });
    expect(saved, 'some random forms are valid').to.be.greaterThan(0);
    expect(refused, 'some are refused').to.be.greaterThan(0);
  });
});
