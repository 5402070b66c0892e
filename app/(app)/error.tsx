"use client";

import { RouteError, type RouteErrorProps } from "@/components/layout/route-error";

export default function AppError(props: RouteErrorProps) {
  return <RouteError {...props} title="Something went wrong loading this page" />;
}
