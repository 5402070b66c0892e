import "server-only";

import { cookies } from "next/headers";

import type { ClassroomPermission } from "./scopes";

/**
 * Where "dismissed" is kept for the notice about missing optional permissions: one cookie, for
 * one user and one set of missing permissions, so a later grant that lacks something else is
 * said again. The server reads it, so the notice is drawn (or not) with the page, without
 * JavaScript. It only hides a notice: nothing is trusted from it.
 */
const DISMISSED_COOKIE = "permission-notice-dismissed";
const ONE_YEAR_SECONDS = 365 * 24 * 60 * 60;

const keyOf = (userId: string, missing: readonly Pick<ClassroomPermission, "name">[]) =>
  `${userId}:${missing.map((p) => p.name).join(",")}`;

export async function isPermissionNoticeDismissed(
  userId: string,
  missing: readonly Pick<ClassroomPermission, "name">[],
): Promise<boolean> {
  return (await cookies()).get(DISMISSED_COOKIE)?.value === keyOf(userId, missing);
}

/** Only from a server action: setting a cookie there also redraws the page without the notice. */
export async function dismissPermissionNotice(
  userId: string,
  missing: readonly Pick<ClassroomPermission, "name">[],
): Promise<void> {
  (await cookies()).set(DISMISSED_COOKIE, keyOf(userId, missing), {
    httpOnly: true,
    sameSite: "lax",
    path: "/",
    maxAge: ONE_YEAR_SECONDS,
  });
}
