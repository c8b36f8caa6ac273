/**
 * De-identified responses as CSV: one row per response with the group labels and the answers,
 * never a person id or the response's own id. Rows of anonymous surveys are shuffled. Group
 * labels of a group (role × coached) below the minimum size read "(small group)" and that row's
 * free text is withheld. Cells that a spreadsheet would run as a formula are quoted as text.
 */
import { AUDIENCE_ROLE_LABELS, COACHING_GROUP_LABELS, LIKERT_LABELS, type AudienceRole } from './catalog';
import { groupKey, groupSizes, isText, shuffled, type ResponseData } from './results';
import type { Question, Survey } from './surveyRecords';

/** One CSV cell, quoted when needed; a leading = + - @ (formula) is made text. */
export function csvCell(value: string | number): string {
  let s = String(value);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** The CSV text (header and rows, CRLF line ends as spreadsheets expect). */
export function responsesCsv(survey: Survey, questions: Question[], responses: ResponseData[], min: number, random: () => number = Math.random): string {
  const header = ['row', 'role', 'coaching', ...questions.map((q, i) => `Q${i + 1}. ${q.prompt}${q.kind === 'likert5' ? ' (1 = strongly disagree, 5 = strongly agree)' : ''}`)];
  const sizes = groupSizes(responses);
  const ordered = survey.anonymous ? shuffled(responses, random) : [...responses].sort((a, b) => groupKey(a).localeCompare(groupKey(b)));
  const rows = ordered.map((r, i) => {
    const small = (sizes.get(groupKey(r)) ?? 0) < min;
    const role = small ? '(small group)' : AUDIENCE_ROLE_LABELS[r.roleGroup as AudienceRole] ?? r.roleGroup;
    const coaching = small ? '(small group)' : r.coachingGroup ? COACHING_GROUP_LABELS[r.coachingGroup] : '';
    const cells = questions.map((q) => {
      const a = r.answers[String(q.id)];
      if (a === undefined) return '';
      if (isText(q)) return small ? '(withheld: small group)' : String(a);
      if (q.kind === 'likert5') return `${a} ${LIKERT_LABELS[Number(a) - 1] ?? ''}`.trim();
      return Array.isArray(a) ? a.join('; ') : String(a);
    });
    return [i + 1, role, coaching, ...cells];
  });
  return [header, ...rows].map((cells) => cells.map(csvCell).join(',')).join('\r\n') + '\r\n';
}
