import { queryOptions } from "@tanstack/react-query";

import type { CoursePageData } from "@/lib/view/course";

import { getJson } from "./http";
import { queryKeys } from "./keys";

/** The course page's client read; the server page prefetches the same data under the same key. */
export function courseQueryOptions(courseId: string) {
  return queryOptions({
    queryKey: queryKeys.course(courseId),
    queryFn: ({ signal }) =>
      getJson<CoursePageData>(
        `/api/courses/${encodeURIComponent(courseId)}`,
        "The class could not be loaded. Try again.",
        signal,
      ),
  });
}
