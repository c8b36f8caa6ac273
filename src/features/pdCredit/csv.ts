/**
 * The PD-credit summary as CSV for recertification files: a header row, then one row per figure
 * (what, number, unit, how it was worked out), UTF-8 with a byte-order mark so spreadsheets read
 * accents and dashes, CRLF line ends (RFC 4180). Text a spreadsheet would run as a formula
 * (starting with =, +, -, @, tab or carriage return) is prefixed with an apostrophe.
 */
import { fmt } from './creditCalculator';
import type { CreditSummary } from './summaryReader';

/** One CSV cell: defused against formula injection, quoted when it holds a comma, quote or line break. */
export function csvCell(value: string | number): string {
  if (typeof value === 'number') return String(value);
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** Rows of cells as CSV text (CRLF line ends, a final line end). */
export function csvText(rows: Array<Array<string | number>>): string {
  return `${rows.map((r) => r.map(csvCell).join(',')).join('\r\n')}\r\n`;
}

/** The summary's rows: who, what range, the figures, the arithmetic and the credits. */
export function summaryCsv(s: CreditSummary): string {
  const unit = s.rules.creditUnit;
  const rows: Array<Array<string | number>> = [
    ['Item', 'Value', 'Unit', 'How it is worked out'],
    ['Program', s.rules.programName, '', ''],
    ['Teacher', s.target.teacherName, '', ''],
    ['From', s.range.from, 'date', ''],
    ['To', s.range.to, 'date', ''],
  ];
  for (const k of s.result.hoursByKind) {
    rows.push([`Hours: ${k.label}`, k.hours, 'hours', `${k.sessions} session${k.sessions === 1 ? '' : 's'}, ${k.minutes} minutes; weight ${fmt(k.weight)} = ${fmt(k.weightedHours, 4)} weighted hours`]);
  }
  rows.push(
    ['Hours of coaching, total', s.result.totalHours, 'hours', `${fmt(s.result.weightedHours, 4)} weighted hours`],
    ['Group sessions attended', s.facts.groupSessions, 'sessions', ''],
    ['Coaching cycles completed', s.facts.cyclesCompleted, 'cycles', ''],
    ['Reflections completed', s.facts.reflectionsCompleted, 'reflections', ''],
  );
  for (const line of s.result.lines) rows.push([`Credits: ${line.label}`, line.credits, unit, line.working]);
  rows.push(['Credits before rounding', s.result.rawCredits, unit, '']);
  rows.push(['Credits after rounding', s.result.roundedCredits, unit, s.result.rounding]);
  rows.push([`Total ${unit}`, s.result.credits, unit, s.result.capping ?? '']);
  // The byte-order mark makes Excel read the file as UTF-8.
  return `\uFEFF${csvText(rows)}`;
}

/** A file name with the range: pd-credit-tess-teacher-2026-07-01-to-2027-06-30.csv */
export function csvFileName(s: CreditSummary): string {
  const name = s.target.teacherName.normalize('NFKD').replace(/[^\w\s-]/g, '').trim().toLowerCase().replace(/[\s_]+/g, '-').replace(/-+/g, '-').slice(0, 40) || 'teacher';
  return `pd-credit-${name}-${s.range.from}-to-${s.range.to}.csv`;
}
