// The Classroom permissions the dashboard asks for, in the user's words: what each lets it do,
// and what stops working without it. Google's consent screen lets a user untick each scope
// ("granular consent": https://developers.google.com/identity/protocols/oauth2/resources/granular-permissions),
// so the granted `scope` of the token response is checked at sign-in.
// No Google imports and no `server-only`: the sign-in page renders these sentences.

const PREFIX = "https://www.googleapis.com/auth/";

export interface ClassroomPermission {
  /** Full scope URL. */
  scope: string;
  /** The short name used in URLs, e.g. `classroom.rosters`. */
  name: string;
  /** What Google's consent screen calls it. */
  permission: string;
  /** What stops working without it. */
  withoutIt: string;
  /** The dashboard can't work without it: a sign-in lacking it is turned back. */
  essential: boolean;
}

/** Every Classroom scope the dashboard requests, with its consequences. */
export const CLASSROOM_PERMISSIONS: readonly ClassroomPermission[] = [
  {
    name: "classroom.courses.readonly",
    permission: "View your Google Classroom classes",
    withoutIt: "The dashboard can't list your classes, so it can't show or manage anything in them.",
    essential: true,
  },
  {
    name: "classroom.rosters",
    permission: "Manage your Google Classroom class rosters",
    withoutIt:
      "Invitations stop working: Classroom lets an app list, send, accept or revoke invitations only with this permission, so you couldn't see your own invitations either.",
    essential: true,
  },
  {
    name: "classroom.profile.emails",
    permission: "View the email addresses of people in your classes",
    withoutIt:
      "People show without their email addresses, so you can't tell apart two people with the same name, and the bulk preview can't spot who is already in a class or invited.",
    essential: false,
  },
  {
    name: "classroom.profile.photos",
    permission: "View the profile photos of people in your classes",
    withoutIt: "People show with initials instead of their photos.",
    essential: false,
  },
].map((p) => ({ ...p, scope: PREFIX + p.name }));

/**
 * The requested Classroom permissions missing from a granted `scope` string (space-separated, as
 * Google's token response has it). An absent `scope` says nothing, so nothing is reported.
 */
export function missingPermissions(granted: string | null | undefined): ClassroomPermission[] {
  if (!granted) return [];
  const have = new Set(granted.split(/\s+/));
  return CLASSROOM_PERMISSIONS.filter((p) => !have.has(p.scope));
}

/** Parses the `missing` query value the sign-in page receives (short names, comma-separated). */
export function permissionsNamed(names: string | undefined): ClassroomPermission[] {
  const wanted = new Set((names ?? "").split(","));
  return CLASSROOM_PERMISSIONS.filter((p) => wanted.has(p.name));
}

/** Heading of the notice a user signed in without an optional permission sees once (components/layout/permission-notice.tsx). */
export const PARTIAL_GRANT_TITLE = "You signed in without some Classroom permissions";
export const PARTIAL_GRANT_TEXT =
  "The dashboard works without them, with less shown. To see everything, grant access again and keep every permission ticked.";
