"use client";

import { lazy, Suspense } from "react";

import type { RouteErrorProps } from "./route-error";

// Every page carries its segments' error.tsx files; their UI (buttons, router, notice card)
// loads only when one of them shows, so it stays out of every page's first-load JS.
const RouteError = lazy(() => import("./route-error").then((m) => ({ default: m.RouteError })));

/** An error.tsx component with its own title and hint. */
export function routeErrorBoundary(title: string, hint?: string) {
  function RouteErrorBoundary(props: RouteErrorProps) {
    return (
      <Suspense fallback={<p role="alert">{title}</p>}>
        <RouteError {...props} title={title} hint={hint} />
      </Suspense>
    );
  }
  return RouteErrorBoundary;
}
