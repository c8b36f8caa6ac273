/**
 * Child process of the survey benchmark: CoachLoop as the server runs it (configuration, its own
 * fresh database, migrations, createApp) on 127.0.0.1, with the simulated LMS registered as a
 * platform and the deployment as a tenant, and the survey routes mounted (by this child as long as
 * src/app.ts does not mount them). After the coach's launch it answers:
 *   setup    a published, anonymous 20-question survey for the course's teachers, placed as the
 *            resource link every launch comes through (so submissions queue completion credit)
 *   inserts  the in-process baseline: N single-row INSERT transactions started at once, through the
 *            same write queue as survey submissions (one at a time on SQLite, side by side on MariaDB)
 *   verify   what the database holds for the survey: completions, responses, markers, outbox rows
 *   stats    this process's CPU time
 */
import { performance } from 'node:perf_hooks';
import { QueryTypes, type Sequelize } from 'sequelize';
import type { Actor } from '../../src/auth/actor';
import type { TenantRef } from '../../src/features/launch/tenantResolver';
import { addQuestion } from '../../src/features/surveys/commands/questionAdder';
import { createSurvey } from '../../src/features/surveys/commands/surveyCreator';
import { publishSurvey } from '../../src/features/surveys/commands/surveyPublisher';
import { surveyTransaction } from '../../src/features/surveys/commands/writeQueue';
import { attachPlacement } from '../../src/features/surveys/placement';
import { surveyRoutes } from '../../src/features/surveys/routes';
import type { QuestionDefinition } from '../../src/features/surveys/schema';
import { announceReady, childSettings, runChild, serveParent } from '../common/child';
import { startBenchCoachLoop } from '../common/coachloopServer';
import type { BenchQuestion, CoachSettings, InsertBaseline, SurveyCheck, SurveySetup } from './protocol';

interface Layer { handle: { length: number } }

/** The 20 questions: every kind, as a real end-of-year survey mixes them. */
export function benchQuestions(): QuestionDefinition[] {
  const likert = (i: number): QuestionDefinition => ({ kind: 'likert5', prompt: `Statement ${i}: coaching changed how I teach.`, required: true, compareKey: `bench.likert_${i}` });
  const options = ['Never', 'A few times a year', 'Monthly', 'Weekly', 'Daily'];
  return [
    { kind: 'number', prompt: 'Respondent number (the benchmark marker)', required: true, min: 0, max: 1_000_000 },
    ...[1, 2, 3, 4, 5, 6, 7, 8].map(likert),
    ...[1, 2, 3, 4].map((i): QuestionDefinition => ({ kind: 'single', prompt: `How often ${i}?`, required: true, options })),
    { kind: 'multiple', prompt: 'Which helped?', required: false, options: ['Planning', 'Visits', 'Co-teaching', 'Modeling', 'Debriefs'] },
    { kind: 'multiple', prompt: 'Which tools?', required: false, options: ['Slides', 'Video', 'Forums', 'Quizzes'] },
    { kind: 'number', prompt: 'Hours a week with students on technology?', required: false, min: 0, max: 60 },
    { kind: 'short_text', prompt: 'One word for this year', required: false },
    { kind: 'short_text', prompt: 'Your subject', required: false },
    { kind: 'long_text', prompt: 'What changed most?', required: false },
    { kind: 'long_text', prompt: 'What should change next year?', required: false },
  ];
}

/** Mounts the survey routes before the app's 404 and error handlers, unless src/app.ts already does. */
function mountSurveys(coachloop: Awaited<ReturnType<typeof startBenchCoachLoop>>['coachloop'], sequelize: Sequelize): boolean {
  const { app, routes } = coachloop;
  if (routes.routes.some((r) => r.path === '/app/surveys')) return false;
  const stack = (app as unknown as { _router: { stack: Layer[] } })._router.stack;
  const before = stack.length;
  if (stack[before - 1]?.handle.length !== 4) throw new Error('The app no longer ends with its error handler; update bench/surveys/coachloopProcess.ts');
  surveyRoutes(app, routes, { sequelize });
  stack.splice(before - 2, 0, ...stack.splice(before));
  return true;
}

runChild(async () => {
  const settings = childSettings<CoachSettings>();
  const { coachloop, sequelize, publicUrl, stop } = await startBenchCoachLoop(settings);
  const mounted = mountSurveys(coachloop, sequelize);
  // startBenchCoachLoop configures development mode, in which createApp turns Express's view cache
  // off (every page recompiles its templates); a production server caches them, so this one does.
  coachloop.app.enable('view cache');

  serveParent({
    handlers: {
      setup: async (): Promise<SurveySetup> => {
        const [space] = await sequelize.query<{ id: number; tenant_id: number; title: string }>(
          'SELECT s.id, s.tenant_id, s.title FROM spaces s JOIN tenants t ON t.id = s.tenant_id WHERE t.client_id = ? AND s.context_id = ?',
          { replacements: [settings.tool.clientId, settings.courseId], type: QueryTypes.SELECT },
        );
        if (!space) throw new Error("the coach's launch did not record the course");
        const [coach] = await sequelize.query<{ id: number }>('SELECT id FROM people WHERE tenant_id = ? AND sub = ?', { replacements: [space.tenant_id, settings.coachSub], type: QueryTypes.SELECT });
        const tenant: TenantRef = { id: Number(space.tenant_id), name: 'Bench District', issuer: settings.platform.issuer, clientId: settings.tool.clientId, deploymentId: settings.tool.deploymentId, status: 'active' };
        const actor: Actor = {
          tenant, person: { id: Number(coach.id), sub: settings.coachSub, name: 'Cora Coach' }, space: { id: Number(space.id), contextId: settings.courseId, title: space.title },
          role: 'coach', ltiRoles: [], ltik: '', launch: {} as Actor['launch'],
        };
        const surveyId = await createSurvey(sequelize, {
          actor, settings: { title: 'End of year (benchmark)', kind: 'eoy', audienceRoles: ['teacher'], audienceCoaching: 'all', anonymous: true, editUntilClose: false },
        });
        const questions: BenchQuestion[] = [];
        for (const [i, q] of benchQuestions().entries()) {
          const id = await addQuestion(sequelize, { actor, surveyId, question: q });
          questions.push({ id, kind: q.kind, options: q.options ?? [], marker: i === 0 });
        }
        await publishSurvey(sequelize, { actor, surveyId });
        await attachPlacement(sequelize, surveyId, { spaceId: Number(space.id), resourceLinkId: settings.resourceLinkId });
        return { surveyId, questions };
      },
      inserts: async (request): Promise<InsertBaseline> => {
        const n = Number(request.n);
        await sequelize.query('CREATE TABLE IF NOT EXISTS bench_plain_inserts (id CHAR(36) NOT NULL PRIMARY KEY, survey_id INTEGER NOT NULL, answers TEXT NOT NULL)');
        const answers = JSON.stringify(request.sample);
        const latenciesMs: number[] = [];
        const t0 = performance.now();
        await Promise.all(Array.from({ length: n }, async () => {
          const s = performance.now();
          await surveyTransaction(sequelize, (transaction) => sequelize.query('INSERT INTO bench_plain_inserts (id, survey_id, answers) VALUES (?, ?, ?)', {
            replacements: [crypto.randomUUID(), 0, answers], type: QueryTypes.INSERT, transaction,
          }));
          latenciesMs.push(performance.now() - s);
        }));
        return { latenciesMs, seconds: (performance.now() - t0) / 1000 };
      },
      verify: async (request): Promise<SurveyCheck> => {
        const surveyId = Number(request.surveyId);
        const markerId = String(request.markerQuestionId);
        const one = async (sql: string, replacements: unknown[]) => Number((await sequelize.query<{ n: number }>(sql, { replacements, type: QueryTypes.SELECT }))[0].n);
        const responses = await sequelize.query<{ answers: string }>('SELECT answers FROM survey_responses WHERE survey_id = ?', { replacements: [surveyId], type: QueryTypes.SELECT });
        return {
          completions: await one('SELECT COUNT(*) AS n FROM survey_completions WHERE survey_id = ?', [surveyId]),
          distinctPeople: await one('SELECT COUNT(DISTINCT person_id) AS n FROM survey_completions WHERE survey_id = ?', [surveyId]),
          responses: responses.length,
          markers: responses.map((r) => Number((JSON.parse(r.answers) as Record<string, unknown>)[markerId])),
          drafts: await one('SELECT COUNT(*) AS n FROM survey_drafts WHERE survey_id = ?', [surveyId]),
          outboxRows: await one("SELECT COUNT(*) AS n FROM grade_outbox WHERE source_type = 'survey' AND resource_key = ?", [`survey:${surveyId}`]),
          outboxPeople: await one("SELECT COUNT(DISTINCT person_id) AS n FROM grade_outbox WHERE source_type = 'survey' AND resource_key = ?", [`survey:${surveyId}`]),
        };
      },
      stats: () => {
        const cpu = process.cpuUsage();
        return { cpuMicros: cpu.user + cpu.system };
      },
    },
    stop,
  });
  announceReady({ url: publicUrl, pid: process.pid, mountedByBench: mounted });
});
