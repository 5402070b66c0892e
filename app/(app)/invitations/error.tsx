"use client";

import { routeErrorBoundary } from "@/components/layout/route-error-boundary";

export default routeErrorBoundary("The invitations could not be loaded");
