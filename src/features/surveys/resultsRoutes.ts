/**
 * Results of a survey (its author and program admins): rates, charts and tables, beginning vs end
 * of year, coached vs not coached — every figure withheld below the minimum group size — and the
 * de-identified CSV export (audited).
 */
import type { Express } from 'express';
import { z } from 'zod';
import { badRequest, HttpError } from '../../auth/httpError';
import { inSpace } from '../../auth/policy';
import type { RouteTable } from '../../auth/routes';
import { recordAudit } from '../coaching/audit';
import { minGroupSize } from '../program/groupSize';
import { audienceGroups } from './audienceQueries';
import { responsesCsv } from './csvExport';
import { surveyIdOf } from './paths';
import { presentResults, type Comparison } from './resultsPresenter';
import { comparableSurveys, responsesOf } from './resultsQueries';
import type { SurveyRouteDeps } from './routes';
import { loadSurveyFor, questionsOf, type Survey } from './surveyRecords';
import { surveyTransaction } from './commands/writeQueue';

const compareQuery = z.object({
  compare: z.union([z.literal('none'), z.coerce.number().int().positive().max(2_147_483_647)], { error: 'Choose a survey to compare with from the list.' }).optional(),
});

/** The counterpart a survey is compared with by default: end of year ↔ beginning of year. */
function defaultComparison(survey: Survey, comparable: Survey[]): Survey | undefined {
  const want = survey.kind === 'eoy' ? 'boy' : survey.kind === 'boy' ? 'eoy' : undefined;
  return want ? comparable.find((s) => s.kind === want) : undefined;
}

/** Mounts the results routes. */
export function resultsRoutes(app: Express, routes: RouteTable, deps: SurveyRouteDeps): void {
  const { sequelize } = deps;

  routes.add(app, {
    method: 'get', path: '/app/surveys/:surveyId/results', policy: inSpace('admin', 'coach'),
    description: 'Survey results: response rate per audience, per question charts with tables, beginning vs end of year and coached vs not coached; small groups withheld',
    handler: async (req, res, { actor }) => {
      const { survey } = await loadSurveyFor(sequelize, actor, surveyIdOf(req.params), 'results');
      const query = compareQuery.safeParse(req.query);
      if (!query.success) throw badRequest(query.error.issues[0]?.message ?? 'Choose a survey to compare with from the list.');
      const comparable = await comparableSurveys(sequelize, actor, survey);
      const wanted = query.data.compare;
      const other = wanted === 'none' ? undefined : wanted === undefined ? defaultComparison(survey, comparable) : comparable.find((s) => s.id === wanted);
      if (typeof wanted === 'number' && !other) throw badRequest('That survey cannot be compared with this one: it shares no questions with it, or its results are not yours to read.', 'NOT_COMPARABLE');
      const [questions, responses, groups, min] = await Promise.all([
        questionsOf(sequelize, survey.id), responsesOf(sequelize, survey.id), audienceGroups(sequelize, survey.spaceId, survey.id, survey.audienceRoles), minGroupSize(sequelize, actor.tenant.id),
      ]);
      let comparison: Comparison | undefined;
      if (other) comparison = { survey: other, questions: await questionsOf(sequelize, other.id), responses: await responsesOf(sequelize, other.id) };
      res.render('surveys/results', presentResults(actor, { survey, questions, responses, groups, min, comparable, ...(comparison ? { comparison } : {}) }));
    },
  });

  routes.add(app, {
    method: 'get', path: '/app/surveys/:surveyId/results.csv', policy: inSpace('admin', 'coach'),
    description: 'De-identified responses as CSV: no person ids, small groups labelled and their free text withheld, anonymous surveys shuffled (export audited)',
    handler: async (req, res, { actor }) => {
      const { survey } = await loadSurveyFor(sequelize, actor, surveyIdOf(req.params), 'results');
      const [questions, responses, min] = await Promise.all([questionsOf(sequelize, survey.id), responsesOf(sequelize, survey.id), minGroupSize(sequelize, actor.tenant.id)]);
      if (responses.length < min) {
        throw new HttpError(409, 'Not enough responses to export yet', `The export opens once at least ${min} people have responded, so no one can be picked out.`, 'TOO_FEW_RESPONSES');
      }
      const csv = responsesCsv(survey, questions, responses, min);
      await surveyTransaction(sequelize, (transaction) => recordAudit(sequelize, transaction, {
        actor, action: 'survey.export', subjectType: 'survey', subjectId: survey.id, detail: `${responses.length} de-identified responses exported as CSV`,
      }));
      res.setHeader('Content-Type', 'text/csv; charset=utf-8');
      res.setHeader('Content-Disposition', `attachment; filename="survey-${survey.id}-responses.csv"`);
      res.setHeader('Cache-Control', 'no-store');
      res.send(`\uFEFF${csv}`);
    },
  });
}
