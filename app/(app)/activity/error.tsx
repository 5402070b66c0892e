"use client";

import { routeErrorBoundary } from "@/components/layout/route-error-boundary";

export default routeErrorBoundary(
  "The activity log could not be loaded",
  "The database or Google Classroom may be unavailable.",
);
