import { keepPreviousData, queryOptions } from "@tanstack/react-query";

import { toActivitySearchParams, type ActivityPage, type ActivitySearch } from "@/lib/view/activity";

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
