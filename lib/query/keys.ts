/**
 * The query-key factory (STYLE 12). Every client read uses a key from here, so
 * invalidation after a mutation can be precise. Append new entries; don't
 * inline key arrays anywhere else.
 */
export const queryKeys = {
  all: ["classroom"] as const,
  myInvitations: () => [...queryKeys.all, "my-invitations"] as const,
  invitations: () => [...queryKeys.all, "invitations"] as const,
  courseInvitations: (courseId: string) => [...queryKeys.invitations(), "course", courseId] as const,
  /** The whole /invitations list (a teacher's courses, or the domain for an admin). */
  invitationsList: () => [...queryKeys.invitations(), "list"] as const,
  course: (courseId: string) => [...queryKeys.all, "course", courseId] as const,
  profiles: () => [...queryKeys.all, "profiles"] as const,
  activity: (filter: Record<string, string | undefined> = {}) => [...queryKeys.all, "activity", filter] as const,
  /** Mutation keys (not query keys): lets a screen see its own in-flight writes with useMutationState. */
  myInvitationsMutation: (kind?: "accept" | "decline") =>
    kind ? (["mutation", "my-invitations", kind] as const) : (["mutation", "my-invitations"] as const),
};
