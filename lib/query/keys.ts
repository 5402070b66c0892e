/**
 * The query-key factory. Every client read uses a key from here, and every invalidation names
 * one of these keys or a prefix of them, so a write refreshes exactly the reads it changed.
 * Don't inline key arrays anywhere else.
 */
const all = ["classroom"] as const;

export const queryKeys = {
  myInvitations: () => [...all, "my-invitations"] as const,
  /** Prefix of every invitations read: invalidate it after a write that adds or removes one. */
  invitations: () => [...all, "invitations"] as const,
  /** The whole /invitations list (a teacher's courses, or the domain for an admin). */
  invitationsList: () => [...queryKeys.invitations(), "list"] as const,
  course: (courseId: string) => [...all, "course", courseId] as const,
  /** Prefix of every page of the activity log. */
  activity: () => [...all, "activity"] as const,
  activityPage: (search: Record<string, string | undefined>) => [...queryKeys.activity(), search] as const,
  activityRun: (batchId: string, search: Record<string, string | undefined>) =>
    [...queryKeys.activity(), "run", batchId, search] as const,
  /** Prefix of every jobs read. */
  jobs: () => [...all, "jobs"] as const,
  job: (jobId: string) => [...queryKeys.jobs(), jobId] as const,
  jobView: (jobId: string, withRows: boolean) => [...queryKeys.job(jobId), withRows ? "rows" : "summary"] as const,
  jobSchedule: (count: number) => [...queryKeys.jobs(), "schedule", count] as const,
  /** Mutation keys (not query keys): lets a screen see its own in-flight writes with useMutationState. */
  myInvitationsMutation: (kind?: "accept" | "decline") =>
    kind ? (["mutation", "my-invitations", kind] as const) : (["mutation", "my-invitations"] as const),
};
