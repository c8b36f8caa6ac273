/**
 * View model of the results page: response rates per audience group, then per question its chart
 * and table, beginning vs end of year side by side (matching compare_keys) and coached vs not
 * coached side by side, each figure withheld below the minimum group size (results.ts).
 */
import type { Actor } from '../../auth/actor';
import { pageBase } from '../coaching/pageModel';
import { formatNumber } from '../coaching/goalProgressChart';
import { AUDIENCE_ROLE_LABELS, audienceText, KIND_LABELS, QUESTION_KIND_LABELS } from './catalog';
import type { AudienceGroup } from './audienceQueries';
import { barChart, type ChartSeries } from './resultsChart';
import { coachingSplit, distribution, isText, textAnswers, type Distribution, type ResponseData } from './results';
import type { Question, Survey } from './surveyRecords';

/** The survey compared with, its questions and responses. */
export interface Comparison {
  survey: Survey;
  questions: Question[];
  responses: ResponseData[];
}

export interface ResultsInput {
  survey: Survey;
  questions: Question[];
  responses: ResponseData[];
  groups: AudienceGroup[];
  min: number;
  comparison?: Comparison;
  /** Surveys that can be compared with this one (for the picker). */
  comparable: Survey[];
  random?: () => number;
}

const stats = (d: Distribution) => (d.shown && d.mean !== undefined ? `mean ${formatNumber(d.mean)}${d.median !== undefined ? `, median ${formatNumber(d.median)}` : ''}` : undefined);

/** The results page. */
export function presentResults(actor: Actor, input: ResultsInput) {
  const { survey, questions, responses, min, comparison } = input;
  const total = responses.length;
  const enough = total >= min;
  // Coached vs not coached makes sense when the survey went to all teachers.
  const splitByCoaching = survey.audienceRoles.includes('teacher') && survey.audienceCoaching === 'all';
  const compareName = comparison ? `${comparison.survey.title} (${KIND_LABELS[comparison.survey.kind].toLowerCase()})` : undefined;
  const rates = input.groups
    .filter((g) => g.role !== 'teacher' || survey.audienceCoaching === 'all' || g.coaching === survey.audienceCoaching)
    .map((g) => {
      const label = g.role === 'teacher' ? `Teachers ${g.coaching === 'coached' ? 'being coached' : 'not being coached'}` : AUDIENCE_ROLE_LABELS[g.role];
      if (g.people < min) return { label, hidden: true, note: `fewer than ${min} people` };
      return { label, hidden: false, people: g.people, completed: g.completed, rate: `${Math.round((g.completed / g.people) * 100)}%` };
    });
  const items = enough ? questions.map((q, i) => {
    const base = { number: i + 1, prompt: q.prompt, kind: QUESTION_KIND_LABELS[q.kind], compareKey: q.compareKey };
    if (isText(q)) {
      const t = textAnswers(q, responses, min, input.random);
      return { ...base, text: true, shown: t.shown, answers: t.shown ? t.answers : [], note: t.shown ? `${t.n} answers, in random order, without who wrote them` : t.reason === 'none' ? 'No answers yet.' : `Hidden: fewer than ${min} answers from groups large enough to show.` };
    }
    const overall = distribution(q, responses, min);
    const series: ChartSeries[] = [{ name: 'All responses', cls: 'series-a', distribution: overall }];
    const chart = barChart(series, min);
    let compare;
    const match = comparison && q.compareKey ? comparison.questions.find((o) => o.compareKey === q.compareKey && o.kind === q.kind) : undefined;
    if (comparison && match) {
      const other = distribution(match, comparison.responses, min);
      const ordered: ChartSeries[] = comparison.survey.kind === 'eoy' && survey.kind !== 'eoy'
        ? [{ name: 'This survey', cls: 'series-a', distribution: overall }, { name: compareName!, cls: 'series-b', distribution: other }]
        : [{ name: compareName!, cls: 'series-b', distribution: other }, { name: 'This survey', cls: 'series-a', distribution: overall }];
      compare = { chart: barChart(ordered, min), stats: ordered.map((s) => ({ name: s.name, text: stats(s.distribution) })).filter((s) => s.text) };
    }
    let coaching;
    if (splitByCoaching) {
      const split = coachingSplit(q, responses, min);
      coaching = split.shown
        ? { shown: true, chart: barChart([{ name: 'Coached teachers', cls: 'series-a', distribution: split.coached }, { name: 'Teachers not coached', cls: 'series-b', distribution: split.notCoached }], min) }
        : { shown: false, note: `Hidden: a group (coached teachers, teachers not coached, or everyone else) has fewer than ${min} answers, and showing the others would reveal it.` };
    }
    return { ...base, text: false, chart, stats: stats(overall), n: overall.n, compare, coaching };
  }) : [];
  return {
    ...pageBase(actor, '/app/surveys', `Results: ${survey.title}`),
    survey: { id: survey.id, title: survey.title, kind: KIND_LABELS[survey.kind], audience: audienceText(survey.audienceRoles, survey.audienceCoaching), anonymous: survey.anonymous },
    min,
    enough,
    total: enough ? total : undefined,
    rates,
    items,
    comparable: input.comparable.map((s) => ({ id: s.id, title: s.title, kind: KIND_LABELS[s.kind], selected: comparison?.survey.id === s.id })),
    comparing: compareName,
    splitByCoaching,
  };
}
