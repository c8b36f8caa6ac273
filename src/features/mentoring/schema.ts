/** Inputs of the mentoring pages: mentor assignments, mentor notes and the months figures cover. */
import { z } from 'zod';
import { day } from '../coaching/schema';

/** An admin pairs a mentor with a coach. */
export const mentorAssignmentInput = z.object({
  mentorId: z.coerce.number({ error: 'Choose a mentor.' }).int('Choose a mentor.').positive('Choose a mentor.').max(2_147_483_647, 'Choose a mentor.'),
  coachId: z.coerce.number({ error: 'Choose a coach.' }).int('Choose a coach.').positive('Choose a coach.').max(2_147_483_647, 'Choose a coach.'),
});

/** A mentor's note of a check-in with a coach. */
export const mentorNoteInput = z.object({
  metOn: day('the day you met'),
  body: z.string({ error: 'Write what you talked about.' }).trim().min(1, 'Write what you talked about.').max(4000, 'Keep the note under 4000 characters.'),
});

/** A positive id in a URL; anything else is "not found", not a 400. */
export const idParam = (name: string) => z.object({ [name]: z.coerce.number().int().positive().max(2_147_483_647) });
