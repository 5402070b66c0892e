"use client";

import { routeErrorBoundary } from "@/components/layout/route-error-boundary";

// The root segment's boundary: it catches what the (app) layout itself throws (its own error.tsx
// only covers the pages below it) and the pages outside (app), such as the sign-in page.
export default routeErrorBoundary("Something went wrong loading this page");
