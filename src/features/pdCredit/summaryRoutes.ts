/**
 * A teacher's PD-credit summary: the page (printable), the CSV download, and sending the credits
 * to the LMS gradebook (when the program allows it) with Retry. Each request: policy → the
 * teacher loaded and authorized in one call (404 for anyone the privacy wall keeps out) →
 * validated range → summary → view. Coaches and admins get a list of the teachers they may open.
 */
import type { Express, Request, Response } from 'express';
import type { Actor } from '../../auth/actor';
import { HttpError, notFound } from '../../auth/httpError';
import { inSpace } from '../../auth/policy';
import type { RouteTable } from '../../auth/routes';
import { deliveryStates } from '../grades/gradeStatus';
import { GRADE_SOURCE } from './catalog';
import { latestSend, retryCredits } from './commands/creditRetrier';
import { PASSBACK_OFF, sendCredits } from './commands/creditSender';
import { csvFileName, summaryCsv } from './csv';
import { noticeFor, presentSummary, presentTeacherList, summaryPath, type SendStatus } from './presenter';
import { bodyOf, type PdCreditRouteDeps } from './routes';
import { creditRules } from './rulesRecords';
import { loadSummaryTarget, summaryTeachers, type SummaryTarget } from './summaryAccess';
import { readSummary } from './summaryReader';
import { firstIssue, idParam, rangeQuery, sendInput } from './schema';

const readers = inSpace('teacher', 'coach', 'admin');
const senders = inSpace('teacher', 'admin');

/** The teacher named in the URL, loaded and authorized (404 otherwise). */
async function targetOf(deps: PdCreditRouteDeps, req: Request, actor: Actor): Promise<SummaryTarget> {
  const id = idParam('teacherId').safeParse(req.params);
  if (!id.success) throw notFound('summary');
  return loadSummaryTarget(deps.sequelize, actor, id.data.teacherId as number);
}

/** Mounts the summary routes. */
export function summaryRoutes(app: Express, routes: RouteTable, deps: PdCreditRouteDeps): void {
  const { sequelize } = deps;

  async function sendStatus(actor: Actor, teacherId: number): Promise<SendStatus | undefined> {
    const send = await latestSend(sequelize, actor.space!.id, teacherId);
    if (!send) return undefined;
    return { send, delivery: (await deliveryStates(sequelize, GRADE_SOURCE, [send.id])).get(send.id) };
  }

  /** The summary page for the range in `asked`; a bad range shows the form again with the message (400). */
  async function renderSummary(res: Response, actor: Actor, target: SummaryTarget, asked: unknown, opts: { status?: number; error?: string; notice?: string } = {}) {
    const rules = await creditRules(sequelize, actor.tenant.id);
    const canSend = target.audience === 'teacher' || target.audience === 'admin';
    const typed = (v: unknown) => (typeof v === 'string' ? v.slice(0, 20) : undefined);
    const raw = (asked && typeof asked === 'object' ? asked : {}) as Record<string, unknown>;
    const again = (status: number, error: string) => res.status(status).render('pd-credit/summary', presentSummary(actor, { target, rules, asked: { from: typed(raw.from), to: typed(raw.to) }, error, canSend }));
    if (opts.error) return again(opts.status ?? 400, opts.error);
    const range = rangeQuery.safeParse(raw);
    if (!range.success) return again(400, firstIssue(range.error));
    let summary;
    try {
      summary = await readSummary(sequelize, actor, target, range.data);
    } catch (err) {
      if (err instanceof HttpError && err.status === 400) return again(400, err.message);
      throw err;
    }
    const status = rules.gradebookPassback ? await sendStatus(actor, target.teacherId) : undefined;
    res.status(opts.status ?? 200).render('pd-credit/summary', presentSummary(actor, { target, summary, rules, notice: opts.notice, status, canSend }));
  }

  /** 303 back to the summary of the range, with a notice. */
  const back = (res: Response, actor: Actor, target: SummaryTarget, range: { from: string; to: string }, notice: string) =>
    res.redirect(303, `${summaryPath(actor, target.teacherId)}?${new URLSearchParams({ from: range.from, to: range.to, notice, ltik: actor.ltik })}`);

  routes.add(app, {
    method: 'get', path: '/app/pd-credit', policy: readers,
    description: "PD credit: a teacher's own summary (hours by kind, group sessions, cycles and reflections completed, credits); for coaches and admins, the teachers whose summaries they may open",
    handler: async (req, res, { actor }) => {
      if (actor.role !== 'teacher') {
        return res.render('pd-credit/teachers', presentTeacherList(actor, await summaryTeachers(sequelize, actor)));
      }
      const target = await loadSummaryTarget(sequelize, actor, actor.person.id);
      await renderSummary(res, actor, target, req.query, { notice: noticeFor(req.query.notice) });
    },
  });

  routes.add(app, {
    method: 'get', path: '/app/pd-credit/teachers/:teacherId', policy: readers,
    description: "A teacher's PD-credit summary over a range (the teacher, their assigned coach, the course's admins in whole months; audited for others; counts only)",
    handler: async (req, res, { actor }) => renderSummary(res, actor, await targetOf(deps, req, actor), req.query, { notice: noticeFor(req.query.notice) }),
  });

  routes.add(app, {
    method: 'get', path: '/app/pd-credit/teachers/:teacherId/csv', policy: readers,
    description: "A teacher's PD-credit summary as CSV, the range in the file name (same people as the page)",
    handler: async (req, res, { actor }) => {
      const target = await targetOf(deps, req, actor);
      const range = rangeQuery.safeParse(req.query);
      if (!range.success) throw new HttpError(400, 'Those dates are not right', firstIssue(range.error), 'BAD_RANGE');
      const summary = await readSummary(sequelize, actor, target, range.data, 'csv');
      res.setHeader('Content-Type', 'text/csv; charset=utf-8');
      res.setHeader('Content-Disposition', `attachment; filename="${csvFileName(summary)}"`);
      res.setHeader('Cache-Control', 'no-store');
      res.send(summaryCsv(summary));
    },
  });

  routes.add(app, {
    method: 'post', path: '/app/pd-credit/teachers/:teacherId/send', policy: senders,
    description: "Send a teacher's credits for a range to the course's LMS gradebook as a PD-credit column (the teacher or an admin; only when the program turned it on)",
    handler: async (req, res, { actor }) => {
      const target = await targetOf(deps, req, actor);
      if (!(await creditRules(sequelize, actor.tenant.id)).gradebookPassback) throw PASSBACK_OFF;
      const body = bodyOf(req);
      const input = sendInput.safeParse(body);
      if (!input.success) return renderSummary(res, actor, target, body, { status: 400, error: firstIssue(input.error) });
      try {
        await sendCredits(sequelize, { actor, target, ...input.data });
      } catch (err) {
        if (err instanceof HttpError && err.status === 400) return renderSummary(res, actor, target, body, { status: 400, error: err.message });
        throw err;
      }
      back(res, actor, target, input.data, 'sent');
    },
  });

  routes.add(app, {
    method: 'post', path: '/app/pd-credit/teachers/:teacherId/retry', policy: senders,
    description: 'Send the latest PD credit again after its delivery to the LMS failed (the teacher or an admin)',
    handler: async (req, res, { actor }) => {
      const target = await targetOf(deps, req, actor);
      await retryCredits(sequelize, { actor, target });
      const send = await latestSend(sequelize, actor.space!.id, target.teacherId);
      back(res, actor, target, { from: send!.from, to: send!.to }, 'retried');
    },
  });
}
