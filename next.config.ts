import type { NextConfig } from "next";

import { MAX_REQUEST_BODY_BYTES } from "./lib/request-limits";

/**
 * Headers every response gets, including the build assets proxy.ts skips. The per-request
 * ones (the nonce Content-Security-Policy, Cache-Control: no-store) are set in proxy.ts.
 */
const securityHeaders: { key: string; value: string }[] = [
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  // Legacy twin of CSP `frame-ancestors 'none'` for browsers without CSP level 2.
  { key: "X-Frame-Options", value: "DENY" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=()" },
  { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
  // ASVS 3.4.1: one year, subdomains included. Browsers ignore it over plain http (local demo).
  ...(process.env.NODE_ENV === "production"
    ? [{ key: "Strict-Transport-Security", value: "max-age=63072000; includeSubDomains" }]
    : []),
];

const nextConfig: NextConfig = {
  // Lets several builds coexist (parallel e2e runs on one machine); `.next` by default.
  distDir: process.env.NEXT_DIST_DIR || ".next",
  poweredByHeader: false,
  reactStrictMode: true,
  // PGlite loads its WASM and data files from its own package folder at run time.
  // pg-boss is the job queue's own runtime, loaded once by the server (lib/jobs/runtime.ts).
  serverExternalPackages: ["@electric-sql/pglite", "pg-boss"],
  experimental: {
    // With proxy.ts in place Next buffers every request body (default: up to 10 MB, twice) before
    // any app code runs, for anyone, signed in or not. Buffer no more than the largest
    // legitimate request, and let Server Actions take no more either.
    proxyClientMaxBodySize: MAX_REQUEST_BODY_BYTES,
    serverActions: { bodySizeLimit: MAX_REQUEST_BODY_BYTES },
  },
  async headers() {
    return [{ source: "/:path*", headers: securityHeaders }];
  },
};

export default nextConfig;
