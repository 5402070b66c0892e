import { experimental_streamedQuery as streamedQuery, queryOptions } from "@tanstack/react-query";

import { queryKeys } from "./keys";

/**
 * Client side of the invitations list (issue 3 §1): the wire format of the NDJSON stream
 * served by `GET /api/invitations/stream`, the reducer that folds it into one snapshot, and
 * the TanStack Query options that read it. No server-only imports: the server loader
 * (`invitations.server.ts`) reuses the same reducer to build the snapshot it prefetches.
 */
export type InvitationRole = "STUDENT" | "TEACHER" | "OWNER";

export type CourseSummary = {
  id: string;
  name: string;
  section?: string;
  state: string;
  ownerId: string;
};

export type PersonSummary = { id: string; name: string; email?: string };

export type InvitationItem = {
  id: string;
  courseId: string;
  /** Classroom's numeric user id of the invitee. */
  userId: string;
  role: InvitationRole;
  /** Set when the invitation was created through the dashboard. */
  inviterEmail: string | null;
  /** When the dashboard created it or first listed it (RFC 3339). */
  firstSeenAt: string | null;
};

export type PublicErrorInfo = { code: string; message: string };

export type CourseFailure = { courseId: string } & PublicErrorInfo;

export type InvitationsSnapshot = {
  scope: "admin" | "teacher";
  courses: Record<string, CourseSummary>;
  /** Null until courses.list has answered. */
  coursesTotal: number | null;
  coursesLoaded: number;
  invitations: InvitationItem[];
  /** Resolved people by user id; null = Classroom has no visible profile for that id. */
  people: Record<string, PersonSummary | null>;
  failures: CourseFailure[];
  /** Every course's invitations have been listed: the count is final. */
  listed: boolean;
  /** Names and emails have been resolved as far as they can be. */
  complete: boolean;
  error: PublicErrorInfo | null;
};

export type InvitationsEvent =
  | { t: "courses"; scope: "admin" | "teacher"; courses: CourseSummary[] }
  | { t: "invitations"; courseIds: string[]; invitations: InvitationItem[]; failures: CourseFailure[] }
  | { t: "people"; people: PersonSummary[]; unknown: string[] }
  | { t: "listed" }
  | { t: "done" }
  | { t: "error"; error: PublicErrorInfo };

export const emptySnapshot = (): InvitationsSnapshot => ({
  scope: "teacher",
  courses: {},
  coursesTotal: null,
  coursesLoaded: 0,
  invitations: [],
  people: {},
  failures: [],
  listed: false,
  complete: false,
  error: null,
});

/** Pure and immutable: TanStack Query compares snapshots by identity. */
export function applyInvitationsEvent(state: InvitationsSnapshot, event: InvitationsEvent): InvitationsSnapshot {
  switch (event.t) {
    case "courses": {
      const courses: Record<string, CourseSummary> = {};
      for (const c of event.courses) courses[c.id] = c;
      return { ...state, scope: event.scope, courses, coursesTotal: event.courses.length, coursesLoaded: 0 };
    }
    case "invitations": {
      const replaced = new Set(event.courseIds);
      const kept = state.invitations.filter((i) => !replaced.has(i.courseId));
      return {
        ...state,
        invitations:
          kept.length === state.invitations.length && event.invitations.length === 0
            ? state.invitations
            : [...kept, ...event.invitations],
        failures: [...state.failures.filter((f) => !replaced.has(f.courseId)), ...event.failures],
        coursesLoaded: Math.min(state.coursesLoaded + event.courseIds.length, state.coursesTotal ?? Infinity),
      };
    }
    case "people": {
      if (event.people.length === 0 && event.unknown.length === 0) return state;
      const people = { ...state.people };
      for (const p of event.people) people[p.id] = p;
      for (const id of event.unknown) people[id] ??= null;
      return { ...state, people };
    }
    case "listed":
      return { ...state, listed: true, coursesLoaded: state.coursesTotal ?? state.coursesLoaded };
    case "done":
      return { ...state, listed: true, complete: true };
    case "error":
      return { ...state, error: event.error, listed: true, complete: true };
  }
}

/** Removes invitations (optimistic revoke); returns the new snapshot and what was removed. */
export function withoutInvitations(state: InvitationsSnapshot, ids: ReadonlySet<string>) {
  const removed: InvitationItem[] = [];
  const invitations = state.invitations.filter((i) => {
    if (!ids.has(i.id)) return true;
    removed.push(i);
    return false;
  });
  return { snapshot: { ...state, invitations }, removed };
}

/** Puts invitations back (a failed revoke), skipping any the list already has again. */
export function withInvitations(state: InvitationsSnapshot, items: readonly InvitationItem[]): InvitationsSnapshot {
  const have = new Set(state.invitations.map((i) => i.id));
  const add = items.filter((i) => !have.has(i.id));
  return add.length ? { ...state, invitations: [...state.invitations, ...add] } : state;
}

/** Replaces the invitations of some courses with a fresh read of just those courses. */
export function mergeCourseSnapshot(state: InvitationsSnapshot, fresh: InvitationsSnapshot): InvitationsSnapshot {
  const courseIds = Object.keys(fresh.courses);
  let next = applyInvitationsEvent(state, {
    t: "invitations",
    courseIds,
    invitations: fresh.invitations,
    failures: fresh.failures,
  });
  next = { ...next, courses: { ...next.courses, ...fresh.courses }, coursesLoaded: state.coursesLoaded };
  return applyInvitationsEvent(next, {
    t: "people",
    people: Object.values(fresh.people).filter((p): p is PersonSummary => p !== null),
    unknown: Object.entries(fresh.people)
      .filter(([, p]) => p === null)
      .map(([id]) => id),
  });
}

// ---------------------------------------------------------------------------
// Reading the stream in the browser

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = "HttpError";
  }
}

export async function toHttpError(res: Response): Promise<HttpError> {
  let body: { error?: Partial<PublicErrorInfo> } | undefined;
  try {
    body = (await res.json()) as typeof body;
  } catch {
    body = undefined;
  }
  return new HttpError(
    res.status,
    body?.error?.code ?? `HTTP_${res.status}`,
    body?.error?.message ?? "The invitations could not be loaded. Try again in a moment.",
  );
}

/** Parses NDJSON as it arrives; a line may be split across chunks. */
export async function* readNdjson<T>(body: ReadableStream<Uint8Array>, signal?: AbortSignal): AsyncGenerator<T> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  try {
    while (true) {
      if (signal?.aborted) return;
      const { value, done } = await reader.read();
      if (done) break;
      buffer += decoder.decode(value, { stream: true });
      let nl: number;
      while ((nl = buffer.indexOf("\n")) >= 0) {
        const line = buffer.slice(0, nl).trim();
        buffer = buffer.slice(nl + 1);
        if (line) yield JSON.parse(line) as T;
      }
    }
    buffer += decoder.decode();
    if (buffer.trim()) yield JSON.parse(buffer) as T;
  } finally {
    reader.releaseLock();
  }
}

async function* streamInvitations(signal: AbortSignal): AsyncGenerator<InvitationsEvent> {
  const res = await fetch("/api/invitations/stream", { signal, headers: { accept: "application/x-ndjson" } });
  if (!res.ok || !res.body) throw await toHttpError(res);
  let ended = false;
  for await (const event of readNdjson<InvitationsEvent>(res.body, signal)) {
    yield event;
    if (event.t === "done" || event.t === "error") ended = true;
  }
  // A stream cut short (server restart, proxy timeout) must not pass for a final count.
  if (!ended && !signal.aborted) {
    yield {
      t: "error",
      error: { code: "NETWORK", message: "The connection closed before every class was loaded. Reload to try again." },
    };
  }
}

/**
 * The whole list, streamed. First visit: rows appear as courses answer. Later visits render
 * from the cache at once and re-stream in the background (`replace`: the old rows stay until
 * the new list is complete).
 */
export const invitationsListQueryOptions = () =>
  queryOptions({
    queryKey: queryKeys.invitationsList(),
    queryFn: streamedQuery<InvitationsEvent, InvitationsSnapshot>({
      streamFn: ({ signal }) => streamInvitations(signal),
      reducer: applyInvitationsEvent,
      initialValue: emptySnapshot(),
      refetchMode: "replace",
    }),
    staleTime: 60_000,
    refetchOnWindowFocus: false,
  });

/** A fresh read of a few courses, merged after a mutation instead of re-listing the domain. */
export async function fetchCourseInvitations(courseIds: readonly string[]): Promise<InvitationsSnapshot> {
  const qs = new URLSearchParams();
  for (const id of courseIds) qs.append("courseId", id);
  const res = await fetch(`/api/invitations?${qs}`, { headers: { accept: "application/json" } });
  if (!res.ok) throw await toHttpError(res);
  return (await res.json()) as InvitationsSnapshot;
}
