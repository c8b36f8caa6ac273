/**
 * The fixed vocabularies of professional learning: kinds of catalog offerings, the standards
 * frameworks of the taxonomy and the ISTE items every tenant starts with (names and numbers only).
 * Focus areas of offerings are the coaching specialties (features/coaching/catalog.ts), so an
 * offering can be matched with what a teacher asked for help with.
 */

export const OFFERING_KINDS = {
  workshop: 'Workshop',
  course: 'Course',
  plc: 'Professional learning community (PLC)',
  module: 'Self-paced module',
  video: 'Video',
} as const;
export type OfferingKind = keyof typeof OFFERING_KINDS;
export const OFFERING_KIND_KEYS = Object.keys(OFFERING_KINDS) as OfferingKind[];

export const FRAMEWORKS = {
  iste_educators: 'ISTE Standards for Educators',
  iste_coaches: 'ISTE Standards for Coaches',
  district: 'District curriculum tags',
} as const;
export type Framework = keyof typeof FRAMEWORKS;
export const FRAMEWORK_KEYS = Object.keys(FRAMEWORKS) as Framework[];

/** The seeded items: framework, number, name. */
export const ISTE_ITEMS: ReadonlyArray<{ framework: Framework; code: string; name: string }> = [
  { framework: 'iste_educators', code: '2.1', name: 'Learner' },
  { framework: 'iste_educators', code: '2.2', name: 'Leader' },
  { framework: 'iste_educators', code: '2.3', name: 'Citizen' },
  { framework: 'iste_educators', code: '2.4', name: 'Collaborator' },
  { framework: 'iste_educators', code: '2.5', name: 'Designer' },
  { framework: 'iste_educators', code: '2.6', name: 'Facilitator' },
  { framework: 'iste_educators', code: '2.7', name: 'Analyst' },
  { framework: 'iste_coaches', code: '4.1', name: 'Change Agent' },
  { framework: 'iste_coaches', code: '4.2', name: 'Connected Learner' },
  { framework: 'iste_coaches', code: '4.3', name: 'Collaborator' },
  { framework: 'iste_coaches', code: '4.4', name: 'Learning Designer' },
  { framework: 'iste_coaches', code: '4.5', name: 'Professional Learning Facilitator' },
  { framework: 'iste_coaches', code: '4.6', name: 'Data-Driven Decision-Maker' },
  { framework: 'iste_coaches', code: '4.7', name: 'Digital Citizen Advocate' },
];

/** How many standards tags one goal, session or offering may carry. */
export const MAX_TAGS = 12;
/** How many catalog suggestions a cycle page shows. */
export const SUGGESTION_LIMIT = 5;
