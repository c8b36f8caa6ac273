/**
 * Child process of the grade delivery benchmark: CoachLoop as the server runs it (configuration,
 * its own fresh database, migrations, createApp) on 127.0.0.1, with the simulated LMS registered
 * as a platform and the deployment as a tenant. After the coach's launch (made by the parent,
 * which records the space and its AGS line items URL), it answers:
 *   prepare  the learners as CoachLoop people
 *   token    a service token for the parent's raw client (line items and scores)
 *   enqueue  N grades, each in its own transaction as the reflection feature writes them
 *   drain    job runners with grade delivery on the real clock until no grade waits; what was sent
 *   floor    N scores posted with postScore from this process, no database: the HTTP floor
 */
import { performance } from 'node:perf_hooks';
import { QueryTypes, type Sequelize } from 'sequelize';
import { enqueueGrade } from '../../src/features/grades/gradeOutbox';
import { registerGradeDelivery, type GradeWorker } from '../../src/features/grades/gradeWorker';
import { JobQueue } from '../../src/jobs/jobQueue';
import { storedDate } from '../../src/jobs/jobRows';
import { postScore, type AgsCall } from '../../src/lti/agsScores';
import { CachedServiceTokens, type ServiceTokens } from '../../src/lti/serviceHttp';
import { announceReady, childSettings, runChild, serveParent } from '../common/child';
import { startBenchCoachLoop } from '../common/coachloopServer';
import type { CoachSettings, DrainOptions, DrainReport, SentGrade } from './protocol';

const SCOPES = ['https://purl.imsglobal.org/spec/lti-ags/scope/lineitem', 'https://purl.imsglobal.org/spec/lti-ags/scope/score'];

runChild(async () => {
  const settings = childSettings<CoachSettings>();
  const { coachloop, sequelize, publicUrl, stop } = await startBenchCoachLoop(settings);
  let space: { id: number; tenantId: number } | undefined;
  const learners: Array<{ personId: number; sub: string }> = [];

  serveParent({
    handlers: {
      prepare: async (request) => {
        const [row] = await sequelize.query<{ id: number; tenant_id: number; ags_lineitems_url: string | null }>(
          'SELECT s.id, s.tenant_id, s.ags_lineitems_url FROM spaces s JOIN tenants t ON t.id = s.tenant_id WHERE t.client_id = ? AND s.context_id = ?',
          { replacements: [settings.tool.clientId, settings.courseId], type: QueryTypes.SELECT },
        );
        if (!row?.ags_lineitems_url) throw new Error("the coach's launch did not record the space with its AGS line items URL");
        space = { id: Number(row.id), tenantId: Number(row.tenant_id) };
        const now = new Date();
        for (const sub of request.learners as string[]) {
          const [id] = (await sequelize.query('INSERT INTO people (tenant_id, sub, name, created_at, updated_at) VALUES (?, ?, ?, ?, ?)', {
            replacements: [space.tenantId, sub, sub, now, now], type: QueryTypes.INSERT,
          })) as unknown as [number];
          learners.push({ personId: Number(id), sub });
        }
        return { spaceId: space.id, learners: learners.length };
      },
      token: async () => (await coachloop.lti.serviceToken(settings.platform.issuer, settings.tool.clientId, SCOPES)).accessToken,
      enqueue: async (request) => {
        if (!space) throw new Error('prepare first');
        const s = space;
        const tasks = request.tasks as number[];
        const grades = Number(request.grades);
        const t0 = performance.now();
        for (let i = 0; i < grades; i++) {
          const learner = learners[i % learners.length];
          const task = tasks[Math.floor(i / learners.length) % tasks.length];
          await sequelize.transaction((transaction) => enqueueGrade(sequelize, transaction, {
            tenantId: s.tenantId, spaceId: s.id, personId: learner.personId, resourceKey: `reflection-task:${task}`,
            lineItem: { label: `Reflection ${task}`, scoreMaximum: 10, resourceLinkId: 'rl-grades-bench', tag: 'reflection' },
            scoreGiven: (i % 11) + (task % 2) / 2, scoreMaximum: 10, comment: 'Thank you for this reflection.',
            source: { type: 'reflection', id: task * 100_000 + i }, maxAttempts: Number(request.maxAttempts),
          }));
        }
        return { seconds: (performance.now() - t0) / 1000 };
      },
      drain: async (request) => drain(sequelize, coachloop.lti, space?.id, request.tasks as number[], request.options as DrainOptions),
      floor: async (request) => floor(coachloop.lti, settings, request.items as string[], request.learners as string[], Number(request.scores), Number(request.concurrency), Number(request.stampMs)),
    },
    stop,
  });
  announceReady({ url: publicUrl, pid: process.pid });
});

/** Posts `n` scores with postScore (cached token, no database), `concurrency` at a time: the HTTP floor of this process. */
async function floor(lti: ServiceTokens, settings: CoachSettings, items: string[], learners: string[], n: number, concurrency: number, stampMs: number): Promise<{ seconds: number; cpuMs: number; failed: number }> {
  const call: AgsCall = { tokens: new CachedServiceTokens(lti), platform: { issuer: settings.platform.issuer, clientId: settings.tool.clientId }, timeoutMs: 10_000 };
  let next = 0;
  let failed = 0;
  const lane = async () => {
    while (next < n) {
      const i = next++;
      await postScore(call, items[i % items.length], {
        userId: learners[Math.floor(i / items.length) % learners.length], scoreGiven: i % 11, scoreMaximum: 10, activityProgress: 'Completed',
        gradingProgress: 'FullyGraded', timestampMs: stampMs + i, comment: 'Thank you for this reflection.',
      }).catch(() => failed++);
    }
  };
  const cpu = process.cpuUsage();
  const t0 = performance.now();
  await Promise.all(Array.from({ length: concurrency }, lane));
  const used = process.cpuUsage(cpu);
  return { seconds: (performance.now() - t0) / 1000, cpuMs: (used.user + used.system) / 1000, failed };
}

/** Runs job runners with grade delivery until none of the space's grades waits; reports the time and what was sent. */
async function drain(sequelize: Sequelize, lti: Parameters<typeof registerGradeDelivery>[1]['lti'], spaceId: number | undefined, tasks: number[], o: DrainOptions): Promise<DrainReport> {
  if (spaceId === undefined) throw new Error('prepare first');
  const runners: Array<{ queue: JobQueue; worker: GradeWorker }> = [];
  for (let w = 0; w < o.workers; w++) {
    const queue = new JobQueue(sequelize, { workerId: `bench-worker-${w + 1}-${process.pid}` });
    const worker = registerGradeDelivery(queue, { sequelize, lti }, {
      concurrency: o.concurrency, batchSize: o.batchSize, requestTimeoutMs: o.requestTimeoutMs,
      baseBackoffMs: o.baseBackoffMs, maxBackoffMs: o.maxBackoffMs, maxRetryAfterMs: o.maxRetryAfterMs,
    });
    runners.push({ queue, worker });
  }
  const keys = tasks.map((t) => `reflection-task:${t}`);
  const cpu = process.cpuUsage();
  const t0 = performance.now();
  for (;;) {
    await Promise.all(runners.map((r) => r.queue.drain()));
    const [left] = await sequelize.query<{ n: number | string; due: string | Date | null }>(
      "SELECT COUNT(*) AS n, MIN(next_attempt_at) AS due FROM grade_outbox WHERE space_id = ? AND resource_key IN (?) AND status IN ('pending', 'sending')",
      { replacements: [spaceId, keys], type: QueryTypes.SELECT },
    );
    if (Number(left.n) === 0) break;
    // Retries wait for their time: sleep until the first is due (leased rows: a short poll).
    const wait = left.due === null ? 50 : storedDate(left.due).getTime() - Date.now();
    await new Promise((resolve) => setTimeout(resolve, Math.min(500, Math.max(5, wait))));
  }
  const seconds = (performance.now() - t0) / 1000;
  const used = process.cpuUsage(cpu);
  await Promise.all(runners.map((r) => r.queue.stop()));
  const rows = await sequelize.query<{ lineitem_url: string; sub: string; score_timestamp: number | string; score_given: number | null; status: string; attempts: number }>(
    'SELECT li.lineitem_url, p.sub, o.score_timestamp, o.score_given, o.status, o.attempts FROM grade_outbox o JOIN lms_line_items li ON li.id = o.line_item_id ' +
      'JOIN people p ON p.id = o.person_id WHERE o.space_id = ? AND o.resource_key IN (?) ORDER BY o.id',
    { replacements: [spaceId, keys], type: QueryTypes.SELECT },
  );
  const grades: SentGrade[] = rows.map((r) => ({
    lineItemUrl: r.lineitem_url, userId: r.sub, timestamp: new Date(Number(r.score_timestamp)).toISOString(),
    scoreGiven: r.score_given === null ? null : Number(r.score_given), status: r.status, attempts: Number(r.attempts),
  }));
  const stats = { rounds: 0, claimed: 0, sent: 0, waiting: 0, failed: 0, superseded: 0 };
  for (const { worker } of runners) for (const k of Object.keys(stats) as Array<keyof typeof stats>) stats[k] += worker.stats[k];
  return { seconds, cpuMs: (used.user + used.system) / 1000, stats, grades };
}
