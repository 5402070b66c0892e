"use client";

import { fromPageErrorDigest } from "@/lib/view/page-error";

import "./globals.css";

/**
 * The last boundary: the root layout itself failed, so this replaces the whole document. Plain
 * markup only (no providers, no router): a typed failure's own sentence, or a generic one, and
 * the reference that finds the server's log entry; never the error's message or stack.
 */
export default function GlobalError({ error }: { error: Error & { digest?: string } }) {
  const typed = fromPageErrorDigest(error.digest);
  return (
    <html lang="en">
      <body className="min-h-dvh">
        <main className="mx-auto max-w-lg px-4 py-16">
          <div role="alert" className="rounded-2xl bg-white p-8 text-center shadow-sm ring-1 ring-slate-200">
            <h1 className="text-lg font-semibold">Something went wrong loading this page</h1>
            <p className="mt-2 text-sm text-slate-600">
              {typed?.message ?? "The dashboard could not load this page. Try again in a moment."} If it keeps
              happening, give your administrator this reference:{" "}
              <code className="font-mono">{typed?.reference ?? error.digest ?? "n/a"}</code>
            </p>
            <p className="mt-6">
              {/* A full reload: the root layout has to render again, which a client retry would not do. */}
              <a href="" className="font-medium text-brand-700 underline">
                Try again
              </a>
            </p>
          </div>
        </main>
      </body>
    </html>
  );
}
