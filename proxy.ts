import { NextResponse, type NextRequest } from "next/server";

import { RETURN_PATH_HEADER } from "@/lib/auth/return-path";
import { env } from "@/lib/env";
import { MAX_REQUEST_BODY_BYTES, MAX_REQUEST_BODY_LABEL } from "@/lib/request-limits";

/**
 * Next 16 "proxy" (the renamed middleware): a fresh nonce-based Content-Security-Policy per
 * request plus the headers that must be computed per request (ASVS 3.4).
 *
 * Next reads the nonce from the *request's* CSP header while rendering and stamps it on its
 * own scripts, so the policy goes on both the forwarded request and the response. Static
 * headers that need no per-request value (nosniff, Referrer-Policy, HSTS, frame options)
 * live in next.config.ts, which also covers `/_next/static` files this proxy skips.
 */

export type CspOptions = {
  nonce: string;
  /** `next dev` needs eval for React's debugging stacks; a production build never does. */
  dev: boolean;
  /** Where sign-in sends the browser (Google's, or the emulator's, authorization endpoint). */
  authorizationOrigin?: string;
  /** Extra image origins (avatars: the emulator serves them over http in the demo). */
  imageOrigins?: string[];
  /** Upgrade http sub-resources to https: only when the app itself is served over https. */
  upgradeInsecureRequests?: boolean;
};

/** The page policy. Pure, so a unit test pins every directive. */
export function buildCsp(o: CspOptions): string {
  const directives: [string, ...string[]][] = [
    ["default-src", "'self'"],
    // 'strict-dynamic': scripts loaded by a nonced script are trusted; 'self' is then ignored by
    // CSP3 browsers and only kept as a CSP2 fallback. No 'unsafe-inline' for scripts.
    ["script-src", "'self'", `'nonce-${o.nonce}'`, "'strict-dynamic'", ...(o.dev ? ["'unsafe-eval'"] : [])],
    // Styles: React sets `style` attributes (virtualised table padding, progress bars) and the
    // toast library injects a stylesheet at run time; a style nonce would forbid both. CSS
    // cannot run script in any current browser, so inline styles are an accepted trade-off.
    ["style-src", "'self'", "'unsafe-inline'"],
    ["img-src", "'self'", "data:", "blob:", "https:", ...(o.imageOrigins ?? [])],
    ["font-src", "'self'", "data:"],
    // Client reads go through our own route handlers only; the browser never talks to Google.
    ["connect-src", "'self'"],
    ["object-src", "'none'"],
    // ASVS 3.4.3 prefers 'none' to Next's example 'self': nothing here uses <base>.
    ["base-uri", "'none'"],
    // Chrome applies form-action to the redirect after a form POST: the sign-in server action
    // answers with a redirect to the authorization endpoint, so its origin must be listed.
    ["form-action", "'self'", ...(o.authorizationOrigin ? [o.authorizationOrigin] : [])],
    ["frame-ancestors", "'none'"],
    ["frame-src", "'none'"],
    ["worker-src", "'self'", "blob:"],
    ["manifest-src", "'self'"],
  ];
  if (o.upgradeInsecureRequests) directives.push(["upgrade-insecure-requests"]);
  return directives.map((d) => d.join(" ")).join("; ");
}

/** JSON, CSV and NDJSON answers render nothing: the tightest policy there is. */
export const API_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

export function newNonce(): string {
  const bytes = new Uint8Array(16);
  globalThis.crypto.getRandomValues(bytes);
  let s = "";
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s);
}

type Origins = { authorization?: string; images: string[]; https: boolean; dev: boolean };
let origins: Origins | undefined;

function resolveOrigins(): Origins {
  if (origins) return origins;
  const dev = process.env.NODE_ENV === "development";
  try {
    const e = env();
    const authorization = new URL(e.google.authorizationUrl).origin;
    // Avatars come from Google's https hosts, allowed by `https:`; the emulator's are plain http.
    const images = authorization.startsWith("http:") ? [authorization] : [];
    const https = Boolean(e.publicUrl?.startsWith("https:"));
    origins = { authorization, images, https, dev };
  } catch {
    // A bad configuration stops the server at start (lib/startup.ts); never widen the policy here.
    origins = { images: [], https: false, dev };
  }
  return origins;
}

/**
 * A body declared larger than any legitimate request is refused before any app code reads
 * it. Next buffers at most MAX_REQUEST_BODY_BYTES of it either way (next.config.ts); this turns
 * the truncated body a Server Action would fail to decode into a plain 413.
 */
function tooLarge(request: NextRequest): NextResponse | null {
  const declared = Number(request.headers.get("content-length") ?? 0);
  if (!(declared > MAX_REQUEST_BODY_BYTES)) return null;
  return NextResponse.json(
    { error: { code: "PAYLOAD_TOO_LARGE", message: `The request is larger than ${MAX_REQUEST_BODY_LABEL}.` } },
    { status: 413, headers: { "content-security-policy": API_CSP, "cache-control": "no-store" } },
  );
}

export function proxy(request: NextRequest) {
  const refused = tooLarge(request);
  if (refused) return refused;
  const o = resolveOrigins();
  const isApi = request.nextUrl.pathname.startsWith("/api/");
  const nonce = newNonce();
  const csp = isApi
    ? API_CSP
    : buildCsp({
        nonce,
        dev: o.dev,
        authorizationOrigin: o.authorization,
        imageOrigins: o.images,
        upgradeInsecureRequests: o.https,
      });

  const requestHeaders = new Headers(request.headers);
  if (!isApi) {
    requestHeaders.set("x-nonce", nonce);
    requestHeaders.set("content-security-policy", csp);
    // A signed-out visitor is sent to sign-in from deep inside rendering; this lets them come back.
    requestHeaders.set(RETURN_PATH_HEADER, request.nextUrl.pathname + request.nextUrl.search);
  }
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set("content-security-policy", csp);
  // Every page and API answer here is per user (the session decides what it shows): never
  // stored by the browser's back/forward cache heuristics, a shared proxy or a CDN.
  response.headers.set("cache-control", "private, no-store, max-age=0");
  response.headers.set("x-content-type-options", "nosniff");
  response.headers.set("referrer-policy", "strict-origin-when-cross-origin");
  return response;
}

export const config = {
  // Everything but build assets (immutable, public, cached for a year by Next).
  matcher: ["/((?!_next/static|_next/image|favicon.ico|favicon.svg|robots.txt).*)"],
};
