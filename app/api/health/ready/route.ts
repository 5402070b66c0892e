import { readiness } from "@/lib/ops/health";

export const dynamic = "force-dynamic";

/**
 * Readiness, for the load balancer: 200 while this instance should get requests, 503 with the
 * reason (draining, database unreachable, migrations pending) while it should not. No session
 * is needed, and nothing but the reason is said.
 */
export async function GET(): Promise<Response> {
  const r = await readiness();
  const headers = { "cache-control": "no-store" };
  return r.ready
    ? Response.json({ status: "ready", ...r }, { headers })
    : Response.json({ status: "not-ready", reason: r.reason }, { status: 503, headers });
}
