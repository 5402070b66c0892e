"use client";

import { RouteError, type RouteErrorProps } from "@/components/layout/route-error";

export default function ActivityError(props: RouteErrorProps) {
  return (
    <RouteError
      {...props}
      title="The activity log could not be loaded"
      hint="The database or Google Classroom may be unavailable."
    />
  );
}
