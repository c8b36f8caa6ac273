/**
 * Demo pages of the simulated LMS: home (courses and people), the course page as a chosen person
 * with a course navigation that opens each registered tool in an iframe through the normal LTI
 * launch, the platform's content pickers (deep linking: "Add … content", or Canvas's "as an
 * assignment" / "to a module") for teachers, and an account-level launch for admins.
 *
 * A content picker's settings can be overridden in its URL, to try a tool against platforms that
 * accept less: `?mode=deep_linking&placement=link_selection&accept_types=link&accept_multiple=false
 * &accept_lineitem=false|true|unset&targets=window`.
 */
import express, { type Request, type Response, type Router } from 'express';
import { isTeachingRole, LIS_ROLES, LTI_CLAIMS, shortRoleName } from './constants';
import { PATHS, type SimContext } from './context';
import { escapeHtml, page, sendErrorPage } from './html';
import { queryString } from './http';
import { deepLinkingPlacements, openDeepLinkRequest, type DeepLinkingPlacement } from './deepLinking';
import { isRecord } from './jwt';
import { PERSON_COOKIE, personFromCookie, signPerson } from './session';
import { storageFrameHtml } from './platformStorage';
import type { CourseRecord, LaunchOptions, PreparedLogin, ToolRegistration, UserRecord } from './types';

/** A person's display name. */
export function displayName(user: UserRecord): string {
  return user.name ?? ([user.given_name, user.family_name].filter(Boolean).join(' ') || user.sub);
}

function roleLabel(roles: string[]): string {
  return roles.map(shortRoleName).join(', ') || 'no role';
}

/** Whether the person is an institution administrator (may open admin pages and account tools). */
export function isAdmin(user: UserRecord): boolean {
  return (user.institutionRoles ?? []).includes(LIS_ROLES.institutionAdministrator);
}

function launchableTools(ctx: SimContext): ToolRegistration[] {
  return [...ctx.store.tools.values()].filter((t) => t.deploymentIds.length > 0 && !t.pending);
}

function homePage(ctx: SimContext): string {
  const tools = launchableTools(ctx);
  const toolNote = tools.length === 0
    ? '<p role="status"><strong>No tool is registered yet.</strong> Register a tool (or use Dynamic Registration) before launching.</p>'
    : `<p>Tools available: ${tools.map((t) => escapeHtml(t.name ?? 'CoachLoop')).join(', ')}.</p>`;
  const courses = [...ctx.store.courses.values()].map((course) => {
    const rows = ctx.store.courseEnrollments(course.id).map((e) => {
      const user = ctx.store.users.get(e.sub);
      if (!user) return '';
      const label = `Enter the course as ${displayName(user)} (${roleLabel(e.roles)})`;
      return `<tr><td>${escapeHtml(displayName(user))}</td><td>${escapeHtml(user.email ?? '')}</td><td>${escapeHtml(roleLabel(e.roles))}${e.status === 'Inactive' ? ' (inactive)' : ''}</td>
<td><form method="post" action="${PATHS.session}"><input type="hidden" name="sub" value="${escapeHtml(user.sub)}"><input type="hidden" name="courseId" value="${escapeHtml(course.id)}"><button type="submit">${escapeHtml(label)}</button></form></td></tr>`;
    }).join('\n');
    return `<section class="card" aria-labelledby="course-${escapeHtml(course.id)}"><h2 id="course-${escapeHtml(course.id)}">${escapeHtml(course.title)} <span class="muted">(${escapeHtml(course.label)})</span></h2>
<table><caption class="visually-hidden">People in ${escapeHtml(course.title)}</caption><thead><tr><th scope="col">Name</th><th scope="col">Email</th><th scope="col">Role</th><th scope="col">Action</th></tr></thead><tbody>${rows}</tbody></table></section>`;
  }).join('\n');
  const body = `<h1>${escapeHtml(ctx.settings.platformName)}</h1>${toolNote}<h2 class="visually-hidden">Courses</h2>${courses || '<p>No course yet.</p>'}`;
  return page(ctx.settings.platformName, body, ctx.settings.platformName);
}

function courseNav(ctx: SimContext, course: CourseRecord, user: UserRecord, roles: string[]): string {
  const items = [`<li><a href="${escapeHtml(ctx.urls.course(course.id))}">Home</a></li>`];
  for (const tool of launchableTools(ctx)) {
    const base = `/courses/${encodeURIComponent(course.id)}/tools/${encodeURIComponent(tool.clientId)}`;
    const name = tool.name ?? 'CoachLoop';
    items.push(`<li><a href="${escapeHtml(base)}">${escapeHtml(name)}</a></li>`);
    if (roles.some(isTeachingRole)) {
      for (const placement of deepLinkingPlacements(ctx)) {
        const href = `${base}?mode=deep_linking&placement=${encodeURIComponent(placement.name)}`;
        items.push(`<li><a href="${escapeHtml(href)}">${escapeHtml(placementLabel(placement, name))}</a></li>`);
      }
    }
    if (isAdmin(user)) items.push(`<li><a href="/account/tools/${encodeURIComponent(tool.clientId)}">${escapeHtml(name)} (account)</a></li>`);
  }
  if (isAdmin(user)) items.push(`<li><a href="${PATHS.adminTools}">Site administration: tools</a></li>`);
  return `<nav class="course-nav" aria-label="Course navigation"><ul>${items.join('')}</ul></nav>`;
}

/** A placement's navigation label for a tool ("Add CoachLoop as an assignment"). */
function placementLabel(placement: DeepLinkingPlacement, toolName: string): string {
  return placement.label.replace('{tool}', toolName);
}

/** On a phone the course navigation goes above the tool, which then gets the whole width. */
const NARROW_STYLE = '<style>@media (max-width: 40rem){main{padding:.5rem}.layout{flex-direction:column;gap:.5rem}nav.course-nav{min-width:0;width:100%}section.card{padding:.5rem;width:100%}}</style>';

function coursePage(ctx: SimContext, course: CourseRecord, user: UserRecord, mainHtml: string, title: string): string {
  const roles = ctx.store.enrollment(course.id, user.sub)?.roles ?? [];
  const tools = launchableTools(ctx).length === 0 ? '<p role="status">No tool is registered, so the course navigation has no tool.</p>' : '';
  const body = `${NARROW_STYLE}<p class="muted">Signed in as ${escapeHtml(displayName(user))} (${escapeHtml(roleLabel(roles))}). <a href="/">Change person</a></p>
<div class="layout">${courseNav(ctx, course, user, roles)}<section class="card"><h1>${escapeHtml(title)}</h1>${tools}${mainHtml}</section></div>`;
  return page(`${title} – ${course.title}`, body, ctx.settings.platformName);
}

function linksList(ctx: SimContext, course: CourseRecord): string {
  const links = [...ctx.store.resourceLinks.values()].filter((l) => l.courseId === course.id && l.id.startsWith('dl-'));
  if (links.length === 0) return '<p>No tool content in this course yet.</p>';
  return `<h2>Course content</h2><ul>${links.map((l) => `<li><a href="/courses/${encodeURIComponent(course.id)}/tools/${encodeURIComponent(l.clientId)}?link=${encodeURIComponent(l.id)}">${escapeHtml(l.title)}</a>${l.lineItemUrl ? ' <span class="muted">(graded)</span>' : ''}</li>`).join('')}</ul>`;
}

/** The content picker a deep-linking URL asks for, with the settings its query overrides; undefined if unknown. */
function pickerOf(ctx: SimContext, req: Request): DeepLinkingPlacement | undefined {
  const offered = deepLinkingPlacements(ctx);
  const name = queryString(req, 'placement');
  const base = name === undefined ? offered[0] : offered.find((p) => p.name === name);
  if (!base) return undefined;
  const list = (key: string): string[] | undefined => queryString(req, key)?.split(',').map((s) => s.trim()).filter(Boolean);
  const flag = (key: string): boolean | undefined => { const v = queryString(req, key); return v === undefined ? undefined : v === 'true'; };
  const lineItem = queryString(req, 'accept_lineitem');
  return {
    ...base,
    acceptTypes: list('accept_types') ?? base.acceptTypes,
    acceptMultiple: flag('accept_multiple') ?? base.acceptMultiple,
    acceptLineItem: lineItem === undefined ? base.acceptLineItem : lineItem === 'unset' ? undefined : lineItem === 'true',
    documentTargets: list('targets') ?? base.documentTargets,
  };
}

function toolFrame(ctx: SimContext, prepared: PreparedLogin, name: string): string {
  const hint = prepared.params.lti_message_hint ?? '';
  return `${storageFrameHtml(ctx)}<iframe class="tool" title="${escapeHtml(name)}" src="${escapeHtml(ctx.urls.launchFrame(hint))}" allow="clipboard-write"></iframe>`;
}

/** Router of the demo pages; `prepare` is the simulator's prepareLaunch. */
export function demoRouter(ctx: SimContext, prepare: (opts: LaunchOptions) => PreparedLogin): Router {
  const router = express.Router();
  router.get(PATHS.home, (_req, res) => { res.status(200).type('html').send(homePage(ctx)); });

  router.post(PATHS.session, express.urlencoded({ extended: false }), (req: Request, res: Response) => {
    const sub = isRecord(req.body) && typeof req.body.sub === 'string' ? req.body.sub : '';
    const courseId = isRecord(req.body) && typeof req.body.courseId === 'string' ? req.body.courseId : '';
    if (!ctx.store.users.has(sub) || !ctx.store.courses.has(courseId)) return sendErrorPage(res, 400, 'Unknown person or course', 'Pick a person from the home page.');
    // SameSite=None like Canvas's and Moodle's session cookies: the authorization request inside
    // the tool's frame is started by the tool's page (cross-site), which Lax would not carry.
    res.cookie(PERSON_COOKIE, signPerson(ctx.cookieSecret, sub), { httpOnly: true, sameSite: 'none', secure: true, path: '/', encode: String });
    res.redirect(303, ctx.urls.course(courseId));
  });

  const withCourse = (req: Request, res: Response): { course: CourseRecord; user: UserRecord } | undefined => {
    const course = ctx.store.courses.get(req.params.courseId ?? '');
    if (!course) { sendErrorPage(res, 404, 'Course not found', 'There is no such course.'); return undefined; }
    const user = personFromCookie(ctx, req);
    if (!user) { res.redirect(303, '/'); return undefined; }
    return { course, user };
  };

  router.get(PATHS.course, (req, res) => {
    const found = withCourse(req, res);
    if (found) res.status(200).type('html').send(coursePage(ctx, found.course, found.user, linksList(ctx, found.course), found.course.title));
  });

  router.get(PATHS.courseTool, (req, res) => {
    const found = withCourse(req, res);
    if (!found) return;
    const tool = ctx.store.tools.get(req.params.clientId ?? '');
    const deploymentId = tool?.deploymentIds[0];
    if (!tool || deploymentId === undefined) return sendErrorPage(res, 404, 'Tool not found', 'This tool is not registered or has no deployment.');
    if (tool.pending) return sendErrorPage(res, 409, 'Tool not activated', 'An administrator must activate this tool (Site administration: tools) before it can be used.');
    const deepLinking = queryString(req, 'mode') === 'deep_linking';
    const picker = deepLinking ? pickerOf(ctx, req) : undefined;
    if (deepLinking && !picker) return sendErrorPage(res, 404, 'Content picker not found', `This LMS has no content picker called ${queryString(req, 'placement') ?? ''}.`);
    const linkId = queryString(req, 'link');
    const request = { clientId: tool.clientId, deploymentId, courseId: found.course.id };
    const prepared = prepare({
      ...request, userSub: found.user.sub, requirePlatformSession: true,
      messageType: deepLinking ? 'LtiDeepLinkingRequest' : 'LtiResourceLinkRequest',
      ...(linkId !== undefined ? { resourceLinkId: linkId } : {}),
      ...(picker ? { claims: { [LTI_CLAIMS.deepLinkingSettings]: openDeepLinkRequest(ctx, request, picker) } } : {}),
    });
    const name = tool.name ?? 'CoachLoop';
    res.status(200).type('html').send(coursePage(ctx, found.course, found.user, toolFrame(ctx, prepared, name), picker ? placementLabel(picker, name) : name));
  });

  router.get(PATHS.accountTool, (req, res) => {
    const user = personFromCookie(ctx, req);
    if (!user) return res.redirect(303, '/');
    if (!isAdmin(user)) return sendErrorPage(res, 403, 'Not allowed', 'Only administrators can open account-level tools.');
    const tool = ctx.store.tools.get(req.params.clientId ?? '');
    const deploymentId = tool?.deploymentIds[0];
    if (!tool || deploymentId === undefined) return sendErrorPage(res, 404, 'Tool not found', 'This tool is not registered or has no deployment.');
    if (tool.pending) return sendErrorPage(res, 409, 'Tool not activated', 'An administrator must activate this tool (Site administration: tools) before it can be used.');
    const prepared = prepare({ clientId: tool.clientId, deploymentId, userSub: user.sub, resourceLinkId: 'account-nav', requirePlatformSession: true });
    const name = `${tool.name ?? 'CoachLoop'} (account)`;
    const body = `<p class="muted">Signed in as ${escapeHtml(displayName(user))}. <a href="/">Home</a></p><section class="card"><h1>${escapeHtml(name)}</h1>${toolFrame(ctx, prepared, name)}</section>`;
    res.status(200).type('html').send(page(name, body, ctx.settings.platformName));
  });

  router.get(PATHS.launchReturn, (req, res) => {
    const courseId = queryString(req, 'course');
    const course = courseId === undefined ? undefined : ctx.store.courses.get(courseId);
    const back = course ? `<a href="${escapeHtml(ctx.urls.course(course.id))}" target="_top">Back to ${escapeHtml(course.title)}</a>` : '<a href="/" target="_top">Back to the home page</a>';
    res.status(200).type('html').send(page('Returned from the tool', `<h1>You have left the tool</h1><p>${back}</p>`, ctx.settings.platformName));
  });
  return router;
}
