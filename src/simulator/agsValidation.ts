/**
 * Validation of AGS 2.0 bodies (line items and scores) as strict platforms apply it. Each check
 * returns the first problem as a sentence, or the cleaned value.
 */
import type { LineItem } from './types';

const ACTIVITY_PROGRESS = ['Initialized', 'Started', 'InProgress', 'Submitted', 'Completed'];
const GRADING_PROGRESS = ['FullyGraded', 'Pending', 'PendingManual', 'Failed', 'NotReady'];
/** ISO 8601 date-time with sub-second precision and a time zone, as AGS 2.0 requires for score timestamps. */
const SCORE_TIMESTAMP = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})\.(\d{1,9})(Z|[+-]\d{2}:\d{2})$/;
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

/** Line item fields a tool may send, validated. */
export type LineItemFields = Omit<LineItem, 'id'>;

function optionalString(body: Record<string, unknown>, name: string): string | undefined | { problem: string } {
  const value = body[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') return { problem: `${name} must be a string` };
  return value;
}

/**
 * Validates a line item body: `label` (non-empty string) and `scoreMaximum` (number > 0) are
 * required; resourceId, tag, resourceLinkId strings; start/endDateTime ISO 8601; gradesReleased boolean.
 */
export function validateLineItem(body: Record<string, unknown>): LineItemFields | { problem: string } {
  const { label, scoreMaximum } = body;
  if (typeof label !== 'string' || label.trim() === '') return { problem: 'label is required (a non-empty string)' };
  if (typeof scoreMaximum !== 'number' || !Number.isFinite(scoreMaximum) || scoreMaximum <= 0) {
    return { problem: 'scoreMaximum is required and must be a number greater than 0' };
  }
  const fields: LineItemFields = { label, scoreMaximum };
  for (const name of ['resourceId', 'tag', 'resourceLinkId', 'startDateTime', 'endDateTime'] as const) {
    const value = optionalString(body, name);
    if (typeof value === 'object') return value;
    if (value === undefined) continue;
    if ((name === 'startDateTime' || name === 'endDateTime') && (!ISO_DATE_TIME.test(value) || Number.isNaN(Date.parse(value)))) {
      return { problem: `${name} must be an ISO 8601 date-time with a time zone` };
    }
    fields[name] = value;
  }
  if (body.gradesReleased !== undefined) {
    if (typeof body.gradesReleased !== 'boolean') return { problem: 'gradesReleased must be a boolean' };
    fields.gradesReleased = body.gradesReleased;
  }
  return fields;
}

/** A validated score. */
export interface ValidScore {
  userId: string;
  scoreGiven?: number;
  scoreMaximum?: number;
  activityProgress: string;
  gradingProgress: string;
  timestamp: string;
  comment?: string;
  /** The timestamp in microseconds since the epoch (for strict ordering). */
  timestampMicros: number;
}

/** Microseconds since the epoch of an AGS score timestamp (keeps sub-millisecond precision), or NaN. */
export function timestampMicros(timestamp: string): number {
  const match = SCORE_TIMESTAMP.exec(timestamp);
  if (!match) return Number.NaN;
  const [, base, fraction, zone] = match as unknown as [string, string, string, string];
  const wholeSecondMs = Date.parse(`${base}${zone}`);
  if (Number.isNaN(wholeSecondMs)) return Number.NaN;
  return wholeSecondMs * 1000 + Number(fraction.padEnd(6, '0').slice(0, 6));
}

/**
 * Validates a score body (AGS 2.0 §Score publish service): userId, timestamp with sub-second
 * precision and zone, activityProgress and gradingProgress from their vocabularies; scoreGiven
 * needs scoreMaximum; scoreGiven >= 0 and scoreMaximum > 0; comment a string.
 */
export function validateScore(body: Record<string, unknown>): ValidScore | { problem: string } {
  const { userId, timestamp, activityProgress, gradingProgress, scoreGiven, scoreMaximum, comment } = body;
  if (typeof userId !== 'string' || userId === '') return { problem: 'userId is required (a string)' };
  if (typeof timestamp !== 'string') return { problem: 'timestamp is required' };
  const micros = timestampMicros(timestamp);
  if (Number.isNaN(micros)) {
    return { problem: `timestamp must be ISO 8601 with sub-second precision and a time zone, e.g. 2026-01-31T10:15:30.123Z (got ${timestamp})` };
  }
  if (typeof activityProgress !== 'string' || !ACTIVITY_PROGRESS.includes(activityProgress)) {
    return { problem: `activityProgress must be one of ${ACTIVITY_PROGRESS.join(', ')}` };
  }
  if (typeof gradingProgress !== 'string' || !GRADING_PROGRESS.includes(gradingProgress)) {
    return { problem: `gradingProgress must be one of ${GRADING_PROGRESS.join(', ')}` };
  }
  if (scoreGiven !== undefined && scoreMaximum === undefined) return { problem: 'scoreMaximum is required when scoreGiven is present' };
  if (scoreGiven !== undefined && (typeof scoreGiven !== 'number' || !Number.isFinite(scoreGiven) || scoreGiven < 0)) {
    return { problem: 'scoreGiven must be a number >= 0' };
  }
  if (scoreMaximum !== undefined && (typeof scoreMaximum !== 'number' || !Number.isFinite(scoreMaximum) || scoreMaximum <= 0)) {
    return { problem: 'scoreMaximum must be a number > 0' };
  }
  if (comment !== undefined && comment !== null && typeof comment !== 'string') return { problem: 'comment must be a string' };
  return {
    userId, timestamp, activityProgress, gradingProgress, timestampMicros: micros,
    ...(scoreGiven !== undefined ? { scoreGiven: scoreGiven as number } : {}),
    ...(scoreMaximum !== undefined ? { scoreMaximum: scoreMaximum as number } : {}),
    ...(typeof comment === 'string' ? { comment } : {}),
  };
}
