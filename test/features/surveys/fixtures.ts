/**
 * Survey fixtures: a coaching course with the routes mounted, surveys made through the commands
 * (as their author would), responses submitted as the members, and extra teachers for results that
 * need more respondents than the minimum group size.
 */
import { QueryTypes, type Sequelize } from 'sequelize';
import type { Actor } from '../../../src/auth/actor';
import { addQuestion } from '../../../src/features/surveys/commands/questionAdder';
import { submitResponse } from '../../../src/features/surveys/commands/responseSubmitter';
import { createSurvey } from '../../../src/features/surveys/commands/surveyCreator';
import { publishSurvey } from '../../../src/features/surveys/commands/surveyPublisher';
import type { QuestionDefinition, SettingsInput } from '../../../src/features/surveys/schema';
import { findTemplate } from '../../../src/features/surveys/templates';
import type { CoachingCourse, Member } from '../../helpers/coaching';

export const SETTINGS: SettingsInput = {
  title: 'Fixture survey', kind: 'custom', audienceRoles: ['teacher'], audienceCoaching: 'all', anonymous: true, editUntilClose: false,
};

/** A published survey made by `author` with these settings and questions; returns its id and question ids. */
export async function publishedSurvey(c: CoachingCourse, opts: { author?: Member; settings?: Partial<SettingsInput>; questions?: QuestionDefinition[]; publish?: boolean } = {}) {
  const actor = c.actor(opts.author ?? 'coach');
  const id = await createSurvey(c.sequelize, { actor, settings: { ...SETTINGS, ...opts.settings } });
  const questionIds: number[] = [];
  for (const q of opts.questions ?? [{ kind: 'likert5', prompt: 'Coaching helps me.', required: true }]) questionIds.push(await addQuestion(c.sequelize, { actor, surveyId: id, question: q }));
  if (opts.publish !== false) await publishSurvey(c.sequelize, { actor, surveyId: id });
  return { id, questionIds };
}

/** A survey copied from a template and published. */
export async function templateSurvey(c: CoachingCourse, key: string, author: Member = 'admin'): Promise<number> {
  const actor = c.actor(author);
  const id = await createSurvey(c.sequelize, { actor, template: findTemplate(key)! });
  await publishSurvey(c.sequelize, { actor, surveyId: id });
  return id;
}

let extra = 0;

/**
 * Extra teachers of the course, members with role teacher (no launch: an actor is enough for
 * commands); `coached` ones get an active coaching assignment with the course's coach.
 */
export async function extraTeachers(c: CoachingCourse, n: number, coached: boolean): Promise<Actor[]> {
  const now = new Date();
  const actors: Actor[] = [];
  for (let i = 0; i < n; i++) {
    extra++;
    const sub = `extra-teacher-${process.pid}-${extra}`;
    const [personId] = (await c.sequelize.query('INSERT INTO people (tenant_id, sub, name, created_at, updated_at) VALUES (?, ?, ?, ?, ?)', {
      replacements: [c.tenantId, sub, `Extra Teacher ${extra}`, now, now], type: QueryTypes.INSERT,
    })) as unknown as [number];
    await c.sequelize.query("INSERT INTO memberships (space_id, person_id, role, lti_roles, status, created_at, updated_at) VALUES (?, ?, 'teacher', '[]', 'active', ?, ?)", {
      replacements: [c.spaceId, personId, now, now], type: QueryTypes.INSERT,
    });
    if (coached) {
      await c.sequelize.query('INSERT INTO coaching_assignments (space_id, coach_person_id, teacher_person_id, active, confirmed_at, created_at, updated_at) VALUES (?, ?, ?, 1, ?, ?, ?)', {
        replacements: [c.spaceId, c.ids.coach, personId, now, now, now], type: QueryTypes.INSERT,
      });
    }
    const base = c.actor('teacher');
    actors.push({ ...base, person: { id: Number(personId), sub, name: `Extra Teacher ${extra}` } });
  }
  return actors;
}

/** Submits answers (by question id) as each actor. */
export async function respondAll(sequelize: Sequelize, surveyId: number, actors: Actor[], answers: (i: number) => Record<string, number | string | string[]>): Promise<void> {
  for (const [i, actor] of actors.entries()) await submitResponse(sequelize, { actor, surveyId, answers: answers(i) });
}
