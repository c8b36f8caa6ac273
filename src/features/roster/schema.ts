/** Inputs of the roster pages. */
import { z } from 'zod';
import { COACH_ROLES } from '../../auth/roles';

/** Filters of the roster list (query string). Unknown values are an error, not silently ignored. */
export const rosterFilters = z.object({
  role: z.enum(['all', ...COACH_ROLES], { error: 'Choose a role from the list.' }).default('all'),
  status: z.enum(['all', 'active', 'inactive'], { error: 'Choose active, inactive or all.' }).default('active'),
  q: z.string().trim().max(100, 'Search for at most 100 characters.').default(''),
  page: z.coerce.number({ error: 'The page must be a number.' }).int().min(1, 'Pages start at 1.').max(10_000).default(1),
});
export type RosterFilters = z.infer<typeof rosterFilters>;

/** An admin's role override for one person in this space; "default" removes it. */
export const roleOverrideInput = z.object({
  role: z.enum(['default', ...COACH_ROLES], { error: 'Choose a role from the list.' }),
});

export const personIdParam = z.object({ personId: z.coerce.number({ error: 'Unknown person.' }).int().positive('Unknown person.') });
