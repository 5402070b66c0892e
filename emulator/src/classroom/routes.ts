/** The Classroom v1 route table: method, path pattern, accepted scopes (docs/classroom-api.md §8) and handler. */
import { createAlias, deleteAlias, listAliases } from "./aliases";
import { SCOPE, type Handler } from "./context";
import { createCourse, deleteCourse, getCourse, listCourses, patchCourse } from "./courses";
import { acceptInvitation, createInvitation, deleteInvitation, getInvitation, listInvitations } from "./invitations";
import { getUserProfile } from "./profiles";
import { createMember, deleteMember, getMember, listMembers } from "./rosters";

export interface Route {
  method: string;
  pattern: RegExp;
  /** The token needs any one of these. */
  scopes: string[];
  handler: Handler;
  name: string;
}

const ROSTERS_RW = [SCOPE("rosters")];
const ROSTERS_RO = [SCOPE("rosters"), SCOPE("rosters.readonly")];
const COURSES_RO = [SCOPE("courses"), SCOPE("courses.readonly")];
const MEMBERS_READ = [SCOPE("profile.emails"), SCOPE("profile.photos"), SCOPE("rosters"), SCOPE("rosters.readonly")];
const MEMBERS_CREATE = [SCOPE("profile.emails"), SCOPE("profile.photos"), SCOPE("rosters")];

const SEG = "([^/]+)";
const r = (method: string, path: string, scopes: string[], handler: Handler, name: string): Route => ({
  method,
  pattern: new RegExp(`^${path}$`),
  scopes,
  handler,
  name,
});

export const ROUTES: Route[] = [
  r("GET", "/v1/invitations", ROSTERS_RO, listInvitations, "invitations.list"),
  r("POST", "/v1/invitations", ROSTERS_RW, createInvitation, "invitations.create"),
  r("POST", `/v1/invitations/([^/:]+):accept`, ROSTERS_RW, acceptInvitation, "invitations.accept"),
  r("GET", `/v1/invitations/${SEG}`, ROSTERS_RO, getInvitation, "invitations.get"),
  r("DELETE", `/v1/invitations/${SEG}`, ROSTERS_RW, deleteInvitation, "invitations.delete"),
  r("GET", "/v1/courses", COURSES_RO, listCourses, "courses.list"),
  r("POST", "/v1/courses", [SCOPE("courses")], createCourse, "courses.create"),
  r("GET", `/v1/courses/${SEG}`, COURSES_RO, getCourse, "courses.get"),
  r("PATCH", `/v1/courses/${SEG}`, [SCOPE("courses")], patchCourse, "courses.patch"),
  r("DELETE", `/v1/courses/${SEG}`, [SCOPE("courses")], deleteCourse, "courses.delete"),
  r("GET", `/v1/courses/${SEG}/aliases`, COURSES_RO, listAliases, "courses.aliases.list"),
  r("POST", `/v1/courses/${SEG}/aliases`, [SCOPE("courses")], createAlias, "courses.aliases.create"),
  r("DELETE", `/v1/courses/${SEG}/aliases/${SEG}`, [SCOPE("courses")], deleteAlias, "courses.aliases.delete"),
  ...(["students", "teachers"] as const).flatMap((kind) => [
    r("GET", `/v1/courses/${SEG}/${kind}`, MEMBERS_READ, listMembers(kind), `courses.${kind}.list`),
    r("POST", `/v1/courses/${SEG}/${kind}`, MEMBERS_CREATE, createMember(kind), `courses.${kind}.create`),
    r("GET", `/v1/courses/${SEG}/${kind}/${SEG}`, MEMBERS_READ, getMember(kind), `courses.${kind}.get`),
    r("DELETE", `/v1/courses/${SEG}/${kind}/${SEG}`, ROSTERS_RW, deleteMember(kind), `courses.${kind}.delete`),
  ]),
  r("GET", `/v1/userProfiles/${SEG}`, MEMBERS_READ, getUserProfile, "userProfiles.get"),
];

export interface RouteMatch {
  route: Route;
  params: string[];
}

/** `:` may arrive escaped (`%3Aaccept`) from some clients; googleapis sends it raw. */
export function matchRoute(method: string, pathname: string): RouteMatch | undefined {
  const path = pathname.replace(/%3A/gi, ":");
  for (const route of ROUTES) {
    if (route.method !== method) continue;
    const m = route.pattern.exec(path);
    if (!m) continue;
    try {
      return { route, params: m.slice(1).map((p) => decodeURIComponent(p ?? "")) };
    } catch {
      return undefined;
    }
  }
  return undefined;
}
