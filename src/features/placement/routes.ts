/**
 * The content picker: a deep-linking launch lands here; a coach or admin picks what to add to
 * the course and CoachLoop answers the LMS with a signed Deep Linking response.
 */
import type { Express, Request, Response } from 'express';
import type { Actor } from '../../auth/actor';
import { badRequest } from '../../auth/httpError';
import { anyLaunch, rolesOnly } from '../../auth/policy';
import type { RouteTable } from '../../auth/routes';
import { DeepLinkingRefused } from '../../lti/deepLinking';
import type { LtiAdapter } from '../../lti/provider';
import { navigationFor } from '../home/presenter';
import { PLACEABLE_ITEMS } from './catalog';
import { placementInput } from './schema';

const PLACERS = ['admin', 'coach'] as const;

/** Renders the picker for a deep-linking launch. */
export function renderPicker(actor: Actor, res: Response, error?: string, status = 200): void {
  const canPlace = (PLACERS as readonly string[]).includes(actor.role);
  res.status(status).render('placement/picker', {
    title: 'Add CoachLoop to your course',
    ltik: actor.ltik,
    nav: navigationFor(actor, ''),
    canPlace,
    error,
    items: Object.entries(PLACEABLE_ITEMS).map(([id, item], i) => ({ id, ...item, checked: i === 0 })),
    space: actor.space,
  });
}

function requireDeepLinking(actor: Actor): void {
  if (!actor.launch.deepLinking) throw badRequest('This page answers the content picker of your LMS. Open it from "add content" (or "select content") in your course.', 'NOT_A_DEEP_LINKING_LAUNCH');
}

async function answer(lti: LtiAdapter, actor: Actor, res: Response, links: Parameters<LtiAdapter['deepLinkingResponse']>[1], msg: string): Promise<void> {
  const response = await lti.deepLinkingResponse(actor.launch, links, { msg });
  res.render('placement/return', { title: 'Returning to your course', returnUrl: response.returnUrl, jwt: response.jwt, added: links.length > 0 });
}

/** Mounts the picker's form handlers. */
export function placementRoutes(app: Express, routes: RouteTable, lti: LtiAdapter): void {
  routes.add(app, {
    method: 'post',
    path: '/app/placement',
    policy: rolesOnly(...PLACERS),
    description: 'Place a CoachLoop item in the course (signed Deep Linking response)',
    handler: async (req: Request, res: Response, { actor }) => {
      requireDeepLinking(actor);
      const parsed = placementInput.safeParse(req.body);
      if (!parsed.success) return renderPicker(actor, res, parsed.error.issues[0].message, 400);
      const item = PLACEABLE_ITEMS[parsed.data.item];
      try {
        await answer(lti, actor, res, [{ title: parsed.data.title ?? item.title, text: item.description, url: lti.urls.launch, custom: item.custom }], `Added "${parsed.data.title ?? item.title}" to the course.`);
      } catch (err) {
        if (err instanceof DeepLinkingRefused) return renderPicker(actor, res, err.message, 400);
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
