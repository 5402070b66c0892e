import { queryOptions } from "@tanstack/react-query";

import type { MyInvitationsData } from "@/lib/view/my-invitations";

import { getJson } from "./http";
import { queryKeys } from "./keys";

/** The one builder for this read. The server page prefetches under the same key. */
export function myInvitationsQueryOptions() {
  return queryOptions({
    queryKey: queryKeys.myInvitations(),
    queryFn: ({ signal }) =>
      getJson<MyInvitationsData>(
        "/api/my-invitations",
        "We couldn't load your invitations. Try again in a moment.",
        signal,
      ),
  });
}
