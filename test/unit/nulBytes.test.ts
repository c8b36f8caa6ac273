/** holdsNulByte: finds a NUL byte in any key or value of a parsed query or body, at any depth. */
import { expect } from 'chai';
import { holdsNulByte } from '../../src/http/nulBytes';

describe('holdsNulByte', () => {
  it('finds a NUL byte in values, keys, arrays and nested objects', () => {
    expect(holdsNulByte('a\u0000')).to.equal(true);
    expect(holdsNulByte({ notes: ['ok', 'x\u0000y'] })).to.equal(true);
    expect(holdsNulByte({ 'a\u0000': 'ok' })).to.equal(true);
    expect(holdsNulByte({ a: { b: [{ c: '\u0000' }] } })).to.equal(true);
    expect(holdsNulByte(JSON.parse(`${'['.repeat(3000)}"\\u0000"${']'.repeat(3000)}`))).to.equal(true);
  });

  it('passes everything else, including other control characters, numbers, null and buffers', () => {
    expect(holdsNulByte({ a: 'tab\there', b: ['\u0001', '😀', '\u202E'], c: 1, d: null, e: true })).to.equal(false);
    expect(holdsNulByte(Buffer.from([0, 0, 0]))).to.equal(false);
    expect(holdsNulByte(undefined)).to.equal(false);
  });
});
