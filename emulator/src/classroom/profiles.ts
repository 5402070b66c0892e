/** userProfiles.get (docs/classroom-api.md §5.3). */
import { permissionDenied } from "../errors";
import type { Store, User } from "../state";
import { canManage, param, type Ctx } from "./context";
import { toProfile } from "./resources";

/**
 * (A) Who may read a profile: the user themselves, anyone in the same domain (Workspace
 * directories are domain-visible), anyone sharing a course with them, and the teachers of
 * a course the user is invited to (so a dashboard can name its invitees) — plus the invitee
 * may read the profiles of that course's teachers.
 */
function canViewProfile(store: Store, me: User, target: User): boolean {
  if (me.id === target.id || me.domain === target.domain) return true;
  const mine = new Set([...store.courseIdsTaughtBy(me.id), ...store.courseIdsStudiedBy(me.id)]);
  for (const id of store.courseIdsTaughtBy(target.id)) if (mine.has(id)) return true;
  for (const id of store.courseIdsStudiedBy(target.id)) if (mine.has(id)) return true;
  for (const inv of store.invitationsOfUser(target.id)) {
    const c = store.courses.get(inv.courseId);
    if (c && canManage(store, me, c)) return true;
  }
  for (const inv of store.invitationsOfUser(me.id)) {
    const c = store.courses.get(inv.courseId);
    if (c && c.teacherIds.has(target.id)) return true;
  }
  return false;
}

export function getUserProfile(ctx: Ctx): unknown {
  const target = ctx.store.resolveUser(param(ctx, 0), ctx.me);
  // No NOT_FOUND here: "PERMISSION_DENIED … if no profile exists with the requested ID" (docs/classroom-api.md §5.3).
  if (!target || !canViewProfile(ctx.store, ctx.me, target)) {
    throw permissionDenied("The caller does not have permission to access this user profile.");
  }
  return toProfile(ctx, target);
}
