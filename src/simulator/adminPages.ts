/**
 * The simulated LMS's site administration for tools, as an LMS admin uses it: the list of
 * registered tools, a form that starts LTI Dynamic Registration 1.0 from a tool's registration URL
 * (the LMS issues a one-time registration token and opens the tool's URL with
 * openid_configuration and registration_token, §3.1–3.2), and Activate for a tool that the
 * registration left pending (as Moodle lists it until the admin activates it).
 */
import express, { type Request, type Response, type Router } from 'express';
import { randomBytes } from 'node:crypto';
import { PATHS, type SimContext } from './context';
import { displayName, isAdmin } from './demoPages';
import { personFromCookie } from './session';
import { escapeHtml, page, sendErrorPage } from './html';
import { isRecord } from './jwt';
import type { ToolRegistration, UserRecord } from './types';

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}

function toolRow(tool: ToolRegistration): string {
  const status = tool.pending ? 'Pending' : 'Active';
  const action = tool.pending
    ? `<form method="post" action="${escapeHtml(PATHS.adminActivate.replace(':clientId', encodeURIComponent(tool.clientId)))}"><button type="submit">Activate<span class="visually-hidden"> ${escapeHtml(tool.name ?? tool.clientId)}</span></button></form>`
    : '';
  return `<tr><td>${escapeHtml(tool.name ?? '(no name)')}</td><td><code>${escapeHtml(tool.clientId)}</code></td><td>${escapeHtml(tool.deploymentIds.join(', '))}</td><td>${status}</td><td>${action}</td></tr>`;
}

function toolsPage(ctx: SimContext, user: UserRecord, problem?: string, url = ''): string {
  const tools = [...ctx.store.tools.values()];
  const table = tools.length === 0
    ? '<p>No tool is registered yet.</p>'
    : `<table><caption class="visually-hidden">Registered tools</caption><thead><tr><th scope="col">Tool</th><th scope="col">Client id</th><th scope="col">Deployment</th><th scope="col">Status</th><th scope="col">Action</th></tr></thead><tbody>${tools.map(toolRow).join('')}</tbody></table>`;
  const error = problem ? `<div class="error" role="alert" id="url-problem"><p>${escapeHtml(problem)}</p></div>` : '';
  const body = `<p class="muted">Signed in as ${escapeHtml(displayName(user))}. <a href="/">Home</a></p>
<section class="card" aria-labelledby="tools-heading"><h1 id="tools-heading">Site administration: tools</h1>${table}</section>
<section class="card" aria-labelledby="register-heading"><h2 id="register-heading">Register a tool by Dynamic Registration</h2>
<p>Paste the registration URL the tool's provider gave you. The tool opens here, registers itself, and then waits for you to activate it.</p>${error}
<form method="post" action="${PATHS.adminRegister}"><p><label for="tool-url">Tool registration URL</label><br>
<input type="url" id="tool-url" name="url" required size="60" value="${escapeHtml(url)}"${problem ? ' aria-describedby="url-problem"' : ''}></p>
<p><button type="submit">Register the tool</button></p></form></section>`;
  return page('Site administration: tools', body, ctx.settings.platformName);
}

/** Router of the admin pages (institution administrators signed in on the demo pages only). */
export function adminRouter(ctx: SimContext): Router {
  const router = express.Router();
  const adminOf = (req: Request, res: Response): UserRecord | undefined => {
    const user = personFromCookie(ctx, req);
    if (!user) { res.redirect(303, '/'); return undefined; }
    if (!isAdmin(user)) { sendErrorPage(res, 403, 'Not allowed', 'Only administrators can manage tools.'); return undefined; }
    return user;
  };

  router.get(PATHS.adminTools, (req, res) => {
    const user = adminOf(req, res);
    if (user) res.status(200).type('html').set('Cache-Control', 'no-store').send(toolsPage(ctx, user));
  });

  router.post(PATHS.adminRegister, express.urlencoded({ extended: false, limit: '8kb' }), (req: Request, res: Response) => {
    const user = adminOf(req, res);
    if (!user) return;
    const url = isRecord(req.body) && typeof req.body.url === 'string' ? req.body.url.trim() : '';
    if (!isHttpUrl(url)) return void res.status(400).type('html').send(toolsPage(ctx, user, 'The registration URL must be a complete http(s) address, like https://tool.example.org/lti/register.', url));
    const token = randomBytes(24).toString('base64url');
    ctx.store.registrationTokens.add(token);
    ctx.store.activationTokens.add(token);
    const start = new URL(ctx.urls.registrationStart);
    start.searchParams.set('url', url);
    start.searchParams.set('registration_token', token);
    res.redirect(303, start.toString());
  });

  router.post(PATHS.adminActivate, (req: Request, res: Response) => {
    const user = adminOf(req, res);
    if (!user) return;
    const tool = ctx.store.tools.get(req.params.clientId ?? '');
    if (!tool) return sendErrorPage(res, 404, 'Tool not found', 'This tool is not registered.');
    delete tool.pending;
    res.redirect(303, PATHS.adminTools);
  });
  return router;
}
