/**
 * Shapes the home page view model from the actor: an allowlist of fields per audience.
 * The page shows who you are, your role in this space, the space, and what you can do.
 */
import type { Actor } from '../../auth/actor';
import { describeLtiRole, ROLE_LABELS, type CoachRole } from '../../auth/roles';

/** What each role can do in CoachLoop, in plain words (shown on the home page). */
const ROLE_EXPLANATIONS: Record<CoachRole, string> = {
  admin: 'You run the coaching program: you install CoachLoop, match coaches with teachers and read program-wide figures. You see who takes part, never what is said in coaching.',
  coach: 'You coach teachers: you run coaching cycles, log sessions, give feedback on reflections and see your caseload.',
  mentor: 'You support coaches: you see their caseloads and overall figures, and keep notes with each coach. You do not see what coaches and teachers discuss.',
  teacher: 'You are a teacher taking part in coaching: you set goals with your coach, record progress, write reflections and answer surveys. What you write is shared only with your coach.',
  none: 'Your role in this course does not give you access to coaching features. If that is a mistake, ask your program admin to map your LMS role.',
};

export interface NavItem {
  label: string;
  href: string;
  current: boolean;
}

/** The navigation for an actor: only what their role can open. */
export function navigationFor(actor: Actor, currentPath: string): NavItem[] {
  const items = [{ label: 'Home', path: '/app/home' }];
  if (!actor.space && actor.role === 'admin') {
    items.push({ label: 'Dashboard', path: '/app/dashboard' }, { label: 'Mentors', path: '/app/mentoring/assignments' }, { label: 'PD catalog', path: '/app/pd-catalog' },
      { label: 'Standards', path: '/app/standards' }, { label: 'PD credit rules', path: '/app/pd-credit/rules' });
  }
  if (actor.space) {
    if (actor.role === 'teacher') {
      items.push({ label: 'My coaching', path: '/app/coaching' }, { label: 'Reflections', path: '/app/reflections' }, { label: 'Surveys', path: '/app/surveys' },
        { label: 'PD catalog', path: '/app/pd-catalog' }, { label: 'PD credit', path: '/app/pd-credit' });
    }
    if (actor.role === 'coach') {
      items.push({ label: 'Caseload', path: '/app/caseload' }, { label: 'Reflections', path: '/app/reflections/queue' }, { label: 'Surveys', path: '/app/surveys' },
        { label: 'PD catalog', path: '/app/pd-catalog' }, { label: 'My figures', path: '/app/my-figures' }, { label: 'PD credit', path: '/app/pd-credit' }, { label: 'Coach profile', path: '/app/coach-profile' });
    }
    if (actor.role === 'mentor') items.push({ label: 'Mentoring', path: '/app/mentoring' });
    if (actor.role === 'admin') {
      items.push({ label: 'Dashboard', path: '/app/dashboard' }, { label: 'Assignments', path: '/app/assignments' }, { label: 'Surveys', path: '/app/surveys' },
        { label: 'Mentors', path: '/app/mentoring/assignments' }, { label: 'PD catalog', path: '/app/pd-catalog' }, { label: 'Standards', path: '/app/standards' },
        { label: 'Coaching settings', path: '/app/coaching-settings' }, { label: 'Reflection grading', path: '/app/reflections/settings' }, { label: 'PD credit rules', path: '/app/pd-credit/rules' });
    }
    if (actor.role === 'coach' || actor.role === 'admin') items.push({ label: 'Roster', path: '/app/roster' });
    if (actor.role !== 'none') items.push({ label: 'Who can see what', path: '/app/privacy' });
  }
  return items.map((i) => ({ label: i.label, href: `${i.path}?ltik=${encodeURIComponent(actor.ltik)}`, current: i.path === currentPath }));
}

/** Data about the space that the actor's role may see. */
export interface SpaceFacts {
  counts?: Record<CoachRole, number>;
  spaces?: Array<{ title: string; label: string | null; members: number; lastLaunchAt: Date | null }>;
}

/** The home page view model. */
export function presentHome(actor: Actor, facts: SpaceFacts, currentPath = '/app/home') {
  const l = actor.launch;
  const canSeeCounts = actor.role === 'admin' || actor.role === 'coach';
  return {
    title: actor.space ? `CoachLoop · ${actor.space.title}` : 'CoachLoop',
    ltik: actor.ltik,
    nav: navigationFor(actor, currentPath),
    person: {
      name: actor.person.name,
      firstName: l.givenName || actor.person.name.split(' ')[0],
      email: actor.person.email,
      role: actor.role,
      roleLabel: ROLE_LABELS[actor.role],
      roleExplanation: ROLE_EXPLANATIONS[actor.role],
      ltiRoles: actor.ltiRoles.map((uri) => ({ uri, label: describeLtiRole(uri) })),
      hasLtiRoles: actor.ltiRoles.length > 0,
    },
    space: actor.space
      ? {
          title: actor.space.title,
          label: actor.space.label,
          contextId: actor.space.contextId,
          rosterSync: l.nrpsUrl ? 'available' : 'unavailable',
          grades: l.ags ? 'available' : 'unavailable',
        }
      : undefined,
    accountLevel: !actor.space,
    counts: canSeeCounts && facts.counts
      ? (['coach', 'teacher', 'mentor', 'admin', 'none'] as CoachRole[]).map((r) => ({ label: ROLE_LABELS[r], n: facts.counts![r] })).filter((c) => c.n > 0)
      : undefined,
    spaces: actor.role === 'admin' && facts.spaces
      ? facts.spaces.map((s) => ({ ...s, lastLaunch: s.lastLaunchAt ? s.lastLaunchAt.toISOString().slice(0, 10) : 'never' }))
      : undefined,
    platform: {
      name: l.platform.name,
      product: l.platform.productFamily,
      tenantName: actor.tenant.name,
      deploymentId: actor.tenant.deploymentId,
      issuer: actor.tenant.issuer,
    },
    returnUrl: l.presentation.returnUrl,
  };
}
