import type { Metadata } from "next";

import { AppShell } from "@/components/layout/app-shell";
import { NotFoundCard } from "@/components/layout/not-found-card";
import { getCurrentUser } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Page not found" };

/** Unknown addresses anywhere: the branded page, with the navigation when signed in. */
export default async function NotFound() {
  // A broken session or database must not turn a 404 into a 500.
  const user = await getCurrentUser().catch(() => null);
  return (
    <AppShell user={user}>
      <NotFoundCard signedIn={user !== null} />
    </AppShell>
  );
}
