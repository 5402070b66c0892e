import { experimental_streamedQuery as streamedQuery, queryOptions } from "@tanstack/react-query";

import {
  applyInvitationsEvent,
  emptySnapshot,
  type InvitationsEvent,
  type InvitationsSnapshot,
} from "@/lib/view/invitations";

import { getJson, toHttpError } from "./http";
import { queryKeys } from "./keys";

/** The browser's read of the invitations list: the NDJSON stream and the per-course refresh. */
const LOAD_FAILED = "The invitations could not be loaded. Try again in a moment.";

/** Parses NDJSON as it arrives; a line may be split across chunks. */
async function* readNdjson<T>(body: ReadableStream<Uint8Array>, signal?: AbortSignal): AsyncGenerator<T> {
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
  if (!res.ok || !res.body) throw await toHttpError(res, LOAD_FAILED);
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
  return getJson<InvitationsSnapshot>(`/api/invitations?${qs}`, LOAD_FAILED);
}
