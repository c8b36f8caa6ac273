/**
 * axe-core in Debian's Chromium: injects node_modules/axe-core/axe.min.js into a page or a frame
 * with evaluate (a DevTools evaluation, so the tool's CSP stays as it is) and runs every rule on
 * that document. An AxeAudit collects the serious and critical violations of every page a test
 * visits, so the test can print them all (rule, target, help) and fail once at the end.
 */
import fs from 'node:fs';
import type { Frame, Page } from 'playwright-core';

const AXE_SOURCE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/** One serious or critical violation on one element of one page. */
export interface AxeProblem {
  page: string;
  rule: string;
  impact: string;
  target: string;
  help: string;
}

interface AxeResult {
  violations: Array<{ id: string; impact: string | null; help: string; helpUrl: string; nodes: Array<{ target: unknown[]; impact: string | null }> }>;
}

const BLOCKING = new Set(['serious', 'critical']);

/** Runs axe on the document of `frame` (a frame or a page's main frame); returns its serious and critical violations. */
export async function axeProblems(frame: Frame | Page, label: string): Promise<AxeProblem[]> {
  return (await axeViolations(frame, label)).filter((p) => BLOCKING.has(p.impact));
}

/** Every violation axe finds on the document of `frame`, whatever its impact. */
export async function axeViolations(frame: Frame | Page, label: string): Promise<AxeProblem[]> {
  const target = 'mainFrame' in frame ? frame.mainFrame() : frame;
  await target.waitForLoadState('load');
  const loaded = await target.evaluate('typeof window.axe === "object"');
  if (!loaded) await target.evaluate(AXE_SOURCE);
  // Frames are checked one by one (each with its own call), so axe does not reach into them here.
  const result = await target.evaluate('window.axe.run(document, { iframes: false, resultTypes: ["violations"] })') as AxeResult;
  const problems: AxeProblem[] = [];
  for (const v of result.violations) {
    for (const node of v.nodes) {
      const impact = node.impact ?? v.impact ?? 'unknown';
      problems.push({ page: label, rule: v.id, impact, target: node.target.map(String).join(' '), help: `${v.help} (${v.helpUrl})` });
    }
  }
  return problems;
}

/** Collects axe results over a test's pages. */
export class AxeAudit {
  readonly pages: string[] = [];
  readonly problems: AxeProblem[] = [];
  /** Moderate and minor violations (reported, not failing), by rule id. */
  readonly lesser = new Map<string, number>();

  /** Checks one page (or frame) and records what it found; returns the number of blocking violations. */
  async check(frame: Frame | Page, label: string): Promise<number> {
    const found = await axeViolations(frame, label);
    const blocking = found.filter((p) => BLOCKING.has(p.impact));
    for (const p of found) if (!BLOCKING.has(p.impact)) this.lesser.set(`${p.impact} ${p.rule}`, (this.lesser.get(`${p.impact} ${p.rule}`) ?? 0) + 1);
    this.pages.push(label);
    this.problems.push(...blocking);
    return blocking.length;
  }

  /** The problems as lines a person can act on: page, impact, rule id, target and help. */
  report(): string {
    return this.problems.map((p) => `  [${p.page}] ${p.impact} ${p.rule} at ${p.target}: ${p.help}`).join('\n');
  }
}

/** Fails with every serious or critical violation of the page (rule, target, help), if there is any. */
export async function expectNoAxeProblems(frame: Frame | Page, label: string): Promise<void> {
  const problems = await axeProblems(frame, label);
  if (problems.length > 0) {
    throw new Error(`axe-core: ${problems.length} serious or critical violation(s) on ${label}:\n${problems.map((p) => `  ${p.impact} ${p.rule} at ${p.target}: ${p.help}`).join('\n')}`);
  }
}
