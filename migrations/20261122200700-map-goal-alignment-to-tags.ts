/**
 * Goals written before the taxonomy carried their alignment as free text (a JSON array of tags as
 * typed). Each such tag becomes a taxonomy item of the goal's tenant: an ISTE item when it names
 * one by number or name ("2.4", "ISTE 4.6", "Collaborator" matches the Educators item first),
 * otherwise a district tag with that name (one per distinct name, case-insensitively). The goal
 * is then tagged with those items and its free text emptied. Down writes the tags back as text.
 */
import { QueryTypes, type QueryInterface, type Transaction } from 'sequelize';

/** The ISTE items as they were seeded when this migration was written (names and numbers only). */
const ISTE: Array<[string, string, string]> = [
  ['iste_educators', '2.1', 'Learner'], ['iste_educators', '2.2', 'Leader'], ['iste_educators', '2.3', 'Citizen'], ['iste_educators', '2.4', 'Collaborator'],
  ['iste_educators', '2.5', 'Designer'], ['iste_educators', '2.6', 'Facilitator'], ['iste_educators', '2.7', 'Analyst'],
  ['iste_coaches', '4.1', 'Change Agent'], ['iste_coaches', '4.2', 'Connected Learner'], ['iste_coaches', '4.3', 'Collaborator'], ['iste_coaches', '4.4', 'Learning Designer'],
  ['iste_coaches', '4.5', 'Professional Learning Facilitator'], ['iste_coaches', '4.6', 'Data-Driven Decision-Maker'], ['iste_coaches', '4.7', 'Digital Citizen Advocate'],
];

interface TagRow { id: number; framework: string; code: string | null; name: string }

const norm = (s: string) => s.trim().toLowerCase().replace(/^iste\s*/, '').replace(/\s+/g, ' ');

export async function up(q: QueryInterface): Promise<void> {
  const db = q.sequelize;
  await db.transaction(async (transaction: Transaction) => {
    const select = <T extends object>(sql: string, replacements: unknown[] = []) => db.query<T>(sql, { replacements, type: QueryTypes.SELECT, transaction });
    const goals = await select<{ id: number; alignment: string; tenant_id: number }>(
      "SELECT g.id, g.alignment, s.tenant_id FROM goals g JOIN cycles c ON c.id = g.cycle_id JOIN spaces s ON s.id = c.space_id WHERE g.alignment <> '[]' ORDER BY g.id");
    const now = new Date();
    const tagsOf = new Map<number, TagRow[]>();
    const tenantTags = async (tenantId: number): Promise<TagRow[]> => {
      let tags = tagsOf.get(tenantId);
      if (tags) return tags;
      tags = await select<TagRow>('SELECT id, framework, code, name FROM standard_tags WHERE tenant_id = ?', [tenantId]);
      for (const [i, [framework, code, name]] of ISTE.entries()) {
        if (tags.some((t) => t.framework === framework && t.code === code)) continue;
        await db.query('INSERT INTO standard_tags (tenant_id, framework, code, name, position, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)', { replacements: [tenantId, framework, code, name, i, now, now], transaction });
      }
      tags = await select<TagRow>('SELECT id, framework, code, name FROM standard_tags WHERE tenant_id = ? ORDER BY position, id', [tenantId]);
      tags.sort((a, b) => (a.framework === 'iste_educators' ? 0 : a.framework === 'iste_coaches' ? 1 : 2) - (b.framework === 'iste_educators' ? 0 : b.framework === 'iste_coaches' ? 1 : 2));
      tagsOf.set(tenantId, tags);
      return tags;
    };
    for (const goal of goals) {
      let words: unknown;
      try { words = JSON.parse(goal.alignment); } catch { words = []; }
      if (!Array.isArray(words)) continue;
      const tags = await tenantTags(Number(goal.tenant_id));
      const ids = new Set<number>();
      for (const word of words) {
        if (typeof word !== 'string' || !word.trim()) continue;
        const w = norm(word);
        let tag = tags.find((t) => t.code !== null && norm(t.code) === w) ?? tags.find((t) => norm(t.name) === w);
        if (!tag) {
          const name = word.trim().slice(0, 120);
          await db.query('INSERT INTO standard_tags (tenant_id, framework, code, name, position, created_at, updated_at) VALUES (?, ?, NULL, ?, ?, ?, ?)', { replacements: [goal.tenant_id, 'district', name, tags.length, now, now], transaction });
          const [row] = await select<TagRow>("SELECT id, framework, code, name FROM standard_tags WHERE tenant_id = ? AND framework = 'district' AND name = ? ORDER BY id DESC", [goal.tenant_id, name]);
          tag = { ...row, id: Number(row.id) };
          tags.push(tag);
        }
        ids.add(Number(tag.id));
      }
      for (const id of ids) await db.query('INSERT INTO goal_tags (goal_id, tag_id) VALUES (?, ?)', { replacements: [goal.id, id], transaction });
      await db.query("UPDATE goals SET alignment = '[]' WHERE id = ?", { replacements: [goal.id], transaction });
    }
  });
}

export async function down(q: QueryInterface): Promise<void> {
  const db = q.sequelize;
  await db.transaction(async (transaction: Transaction) => {
    const rows = await db.query<{ goal_id: number; alignment: string; framework: string; code: string | null; name: string }>(
      'SELECT gt.goal_id, g.alignment, t.framework, t.code, t.name FROM goal_tags gt JOIN goals g ON g.id = gt.goal_id JOIN standard_tags t ON t.id = gt.tag_id ORDER BY gt.goal_id, t.id',
      { type: QueryTypes.SELECT, transaction });
    const byGoal = new Map<number, { alignment: string; words: string[] }>();
    for (const r of rows) {
      const entry = byGoal.get(Number(r.goal_id)) ?? { alignment: r.alignment, words: [] };
      entry.words.push(r.framework === 'district' ? r.name : `ISTE ${r.code}`);
      byGoal.set(Number(r.goal_id), entry);
    }
    for (const [goalId, { alignment, words }] of byGoal) {
      let kept: unknown;
      try { kept = JSON.parse(alignment); } catch { kept = []; }
      const all = [...(Array.isArray(kept) ? kept.filter((x): x is string => typeof x === 'string') : []), ...words];
      await db.query('UPDATE goals SET alignment = ? WHERE id = ?', { replacements: [JSON.stringify(all), goalId], transaction });
    }
  });
}
