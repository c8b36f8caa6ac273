/**
 * Turns what a coach or admin picked into the resource links CoachLoop answers the LMS with: each
 * opens the launch URL with a custom parameter naming its task, and surveys and reflections carry
 * a line item (completion credit) keyed like the grades CoachLoop later sends, so the LMS's column
 * is the one the grade worker finds. A picked reflection is created here, as a course task.
 */
import type { Sequelize } from 'sequelize';
import type { Actor } from '../../../auth/actor';
import type { PlacedLink } from '../../../lti/deepLinking';
import { COMPLETION_MAXIMUM as REFLECTION_COMPLETION, resourceKeyOf as reflectionResourceKey } from '../../reflections/catalog';
import { createPlacedTask } from '../../reflections/commands/placedTaskCreator';
import { reflectionSettings } from '../../reflections/reflectionRecords';
import { COMPLETION_MAXIMUM as SURVEY_COMPLETION, resourceKeyOf as surveyResourceKey } from '../../surveys/catalog';
import type { PlaceableSurvey } from '../../surveys/placement';
import { GOALS_KIND, HOME_CUSTOM, HOME_KIND, LINE_ITEM_TAGS, REFLECTION_KIND, TASK_PARAMETER, taskValue } from '../catalog';

/** One picked item, validated. */
export type Pick =
  | { kind: 'survey'; survey: PlaceableSurvey }
  | { kind: 'reflection'; title: string; prompts: string[] }
  | { kind: 'goals'; title: string }
  | { kind: 'home'; title: string };

export interface PlacedLinksProps {
  /** A coach or admin in the course (createPlacedTask refuses anyone else). */
  actor: Actor;
  /** The picks, in the order they are placed. */
  picks: Pick[];
  /** CoachLoop's launch URL (every placed link opens it; the custom parameter says what for). */
  launchUrl: string;
  /** False when the platform ignores line items (accept_lineitem: false): no column is asked for. */
  lineItems: boolean;
  /** True when the platform opens links only in a new window. */
  newWindow: boolean;
}

const plural = (n: number, one: string) => `${n} ${one}${n === 1 ? '' : 's'}`;

/** Builds the links (creating a picked reflection task); returns them in the order picked. */
export async function buildPlacedLinks(sequelize: Sequelize, props: PlacedLinksProps): Promise<PlacedLink[]> {
  const { actor, launchUrl } = props;
  const presentation = props.newWindow ? { window: { targetName: '_blank' } } : {};
  const links: PlacedLink[] = [];
  for (const pick of props.picks) {
    switch (pick.kind) {
      case 'survey': {
        const { survey } = pick;
        links.push({
          title: survey.title, url: launchUrl, ...presentation,
          text: survey.description || `A CoachLoop survey of ${plural(survey.preview.length, 'question')}.`,
          custom: { [TASK_PARAMETER]: taskValue.survey(survey.id) },
          ...(props.lineItems ? { lineItem: { label: survey.title, scoreMaximum: SURVEY_COMPLETION, resourceId: surveyResourceKey(survey.id), tag: LINE_ITEM_TAGS.survey } } : {}),
        });
        break;
      }
      case 'reflection': {
        const id = await createPlacedTask(sequelize, { actor, title: pick.title, prompts: pick.prompts });
        const settings = await reflectionSettings(sequelize, actor.space!.id);
        const scoreMaximum = settings.grading === 'points' ? settings.pointsMax : REFLECTION_COMPLETION;
        links.push({
          title: pick.title, url: launchUrl, ...presentation, text: REFLECTION_KIND.linkText,
          custom: { [TASK_PARAMETER]: taskValue.reflection(id) },
          ...(props.lineItems ? { lineItem: { label: pick.title, scoreMaximum, resourceId: reflectionResourceKey(id), tag: LINE_ITEM_TAGS.reflection } } : {}),
        });
        break;
      }
      case 'goals':
        links.push({ title: pick.title, url: launchUrl, ...presentation, text: GOALS_KIND.linkText, custom: { [TASK_PARAMETER]: taskValue.goals() } });
        break;
      case 'home':
        links.push({ title: pick.title, url: launchUrl, ...presentation, text: HOME_KIND.linkText, custom: { ...HOME_CUSTOM } });
        break;
    }
  }
  return links;
}
