"use client";

import { routeErrorBoundary } from "@/components/layout/route-error-boundary";

export default routeErrorBoundary("This class couldn’t be loaded");
