/** A coach's own figures: hours by kind and month, cycles, goals, their caseload's hours and their mentors' notes. */
import type { Express } from 'express';
import { rolesOnly } from '../../auth/policy';
import type { RouteTable } from '../../auth/routes';
import { caseloadHours, coachFigures } from './coachFigures';
import { mentorNotes } from './mentoringQueries';
import { presentMyFigures } from './presenter';
import { periodFromQuery, type MentoringRouteDeps } from './routes';

const coaches = rolesOnly('coach');

/** Mounts GET /app/my-figures. */
export function myFiguresRoutes(app: Express, routes: RouteTable, deps: MentoringRouteDeps): void {
  const { sequelize } = deps;
  routes.add(app, {
    method: 'get', path: '/app/my-figures', policy: coaches,
    description: "A coach's own figures (their caseload only) and the notes their mentors keep with them",
    handler: async (req, res, { actor }) => {
      const { period, error: periodError } = periodFromQuery(req);
      const [[figures], caseload, notes] = await Promise.all([
        coachFigures(sequelize, [actor.person.id], period), caseloadHours(sequelize, actor.person.id, period), mentorNotes(sequelize, actor.tenant.id, { coachId: actor.person.id }),
      ]);
      res.status(periodError ? 400 : 200).render('mentoring/my-figures', { ...presentMyFigures(actor, { figures, caseload, notes, period }), periodError });
    },
  });
}
