"use client";

import { routeErrorBoundary } from "@/components/layout/route-error-boundary";

export default routeErrorBoundary("Something went wrong loading this page");
