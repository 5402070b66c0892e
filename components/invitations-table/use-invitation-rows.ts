"use client";

import { useQuery } from "@tanstack/react-query";
import { useCallback, useDeferredValue, useEffect, useMemo, useRef, useState } from "react";

import { invitationsListQueryOptions } from "@/lib/query/invitations";
import { createRowJoiner } from "@/lib/view/invitation-rows";
import { filterRows, hasFilters, type InvitationFilters } from "@/lib/view/invitation-search";
import { createRowSorter } from "@/lib/view/invitation-sort";

import { useInvitationsParams } from "./use-invitations-params";

/**
 * The search box's text reaches the URL once typing pauses this long. Each URL write is a
 * router update (Next syncs history.replaceState into useSearchParams); made per keystroke,
 * it cost more main-thread time than filtering 5,000 rows (bench part (f), a Chromium trace).
 */
const URL_AFTER_TYPING_MS = 300;

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
  const { search, setFilters: writeFilters, setSort: writeSort, clearFilters } = useInvitationsParams();
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

  // The text typed but not yet in the URL: written before any other change of the URL, so a
  // filter or sort chosen meanwhile keeps it and Back never drops it; dropped by Clear, by Back
  // and Forward (the URL they bring wins) and on leaving.
  const typed = useRef<{ timer: ReturnType<typeof setTimeout>; write: () => void } | null>(null);
  const flushTyped = useCallback(() => {
    const pending = typed.current;
    if (!pending) return;
    clearTimeout(pending.timer);
    typed.current = null;
    pending.write();
  }, []);
  const dropTyped = useCallback(() => {
    if (typed.current) clearTimeout(typed.current.timer);
    typed.current = null;
  }, []);
  useEffect(() => {
    window.addEventListener("popstate", dropTyped);
    return () => {
      window.removeEventListener("popstate", dropTyped);
      dropTyped();
    };
  }, [dropTyped]);
  const setFilters: typeof writeFilters = useCallback(
    (patch, how) => {
      flushTyped();
      writeFilters(patch, how);
    },
    [flushTyped, writeFilters],
  );
  const setSort: typeof writeSort = useCallback(
    (sort) => {
      flushTyped();
      writeSort(sort);
    },
    [flushTyped, writeSort],
  );

  const onQChange = useCallback(
    (value: string) => {
      setQ(value);
      dropTyped();
      const write = () => writeFilters({ q: value }, "replace");
      typed.current = { timer: setTimeout(flushTyped, URL_AFTER_TYPING_MS), write };
    },
    [dropTyped, flushTyped, writeFilters],
  );
  const onClear = useCallback(() => {
    dropTyped();
    setQ("");
    clearFilters();
  }, [clearFilters, dropTyped]);

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
