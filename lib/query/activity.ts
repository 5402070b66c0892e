import { keepPreviousData, queryOptions } from "@tanstack/react-query";

import {
  toActivitySearchParams,
  type ActivityEntryView,
  type ActivityPage,
  type ActivitySearch,
} from "@/lib/view/activity";

import { getJson } from "./http";
import { queryKeys } from "./keys";

export const activityQueryOptions = (search: ActivitySearch) =>
  queryOptions({
    queryKey: queryKeys.activityPage({ ...search }),
    queryFn: ({ signal }) =>
      getJson<ActivityPage>(
        `/api/activity?${toActivitySearchParams(search)}`,
        "The activity log could not be loaded. Try again in a moment.",
        signal,
      ),
    placeholderData: keepPreviousData,
  });

function withoutCursor(search: ActivitySearch): ActivitySearch {
  const filters = { ...search };
  delete filters.before;
  return filters;
}

/** The rows of one run, with the page's filters but not its cursor. */
export const activityRunQueryOptions = (batchId: string, search: ActivitySearch) => {
  const filters = withoutCursor(search);
  return queryOptions({
    queryKey: queryKeys.activityRun(batchId, { ...filters }),
    queryFn: ({ signal }) =>
      getJson<{ entries: ActivityEntryView[] }>(
        `/api/activity/runs/${encodeURIComponent(batchId)}?${toActivitySearchParams(filters)}`,
        "The rows of this run could not be loaded. Try again in a moment.",
        signal,
      ),
  });
};

/** The CSV of what the page's filters match (runs expanded). */
export const activityExportHref = (search: ActivitySearch) => {
  const qs = toActivitySearchParams(withoutCursor(search)).toString();
  return `/api/activity/export${qs ? `?${qs}` : ""}`;
};
