/**
 * The content picker: a deep-linking launch lands here; a coach or admin picks what to add to
 * the course (a survey, a new reflection, goal setting, the CoachLoop home) and CoachLoop answers
 * the LMS with a signed Deep Linking response, or says plainly why this picker cannot take it.
 */
import type { Express, Request, Response } from 'express';
import type { Sequelize } from 'sequelize';
import type { Actor } from '../../auth/actor';
import { badRequest } from '../../auth/httpError';
import { anyLaunch, rolesOnly } from '../../auth/policy';
import type { RouteTable } from '../../auth/routes';
import { Space } from '../../db/models';
import { DeepLinkingRefused, type PlacedLink } from '../../lti/deepLinking';
import type { LtiAdapter } from '../../lti/provider';
import { listPlaceableSurveys } from '../surveys/placement';
import { DEFAULT_TITLES } from './catalog';
import { buildPlacedLinks, type Pick } from './commands/placedLinksBuilder';
import { platformFit, type PlatformFit } from './platformFit';
import { PLACERS, presentPicker, type PickerState } from './presenter';
import { firstIssue, placementInput, reflectionInput } from './schema';

/** What the picker needs. */
export interface PlacementDeps {
  lti: LtiAdapter;
  sequelize: Sequelize;
}

/**
 * The database, until app.ts passes it (placementRoutes(app, routes, { lti, sequelize }) and
 * renderPicker(actor, res, { sequelize })): the one the models were initialised on by createApp.
 */
function databaseOf(deps?: { sequelize?: Sequelize }): Sequelize {
  const sequelize = deps?.sequelize ?? Space.sequelize;
  if (!sequelize) throw new Error('The content picker has no database: createApp passes it.');
  return sequelize;
}

/** How the platform's picker fits CoachLoop (a deep-linking launch only). */
function fitOf(actor: Actor): PlatformFit {
  return platformFit(actor.launch.deepLinking!, actor.launch.platform);
}

async function show(sequelize: Sequelize, actor: Actor, res: Response, state: Omit<PickerState, 'fit' | 'surveys'> & { status?: number } = {}): Promise<void> {
  const surveys = await listPlaceableSurveys(sequelize, actor);
  res.status(state.status ?? 200).render('placement/picker', presentPicker(actor, { ...state, fit: fitOf(actor), surveys }));
}

/** Renders the picker for a deep-linking launch. */
export async function renderPicker(actor: Actor, res: Response, deps?: { sequelize: Sequelize }): Promise<void> {
  requireDeepLinking(actor);
  await show(databaseOf(deps), actor, res);
}

function requireDeepLinking(actor: Actor): void {
  if (!actor.launch.deepLinking) throw badRequest('This page answers the content picker of your LMS. Open it from "add content" (or "select content") in your course.', 'NOT_A_DEEP_LINKING_LAUNCH');
}

async function answer(lti: LtiAdapter, actor: Actor, res: Response, links: PlacedLink[], msg: string): Promise<void> {
  const response = await lti.deepLinkingResponse(actor.launch, links, { msg });
  res.render('placement/return', { title: 'Returning to your course', returnUrl: response.returnUrl, jwt: response.jwt, added: links.length > 0, titles: links.map((l) => l.title) });
}

/** A 400 the picker shows itself: the message above the form, the form as typed. */
class PickerError extends Error {
  constructor(message: string, readonly field?: 'reflection') {
    super(message);
  }
}

/** Validates the form against the list and the platform; returns the picks (nothing is written yet). */
async function picksFrom(sequelize: Sequelize, actor: Actor, fit: PlatformFit, body: Record<string, unknown>): Promise<Pick[]> {
  if (fit.refusal) throw new PickerError(fit.refusal);
  const input = placementInput.safeParse(body);
  if (!input.success) throw new PickerError(firstIssue(input.error));
  const { item, homeTitle, goalsTitle } = input.data;
  if (item.length > 1 && !fit.many) throw new PickerError('This LMS adds one item at a time from here. Pick one, add it, then open the picker again for the next.');
  const surveys = item.some((i) => i.startsWith('survey:')) ? await listPlaceableSurveys(sequelize, actor) : [];
  const picks: Pick[] = [];
  for (const key of item) {
    if (key.startsWith('survey:')) {
      const survey = surveys.find((s) => `survey:${s.id}` === key);
      if (!survey) throw new PickerError('That survey cannot be added here: it is not published in this course, or it is not yours to place. Pick one from the list.');
      picks.push({ kind: 'survey', survey });
    } else if (key === 'reflection') {
      if (!actor.space) throw new PickerError('A reflection belongs to a course: open the content picker from inside the course.');
      const r = reflectionInput.safeParse(body);
      if (!r.success) throw new PickerError(firstIssue(r.error), 'reflection');
      picks.push({ kind: 'reflection', title: r.data.reflectionTitle, prompts: r.data.reflectionPrompts });
    } else if (key === 'goals') {
      picks.push({ kind: 'goals', title: goalsTitle ?? DEFAULT_TITLES.goals });
    } else {
      picks.push({ kind: 'home', title: homeTitle ?? DEFAULT_TITLES.home });
    }
  }
  return picks;
}

const quoted = (titles: string[]) => titles.map((t) => `"${t}"`).join(', ').replace(/, ([^,]*)$/, ' and $1');

/** Mounts the picker's form handlers. */
export function placementRoutes(app: Express, routes: RouteTable, deps: PlacementDeps | LtiAdapter): void {
  const lti = 'lti' in deps ? deps.lti : deps;
  const sequelize = () => databaseOf('lti' in deps ? deps : undefined);
  routes.add(app, {
    method: 'post',
    path: '/app/placement',
    policy: rolesOnly(...PLACERS),
    description: 'Place surveys, a new reflection, goal setting or the CoachLoop home in the course (signed Deep Linking response)',
    handler: async (req: Request, res: Response, { actor }) => {
      requireDeepLinking(actor);
      const db = sequelize();
      const body = req.body && typeof req.body === 'object' ? req.body as Record<string, unknown> : {};
      const fit = fitOf(actor);
      try {
        const picks = await picksFrom(db, actor, fit, body);
        const links = await buildPlacedLinks(db, { actor, picks, launchUrl: lti.urls.launch, lineItems: fit.lineItems, newWindow: fit.newWindow });
        await answer(lti, actor, res, links, `Added ${quoted(links.map((l) => l.title))} to the course.`);
      } catch (err) {
        if (err instanceof PickerError) return show(db, actor, res, { status: 400, error: err.message, errorField: err.field, values: body });
        if (err instanceof DeepLinkingRefused) return show(db, actor, res, { status: 400, error: err.message, values: body });
        throw err;
      }
    },
  });
  routes.add(app, {
    method: 'post',
    path: '/app/placement/cancel',
    policy: anyLaunch,
    description: 'Close the content picker without adding anything',
    handler: async (_req, res, { actor }) => {
      requireDeepLinking(actor);
      await answer(lti, actor, res, [], 'Nothing was added.');
    },
  });
}
