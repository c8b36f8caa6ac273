/**
 * The builder: create a survey (blank or from a ready-made template), change its settings, add,
 * change, remove and reorder questions, publish, delete a draft. Each route validates the ids,
 * loads and authorizes the survey, then reads the form, then runs the command; a 400 or 409
 * re-renders the page with the message and the typed values, and nothing is written.
 */
import type { Express, Request, Response } from 'express';
import type { Actor } from '../../auth/actor';
import { HttpError } from '../../auth/httpError';
import { inSpace } from '../../auth/policy';
import type { RouteTable } from '../../auth/routes';
import { presentBuilder, presentNewSurvey, typedQuestion, typedSettings, type QuestionValues, type SettingsValues } from './builderPresenter';
import { addQuestion } from './commands/questionAdder';
import { moveQuestion } from './commands/questionMover';
import { removeQuestion } from './commands/questionRemover';
import { updateQuestion } from './commands/questionUpdater';
import { saveSurveySettings } from './commands/settingsSaver';
import { createSurvey } from './commands/surveyCreator';
import { deleteSurvey } from './commands/surveyDeleter';
import { publishSurvey } from './commands/surveyPublisher';
import { backTo, questionIdOf, surveyIdOf } from './paths';
import type { SurveyRouteDeps } from './routes';
import { firstIssue, moveInput, questionInput, settingsInput, templateInput } from './schema';
import { hasResponses, loadSurveyFor, questionsOf } from './surveyRecords';
import { findTemplate, TEMPLATE_KEYS } from './templates';

const NOTICES: Record<string, string> = {
  created: 'Survey created as a draft. Check the questions, then publish it.', saved: 'Settings saved.', added: 'Question added.', updated: 'Question saved.',
  removed: 'Question removed.', moved: 'Question moved.', published: 'Published: the people it is for can now see it (within its dates).',
};
const templateForm = templateInput(TEMPLATE_KEYS);
type Failure = { status: number; error: string; errorAt: 'settings' | 'add' | 'page' | number; settings?: SettingsValues; question?: QuestionValues };

/** Mounts the builder routes. */
export function builderRoutes(app: Express, routes: RouteTable, deps: SurveyRouteDeps): void {
  const { sequelize } = deps;
  const body = (req: Request) => (req.body ?? {}) as Record<string, unknown>;

  async function render(req: Request, res: Response, actor: Actor, id: number, failure?: Failure) {
    const { survey } = await loadSurveyFor(sequelize, actor, id, 'edit');
    const [questions, answered] = await Promise.all([questionsOf(sequelize, id), hasResponses(sequelize, id)]);
    const notice = typeof req.query.notice === 'string' ? NOTICES[req.query.notice] : undefined;
    res.status(failure?.status ?? 200).render('surveys/edit', presentBuilder(actor, survey, questions, answered, { notice, ...failure }));
  }

  /** Runs a builder command; a 400 or 409 re-renders the builder with the message where it belongs. */
  async function attempt(req: Request, res: Response, actor: Actor, id: number, failure: Omit<Failure, 'status' | 'error'>, run: () => Promise<void>) {
    try {
      await run();
    } catch (err) {
      // A 409 (already answered, already published) concerns the whole survey: shown at the top.
      if (err instanceof HttpError && (err.status === 400 || err.status === 409)) return render(req, res, actor, id, { ...failure, ...(err.status === 409 ? { errorAt: 'page' as const } : {}), status: err.status, error: err.message });
      throw err;
    }
  }

  routes.add(app, {
    method: 'get', path: '/app/surveys/new', policy: inSpace('admin', 'coach'),
    description: 'Create a survey: the ready-made templates (teacher, coach and principal beginning/end of year, snapshot, after a cycle) and a blank survey',
    handler: (_req, res, { actor }) => res.render('surveys/new', presentNewSurvey(actor)),
  });

  routes.add(app, {
    method: 'post', path: '/app/surveys/new', policy: inSpace('admin', 'coach'),
    description: 'Create a survey as a draft: a copy of a template (field template) or blank with its settings',
    handler: async (req, res, { actor }) => {
      const form = body(req);
      let id: number;
      if (form.template !== undefined) {
        const input = templateForm.safeParse(form);
        if (!input.success) return res.status(400).render('surveys/new', presentNewSurvey(actor, { error: firstIssue(input.error) }));
        id = await createSurvey(sequelize, { actor, template: findTemplate(input.data.template)! });
      } else {
        const input = settingsInput.safeParse(form);
        if (!input.success) return res.status(400).render('surveys/new', presentNewSurvey(actor, { error: firstIssue(input.error), values: typedSettings(form) }));
        id = await createSurvey(sequelize, { actor, settings: input.data });
      }
      res.redirect(303, backTo(actor, `/app/surveys/${id}/edit`, 'created'));
    },
  });

  routes.add(app, {
    method: 'get', path: '/app/surveys/:surveyId/edit', policy: inSpace('admin', 'coach'),
    description: "The builder: a survey's settings and questions (its author and program admins)",
    handler: (req, res, { actor }) => render(req, res, actor, surveyIdOf(req.params)),
  });

  routes.add(app, {
    method: 'post', path: '/app/surveys/:surveyId/edit', policy: inSpace('admin', 'coach'),
    description: "Save a survey's settings: title, introduction, kind, audience, dates, anonymous or named, submit once or edit until close",
    handler: async (req, res, { actor }) => {
      const id = surveyIdOf(req.params);
      await loadSurveyFor(sequelize, actor, id, 'edit');
      const input = settingsInput.safeParse(body(req));
      const failure = { errorAt: 'settings' as const, settings: typedSettings(body(req)) };
      if (!input.success) return render(req, res, actor, id, { status: 400, error: firstIssue(input.error), ...failure });
      await attempt(req, res, actor, id, failure, async () => {
        await saveSurveySettings(sequelize, { actor, surveyId: id, settings: input.data });
        res.redirect(303, backTo(actor, `/app/surveys/${id}/edit`, 'saved'));
      });
    },
  });

  routes.add(app, {
    method: 'post', path: '/app/surveys/:surveyId/questions', policy: inSpace('admin', 'coach'),
    description: 'Add a question at the end (refused once people have answered)',
    handler: async (req, res, { actor }) => {
      const id = surveyIdOf(req.params);
      await loadSurveyFor(sequelize, actor, id, 'edit');
      const input = questionInput.safeParse(body(req));
      const failure = { errorAt: 'add' as const, question: typedQuestion(body(req)) };
      if (!input.success) return render(req, res, actor, id, { status: 400, error: firstIssue(input.error), ...failure });
      await attempt(req, res, actor, id, failure, async () => {
        const questionId = await addQuestion(sequelize, { actor, surveyId: id, question: input.data });
        res.redirect(303, backTo(actor, `/app/surveys/${id}/edit`, 'added', `#question-${questionId}`));
      });
    },
  });

  routes.add(app, {
    method: 'post', path: '/app/surveys/:surveyId/questions/:questionId', policy: inSpace('admin', 'coach'),
    description: 'Change a question (refused once people have answered)',
    handler: async (req, res, { actor }) => {
      const id = surveyIdOf(req.params);
      const questionId = questionIdOf(req.params);
      await loadSurveyFor(sequelize, actor, id, 'edit');
      const input = questionInput.safeParse(body(req));
      const failure = { errorAt: questionId, question: typedQuestion(body(req)) };
      if (!input.success) return render(req, res, actor, id, { status: 400, error: firstIssue(input.error), ...failure });
      await attempt(req, res, actor, id, failure, async () => {
        await updateQuestion(sequelize, { actor, surveyId: id, questionId, question: input.data });
        res.redirect(303, backTo(actor, `/app/surveys/${id}/edit`, 'updated', `#question-${questionId}`));
      });
    },
  });

  routes.add(app, {
    method: 'post', path: '/app/surveys/:surveyId/questions/:questionId/delete', policy: inSpace('admin', 'coach'),
    description: 'Remove a question (refused once people have answered)',
    handler: async (req, res, { actor }) => {
      const id = surveyIdOf(req.params);
      const questionId = questionIdOf(req.params);
      await loadSurveyFor(sequelize, actor, id, 'edit');
      await attempt(req, res, actor, id, { errorAt: questionId }, async () => {
        await removeQuestion(sequelize, { actor, surveyId: id, questionId });
        res.redirect(303, backTo(actor, `/app/surveys/${id}/edit`, 'removed', '#questions'));
      });
    },
  });

  routes.add(app, {
    method: 'post', path: '/app/surveys/:surveyId/questions/:questionId/move', policy: inSpace('admin', 'coach'),
    description: 'Move a question one place up or down (refused once people have answered)',
    handler: async (req, res, { actor }) => {
      const id = surveyIdOf(req.params);
      const questionId = questionIdOf(req.params);
      await loadSurveyFor(sequelize, actor, id, 'edit');
      const input = moveInput.safeParse(body(req));
      if (!input.success) return render(req, res, actor, id, { status: 400, error: firstIssue(input.error), errorAt: questionId });
      await attempt(req, res, actor, id, { errorAt: questionId }, async () => {
        await moveQuestion(sequelize, { actor, surveyId: id, questionId, direction: input.data.direction });
        res.redirect(303, backTo(actor, `/app/surveys/${id}/edit`, 'moved', `#question-${questionId}`));
      });
    },
  });

  routes.add(app, {
    method: 'post', path: '/app/surveys/:surveyId/publish', policy: inSpace('admin', 'coach'),
    description: 'Publish a draft survey to its audience (checked as a whole first)',
    handler: async (req, res, { actor }) => {
      const id = surveyIdOf(req.params);
      await loadSurveyFor(sequelize, actor, id, 'edit');
      await attempt(req, res, actor, id, { errorAt: 'page' }, async () => {
        await publishSurvey(sequelize, { actor, surveyId: id });
        res.redirect(303, backTo(actor, `/app/surveys/${id}/edit`, 'published'));
      });
    },
  });

  routes.add(app, {
    method: 'post', path: '/app/surveys/:surveyId/delete', policy: inSpace('admin', 'coach'),
    description: 'Delete a draft survey (published ones stay)',
    handler: async (req, res, { actor }) => {
      const id = surveyIdOf(req.params);
      await loadSurveyFor(sequelize, actor, id, 'edit');
      await attempt(req, res, actor, id, { errorAt: 'page' }, async () => {
        await deleteSurvey(sequelize, { actor, surveyId: id });
        res.redirect(303, backTo(actor, '/app/surveys', 'deleted'));
      });
    },
  });
}
