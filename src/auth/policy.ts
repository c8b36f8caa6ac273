/**
 * Policies: who may use a route. Deny by default — a route without a policy cannot be
 * registered (see routes.ts), and a policy allows only what its rule says.
 */
import type { Actor } from './actor';
import type { CoachRole } from './roles';

/** A named rule over the actor. `public` routes need no launch at all. */
export interface Policy {
  /** Short description for the authorization matrix and error pages. */
  name: string;
  public: boolean;
  /**
   * Operator routes: the CoachLoop operator's own session (see features/operator), never an LTI
   * launch. The route table checks it through its operator authenticator; `allows` is not called.
   */
  operator?: boolean;
  /** Whether the actor may use the route (never called for public or operator routes). */
  allows(actor: Actor): boolean;
}

/** No launch needed: health checks, static files, LTI endpoints that validate their own input. */
export const publicRoute: Policy = { name: 'public', public: true, allows: () => true };

/** Only the signed-in CoachLoop operator (operator session and, for forms, its CSRF token). No LTI role qualifies. */
export const operatorOnly: Policy = { name: 'operator', public: false, operator: true, allows: () => false };

/** Anyone with a valid launch into an active tenant, whatever their role. */
export const anyLaunch: Policy = { name: 'any launched person', public: false, allows: () => true };

/** Only these CoachLoop roles. */
export function rolesOnly(...roles: CoachRole[]): Policy {
  return { name: `roles: ${roles.join(', ')}`, public: false, allows: (a) => roles.includes(a.role) };
}

/** Only these roles, and only inside a course (space). */
export function inSpace(...roles: CoachRole[]): Policy {
  return { name: `in a course, roles: ${roles.join(', ')}`, public: false, allows: (a) => a.space !== undefined && roles.includes(a.role) };
}
