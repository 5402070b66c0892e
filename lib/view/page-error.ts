/**
 * A typed failure as an error page reads it. In production Next hands an error boundary only
 * the thrown error's `digest` (its message is dropped, so nothing from the server leaks), and it
 * keeps a digest the server set itself. So the server writes our own public form of the failure
 * there, a code and our own sentence, never upstream text; the page reads it back, and shows its
 * generic text for anything else. Client-safe: no server imports.
 */
const PREFIX = "app-error";

/** What may cross to the browser: a code and our own text (lib/google's PublicError). */
type PublicError = { code: string; message: string };

export type PageError = PublicError & { reference: string };

/** The digest for a failure with a public form; `reference` is its log correlation id. */
export function toPageErrorDigest(error: PublicError, reference: string): string {
  return [PREFIX, error.code, reference, error.message].join("|");
}

/** The typed failure a digest carries, or null for Next's own hash digests. */
export function fromPageErrorDigest(digest: string | undefined): PageError | null {
  const [prefix, code, reference, ...message] = (digest ?? "").split("|");
  if (prefix !== PREFIX || !code || !reference || message.length === 0) return null;
  return { code, reference, message: message.join("|") };
}
