"use client";

import { RouteError, type RouteErrorProps } from "@/components/layout/route-error";

export default function CourseError(props: RouteErrorProps) {
  return <RouteError {...props} title="This class couldn’t be loaded" />;
}
