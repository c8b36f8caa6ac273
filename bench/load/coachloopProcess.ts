/**
 * Child process of the load benchmark: CoachLoop as the server runs it (bench/common/coachloopServer.ts:
 * configuration, its own fresh database, migrations, createApp) on 127.0.0.1. After the coach's
 * launch it answers:
 *   setup   two published surveys for the course's teachers and two reflection tasks placed in the
 *           course (one of each for the warm-up, one of each measured), with the custom parameter
 *           coachloop_task a link placed through the content picker carries
 *   verify  what the database holds for a survey and a reflection task
 *   slowSql with --slow-sql MS: the statements that took at least MS to run, grouped (time waiting
 *           for locks included, waiting for a pooled connection not)
 *   stats   this process's CPU time
 */
import { QueryTypes } from 'sequelize';
import type { Actor } from '../../src/auth/actor';
import type { TenantRef } from '../../src/features/launch/tenantResolver';
import { taskValue, TASK_PARAMETER } from '../../src/features/placement/catalog';
import { createPlacedTask } from '../../src/features/reflections/commands/placedTaskCreator';
import { addQuestion } from '../../src/features/surveys/commands/questionAdder';
import { createSurvey } from '../../src/features/surveys/commands/surveyCreator';
import { publishSurvey } from '../../src/features/surveys/commands/surveyPublisher';
import type { QuestionDefinition } from '../../src/features/surveys/schema';
import { announceReady, childSettings, runChild, serveParent } from '../common/child';
import { startBenchCoachLoop } from '../common/coachloopServer';
import { cpuStats } from '../common/simulator';
import type { BenchQuestion, CoachCheck, CoachSettings, CoachSetup, PlacedTasks, SlowSql } from './protocol';

/**
 * A short end-of-term survey; the first question carries the teacher's own number. The
 * agree–disagree questions have compare keys, as a program's yearly survey does, so every
 * response also updates the dashboard's answer counts (triggers, in the same transaction).
 */
const QUESTIONS: QuestionDefinition[] = [
  { kind: 'number', prompt: 'Teacher number (the benchmark marker)', required: true, min: 0, max: 1_000_000 },
  { kind: 'likert5', prompt: 'Coaching changed how I teach.', required: true, compareKey: 'load.changed_teaching' },
  { kind: 'likert5', prompt: 'My coach listens to me.', required: true, compareKey: 'load.coach_listens' },
  { kind: 'single', prompt: 'How often did you meet your coach?', required: true, options: ['Never', 'Monthly', 'Weekly'] },
  { kind: 'multiple', prompt: 'What helped?', required: false, options: ['Planning', 'Visits', 'Co-teaching', 'Debriefs'] },
  { kind: 'long_text', prompt: 'What changed most?', required: false },
];
const PROMPTS = ['What went well in this lesson?', 'What will you try next time?'];

/** Statements that ran slower than a threshold, grouped by their shape. */
class SlowStatements {
  readonly groups = new Map<string, SlowSql>();

  constructor(private readonly thresholdMs: number) {}

  /** Sequelize's benchmark logger: the message "Executed (<id>): <SQL>" and the time it took. */
  log(message: string, ms: unknown): void {
    if (typeof ms !== 'number' || ms < this.thresholdMs) return;
    const shape = message.replace(/^Executed \([^)]*\):\s*/, '').replace(/'(?:[^'\\]|\\.)*'/g, '?').replace(/\b\d+(\.\d+)?\b/g, '?').replace(/\s+/g, ' ').slice(0, 140);
    const g = this.groups.get(shape) ?? { sql: shape, count: 0, totalMs: 0, maxMs: 0 };
    g.count += 1;
    g.totalMs += ms;
    g.maxMs = Math.max(g.maxMs, ms);
    this.groups.set(shape, g);
  }
}

runChild(async () => {
  const settings = childSettings<CoachSettings>();
  const slow = settings.slowSqlMs ? new SlowStatements(settings.slowSqlMs) : undefined;
  const { sequelize, publicUrl, stop } = await startBenchCoachLoop(settings, (db) => {
    if (!slow) return;
    const options = (db as unknown as { options: { benchmark: boolean; logging: unknown } }).options;
    options.benchmark = true;
    options.logging = (message: string, ms: unknown) => slow.log(message, ms);
  });

  /** The coach of the course, as an actor for the survey and task commands. */
  const coachActor = async (): Promise<Actor> => {
    const [space] = await sequelize.query<{ id: number; tenant_id: number; title: string }>(
      'SELECT s.id, s.tenant_id, s.title FROM spaces s JOIN tenants t ON t.id = s.tenant_id WHERE t.client_id = ? AND s.context_id = ?',
      { replacements: [settings.tool.clientId, settings.courseId], type: QueryTypes.SELECT },
    );
    if (!space) throw new Error("the coach's launch did not record the course");
    const [coach] = await sequelize.query<{ id: number }>('SELECT id FROM people WHERE tenant_id = ? AND sub = ?', { replacements: [space.tenant_id, settings.coachSub], type: QueryTypes.SELECT });
    const tenant: TenantRef = { id: Number(space.tenant_id), name: 'Bench District', issuer: settings.platform.issuer, clientId: settings.tool.clientId, deploymentId: settings.tool.deploymentId, status: 'active' };
    return {
      tenant, person: { id: Number(coach.id), sub: settings.coachSub, name: 'Cora Coach' }, space: { id: Number(space.id), contextId: settings.courseId, title: space.title },
      role: 'coach', ltiRoles: [], ltik: '', launch: {} as Actor['launch'],
    };
  };

  /** A published survey and a reflection task, each with the custom parameter of a placed link. */
  const placeTasks = async (actor: Actor, name: string): Promise<PlacedTasks> => {
    const surveyId = await createSurvey(sequelize, {
      actor, settings: { title: `End of term (${name})`, kind: 'eoy', audienceRoles: ['teacher'], audienceCoaching: 'all', anonymous: true, editUntilClose: false },
    });
    const questions: BenchQuestion[] = [];
    for (const [i, q] of QUESTIONS.entries()) {
      questions.push({ id: await addQuestion(sequelize, { actor, surveyId, question: q }), kind: q.kind, options: q.options ?? [], marker: i === 0 });
    }
    await publishSurvey(sequelize, { actor, surveyId });
    const taskId = await createPlacedTask(sequelize, { actor, title: `Lesson reflection (${name})`, prompts: PROMPTS });
    return {
      surveyId, questions, surveyLink: { resourceLinkId: `rl-survey-${name}`, custom: { [TASK_PARAMETER]: taskValue.survey(surveyId) } },
      taskId, prompts: PROMPTS.length, reflectionLink: { resourceLinkId: `rl-reflection-${name}`, custom: { [TASK_PARAMETER]: taskValue.reflection(taskId) } },
    };
  };

  const count = async (sql: string, replacements: unknown[]) => Number((await sequelize.query<{ n: number }>(sql, { replacements, type: QueryTypes.SELECT }))[0].n);

  serveParent({
    handlers: {
      setup: async (): Promise<CoachSetup> => {
        const actor = await coachActor();
        return { warmup: await placeTasks(actor, 'warmup'), measured: await placeTasks(actor, 'measured') };
      },
      verify: async (request): Promise<CoachCheck> => {
        const surveyId = Number(request.surveyId);
        const taskId = Number(request.taskId);
        const markerId = String(request.markerQuestionId);
        const responses = await sequelize.query<{ answers: string }>('SELECT answers FROM survey_responses WHERE survey_id = ?', { replacements: [surveyId], type: QueryTypes.SELECT });
        const submitted = await sequelize.query<{ answers: string }>("SELECT answers FROM reflections WHERE task_id = ? AND status = 'submitted'", { replacements: [taskId], type: QueryTypes.SELECT });
        return {
          responses: responses.length,
          surveyMarkers: responses.map((r) => Number((JSON.parse(r.answers) as Record<string, unknown>)[markerId])),
          completions: await count('SELECT COUNT(*) AS n FROM survey_completions WHERE survey_id = ?', [surveyId]),
          completionPeople: await count('SELECT COUNT(DISTINCT person_id) AS n FROM survey_completions WHERE survey_id = ?', [surveyId]),
          drafts: await count('SELECT COUNT(*) AS n FROM survey_drafts WHERE survey_id = ?', [surveyId]),
          countedAnswers: await count('SELECT COALESCE(SUM(responses), 0) AS n FROM dashboard_survey_answers WHERE survey_id = ?', [surveyId]),
          comparedQuestions: QUESTIONS.filter((q) => q.compareKey).length,
          reflections: await count('SELECT COUNT(*) AS n FROM reflections WHERE task_id = ?', [taskId]),
          submittedReflections: submitted.length,
          reflectionTeachers: await count("SELECT COUNT(DISTINCT teacher_person_id) AS n FROM reflections WHERE task_id = ? AND status = 'submitted'", [taskId]),
          reflectionMarkers: submitted.map((r) => Number(/^Teacher (\d+):/.exec((JSON.parse(r.answers) as string[])[0] ?? '')?.[1] ?? NaN)),
          submitEvents: await count("SELECT COUNT(*) AS n FROM reflection_events e JOIN reflections r ON r.id = e.reflection_id WHERE r.task_id = ? AND e.to_status = 'submitted'", [taskId]),
        };
      },
      slowSql: (): SlowSql[] => [...(slow?.groups.values() ?? [])].sort((a, b) => b.totalMs - a.totalMs),
      stats: cpuStats,
    },
    stop,
  });
  announceReady({ url: publicUrl, pid: process.pid });
});
