/**
 * Answering a survey, and the builder's preview of exactly that page. A respondent saves a draft
 * to come back to, submits once (or, for a named survey that allows it, changes their response
 * until it closes). Not open yet, closed and already submitted are said in words, never a 500.
 */
import type { Express, Request, Response } from 'express';
import type { Actor } from '../../auth/actor';
import { HttpError } from '../../auth/httpError';
import { inSpace } from '../../auth/policy';
import type { RouteTable } from '../../auth/routes';
import { windowState } from './catalog';
import { saveDraft } from './commands/draftSaver';
import { alreadySubmitted, assertOpen } from './commands/respondGuards';
import { completionOf, submitResponse } from './commands/responseSubmitter';
import { backTo, surveyIdOf } from './paths';
import { formValuesOf, presentRespondPage, typedAnswers, type FormValues } from './respondPresenter';
import type { SurveyRouteDeps } from './routes';
import { firstIssue, responseInput } from './schema';
import { draftOf, ownResponseOf } from './surveyQueries';
import { loadSurveyFor, questionsOf, type Survey } from './surveyRecords';

const NOTICES: Record<string, string> = {
  saved: 'Your answers are saved. Come back any time before the survey closes to finish and submit.',
  submitted: 'Thank you: your response is submitted.',
  updated: 'Your response is updated.',
};

/** Mounts the response form, its submission and the preview. */
export function respondRoutes(app: Express, routes: RouteTable, deps: SurveyRouteDeps): void {
  const { sequelize } = deps;

  async function render(req: Request, res: Response, actor: Actor, survey: Survey, extra: { status?: number; error?: string; values?: FormValues } = {}) {
    const questions = await questionsOf(sequelize, survey.id);
    const done = (await completionOf(sequelize, survey.id, actor.person.id)) !== undefined;
    const editable = done && survey.editUntilClose && !survey.anonymous && windowState(survey) === 'open';
    const draft = done ? undefined : await draftOf(sequelize, survey.id, actor.person.id);
    const values = extra.values ?? formValuesOf(editable ? await ownResponseOf(sequelize, survey.id, actor.person.id) : draft?.answers);
    const notice = typeof req.query.notice === 'string' ? NOTICES[req.query.notice] : undefined;
    res.status(extra.status ?? 200).render('surveys/respond', presentRespondPage(actor, survey, questions, {
      mode: 'respond', done, editable, values, notice, ...(draft ? { draftSavedAt: draft.savedAt } : {}), ...(extra.error ? { error: extra.error } : {}),
    }));
  }

  routes.add(app, {
    method: 'get', path: '/app/surveys/:surveyId/respond', policy: inSpace('admin', 'coach', 'teacher'),
    description: 'Answer a survey meant for you: your saved answers, or that it is not open yet, closed or already submitted',
    handler: async (req, res, { actor }) => {
      const { survey } = await loadSurveyFor(sequelize, actor, surveyIdOf(req.params), 'respond');
      await render(req, res, actor, survey);
    },
  });

  routes.add(app, {
    method: 'post', path: '/app/surveys/:surveyId/respond', policy: inSpace('admin', 'coach', 'teacher'),
    description: 'Save your answers to finish later, or submit them (once; or changed until close when the survey allows it). Completion credit goes to the LMS when the survey is placed in the course',
    handler: async (req, res, { actor }) => {
      const { survey } = await loadSurveyFor(sequelize, actor, surveyIdOf(req.params), 'respond');
      const questions = await questionsOf(sequelize, survey.id);
      const body = (req.body ?? {}) as Record<string, unknown>;
      const values = typedAnswers(questions, body);
      try {
        // Closed, not yet open, or already answered: say so before looking at the answers.
        assertOpen(survey, new Date());
        const done = (await completionOf(sequelize, survey.id, actor.person.id)) !== undefined;
        if (done && (!survey.editUntilClose || survey.anonymous)) throw alreadySubmitted();
        const mode = body.action === 'save' ? 'save' : 'submit';
        const input = responseInput(questions, mode).safeParse(body);
        if (!input.success) return render(req, res, actor, survey, { status: 400, error: firstIssue(input.error), values });
        if (input.data.action === 'save') {
          await saveDraft(sequelize, { actor, surveyId: survey.id, answers: input.data.answers });
          return res.redirect(303, backTo(actor, `/app/surveys/${survey.id}/respond`, 'saved'));
        }
        const result = await submitResponse(sequelize, { actor, surveyId: survey.id, answers: input.data.answers });
        res.redirect(303, backTo(actor, `/app/surveys/${survey.id}/respond`, result.outcome));
      } catch (err) {
        if (err instanceof HttpError && (err.status === 400 || err.status === 409)) return render(req, res, actor, survey, { status: err.status, error: err.status === 409 ? `${err.title}. ${err.message}` : err.message, ...(err.status === 400 ? { values } : {}) });
        throw err;
      }
    },
  });

  routes.add(app, {
    method: 'get', path: '/app/surveys/:surveyId/preview', policy: inSpace('admin', 'coach'),
    description: 'See a survey exactly as respondents will, without answering it (its author and program admins)',
    handler: async (req, res, { actor }) => {
      const { survey } = await loadSurveyFor(sequelize, actor, surveyIdOf(req.params), 'preview');
      res.render('surveys/respond', presentRespondPage(actor, survey, await questionsOf(sequelize, survey.id), { mode: 'preview' }));
    },
  });
}
