/**
 * What the LMS's content picker accepts, read from its deep-linking settings, and what that means
 * for CoachLoop, in words a coach understands: whether anything can be added here at all, one item
 * or several, whether surveys and reflections get a gradebook column, how the link opens.
 */
import type { DeepLinkingSettings } from '../../lti/deepLinking';

/** How CoachLoop fits the picker that launched it. */
export interface PlatformFit {
  /** Why nothing can be added from this picker; undefined when CoachLoop's links are accepted. */
  refusal?: string;
  /** Several items may be added in one go. */
  many: boolean;
  /** Whether surveys and reflections carry a gradebook column (false when the platform ignores them). */
  lineItems: boolean;
  /** The platform opens links only in a new window. */
  newWindow: boolean;
  /** Plain sentences for the top of the picker. */
  notes: string[];
}

const TYPE_NAMES: Record<string, string> = {
  ltiResourceLink: 'LTI links', link: 'web links', file: 'files', html: 'HTML', image: 'images',
};

/** "web links and files" */
function listOf(types: string[]): string {
  const names = [...new Set(types.map((t) => TYPE_NAMES[t] ?? t))];
  if (names.length <= 1) return names[0] ?? 'nothing';
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

/** Where each LMS takes activities that open a tool. */
function whereToAdd(family: string | undefined): string {
  switch (family) {
    case 'canvas': return 'In Canvas, add CoachLoop from Modules (Add item, then External tool) or as an assignment whose submission type is External tool.';
    case 'moodle': return 'In Moodle, turn editing on and use "Add an activity or resource", then External tool (CoachLoop).';
    case 'schoology': return 'In Schoology, use "Add Materials" in the course and pick CoachLoop.';
    default: return 'Add CoachLoop where your LMS adds activities or external tools to a course.';
  }
}

/** Reads the settings of a deep-linking launch from `platform` (its tool_platform claim). */
export function platformFit(settings: DeepLinkingSettings, platform: { productFamily?: string; name?: string }): PlatformFit {
  const family = platform.productFamily?.toLowerCase();
  const lms = platform.name ?? 'Your LMS';
  const many = settings.acceptMultiple;
  const lineItems = settings.acceptLineItem !== false;
  const targets = settings.documentTargets;
  const newWindow = targets.length > 0 && !targets.includes('iframe') && targets.includes('window');
  const base = { many, lineItems, newWindow, notes: [] as string[] };

  if (settings.acceptTypes.length === 0) {
    return { ...base, refusal: `${lms} did not say what this content picker accepts (its request named no accepted types), so CoachLoop cannot add anything from here. ${whereToAdd(family)}` };
  }
  if (!settings.acceptTypes.includes('ltiResourceLink')) {
    return {
      ...base,
      refusal: `${lms} accepts only ${listOf(settings.acceptTypes)} from this content picker. Everything CoachLoop adds is an LTI link (an activity that opens CoachLoop for each person), so nothing can be added from here. ${whereToAdd(family)}`,
    };
  }
  if (targets.length > 0 && !targets.includes('iframe') && !targets.includes('window')) {
    return {
      ...base,
      refusal: `${lms} can only embed what is picked here inside a page, and CoachLoop opens as a page of its own (in a frame or a new window), so nothing can be added from here. ${whereToAdd(family)}`,
    };
  }

  const notes = base.notes;
  if (family === 'canvas' && !many) {
    notes.push('Canvas: you are choosing what this assignment opens. The assignment is its gradebook column; CoachLoop sends completion as full marks, which Canvas scales to the assignment\'s points.');
  } else {
    notes.push(many ? 'You can add several items at once.' : `${lms} adds one item at a time from here: pick one, add it, then open the picker again for the next.`);
  }
  if (!lineItems) notes.push('This picker does not take gradebook columns: surveys and reflections are added without one, and who has completed them stays visible in CoachLoop.');
  else if (family === 'moodle') notes.push('Moodle: a survey or reflection turns on "accept grades" for its activity, out of 1 (done) unless reflections here are graded with points.');
  else if (!(family === 'canvas' && !many)) notes.push('Surveys and reflections come with a gradebook column for completion credit (done or not), never a rating.');
  if (newWindow) notes.push(`${lms} opens what you add here in a new window.`);
  return { ...base, notes };
}
