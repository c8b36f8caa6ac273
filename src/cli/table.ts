/** Plain-text tables and key/value lists for the CLI's output. */

/** Columns padded to their widest cell; the header in upper case. */
export function formatTable(headers: string[], rows: string[][]): string[] {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]))).join('  ').trimEnd();
  return [line(headers.map((h) => h.toUpperCase())), ...rows.map(line)];
}

/** "label   value" lines, labels padded, indented by two spaces. */
export function formatFacts(facts: Array<[string, string]>): string[] {
  const width = Math.max(...facts.map(([label]) => label.length));
  return facts.map(([label, value]) => `  ${label.padEnd(width)}  ${value}`);
}
