"use client";

import { usePathname, useSearchParams } from "next/navigation";
import { useCallback, useMemo } from "react";

import { parseActivitySearch, toActivitySearchParams, type ActivitySearch } from "@/lib/view/activity";

/** Filters of /activity live in the URL; a filter change starts again at the newest entry. */
export function useActivityParams() {
  const params = useSearchParams();
  const pathname = usePathname();
  const search = useMemo(() => parseActivitySearch(params), [params]);
  const setSearch = useCallback(
    // A deliberate change (a select, a date, a page) is a history entry that Back undoes; typing
    // replaces the entry instead of adding one per pause.
    (patch: Partial<ActivitySearch>, opts: { keepCursor?: boolean; replace?: boolean } = {}) => {
      const current = parseActivitySearch(new URLSearchParams(window.location.search));
      const next: ActivitySearch = { ...current, ...patch };
      if (!opts.keepCursor && !("before" in patch)) delete next.before;
      for (const k of Object.keys(next) as (keyof ActivitySearch)[]) if (!next[k]) delete next[k];
      const qs = toActivitySearchParams(next).toString();
      const url = qs ? `${pathname}?${qs}` : pathname;
      if (url === `${window.location.pathname}${window.location.search}`) return;
      if (opts.replace) window.history.replaceState(null, "", url);
      else window.history.pushState(null, "", url);
    },
    [pathname],
  );
  return { search, setSearch };
}
