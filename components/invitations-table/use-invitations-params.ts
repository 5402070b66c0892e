"use client";

import { usePathname, useSearchParams } from "next/navigation";
import { useCallback, useMemo } from "react";

import {
  parseInvitationSearch,
  toSearchParams,
  type InvitationFilters,
  type InvitationSearch,
} from "@/lib/view/invitation-search";
import type { InvitationSort } from "@/lib/view/invitation-sort";

/**
 * The URL is the state: every filter and the sort of /invitations live in the query
 * string. Writes go through the History API, which Next's router syncs into useSearchParams
 * without a server round trip. A deliberate change (a select, the sort, Clear) pushes an entry,
 * so Back undoes it; typing in the search box replaces, so Back doesn't replay keystrokes.
 */
/** "push" for a deliberate change Back should undo; "replace" for one made while typing. */
export type HistoryMode = "push" | "replace";

export function useInvitationsParams(): {
  search: InvitationSearch;
  setFilters: (patch: Partial<InvitationFilters>, how?: HistoryMode) => void;
  setSort: (sort: InvitationSort) => void;
  clearFilters: () => void;
} {
  const params = useSearchParams();
  const pathname = usePathname();
  const search = useMemo(() => parseInvitationSearch(params), [params]);

  const write = useCallback(
    (update: (current: InvitationSearch) => InvitationSearch, how: HistoryMode = "push") => {
      // Read the live URL, not a render's snapshot, so quick successive edits compose.
      const current = parseInvitationSearch(new URLSearchParams(window.location.search));
      const qs = toSearchParams(update(current)).toString();
      const url = qs ? `${pathname}?${qs}` : pathname;
      if (url === `${window.location.pathname}${window.location.search}`) return;
      if (how === "push") window.history.pushState(null, "", url);
      else window.history.replaceState(null, "", url);
    },
    [pathname],
  );

  const setFilters = useCallback(
    (patch: Partial<InvitationFilters>, how?: HistoryMode) =>
      write((c) => ({ ...c, filters: { ...c.filters, ...patch } }), how),
    [write],
  );
  const setSort = useCallback((sort: InvitationSort) => write((c) => ({ ...c, sort })), [write]);
  const clearFilters = useCallback(
    () => write((c) => ({ ...c, filters: { q: "", course: "", role: "", state: "", owner: "", olderThan: "" } })),
    [write],
  );
  return { search, setFilters, setSort, clearFilters };
}
