/** A program admin or coach creates a survey: a blank draft from the settings form, or a copy of a ready-made template. */
import type { Sequelize } from 'sequelize';
import type { Actor } from '../../../auth/actor';
import { forbidden } from '../../../auth/httpError';
import { insertRow } from '../../../db/insert';
import type { SettingsInput } from '../schema';
import type { SurveyTemplate } from '../templates';
import { questionColumns } from './builderGuards';
import { surveyTransaction } from './writeQueue';

export interface SurveyCreateProps {
  /** An admin or coach of the space (the survey's author). */
  actor: Actor;
  /** The settings of a blank survey… */
  settings?: SettingsInput;
  /** …or the template copied into an editable draft (its questions included). */
  template?: SurveyTemplate;
}

/** Creates the draft (and a template's questions) in one transaction; returns its id. */
export async function createSurvey(sequelize: Sequelize, props: SurveyCreateProps, now = new Date()): Promise<number> {
  const { actor, template } = props;
  if (!actor.space || (actor.role !== 'admin' && actor.role !== 'coach')) throw forbidden('Program admins and coaches create surveys.');
  const s = template ?? props.settings;
  if (!s) throw new Error('createSurvey needs settings or a template');
  const spaceId = actor.space.id;
  return surveyTransaction(sequelize, async (transaction) => {
    const id = await insertRow(sequelize, 'surveys', {
      tenant_id: actor.tenant.id, space_id: spaceId, title: s.title, description: s.description ?? null, kind: s.kind,
      audience_roles: JSON.stringify(s.audienceRoles), audience_coaching: s.audienceCoaching,
      opens_on: props.settings?.opensOn ?? null, closes_on: props.settings?.closesOn ?? null,
      anonymous: s.anonymous, edit_until_close: s.editUntilClose, status: 'draft', template_key: template?.key ?? null,
      created_by: actor.person.id, resource_link_id: null, lineitem_url: null, published_at: null, created_at: now, updated_at: now,
    }, transaction);
    for (const [i, q] of (template?.questions ?? []).entries()) {
      await insertRow(sequelize, 'survey_questions', { survey_id: id, position: i + 1, ...questionColumns(q), created_at: now, updated_at: now }, transaction);
    }
    return id;
  });
}
