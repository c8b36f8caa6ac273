/**
 * The survey's author or an admin changes its settings. Title, introduction and dates may change
 * at any time; once people have answered, who it is for and whether it is anonymous may not (the
 * answers were given under the old terms).
 */
import { QueryTypes, type Sequelize } from 'sequelize';
import type { Actor } from '../../../auth/actor';
import { HttpError } from '../../../auth/httpError';
import type { SettingsInput } from '../schema';
import { hasResponses, loadSurveyFor } from '../surveyRecords';
import { surveyTransaction } from './writeQueue';

export interface SettingsSaveProps {
  /** A builder of the survey (admin, or the coach who made it). */
  actor: Actor;
  surveyId: number;
  settings: SettingsInput;
}

/** Saves the settings in one transaction. */
export async function saveSurveySettings(sequelize: Sequelize, props: SettingsSaveProps, now = new Date()): Promise<void> {
  const s = props.settings;
  await surveyTransaction(sequelize, async (transaction) => {
    const { survey } = await loadSurveyFor(sequelize, props.actor, props.surveyId, 'edit', transaction);
    const termsChanged = survey.anonymous !== s.anonymous || survey.editUntilClose !== s.editUntilClose || survey.audienceCoaching !== s.audienceCoaching
      || JSON.stringify([...survey.audienceRoles].sort()) !== JSON.stringify([...s.audienceRoles].sort());
    if (termsChanged && (await hasResponses(sequelize, survey.id, transaction))) {
      throw new HttpError(409, 'People have already answered this survey',
        'Who the survey is for, whether it is anonymous and whether answers can be edited cannot change after people have answered under those terms. You can still change the title, introduction and dates.',
        'SURVEY_ANSWERED');
    }
    await sequelize.query(
      'UPDATE surveys SET title = ?, description = ?, kind = ?, audience_roles = ?, audience_coaching = ?, opens_on = ?, closes_on = ?, anonymous = ?, edit_until_close = ?, updated_at = ? WHERE id = ?',
      {
        replacements: [s.title, s.description ?? null, s.kind, JSON.stringify(s.audienceRoles), s.audienceCoaching, s.opensOn ?? null, s.closesOn ?? null, s.anonymous, s.editUntilClose, now, survey.id],
        type: QueryTypes.UPDATE, transaction,
      },
    );
  });
}
