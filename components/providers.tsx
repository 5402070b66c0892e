"use client";

import { QueryClientProvider } from "@tanstack/react-query";
import { Toaster } from "sonner";
import { z } from "zod";

import { getQueryClient } from "@/lib/query/client";

// zod probes for eval support with `new Function("")`; under our CSP that probe is a reported
// violation on every page. Its JIT only speeds up huge schemas, so switch it off in the browser.
z.config({ jitless: true });

export function Providers({ children }: { children: React.ReactNode }) {
  const queryClient = getQueryClient();
  return (
    <QueryClientProvider client={queryClient}>
      {children}
      <Toaster position="bottom-right" richColors closeButton />
    </QueryClientProvider>
  );
}
