/**
 * Survey outcomes on the dashboard, from the counts in dashboard_survey_answers (never the
 * responses themselves): practice change teachers report, and the impact on student engagement
 * and learning they report — beginning against end of year, coached against not coached. Matched
 * by the questions' compare_key (the ready-made BOY/EOY and post-cycle surveys share them).
 *
 * Each figure is a share of the teachers' responses over at least the minimum group size; a
 * coached / not-coached split is shown only when both parts (and what is in neither) are empty or
 * large enough, the rule the survey results pages follow, so the two pages cannot be set against
 * each other to reveal a small group.
 */
import type { Sequelize } from 'sequelize';
import { isoWeek } from '../surveys/catalog';
import { splitIsSafe } from '../surveys/results';
import type { DashboardScope } from './scope';
import { bounds, queryOf } from './sessionQueries';

/** Answers that count as "yes": agree or strongly agree; at least weekly. */
const AGREE = new Set(['4', '5']);
const WEEKLY = new Set(['About once a week', 'Several times a week', 'Every day']);

/** The statements the dashboard reads, by compare_key. */
export const SURVEY_MEASURES = [
  { key: 'cycle.practice_change', group: 'practice', label: 'Teaches differently in at least one way because of the cycle (agree)', positive: AGREE, kinds: ['post_cycle'] },
  { key: 'teacher.use_collaborate', group: 'practice', label: 'Students work together with technology at least weekly', positive: WEEKLY, kinds: ['boy', 'eoy'] },
  { key: 'teacher.use_create', group: 'practice', label: 'Students create their own work with technology at least weekly', positive: WEEKLY, kinds: ['boy', 'eoy'] },
  { key: 'teacher.impact_engagement', group: 'impact', label: 'Students are more engaged when learning with technology (agree)', positive: AGREE, kinds: ['boy', 'eoy'] },
  { key: 'teacher.impact_learning', group: 'impact', label: 'Students learn more when learning with technology (agree)', positive: AGREE, kinds: ['boy', 'eoy'] },
  { key: 'cycle.student_benefit', group: 'impact', label: 'Students gained from what the cycle worked on (agree)', positive: AGREE, kinds: ['post_cycle'] },
] as const;

const KIND_LABELS: Record<string, string> = { boy: 'Beginning of year', eoy: 'End of year', post_cycle: 'After a cycle' };
const GROUP_LABELS: Record<string, string> = { coached: 'coached teachers', not_coached: 'teachers not coached' };

/** One figure: the share of responses giving the positive answer, over n responses, or hidden. */
export interface SurveyRow {
  measure: string;
  group: 'practice' | 'impact';
  label: string;
  survey: string;
  respondents: string;
  n: number;
  shown: boolean;
  share?: number;
}

export interface SurveyFigures {
  available: boolean;
  /** Why there are no survey figures, in words. */
  reason?: string;
  rows: SurveyRow[];
}

/** The ISO weeks a period covers (responses keep only their week). */
function weeks(scope: DashboardScope): { weekFrom: string; weekTo: string } {
  const p = scope.period;
  return {
    weekFrom: p.from ? isoWeek(p.fromAt) : '0000-W00',
    weekTo: p.to ? isoWeek(new Date(p.toAt.getTime() - 86_400_000)) : '9999-W99',
  };
}

/** The survey figures of a scope. */
export async function surveyFigures(sequelize: Sequelize, scope: DashboardScope): Promise<SurveyFigures> {
  // The questions first (a few hundred, by compare_key), then their answer counts from the covering index alone.
  const q = queryOf(sequelize);
  const questions = await q<{ id: number; kind: string; compare_key: string }>(
    `SELECT q.id, s.kind, q.compare_key FROM survey_questions q JOIN surveys s ON s.id = q.survey_id
      WHERE q.compare_key IN (:keys) AND s.space_id IN (:spaces)`,
    { ...bounds(scope), keys: SURVEY_MEASURES.map((m) => m.key) },
  );
  const byQuestion = new Map(questions.map((x) => [Number(x.id), x]));
  const counts = questions.length ? await q<{ question_id: number; coaching_group: string; value: string; responses: number }>(
    `SELECT question_id, coaching_group, value, SUM(responses) AS responses FROM dashboard_survey_answers
      WHERE question_id IN (:questions) AND role_group = 'teacher' AND period BETWEEN :weekFrom AND :weekTo
      GROUP BY question_id, coaching_group, value`,
    { ...weeks(scope), questions: [...byQuestion.keys()] },
  ) : [];
  const rows = counts.map((r) => ({ ...r, kind: byQuestion.get(Number(r.question_id))!.kind, compare_key: byQuestion.get(Number(r.question_id))!.compare_key }));
  if (!rows.some((r) => Number(r.responses) > 0)) {
    return { available: false, reason: 'No teacher has answered the ready-made beginning-of-year, end-of-year or post-cycle surveys in the courses and months in view yet.', rows: [] };
  }
  const min = scope.minGroupSize;
  const out: SurveyRow[] = [];
  for (const m of SURVEY_MEASURES) {
    for (const kind of m.kinds) {
      const mine = rows.filter((r) => r.compare_key === m.key && r.kind === kind);
      const count = (group?: string) => mine.filter((r) => group === undefined || r.coaching_group === group).reduce((s, r) => s + Number(r.responses), 0);
      const positive = (group: string) => mine.filter((r) => r.coaching_group === group && (m.positive as Set<string>).has(String(r.value))).reduce((s, r) => s + Number(r.responses), 0);
      const total = count();
      if (!total) continue;
      const groups = ['coached', 'not_coached'].filter((g) => count(g) > 0);
      const safe = splitIsSafe(groups.map((g) => count(g)), total, min);
      for (const g of groups) {
        const n = count(g);
        const shown = safe && n >= min;
        out.push({ measure: m.key, group: m.group, label: m.label, survey: KIND_LABELS[kind], respondents: GROUP_LABELS[g], n, shown, share: shown ? positive(g) / n : undefined });
      }
    }
  }
  return { available: true, rows: out };
}
