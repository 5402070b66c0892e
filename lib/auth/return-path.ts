// Where to go back to after sign-in. Pure and client-safe: the sign-in page, the sign-in
// action and the signed-out redirect all validate through it, so there is one rule.

const ORIGIN = "http://return-path.invalid";

/** Set by the proxy on every page request: the path and query being asked for. */
export const RETURN_PATH_HEADER = "x-return-path";

/** Paths that would loop back into sign-in, or that are not pages. */
const NOT_A_DESTINATION = /^\/(signin|api\/)/;

/**
 * A same-origin path (with its query and fragment) to land on after sign-in, or null.
 * Refuses anything another origin could hide behind: "//host", "/\host", schemes, control
 * characters, and over-long values. An open redirect after sign-in is a phishing aid.
 */
export function safeReturnPath(raw: unknown): string | null {
  if (typeof raw !== "string" || raw.length > 2000) return null;
  if (!raw.startsWith("/") || raw.startsWith("//") || /[\\\u0000-\u001f\u007f]/.test(raw)) return null;
  let url: URL;
  try {
    url = new URL(raw, ORIGIN);
  } catch {
    return null;
  }
  if (url.origin !== ORIGIN || NOT_A_DESTINATION.test(url.pathname)) return null;
  // A client-side navigation's cache-busting parameter is not part of the page's address.
  if (url.searchParams.has("_rsc")) url.searchParams.delete("_rsc");
  return `${url.pathname}${url.search}${url.hash}`;
}

/** The sign-in page, keeping the destination when there is a valid one. */
export function signInPath(returnTo: unknown, error?: string): string {
  const params = new URLSearchParams();
  if (error) params.set("error", error);
  const path = safeReturnPath(returnTo);
  if (path && path !== "/") params.set("callbackUrl", path);
  const query = params.toString();
  return query ? `/signin?${query}` : "/signin";
}
