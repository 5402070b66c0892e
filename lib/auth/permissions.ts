import "server-only";

import { db } from "@/lib/db";
import { missingPermissions, type ClassroomPermission } from "@/lib/auth/scopes";

/**
 * The Classroom permissions the user's stored Google grant lacks. Sign-in turns back a grant
 * without an essential one (lib/auth/auth.ts), so what is left here are the optional ones
 * (profile emails, photos) that the dashboard works without, in a degraded way it must admit.
 */
export async function getMissingPermissions(userId: string): Promise<ClassroomPermission[]> {
  const [row] = await (
    await db()
  ).query<{ scope: string | null }>("SELECT scope FROM accounts WHERE user_id = $1 AND provider = 'google'", [userId]);
  return missingPermissions(row?.scope);
}
