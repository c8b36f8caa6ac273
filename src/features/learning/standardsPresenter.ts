/** The standards page's view model: the taxonomy by framework, with the actions each item allows. */
import type { Actor } from '../../auth/actor';
import { pageBase } from '../coaching/pageModel';
import { FRAMEWORK_KEYS, FRAMEWORKS } from './catalog';
import type { StandardTag } from './taxonomy';

export const STANDARDS_NOTICES: Record<string, string> = {
  added: 'Tag added. Coaches and teachers can choose it on goals and sessions now.',
  renamed: 'Tag renamed. Every goal, session and offering carrying it shows the new name.',
  deleted: 'Tag deleted (nothing carried it).',
  retired: 'Tag retired: it is no longer offered, and the goals, sessions and offerings that carry it keep it.',
  restored: 'Tag restored.',
};

/** The page model. */
export function presentStandards(actor: Actor, tags: StandardTag[], inUse: Set<number>, extra: { status?: number; error?: string; notice?: string; form?: { name?: string; code?: string }; errorTag?: number }) {
  return {
    ...pageBase(actor, '/app/standards', 'Standards and curriculum tags'),
    notice: extra.notice,
    error: extra.errorTag === undefined ? extra.error : undefined,
    frameworks: FRAMEWORK_KEYS.map((framework) => ({
      key: framework,
      name: FRAMEWORKS[framework],
      district: framework === 'district',
      tags: tags.filter((t) => t.framework === framework).map((t) => ({
        id: t.id, code: t.code ?? '', name: t.name, label: t.label, retired: t.retired,
        editable: framework === 'district',
        removeLabel: framework !== 'district' || inUse.has(t.id) ? 'Retire' : 'Delete',
        error: extra.errorTag === t.id ? extra.error : undefined,
      })),
    })),
    form: { name: extra.form?.name ?? '', code: extra.form?.code ?? '' },
  };
}
