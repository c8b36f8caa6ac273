/**
 * Installation endpoints: Dynamic Registration (the LMS opens it, often in an iframe) and the
 * Canvas developer-key JSON. Both are public: the registration is gated by the platform's
 * registration token and, when the operator chose so, a one-time install code.
 */
import type { Express } from 'express';
import { publicRoute } from '../../auth/policy';
import type { RouteTable } from '../../auth/routes';
import { LTI_PATHS } from '../../lti/provider';
import { describeScope, registerDynamically, registrationQuery, RegistrationError, type RegistrarDeps } from './dynamicRegistrar';
import { canvasDeveloperKeyJson, PLACEMENTS } from './toolConfiguration';

export const CANVAS_JSON_PATH = '/lti/canvas.json';

/** What the installing admin should do next, per LMS. */
const NEXT_STEPS: Record<string, string[]> = {
  canvas: ['In Canvas, open Admin → Developer Keys and switch the new CoachLoop key ON.', 'Then Settings → Apps → + App → "By Client ID" with the client id above, to install it in the account or a course.'],
  moodle: ['Moodle lists the tool as "Pending" under Site administration → Plugins → Activity modules → External tool → Manage tools: press Activate.', 'Teachers can then add CoachLoop to a course with "Add an activity or resource" → External tool.'],
  desire2learn: ['In Brightspace, check the new tool under Manage Extensibility → LTI Advantage, enable it and create a deployment for the org units that should use CoachLoop.'],
};

/** Mounts the installation routes (before ltijs, whose own /lti/register is disabled). */
export function registrationRoutes(app: Express, routes: RouteTable, deps: RegistrarDeps): void {
  routes.add(app, {
    method: 'get',
    path: LTI_PATHS.register,
    policy: publicRoute,
    description: 'LTI Dynamic Registration (registration token, and install code when required)',
    handler: async (req, res) => {
      const query = registrationQuery.safeParse(req.query);
      if (!query.success) {
        res.status(400).render('registration/problem', { title: 'Registration cannot start', heading: 'Registration cannot start', message: query.error.issues[0].message, code: 'BAD_REGISTRATION_REQUEST' });
        return;
      }
      try {
        const outcome = await registerDynamically(deps, query.data);
        const family = outcome.productFamily?.toLowerCase() ?? '';
        res.render('registration/success', {
          title: 'CoachLoop is registered',
          outcome,
          scopes: outcome.grantedScopes.map((s) => ({ scope: s, text: describeScope(s) })),
          missingScopes: outcome.requestedScopes.filter((s) => !outcome.grantedScopes.includes(s)).map(describeScope),
          placements: PLACEMENTS,
          nextSteps: NEXT_STEPS[family] ?? ['Make CoachLoop available in the courses that should use it, then open it from a course to check the launch.'],
        });
      } catch (err) {
        if (!(err instanceof RegistrationError)) throw err;
        res.status(err.status).render('registration/problem', { title: err.title, heading: err.title, message: err.message, details: err.details, code: err.code });
      }
    },
  });

  routes.add(app, {
    method: 'get',
    path: CANVAS_JSON_PATH,
    policy: publicRoute,
    description: 'Canvas developer-key JSON configuration',
    handler: (_req, res) => {
      res.json(canvasDeveloperKeyJson({ publicUrl: deps.lti.publicUrl, ...deps.lti.urls }));
    },
  });
}
