/** What callers hand to the grade outbox, validated at the boundary. */
import { z } from 'zod';

/** AGS 2.0 activityProgress values. */
export const ACTIVITY_PROGRESS = ['Initialized', 'Started', 'InProgress', 'Submitted', 'Completed'] as const;
/** AGS 2.0 gradingProgress values. */
export const GRADING_PROGRESS = ['FullyGraded', 'Pending', 'PendingManual', 'Failed', 'NotReady'] as const;

const id = (what: string) => z.number({ error: `${what} must be a number` }).int(`${what} must be a whole number`).positive(`${what} must be positive`);

/** A grade to send (see GradeProps in gradeOutbox.ts for what each field means). */
export const gradeSchema = z.object({
  tenantId: id('tenantId'),
  spaceId: id('spaceId'),
  personId: id('personId'),
  resourceKey: z.string().min(1, 'resourceKey is empty').max(191, 'resourceKey is longer than 191 characters'),
  lineItem: z.object({
    label: z.string().trim().min(1, 'the line item label is empty').max(255, 'the line item label is longer than 255 characters'),
    scoreMaximum: z.number().finite().positive('the line item scoreMaximum must be greater than 0'),
    resourceLinkId: z.string().min(1).max(255).optional(),
    tag: z.string().min(1).max(255).optional(),
    url: z.string().url('the line item url must be a URL').max(1024).optional(),
  }),
  scoreGiven: z.number().finite().min(0, 'scoreGiven must be 0 or more').optional(),
  scoreMaximum: z.number().finite().positive('scoreMaximum must be greater than 0'),
  activityProgress: z.enum(ACTIVITY_PROGRESS).default('Completed'),
  gradingProgress: z.enum(GRADING_PROGRESS).default('FullyGraded'),
  comment: z.string().max(20_000, 'the comment is longer than 20,000 characters').optional(),
  source: z.object({ type: z.string().min(1).max(32), id: z.number().int().nonnegative() }),
  maxAttempts: z.number().int().min(1).max(100).default(8),
  now: z.date().optional(),
});

export type GradeInput = z.input<typeof gradeSchema>;
