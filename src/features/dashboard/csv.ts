/**
 * CSV export of one dashboard table: the same rows and cells as the page, numbers as plain
 * numbers, hidden cells with their reason. Text that a spreadsheet would run as a formula
 * (starting with =, +, -, @) is prefixed with an apostrophe.
 */
import type { Section } from './sections';

/** One CSV field, quoted when needed and defused against formula injection. */
function field(value: string | number): string {
  if (typeof value === 'number') return String(value);
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** The section's table as CSV text (header row first, CRLF line ends, as RFC 4180 has it). */
export function sectionCsv(section: Section): string {
  const lines = [section.table.columns.map(field).join(',')];
  for (const row of section.table.rows) lines.push(row.map((c) => field(c.hidden ? section.hiddenNote : c.number !== undefined ? c.number : c.text)).join(','));
  return `${lines.join('\r\n')}\r\n`;
}

/** A file name that says what and when: coachloop-hours-by-kind-2025-09-to-2026-06.csv */
export function csvFileName(section: Section, period: { from?: string; to?: string }): string {
  const range = period.from || period.to ? `-${period.from ?? 'start'}-to-${period.to ?? 'now'}` : '-all-time';
  return `coachloop-${section.id}${range}.csv`;
}
