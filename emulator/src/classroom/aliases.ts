/**
 * courses.aliases.list, create and delete (https://developers.google.com/workspace/classroom/reference/rest/v1/courses.aliases).
 * A domain-scoped alias (`d:`) is visible to users of the domain that created it and "can be
 * created only by a domain admin"; a project-scoped one (`p:`) to the project's requests, which
 * are all of the emulator's. Google does not say who may create a `p:` alias for a course: (A)
 * the course's teachers and its domain's admins, as for its invitations.
 */
import { alreadyExists, badRequest, failedPrecondition, notFound, permissionDenied } from "../errors";
import type { Course } from "../state";
import {
  bodyObject,
  canManage,
  canView,
  courseOr404,
  domainOfCourse,
  isAdminFor,
  optionalString,
  param,
  type Ctx,
} from "./context";
import { ALIAS } from "./courses";
import { listBody, paginate } from "./paging";

const inDomain = (ctx: Ctx, course: Course) => ctx.me.domain === domainOfCourse(ctx.store, course);
const visible = (ctx: Ctx, course: Course, alias: string) => !alias.startsWith("d:") || inDomain(ctx, course);

/** Who may add or remove this alias of this course; throws Google's refusal otherwise. */
function mayChange(ctx: Ctx, course: Course, alias: string): void {
  if (alias.startsWith("d:")) {
    // "does not make sense for the requesting user … a user not in a domain attempts to access a domain-scoped alias"
    if (!inDomain(ctx, course)) throw failedPrecondition("The alias does not make sense for the requesting user.");
    if (!isAdminFor(ctx.store, ctx.me, course))
      throw permissionDenied("Only a domain admin can change domain-scoped aliases.");
    return;
  }
  if (!canManage(ctx.store, ctx.me, course)) throw permissionDenied();
}

export function listAliases(ctx: Ctx): unknown {
  const course = courseOr404(ctx.store, param(ctx, 0));
  if (!canView(ctx.store, ctx.me, course)) throw permissionDenied();
  const all = course.aliases.filter((a) => visible(ctx, course, a)).map((alias) => ({ alias }));
  return listBody("aliases", paginate(all, ctx.query, `aliases|${course.id}`, 100, 100));
}

export function createAlias(ctx: Ctx): unknown {
  const course = courseOr404(ctx.store, param(ctx, 0));
  const alias = optionalString(bodyObject(ctx, "courseAlias"), "alias", "courseAlias");
  if (!alias || !ALIAS.test(alias)) throw badRequest(`alias: "${alias ?? ""}" is not a course alias (d:… or p:…).`);
  mayChange(ctx, course, alias);
  if (ctx.store.resolveCourse(alias)) throw alreadyExists("The course alias already exists.");
  ctx.store.addAlias(course, alias);
  return { alias };
}

export function deleteAlias(ctx: Ctx): unknown {
  const course = courseOr404(ctx.store, param(ctx, 0));
  const alias = param(ctx, 1);
  if (!course.aliases.includes(alias) || !visible(ctx, course, alias)) throw notFound();
  mayChange(ctx, course, alias);
  ctx.store.removeAlias(course, alias);
  return {};
}
