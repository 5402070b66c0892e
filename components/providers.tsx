"use client";

import { QueryClientProvider } from "@tanstack/react-query";
import { Toaster } from "sonner";
// The core's `config` only (the same global config object `z.config` sets): importing `z`
// here put all of zod (~30 kB gzipped) into every page's first-load JS.
import { config as zodConfig } from "zod/v4/core";

import { getQueryClient } from "@/lib/query/client";

// zod probes for eval support with `new Function("")`; under our CSP that probe is a reported
// violation on every page. Its JIT only speeds up huge schemas, so switch it off in the browser.
zodConfig({ jitless: true });

export function Providers({ children }: { children: React.ReactNode }) {
  const queryClient = getQueryClient();
  return (
    <QueryClientProvider client={queryClient}>
      {children}
      <Toaster position="bottom-right" richColors closeButton />
    </QueryClientProvider>
  );
}
