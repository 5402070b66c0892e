import type { Metadata } from "next";

import { NotFoundCard } from "@/components/layout/not-found-card";

export const metadata: Metadata = { title: "Page not found" };

/** notFound() from a signed-in page: the (app) layout already draws the frame. */
export default function AppNotFound() {
  return <NotFoundCard signedIn />;
}
