/**
 * The picker's view model: what can be placed, grouped (surveys, a reflection, goal setting, the
 * CoachLoop home), each with its preview, as radio buttons or checkboxes depending on whether
 * the LMS takes several items, and the form as it was typed when it comes back with an error.
 */
import type { Actor } from '../../auth/actor';
import { ROLE } from '../../auth/roles';
import { navigationFor } from '../home/presenter';
import type { PlaceableSurvey } from '../surveys/placement';
import { DEFAULT_TITLES, GOALS_KIND, HOME_KIND, REFLECTION_KIND, type PlaceableKind } from './catalog';
import type { PlatformFit } from './platformFit';

/** The roles that may place content. */
export const PLACERS = ['admin', 'coach'] as const;

/** Questions offered in a new reflection (the coach edits them). */
const DEFAULT_PROMPTS = 'What did you try with your students this week?\nWhat did students do or say differently?\nWhat will you try next, and how will you know it worked?';

export interface PickerState {
  fit: PlatformFit;
  surveys: PlaceableSurvey[];
  /** The submitted form, when the picker comes back with an error. */
  values?: Record<string, unknown>;
  error?: string;
  /** The field the error is about ('reflection' marks the reflection's inputs invalid). */
  errorField?: 'reflection';
}

const text = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const picked = (values: Record<string, unknown> | undefined): string[] => {
  const v = values?.item;
  return Array.isArray(v) ? v.map(String) : typeof v === 'string' ? [v] : [];
};

function kind(k: PlaceableKind, chosen: string[], extra: Record<string, unknown> = {}) {
  return { value: k.key, id: `item-${k.key}`, title: k.title, description: k.description, opens: k.opens, checked: chosen.includes(k.key), ...extra };
}

/** Whether the actor may place content. */
export function canPlace(actor: Actor): boolean {
  return (PLACERS as readonly string[]).includes(actor.role);
}

/** The picker page's view model. */
export function presentPicker(actor: Actor, state: PickerState) {
  const chosen = picked(state.values);
  const v = state.values;
  const placer = canPlace(actor);
  return {
    title: 'Add CoachLoop to your course',
    ltik: actor.ltik,
    nav: navigationFor(actor, ''),
    space: actor.space,
    canPlace: placer,
    designer: !placer && actor.ltiRoles.includes(ROLE.membershipContentDeveloper),
    error: state.error,
    fit: { refusal: state.fit.refusal, notes: state.fit.notes },
    many: state.fit.many,
    inputType: state.fit.many ? 'checkbox' : 'radio',
    surveys: state.surveys.map((s) => ({
      value: `survey:${s.id}`, id: `item-survey-${s.id}`, title: s.title, description: s.description,
      preview: s.preview, questionCount: s.preview.length, checked: chosen.includes(`survey:${s.id}`),
    })),
    hasSurveys: state.surveys.length > 0,
    // A reflection task belongs to a course: not offered from an account-level picker.
    reflection: actor.space ? kind(REFLECTION_KIND, chosen, {
      titleValue: text(v?.reflectionTitle) ?? '',
      promptsValue: text(v?.reflectionPrompts) ?? DEFAULT_PROMPTS,
      invalid: state.errorField === 'reflection',
    }) : undefined,
    goals: kind(GOALS_KIND, chosen, { titleValue: text(v?.goalsTitle) ?? DEFAULT_TITLES.goals }),
    home: kind(HOME_KIND, chosen, { titleValue: text(v?.homeTitle) ?? DEFAULT_TITLES.home }),
  };
}
