"use client";

import { QueryClientProvider } from "@tanstack/react-query";

import { Toaster } from "@/components/ui/toast";
import { getQueryClient } from "@/lib/query/client";

// No zod in browser code (client components import schema *types* only; actions validate on the
// server). That keeps ~30 kB off every page, and zod's `new Function("")` eval probe, which our
// CSP would report as a violation, never runs. e2e/security/headers.spec.ts pins 0 violations.

export function Providers({ children }: { children: React.ReactNode }) {
  const queryClient = getQueryClient();
  return (
    <QueryClientProvider client={queryClient}>
      {children}
      <Toaster />
    </QueryClientProvider>
  );
}
