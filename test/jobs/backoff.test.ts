import { expect } from 'chai';
import { backoffDelayMs } from '../../src/jobs/backoff';

describe('job backoff', () => {
  it('doubles the ceiling per attempt up to the maximum, with full jitter below it', () => {
    const top = { baseMs: 2000, maxMs: 60_000, random: () => 0.999999 };
    expect([1, 2, 3, 4, 5, 6, 7, 8].map((a) => backoffDelayMs(a, top))).to.deep.equal([1999, 3999, 7999, 15_999, 31_999, 59_999, 59_999, 59_999]);
    expect(backoffDelayMs(3, { ...top, random: () => 0 })).to.equal(0);
    expect(backoffDelayMs(3, { ...top, random: () => 0.5 })).to.equal(4000);
  });

  it('stays finite for absurd attempt counts', () => {
    expect(backoffDelayMs(10_000, { baseMs: 2000, maxMs: 300_000, random: () => 0.5 })).to.equal(150_000);
  });
});
