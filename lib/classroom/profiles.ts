import "server-only";
import { executeBatch, type BatchOptions } from "@/lib/google/batch";
import { callWithRetry, type CallOptions } from "@/lib/google/call";
import { classroomFor, type AccessToken } from "@/lib/google/client";
import { isRetryable } from "@/lib/google/retry";

export interface Profile {
  id: string;
  name: string;
  /** Only with the classroom.profile.emails scope (docs/classroom-api.md §5.3). */
  email?: string;
  /** Only with the classroom.profile.photos scope. */
  photoUrl?: string;
}

/** The fields we read from Classroom's `UserProfile`. */
export interface ApiUserProfile {
  id?: string | null;
  name?: { fullName?: string | null; givenName?: string | null; familyName?: string | null } | null;
  emailAddress?: string | null;
  photoUrl?: string | null;
  permissions?: { permission?: string | null }[] | null;
  verifiedTeacher?: boolean | null;
}

export function toProfile(raw: ApiUserProfile): Profile | null {
  if (!raw.id) return null;
  const given = raw.name?.givenName?.trim() ?? "";
  const family = raw.name?.familyName?.trim() ?? "";
  const name = raw.name?.fullName?.trim() || `${given} ${family}`.trim() || raw.emailAddress || raw.id;
  const profile: Profile = { id: raw.id, name };
  if (raw.emailAddress) profile.email = raw.emailAddress;
  if (raw.photoUrl) {
    // Google returns protocol-relative photo URLs ("//lh3.googleusercontent.com/...").
    profile.photoUrl = raw.photoUrl.startsWith("//") ? `https:${raw.photoUrl}` : raw.photoUrl;
  }
  return profile;
}

/** userProfiles.get plus the raw teacher signals detectRole needs. */
export async function getProfileDetails(
  token: AccessToken,
  userId: string,
  opts: CallOptions = {},
): Promise<{ profile: Profile; canCreateCourses: boolean; verifiedTeacher: boolean }> {
  const client = classroomFor(token);
  const res = await callWithRetry(() => client.userProfiles.get({ userId }, { signal: opts.signal }), opts);
  const profile = toProfile(res.data);
  if (!profile) throw new Error("userProfiles.get returned a profile without an id");
  return {
    profile,
    canCreateCourses: (res.data.permissions ?? []).some((p) => p.permission === "CREATE_COURSE"),
    verifiedTeacher: res.data.verifiedTeacher === true,
  };
}

/** One profile. `userId` may be "me", an email or a numeric id. */
export async function getProfile(token: AccessToken, userId: string, opts: CallOptions = {}): Promise<Profile> {
  return (await getProfileDetails(token, userId, opts)).profile;
}

/**
 * Many profiles through /batch (50 per call). `userIds` may be numeric ids or email addresses.
 * Unknown or invisible users map to null: userProfiles.get answers 403, not 404, "if no profile
 * exists with the requested ID" (docs/classroom-api.md §5.3). An id whose part still failed for a
 * passing reason (429, 5xx, network) after the batch's retries is left out: nobody knows yet.
 * Only an invalid sign-in fails the whole call, since it would fail every part.
 */
export async function getProfiles(
  token: AccessToken,
  userIds: readonly string[],
  opts: BatchOptions = {},
): Promise<Map<string, Profile | null>> {
  const unique = [...new Set(userIds.filter((id) => id))];
  const out = new Map<string, Profile | null>();
  if (unique.length === 0) return out;
  const results = await executeBatch<ApiUserProfile>(
    token,
    unique.map((id) => ({ method: "GET", path: `/v1/userProfiles/${encodeURIComponent(id)}` })),
    opts,
  );
  results.forEach((result, i) => {
    const id = unique[i]!;
    if (result.ok) {
      out.set(id, toProfile(result.data));
      return;
    }
    if (result.error.code === "UNAUTHENTICATED" || result.error.code === "INSUFFICIENT_SCOPES") throw result.error;
    if (!isRetryable(result.error)) out.set(id, null);
  });
  return out;
}
