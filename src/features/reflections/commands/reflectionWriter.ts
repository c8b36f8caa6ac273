/** The teacher saves a draft of their reflection (by hand or by autosave) or submits it to their coach. */
import type { Sequelize } from 'sequelize';
import type { Actor } from '../../../auth/actor';
import { badRequest, HttpError } from '../../../auth/httpError';
import { insertRow } from '../../../db/insert';
import { nextStatus, type ReflectionStatus } from '../catalog';
import { loadReflectionFor } from '../reflectionRecords';
import { conditionalUpdate, illegalMove } from './transitions';

export interface ReflectionWriteProps {
  /** The teacher the reflection belongs to. */
  actor: Actor;
  reflectionId: number;
  /** save: keep as draft (or revision in progress); submit: send to the coach. */
  action: 'save' | 'submit';
  /** One answer per prompt, in the prompts' order. */
  answers: string[];
}

/** Saves or submits; returns the reflection's status afterwards and whether anything changed. */
export async function writeReflection(sequelize: Sequelize, props: ReflectionWriteProps, now = new Date()): Promise<{ status: ReflectionStatus; changed: boolean }> {
  return sequelize.transaction(async (transaction) => {
    const { reflection, task } = await loadReflectionFor(sequelize, props.actor, props.reflectionId, 'write', transaction);
    if (props.answers.length !== task.prompts.length) {
      throw badRequest(`This reflection has ${task.prompts.length} question${task.prompts.length === 1 ? '' : 's'} but the form sent ${props.answers.length} answer${props.answers.length === 1 ? '' : 's'}. Reload the page and try again.`, 'ANSWERS_MISMATCH');
    }
    const next = nextStatus(reflection.status, props.action, 'completion');
    if ('refused' in next) throw illegalMove(next.refused);
    const answers = props.answers.map((a) => a.replace(/\r\n/g, '\n'));
    if (props.action === 'submit') {
      const empty = answers.findIndex((a) => a.trim() === '');
      if (empty >= 0) throw badRequest(`Answer every question before you submit: question ${empty + 1} is empty. Your text is kept; save a draft if you want to finish later.`, 'EMPTY_ANSWER');
    }
    const same = JSON.stringify(answers) === JSON.stringify(reflection.answers);
    if (props.action === 'save' && same) return { status: reflection.status, changed: false };
    const set: Record<string, unknown> = { status: next.to, answers: JSON.stringify(answers), saved_at: now, updated_at: now };
    if (props.action === 'submit') set.submitted_at = now;
    if (!(await conditionalUpdate(sequelize, reflection.id, reflection.status, set, transaction))) {
      throw new HttpError(409, 'This reflection changed meanwhile', 'Your reflection was submitted or changed in another window. Reload the page to see it.', 'REFLECTION_CHANGED');
    }
    if (props.action === 'submit') {
      await insertRow(sequelize, 'reflection_events', { reflection_id: reflection.id, from_status: reflection.status, to_status: next.to, person_id: props.actor.person.id, feedback: null, score_given: null, score_maximum: null, at: now }, transaction);
    }
    return { status: next.to, changed: true };
  });
}
