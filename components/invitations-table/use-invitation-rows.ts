"use client";

import { useQuery } from "@tanstack/react-query";
import { useCallback, useDeferredValue, useMemo, useState } from "react";

import { invitationsListQueryOptions } from "@/lib/query/invitations";
import { createRowJoiner } from "@/lib/view/invitation-rows";
import { filterRows, hasFilters, type InvitationFilters } from "@/lib/view/invitation-search";
import { createRowSorter } from "@/lib/view/invitation-sort";

import { useInvitationsParams } from "./use-invitations-params";

/**
 * The streamed list as table rows, filtered and sorted by the URL. Filtering 5,000 rows per
 * keystroke stays cheap: rows are joined once per invitation (names arriving rebuild only the
 * rows they name) and re-sorted only when the list, the sort or (for name sorts) the names
 * change; the text filter reads a deferred value.
 *
 * Everything shown, the count and its "final" mark included, is derived from one deferred
 * snapshot (`view`), so the page never marks a count final that it has not rendered yet.
 */
export function useInvitationRows() {
  const query = useQuery(invitationsListQueryOptions());
  const { search, setFilters, setSort, clearFilters } = useInvitationsParams();
  const [q, setQ] = useState(search.filters.q);
  // Back and Forward change the URL's text under the box: follow it (state adjusted in render).
  const [urlQ, setUrlQ] = useState(search.filters.q);
  if (urlQ !== search.filters.q) {
    setUrlQ(search.filters.q);
    if (q.trim() !== search.filters.q.trim()) setQ(search.filters.q);
  }
  const deferredQ = useDeferredValue(q);

  // Streamed chunks (names arriving) update the rows in a deferred render that yields to keystrokes.
  const view = useDeferredValue(query.data);
  const [joinRows] = useState(createRowJoiner);
  const [sortJoined] = useState(createRowSorter);
  const allRows = useMemo(() => (view ? joinRows(view) : []), [view, joinRows]);
  const { id: sortId, desc: sortDesc } = search.sort;
  const sort = useMemo(() => ({ id: sortId, desc: sortDesc }), [sortId, sortDesc]);
  const sorted = useMemo(() => (view ? sortJoined(allRows, view, sort) : []), [allRows, view, sort, sortJoined]);
  const { course, role, state, owner, olderThan } = search.filters;
  const filters: InvitationFilters = useMemo(
    () => ({ q: deferredQ, course, role, state, owner, olderThan }),
    [deferredQ, course, role, state, owner, olderThan],
  );
  const rows = useMemo(() => filterRows(sorted, filters), [sorted, filters]);

  const onQChange = useCallback(
    (value: string) => {
      setQ(value);
      setFilters({ q: value }, "replace");
    },
    [setFilters],
  );
  const onClear = useCallback(() => {
    setQ("");
    clearFilters();
  }, [clearFilters]);

  return {
    query,
    view,
    allRows,
    rows,
    q,
    search,
    sort,
    filtered: hasFilters({ ...filters, q }),
    fatal: view?.error ?? (query.error ? { code: "ERROR", message: query.error.message } : null),
    // Final only once the snapshot whose rows are on screen is complete (not merely the latest one).
    listed: Boolean(view?.listed),
    setFilters,
    setSort,
    onQChange,
    onClear,
  };
}
