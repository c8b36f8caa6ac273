/**
 * Grade delivery test set-up: a course in the simulated LMS with a coach and learners, the
 * coach's launch (which records the tenant and the space with its AGS line items URL), the
 * learners as CoachLoop people, job runners with a hand-moved clock, and checks of what the
 * LMS gradebook ended up with.
 */
import { expect } from 'chai';
import { QueryTypes, type Sequelize } from 'sequelize';
import { JobQueue } from '../../../src/jobs/jobQueue';
import { storedDate } from '../../../src/jobs/jobRows';
import { enqueueGrade, type GradeProps } from '../../../src/features/grades/gradeOutbox';
import { registerGradeDelivery, type GradeWorker, type GradeWorkerOptions } from '../../../src/features/grades/gradeWorker';
import { testDatabase } from '../../helpers/database';
import type { Harness } from '../../helpers/harness';

const LIS = 'http://purl.imsglobal.org/vocab/lis/v2/';

/** A clock tests move by hand, shared by the workers of one test. */
export function testClock(start = '2030-03-01T08:00:00.000Z') {
  let t = Date.parse(start);
  return { now: () => new Date(t), advance: (ms: number) => void (t += ms), set: (ms: number) => void (t = ms), get ms() { return t; } };
}
export type TestClock = ReturnType<typeof testClock>;

/** A repeatable uniform random source (Park–Miller). */
export function seeded(seed: number): () => number {
  let s = seed % 2147483647 || 1;
  return () => ((s = (s * 16807) % 2147483647) - 1) / 2147483646;
}

/** A course with a coach and `learners` learners, in the LMS and in CoachLoop. */
export interface GradeCourse {
  sequelize: Sequelize;
  tenantId: number;
  spaceId: number;
  courseId: string;
  resourceLinkId: string;
  learners: Array<{ personId: number; sub: string }>;
}

/** Sets up a course; the coach's launch creates the space with its AGS line items URL. */
export async function gradeCourse(h: Harness, courseId: string, learners: number): Promise<GradeCourse> {
  const sequelize = await testDatabase();
  const coach = `${courseId}-coach`;
  h.sim.addCourse({ id: courseId, title: `Course ${courseId}`, label: courseId });
  h.sim.addUser({ sub: coach, name: 'Cora Coach', given_name: 'Cora', family_name: 'Coach' });
  h.sim.enroll(courseId, coach, [`${LIS}membership#Instructor`]);
  const resourceLinkId = `${courseId}-reflections`;
  const page = await h.launch({ userSub: coach, courseId, resourceLinkId });
  expect(page.status, 'the coach launch works').to.equal(200);
  const [space] = await sequelize.query<{ id: number; tenant_id: number; ags_lineitems_url: string | null }>(
    'SELECT s.id, s.tenant_id, s.ags_lineitems_url FROM spaces s JOIN tenants t ON t.id = s.tenant_id WHERE t.client_id = ? AND s.context_id = ?',
    { replacements: [h.clientId, courseId], type: QueryTypes.SELECT },
  );
  expect(space?.ags_lineitems_url, 'the launch stored the AGS line items URL').to.be.a('string');
  const people: GradeCourse['learners'] = [];
  const stamp = new Date();
  for (let i = 1; i <= learners; i++) {
    const sub = `${courseId}-learner-${i}`;
    h.sim.addUser({ sub, name: `Learner ${i}` });
    h.sim.enroll(courseId, sub, [`${LIS}membership#Learner`]);
    const [id] = (await sequelize.query('INSERT INTO people (tenant_id, sub, name, created_at, updated_at) VALUES (?, ?, ?, ?, ?)', {
      replacements: [Number(space.tenant_id), sub, `Learner ${i}`, stamp, stamp],
      type: QueryTypes.INSERT,
    })) as unknown as [number];
    people.push({ personId: Number(id), sub });
  }
  return { sequelize, tenantId: Number(space.tenant_id), spaceId: Number(space.id), courseId, resourceLinkId, learners: people };
}

/** Grade props for a learner on a reflection task of the course. */
export function gradeFor(c: GradeCourse, learner: { personId: number }, scoreGiven: number, opts: Partial<GradeProps> & { task?: number; sourceId?: number } = {}): GradeProps {
  const task = opts.task ?? 1;
  return {
    tenantId: c.tenantId, spaceId: c.spaceId, personId: learner.personId, resourceKey: `reflection-task:${task}`,
    lineItem: { label: `Reflection ${task}`, scoreMaximum: 10, resourceLinkId: c.resourceLinkId, tag: 'reflection' },
    scoreGiven, scoreMaximum: 10, comment: `Feedback ${scoreGiven}`, source: { type: 'reflection', id: opts.sourceId ?? learner.personId * 100 + task },
    ...opts,
  };
}

/** Queues a grade in its own transaction. */
export async function give(c: GradeCourse, props: GradeProps) {
  return c.sequelize.transaction((t) => enqueueGrade(c.sequelize, t, props));
}

/** A job runner with grade delivery on the test clock, quick time-outs and short backoff. */
export function gradeRunner(h: Harness, sequelize: Sequelize, clock: TestClock, workerId: string, opts: GradeWorkerOptions = {}): { queue: JobQueue; worker: GradeWorker } {
  const queue = new JobQueue(sequelize, { workerId, now: clock.now, random: () => 0.5, onError: () => undefined });
  const worker = registerGradeDelivery(queue, { sequelize, lti: h.coachloop.lti }, {
    requestTimeoutMs: 400, baseBackoffMs: 1000, maxBackoffMs: 20_000, leaseMs: 30_000, random: () => 0.5, onError: () => undefined, ...opts,
  });
  return { queue, worker };
}

/** Grades of other tests' spaces (their simulators are gone) are set aside, so each test drains only its own. */
export async function setAsideOtherGrades(sequelize: Sequelize, spaceId: number): Promise<void> {
  await sequelize.query("UPDATE grade_outbox SET status = 'failed', last_error_code = 'SET_ASIDE_BY_TEST' WHERE space_id <> ? AND status IN ('pending', 'sending')", { replacements: [spaceId] });
}

/** Drains until the space has no grade waiting, moving the clock to each next due time; returns the rounds. */
export async function drainSpace(c: GradeCourse, clock: TestClock, queues: JobQueue[], maxRounds = 200): Promise<number> {
  for (let round = 1; round <= maxRounds; round++) {
    await Promise.all(queues.map((q) => q.drain()));
    const [next] = await c.sequelize.query<{ n: number | string; due: string | Date | null; lease: string | Date | null }>(
      "SELECT COUNT(*) AS n, MIN(CASE WHEN status = 'pending' THEN next_attempt_at END) AS due, MIN(CASE WHEN status = 'sending' THEN locked_until END) AS lease " +
        "FROM grade_outbox WHERE space_id = ? AND status IN ('pending', 'sending')",
      { replacements: [c.spaceId], type: QueryTypes.SELECT },
    );
    if (Number(next.n) === 0) return round;
    const times = [next.due, next.lease].filter((d): d is string | Date => d !== null).map((d) => storedDate(d).getTime());
    clock.set(Math.max(clock.ms, Math.min(...times)) + 1);
  }
  throw new Error(`grades of space ${c.spaceId} still waiting after ${maxRounds} rounds`);
}

/** The outbox rows of a space. */
export async function outboxRows(c: GradeCourse) {
  const rows = await c.sequelize.query<Record<string, unknown>>(
    'SELECT o.id, o.person_id, o.line_item_id, o.score_given, o.score_timestamp, o.status, o.attempts, o.last_error_code, o.last_error, o.maybe_delivered, p.sub ' +
      'FROM grade_outbox o JOIN people p ON p.id = o.person_id WHERE o.space_id = ? ORDER BY o.id',
    { replacements: [c.spaceId], type: QueryTypes.SELECT },
  );
  return rows.map((r) => ({
    id: Number(r.id), personId: Number(r.person_id), lineItemId: Number(r.line_item_id), scoreGiven: r.score_given === null ? null : Number(r.score_given),
    timestamp: new Date(Number(r.score_timestamp)).toISOString(), scoreTimestamp: Number(r.score_timestamp), status: String(r.status), attempts: Number(r.attempts),
    code: r.last_error_code as string | null, error: r.last_error as string | null, maybeDelivered: Boolean(Number(r.maybe_delivered)), sub: String(r.sub),
  }));
}

/**
 * "Exactly once in effect": the gradebook's last score per person and line item is the latest
 * grade; each grade CoachLoop sent was accepted exactly once; every score request carried the
 * timestamp of one of CoachLoop's grades (re-sends repeat it, nothing else is sent).
 */
export async function expectExactlyOnceInEffect(h: Harness, c: GradeCourse): Promise<void> {
  const rows = await outboxRows(c);
  const urls = await c.sequelize.query<{ id: number | string; lineitem_url: string }>('SELECT id, lineitem_url FROM lms_line_items WHERE space_id = ?', {
    replacements: [c.spaceId], type: QueryTypes.SELECT,
  });
  const urlOf = new Map(urls.map((u) => [Number(u.id), u.lineitem_url]));
  const key = (url: string, user: string, ts: string) => `${url}|${user}|${ts}`;
  const ours = new Set(rows.map((r) => key(urlOf.get(r.lineItemId)!, r.sub, r.timestamp)));
  const requests = h.sim.scoreRequests().filter((q) => [...urlOf.values()].includes(q.lineItemId));
  for (const q of requests) expect(ours.has(key(q.lineItemId, q.userId ?? '', q.timestamp ?? '')), `request ${q.userId} ${q.timestamp} is one of our grades`).to.equal(true);
  const latest = new Map<string, (typeof rows)[number]>();
  for (const r of rows) if (r.status !== 'superseded') latest.set(`${r.lineItemId}|${r.personId}`, r);
  for (const r of rows.filter((x) => x.status !== 'superseded')) {
    expect(r.status, `grade ${r.id} for ${r.sub}: ${r.code ?? ''} ${r.error ?? ''}`).to.equal('sent');
    const accepted = requests.filter((q) => q.status === 200 && key(q.lineItemId, q.userId ?? '', q.timestamp ?? '') === key(urlOf.get(r.lineItemId)!, r.sub, r.timestamp));
    expect(accepted, `grade ${r.id} accepted once`).to.have.length(1);
  }
  for (const r of latest.values()) {
    const book = h.sim.scores(urlOf.get(r.lineItemId)!).filter((s) => s.userId === r.sub).at(-1);
    expect(book && { score: book.scoreGiven, timestamp: book.timestamp }, `gradebook for ${r.sub}`).to.deep.equal({ score: r.scoreGiven, timestamp: r.timestamp });
  }
}
