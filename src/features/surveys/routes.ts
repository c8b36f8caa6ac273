/**
 * Mounts the survey routes: the list, creating a survey (blank or from a template), the builder,
 * the response form and its preview, and results with CSV export. /app/surveys/new is declared
 * before /app/surveys/:surveyId so it is not read as an id.
 */
import type { Express } from 'express';
import type { Sequelize } from 'sequelize';
import { inSpace } from '../../auth/policy';
import type { RouteTable } from '../../auth/routes';
import { minGroupSize } from '../program/groupSize';
import { builderRoutes } from './builderRoutes';
import { presentSurveyList } from './builderPresenter';
import { backTo, surveyIdOf } from './paths';
import { inAudience } from './policy';
import { respondRoutes } from './respondRoutes';
import { resultsRoutes } from './resultsRoutes';
import { isCoached } from './audienceQueries';
import { loadSurveyFor, surveyFor } from './surveyRecords';
import { spaceSurveys } from './surveyQueries';

/** Everything the survey routes need. */
export interface SurveyRouteDeps {
  sequelize: Sequelize;
}

const NOTICES: Record<string, string> = { deleted: 'Draft deleted.' };

/** Mounts all survey routes on the app through the route table. */
export function surveyRoutes(app: Express, routes: RouteTable, deps: SurveyRouteDeps): void {
  const { sequelize } = deps;

  routes.add(app, {
    method: 'get', path: '/app/surveys', policy: inSpace('admin', 'coach', 'teacher'),
    description: 'Surveys: those meant for you (open, upcoming, closed, done) and, for admins and coaches, the surveys they manage',
    handler: async (req, res, { actor }) => {
      const items = await spaceSurveys(sequelize, actor);
      const needsCoaching = actor.role === 'teacher' && items.some((i) => i.survey.audienceCoaching !== 'all');
      const coached = needsCoaching ? await isCoached(sequelize, actor.space!.id, actor.person.id) : undefined;
      const notice = typeof req.query.notice === 'string' ? NOTICES[req.query.notice] : undefined;
      const min = await minGroupSize(sequelize, actor.tenant.id);
      res.render('surveys/list', presentSurveyList(actor, items, (s) => inAudience(actor, s, coached), min, notice));
    },
  });

  builderRoutes(app, routes, deps);

  routes.add(app, {
    method: 'get', path: '/app/surveys/:surveyId', policy: inSpace('admin', 'coach', 'teacher'),
    description: 'A survey: opens the form for its audience, and the builder (draft) or results (published) for its author and admins; placed survey links land here',
    handler: async (req, res, { actor }) => {
      const id = surveyIdOf(req.params);
      const { survey, can } = await surveyFor(sequelize, actor, id);
      if (!can.respond && !can.edit) await loadSurveyFor(sequelize, actor, id, 'respond');
      if (can.respond) return res.redirect(303, backTo(actor, `/app/surveys/${id}/respond`));
      res.redirect(303, backTo(actor, `/app/surveys/${id}/${survey.status === 'draft' ? 'edit' : 'results'}`));
    },
  });

  respondRoutes(app, routes, deps);
  resultsRoutes(app, routes, deps);
}
