import { withViewer } from "@/lib/http/route";
import { streamInvitations } from "@/lib/loaders/invitations";

// Per-user Classroom data: never cached, never prerendered.
export const dynamic = "force-dynamic";

/**
 * The invitations list as NDJSON, one event per line, flushed as Classroom answers, so a
 * domain of 1,000 courses fills the table progressively. The Google token stays here.
 */
export const GET = withViewer("manager", async ({ viewer, token, request }) => {
  const encoder = new TextEncoder();
  const abort = new AbortController();
  request.signal.addEventListener("abort", () => abort.abort(), { once: true });

  const body = new ReadableStream<Uint8Array>({
    async start(controller) {
      const emit = (event: unknown) => {
        if (abort.signal.aborted) return;
        try {
          controller.enqueue(encoder.encode(`${JSON.stringify(event)}\n`));
        } catch {
          abort.abort();
        }
      };
      await streamInvitations(viewer, token, emit, { signal: abort.signal });
      try {
        controller.close();
      } catch {
        // already closed by a disconnect
      }
    },
    cancel() {
      abort.abort();
    },
  });

  return new Response(body, {
    headers: {
      "content-type": "application/x-ndjson; charset=utf-8",
      "cache-control": "private, no-store",
      // Keeps proxies (nginx) from buffering the stream.
      "x-accel-buffering": "no",
    },
  });
});
