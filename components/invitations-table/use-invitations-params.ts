"use client";

import { usePathname, useSearchParams } from "next/navigation";
import { useCallback, useMemo } from "react";

import {
  parseInvitationSearch,
  toSearchParams,
  type InvitationFilters,
  type InvitationSearch,
  type InvitationSort,
} from "@/lib/view/invitation-rows";

/**
 * The URL is the state: every filter and the sort of /invitations live in the query
 * string. Writes go through `history.replaceState`, which Next's router syncs into
 * useSearchParams without a server round trip, so typing in the search box never refetches.
 */
export function useInvitationsParams(): {
  search: InvitationSearch;
  setFilters: (patch: Partial<InvitationFilters>) => void;
  setSort: (sort: InvitationSort) => void;
  clearFilters: () => void;
} {
  const params = useSearchParams();
  const pathname = usePathname();
  const search = useMemo(() => parseInvitationSearch(params), [params]);

  const write = useCallback(
    (update: (current: InvitationSearch) => InvitationSearch) => {
      // Read the live URL, not a render's snapshot, so quick successive edits compose.
      const current = parseInvitationSearch(new URLSearchParams(window.location.search));
      const qs = toSearchParams(update(current)).toString();
      window.history.replaceState(null, "", qs ? `${pathname}?${qs}` : pathname);
    },
    [pathname],
  );

  const setFilters = useCallback(
    (patch: Partial<InvitationFilters>) => write((c) => ({ ...c, filters: { ...c.filters, ...patch } })),
    [write],
  );
  const setSort = useCallback((sort: InvitationSort) => write((c) => ({ ...c, sort })), [write]);
  const clearFilters = useCallback(
    () => write((c) => ({ ...c, filters: { q: "", course: "", role: "", state: "", owner: "" } })),
    [write],
  );
  return { search, setFilters, setSort, clearFilters };
}
