import { streamInvitations } from "@/lib/query/invitations-server";
import { requireManager } from "@/lib/query/route-auth";

// Per-user Classroom data: never cached, never prerendered (STYLE 14).
export const dynamic = "force-dynamic";

/**
 * The invitations list as NDJSON, one event per line, flushed as Classroom answers, so a
 * domain of 1,000 courses fills the table progressively. The Google token stays here.
 */
export async function GET(request: Request) {
  const auth = await requireManager();
  if ("response" in auth) return auth.response;
  const { viewer, token } = auth;
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
}
