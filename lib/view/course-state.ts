/** What the UI calls each of Classroom's course states. */
const COURSE_STATE_LABELS: Record<string, string> = {
  ACTIVE: "Active",
  ARCHIVED: "Archived",
  PROVISIONED: "Provisioned",
  DECLINED: "Declined",
  SUSPENDED: "Suspended",
  UNSPECIFIED: "Unknown",
};

/** "ACTIVE" → "Active"; a state Classroom adds later still reads as a word. */
export const courseStateLabel = (state: string) =>
  COURSE_STATE_LABELS[state] ?? state.charAt(0) + state.slice(1).toLowerCase();

/** A state the UI knows (a filter from a link may name anything). */
export const isKnownCourseState = (state: string) => Object.hasOwn(COURSE_STATE_LABELS, state);
