/** Input of the content picker (Deep Linking) forms. */
import { z } from 'zod';
import { PLACEABLE_ITEMS } from './catalog';

export const placementInput = z.object({
  item: z.enum(Object.keys(PLACEABLE_ITEMS) as [string, ...string[]], { error: 'Choose one of the items in the list to add to your course.' }),
  title: z
    .string()
    .trim()
    .min(1, 'Give the link a title people will recognise in the course.')
    .max(120, 'Keep the title under 120 characters.')
    .optional(),
});
