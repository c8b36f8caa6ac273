/** What a coach or admin can place in a course through the LMS content picker (Deep Linking). */
export interface PlaceableItem {
  title: string;
  description: string;
  /** Custom parameters the placed link carries back on launch. */
  custom: Record<string, string>;
}

export const PLACEABLE_ITEMS: Record<string, PlaceableItem> = {
  home: {
    title: 'CoachLoop',
    description: 'A link that opens CoachLoop in this course: each person lands on their own page, with what their role lets them do.',
    custom: { coachloop_item: 'home' },
  },
};
