/**
 * The group-session form (partial group-session-form.hbs), for logging a new group session on the
 * caseload page and for editing one: attendees from the course roster, kind, date, minutes,
 * format, the catalog offering the attendance belongs to, standards tags, notes and next steps.
 */
import { QUICK_MINUTES, SESSION_FORMATS, SESSION_KINDS } from './catalog';
import type { GroupSession } from './commands/groupSessionEditor';
import { OFFERING_KINDS } from '../learning/catalog';
import type { Offering } from '../learning/offerings';
import { tagChoices, type StandardTag } from '../learning/taxonomy';

/** What the form offers. */
export interface GroupFormChoices {
  teachers: Array<{ personId: number; name: string }>;
  catalog: Offering[];
  tags: StandardTag[];
  today: string;
}

type Values = Record<string, string | string[] | undefined>;

const list = (v: string | string[] | undefined) => (Array.isArray(v) ? v : v === undefined || v === '' ? [] : [v]);

/** The form's view model, filled from what was typed (after an error), the saved session (editing) or defaults. */
export function groupSessionForm(choices: GroupFormChoices, opts: { action: string; submitLabel: string; values?: Values; saved?: GroupSession }) {
  const s = opts.saved;
  const v: Values = opts.values ?? (s ? {
    kind: s.kind, heldOn: s.heldOn, minutes: String(s.minutes), format: s.format, notes: s.notes ?? '', nextSteps: s.nextSteps ?? '',
    attendees: s.attendees.map(String), tags: s.tagIds.map(String), offeringId: s.offeringId === null ? '' : String(s.offeringId),
  } : {});
  const str = (k: string, d: string) => (typeof v[k] === 'string' ? (v[k] as string) : d);
  const attendees = list(v.attendees);
  const offeringId = str('offeringId', '');
  const chosenTags = list(v.tags).map(Number);
  return {
    action: opts.action,
    submitLabel: opts.submitLabel,
    teachers: choices.teachers.map((t) => ({ personId: t.personId, name: t.name, attended: attendees.includes(String(t.personId)) })),
    kinds: Object.entries(SESSION_KINDS).map(([value, label]) => ({ value, label, selected: value === str('kind', 'group_pd') })),
    minutes: str('minutes', '60'),
    quickMinutes: QUICK_MINUTES,
    formats: Object.entries(SESSION_FORMATS).map(([value, label]) => ({ value, label, checked: value === str('format', 'in_person') })),
    heldOn: str('heldOn', choices.today),
    notes: str('notes', ''),
    nextSteps: str('nextSteps', ''),
    // Archived offerings stay choosable only for a session that already has one.
    offerings: choices.catalog.filter((o) => !o.archived || String(o.id) === offeringId)
      .map((o) => ({ value: o.id, label: `${o.title} (${OFFERING_KINDS[o.kind]})${o.archived ? ' — archived' : ''}`, selected: String(o.id) === offeringId })),
    tagGroups: tagChoices(choices.tags, chosenTags, 'group-tag'),
  };
}
