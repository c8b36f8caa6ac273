/** Awaiting a command expected to fail with an HttpError of a status and message. */
import { expect } from 'chai';

/** Awaits a promise expected to fail with an HttpError of this status and message. */
export async function expectHttp(p: Promise<unknown>, status: number, message: string): Promise<void> {
  try {
    await p;
  } catch (err) {
    expect((err as { status?: number }).status, String(err)).to.equal(status);
    expect((err as Error).message).to.contain(message);
    return;
  }
  expect.fail(`expected an error ${status}`);
}
