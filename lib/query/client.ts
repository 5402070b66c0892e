import { isServer, QueryClient } from "@tanstack/react-query";

/** Client errors that a retry cannot fix. */
const NO_RETRY_STATUS = new Set([400, 401, 403, 404]);

function makeQueryClient() {
  return new QueryClient({
    defaultOptions: {
      queries: {
        // Above zero so data prefetched on the server is not refetched at once on hydration.
        staleTime: 30_000,
        gcTime: 10 * 60_000,
        retry: (count, error) => {
          const status = (error as { status?: number }).status;
          return !(status && NO_RETRY_STATUS.has(status)) && count < 2;
        },
      },
    },
  });
}

let browserClient: QueryClient | undefined;

/** TanStack's App Router recipe: a new client per server request, one per browser tab. */
export function getQueryClient() {
  if (isServer) return makeQueryClient();
  browserClient ??= makeQueryClient();
  return browserClient;
}
