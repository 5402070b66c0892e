"use client";

import { routeErrorBoundary } from "@/components/layout/route-error-boundary";

export default routeErrorBoundary(
  "We couldn’t load your invitations",
  "Google Classroom may be slow or unavailable. Nothing was accepted or declined.",
);
