// In progress (being written now); mounted by routes.ts.
import type { Express } from 'express';
import type { RouteTable } from '../../auth/routes';
import type { CoachingRouteDeps } from './routes';

export function cycleRoutes(_app: Express, _routes: RouteTable, _deps: CoachingRouteDeps): void {}
