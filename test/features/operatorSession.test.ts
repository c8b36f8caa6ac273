import { expect } from 'chai';
import type { Response } from 'express';
import { LoginThrottle } from '../../src/features/operator/loginThrottle';
import { OPERATOR_SESSION_MS, OperatorGate, operatorSessionKey, signOperatorSession, verifyOperatorSession } from '../../src/features/operator/operatorSession';

const TOKEN = 'unit-operator-token-0123456789abcdef';
const KEY = 'unit-encryption-key-0123456789abcdef0123';

/** A Response stand-in recording res.cookie calls. */
function cookieJar() {
  const set: Array<{ name: string; value: string; options: Record<string, unknown> }> = [];
  const res = { cookie: (name: string, value: string, options: Record<string, unknown>) => void set.push({ name, value, options }) } as unknown as Response;
  return { res, set };
}

describe('operator session and sign-in throttle', () => {
  it('signs sessions that verify until they expire, and only under the same key', () => {
    const key = operatorSessionKey(KEY, TOKEN);
    const now = Date.UTC(2026, 0, 1);
    const value = signOperatorSession(key, new Date(now + 1000), 'session-id-0123456789');
    expect(verifyOperatorSession(key, value, now)?.sessionId).to.equal('session-id-0123456789');
    expect(verifyOperatorSession(key, value, now + 1000)).to.equal(undefined);
    expect(verifyOperatorSession(operatorSessionKey(KEY, `${TOKEN}x`), value, now)).to.equal(undefined);
    expect(verifyOperatorSession(key, value.replace('session-id', 'session-ID'), now)).to.equal(undefined);
    expect(verifyOperatorSession(key, undefined, now)).to.equal(undefined);
  });

  it('sets an HttpOnly, SameSite=Strict cookie on /operator, Secure when CoachLoop is served over https', () => {
    const now = Date.UTC(2026, 0, 1);
    for (const secure of [true, false]) {
      const gate = new OperatorGate({ operatorToken: TOKEN, encryptionKey: KEY, secure, now: () => now });
      const { res, set } = cookieJar();
      const identity = gate.startSession(res);
      expect(set[0].name).to.equal('coachloop_operator');
      expect(set[0].options).to.deep.include({ httpOnly: true, sameSite: 'strict', secure, path: '/operator' });
      expect((set[0].options.expires as Date).getTime()).to.equal(now + OPERATOR_SESSION_MS);
      expect(identity.csrfToken).to.have.length.greaterThan(20);
    }
  });

  it('compares tokens whatever their length, and is off without a token', () => {
    const gate = new OperatorGate({ operatorToken: TOKEN, encryptionKey: KEY, secure: false });
    expect(gate.tokenMatches(TOKEN)).to.equal(true);
    expect(gate.tokenMatches(TOKEN.slice(0, -1))).to.equal(false);
    expect(gate.tokenMatches(`${TOKEN}${TOKEN}`)).to.equal(false);
    const off = new OperatorGate({ encryptionKey: KEY, secure: false });
    expect(off.enabled).to.equal(false);
    expect(off.tokenMatches('')).to.equal(false);
    expect(() => off.assertEnabled()).to.throw('OPERATOR_TOKEN');
  });

  it('locks an address after 5 failures within 15 minutes, until the oldest leaves the window', () => {
    let now = 0;
    const throttle = new LoginThrottle({ now: () => now });
    for (let i = 0; i < 4; i += 1) {
      throttle.fail('203.0.113.7');
      now += 60_000;
    }
    expect(throttle.lockedFor('203.0.113.7')).to.equal(0);
    throttle.fail('203.0.113.7');
    expect(throttle.lockedFor('203.0.113.7')).to.equal(15 * 60_000 - 4 * 60_000);
    expect(throttle.lockedFor('198.51.100.1')).to.equal(0);
    now = 15 * 60_000 + 1;
    expect(throttle.lockedFor('203.0.113.7')).to.equal(0);
    throttle.succeed('203.0.113.7');
    throttle.fail('203.0.113.7');
    expect(throttle.lockedFor('203.0.113.7')).to.equal(0);
  });
});
