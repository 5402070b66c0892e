import "server-only";

import type { AccessToken } from "@/lib/classroom/client";

import type { InvitationItem, PublicErrorInfo } from "@/lib/view/invitations";
import { summarizePending, type PendingSummary } from "@/lib/view/pending-summary";

import { streamInvitations } from "./invitations";
import type { Viewer } from "./viewer";

/**
 * The same listing as /invitations (and its per-user cache), stopped once every class is
 * listed: home needs counts, not the invitees' names.
 */
export async function loadPendingSummary(
  viewer: Viewer,
  token: AccessToken,
): Promise<PendingSummary | { error: PublicErrorInfo }> {
  const stop = new AbortController();
  const invitations: InvitationItem[] = [];
  let failures = 0;
  let error: PublicErrorInfo | null = null;
  await new Promise<void>((resolve) => {
    void streamInvitations(
      viewer,
      token,
      (e) => {
        if (e.t === "invitations") {
          invitations.push(...e.invitations);
          failures += e.failures.length;
        } else if (e.t === "error") error = e.error;
        if (e.t === "listed" || e.t === "error") {
          resolve();
          stop.abort();
        }
      },
      { signal: stop.signal },
    ).finally(resolve);
  });
  if (error) return { error };
  return { ...summarizePending(invitations), partial: failures > 0 };
}
