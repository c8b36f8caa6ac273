/**
 * One virtual teacher's flow, as a browser makes it, every HTTP request counted and each step
 * timed: two launches through two links placed in the course (OIDC login initiation → the LMS's
 * authorization endpoint, which signs the id_token → the id_token POSTed to the tool → the tool's
 * redirects to the page the link opens) and the writes made on those pages.
 *
 *   CoachLoop  login 1 · launch 1 (the survey form) · write 1 (submit the answers, then the page it
 *              redirects to) · login 2 · launch 2 (the teacher's reflection) · write 2 (save a draft)
 *              · write 3 (submit it to the coach)
 *   bare       the same steps against the bare ltijs tool: its launch page, and its one POST route
 *              (one row written per write)
 *
 * Every response is checked (status, where it landed, what it shows); the first problem ends
 * the flow and is recorded as its error.
 */
import { performance } from 'node:perf_hooks';
import { BrowserClient, parseAutoPostForm, type BrowserRequestOptions, type BrowserResponse } from '../../src/simulator/client';
import { BARE_WRITE_PATH } from '../common/bareProtocol';
import type { PlacedTasks, PreparedLaunch, ToolName } from './protocol';

/** The steps of a flow, in order (the table's rows). */
export const STEPS = ['login 1', 'launch 1', 'write 1', 'login 2', 'launch 2', 'write 2', 'write 3'] as const;
export type StepName = (typeof STEPS)[number];

/** What each step is, per tool (the legend under the table). */
export const STEP_MEANING: Record<ToolName, Record<StepName, string>> = {
  coachloop: {
    'login 1': 'OIDC login initiation of the survey link → the LMS signs the id_token',
    'launch 1': 'id_token POST → ltik redirect → placed-link redirects → the survey form',
    'write 1': 'submit the survey answers → redirect → the survey page ("submitted")',
    'login 2': 'OIDC login initiation of the reflection link → the LMS signs the id_token',
    'launch 2': "id_token POST → ltik redirect → the teacher's reflection page",
    'write 2': 'save the reflection as a draft → redirect → the reflection page',
    'write 3': 'submit the reflection to the coach → redirect → the reflection page',
  },
  bare: {
    'login 1': 'OIDC login initiation of link 1 → the LMS signs the id_token',
    'launch 1': "id_token POST → ltik redirect → the tool's page",
    'write 1': 'POST → one row written → a small page',
    'login 2': 'OIDC login initiation of link 2 → the LMS signs the id_token',
    'launch 2': "id_token POST → ltik redirect → the tool's page",
    'write 2': 'POST → one row written → a small page',
    'write 3': 'POST → one row written → a small page',
  },
};

/** A step as one flow saw it. */
export interface StepResult {
  step: StepName;
  ms: number;
  requests: number;
}

/** One virtual teacher's flow. */
export interface FlowResult {
  index: number;
  ms: number;
  requests: number;
  steps: StepResult[];
  /** Set when the flow failed: the step and what went wrong. */
  error?: { step: StepName; what: string };
}

/** What a flow needs: the tool's address, the teacher, and the prepared launches of its two links. */
export interface FlowInput {
  tool: ToolName;
  base: string;
  index: number;
  name: string;
  launches: [PreparedLaunch, PreparedLaunch];
  /** CoachLoop only: the survey and reflection task the links open. */
  tasks?: PlacedTasks;
  /** Prefix of the bare tool's row markers (the warm-up's differ from the measured flows'). */
  markerPrefix: string;
  timeoutMs: number;
}

/** A browser whose requests are counted. */
class CountingBrowser extends BrowserClient {
  requests = 0;
  override request(method: string, url: string, opts?: BrowserRequestOptions): Promise<BrowserResponse> {
    this.requests += 1;
    return super.request(method, url, opts);
  }
}

class FlowError extends Error {}

/** What a response that was not the expected one looked like, short enough to group by. */
export function describe(res: BrowserResponse, expected: string): string {
  const title = /<title>([^<]*)<\/title>/i.exec(res.html)?.[1]?.trim();
  const code = /\b([A-Z][A-Z0-9]+(?:_[A-Z0-9]+)+)\b/.exec(res.html)?.[1];
  const text = res.html.replace(/<style[\s\S]*?<\/style>/gi, '').replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 160);
  return `status ${res.status} at ${new URL(res.url).pathname} (expected ${expected})${title ? ` — "${title}"` : ''}${code ? ` [${code}]` : ''}${title ? '' : ` — ${text}`}`;
}

/** The session token a page carries (hidden input or a link). */
function ltikOf(res: BrowserResponse): string {
  const hidden = /name="ltik" value="([^"]+)"/.exec(res.html)?.[1];
  if (hidden) return hidden.replace(/&#x3D;/g, '=').replace(/&amp;/g, '&').replace(/&#61;/g, '=');
  const m = /[?&]ltik=([^"&]+)/.exec(res.html.replace(/&#x3D;/g, '=').replace(/&amp;/g, '&'));
  if (!m) throw new FlowError(`no ltik in the page at ${new URL(res.url).pathname}`);
  return decodeURIComponent(m[1]);
}

function expect(ok: boolean, res: BrowserResponse, expected: string): void {
  if (!ok) throw new FlowError(describe(res, expected));
}

/** Runs one flow; never throws (a failure is the result's error). */
export async function runFlow(input: FlowInput): Promise<FlowResult> {
  const browser = new CountingBrowser();
  const steps: StepResult[] = [];
  const t0 = performance.now();
  let current: StepName = STEPS[0];
  const step = async <T>(name: StepName, work: () => Promise<T>): Promise<T> => {
    current = name;
    const before = browser.requests;
    const s = performance.now();
    const value = await work();
    steps.push({ step: name, ms: performance.now() - s, requests: browser.requests - before });
    return value;
  };

  /** Login initiation → the LMS's auto-posting id_token form. */
  const login = async (prepared: PreparedLaunch) => {
    const res = prepared.method === 'POST'
      ? await browser.follow('POST', prepared.url, { form: prepared.params })
      : await browser.follow('GET', `${prepared.url}?${new URLSearchParams(prepared.params)}`);
    const form = res.status === 200 ? parseAutoPostForm(res.html, res.url) : null;
    expect(Boolean(form && 'id_token' in form.fields), res, "200 with the LMS's id_token form");
    return form!;
  };
  /** The id_token POST and the tool's redirects, to the page the link opens. */
  const launch = (form: NonNullable<ReturnType<typeof parseAutoPostForm>>) => browser.follow('POST', form.action, { form: form.fields });
  /** A form POST answered by a redirect, and the page it leads to. */
  const postRedirectGet = async (url: string, form: Record<string, string | string[]>, landing: RegExp) => {
    const posted = await browser.request('POST', url, { form });
    const location = posted.headers.get('location');
    expect(posted.status === 303 && Boolean(location), posted, '303 to the page');
    const page = await browser.request('GET', new URL(location!, url).toString());
    expect(page.status === 200 && landing.test(new URL(page.url).pathname), page, `200 at ${landing.source}`);
    return page;
  };

  const work = async () => {
    if (input.tool === 'bare') {
      const write = (ltik: string, n: number) => async () => {
        const res = await browser.request('POST', `${input.base}${BARE_WRITE_PATH}`, { form: { ltik, marker: `${input.markerPrefix}${input.index}:${n}` } });
        expect(res.status === 200 && res.html.includes('Saved.'), res, '200 "Saved."');
      };
      for (const [k, prepared] of input.launches.entries()) {
        const form = await step(k === 0 ? 'login 1' : 'login 2', () => login(prepared));
        const page = await step(k === 0 ? 'launch 1' : 'launch 2', () => launch(form));
        expect(page.status === 200 && page.html.includes(`Hello, ${input.name}`), page, "200 greeting the teacher by name");
        const ltik = ltikOf(page);
        if (k === 0) await step('write 1', write(ltik, 1));
        else {
          await step('write 2', write(ltik, 2));
          await step('write 3', write(ltik, 3));
        }
      }
      return;
    }
    const tasks = input.tasks!;
    const surveyPath = `/app/surveys/${tasks.surveyId}/respond`;
    const form1 = await step('login 1', () => login(input.launches[0]));
    const survey = await step('launch 1', () => launch(form1));
    expect(survey.status === 200 && new URL(survey.url).pathname === surveyPath && survey.html.includes(`name="q${tasks.questions[0].id}"`), survey, `200 with the survey form at ${surveyPath}`);
    const ltik1 = ltikOf(survey);
    await step('write 1', () => postRedirectGet(`${input.base}${surveyPath}`, { ...answersFor(tasks, input.index), ltik: ltik1 }, new RegExp(`^${surveyPath}$`)));
    const form2 = await step('login 2', () => login(input.launches[1]));
    const reflection = await step('launch 2', () => launch(form2));
    const reflectionPath = new URL(reflection.url).pathname;
    expect(reflection.status === 200 && /^\/app\/reflections\/\d+$/.test(reflectionPath) && reflection.html.includes('name="answers"'), reflection, '200 with the reflection form at /app/reflections/<id>');
    const ltik2 = ltikOf(reflection);
    const answers = reflectionAnswers(tasks, input.index);
    const landing = new RegExp(`^${reflectionPath}$`);
    await step('write 2', () => postRedirectGet(`${input.base}${reflectionPath}`, { ltik: ltik2, action: 'save', answers: answers.map((a) => a.slice(0, 40)) }, landing));
    await step('write 3', () => postRedirectGet(`${input.base}${reflectionPath}`, { ltik: ltik2, action: 'submit', answers }, landing));
  };

  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([work(), new Promise<never>((_r, reject) => {
      timer = setTimeout(() => reject(new FlowError(`the flow took longer than ${input.timeoutMs / 1000} s`)), input.timeoutMs);
    })]);
    return { index: input.index, ms: performance.now() - t0, requests: browser.requests, steps };
  } catch (err) {
    const what = err instanceof FlowError ? err.message : `${(err as Error)?.name ?? 'Error'}: ${(err as Error)?.message ?? String(err)}${(err as { cause?: { code?: string } })?.cause?.code ? ` (${(err as { cause: { code: string } }).cause.code})` : ''}`;
    return { index: input.index, ms: performance.now() - t0, requests: browser.requests, steps, error: { step: current, what } };
  } finally {
    clearTimeout(timer);
  }
}

/** The survey answers of teacher `index`: the marker question carries the index. */
function answersFor(tasks: PlacedTasks, index: number): Record<string, string | string[]> {
  const form: Record<string, string | string[]> = { action: 'submit' };
  for (const [k, q] of tasks.questions.entries()) {
    const field = `q${q.id}`;
    if (q.marker) form[field] = String(index);
    else if (q.kind === 'likert5') form[field] = String(((index + k) % 5) + 1);
    else if (q.kind === 'single') form[field] = q.options[(index + k) % q.options.length];
    else if (q.kind === 'multiple') form[field] = [q.options[index % q.options.length], q.options[(index + 1) % q.options.length]];
    else form[field] = `Teacher ${index}: planning with my coach changed how I open lessons.`;
  }
  return form;
}

/** The reflection answers of teacher `index`: the first begins "Teacher <index>:" (the marker). */
function reflectionAnswers(tasks: PlacedTasks, index: number): string[] {
  return Array.from({ length: tasks.prompts }, (_, k) => (k === 0
    ? `Teacher ${index}: the opening question worked; most students answered in full sentences.`
    : `Next time I will give more wait time before calling on anyone, as my coach suggested. Answer ${k + 1}.`));
}
