/**
 * How the browser reads our GET route handlers. They answer `{ error: { code, message } }` on
 * failure, with our own text (lib/http/route.ts); a read that fails throws an `HttpError`
 * carrying that status, code and text, which the query client's retry rule reads.
 */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = "HttpError";
  }
}

/** The error a failed answer carries, or `fallback` when its body is not ours (a proxy's page). */
export async function toHttpError(res: Response, fallback: string): Promise<HttpError> {
  const body = (await res.json().catch(() => null)) as { error?: { code?: string; message?: string } } | null;
  return new HttpError(res.status, body?.error?.code ?? `HTTP_${res.status}`, body?.error?.message ?? fallback);
}

/** GET a JSON read; throws `HttpError` with the server's own message, or `fallback`. */
export async function getJson<T>(url: string, fallback: string, signal?: AbortSignal): Promise<T> {
  const res = await fetch(url, { signal, cache: "no-store", headers: { accept: "application/json" } });
  if (!res.ok) throw await toHttpError(res, fallback);
  return (await res.json()) as T;
}
