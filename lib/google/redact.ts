// No `server-only` here: errors.ts (which the UI may import for its code table)
// uses this, and redacting is harmless anywhere.

const PATTERNS: ReadonlyArray<readonly [RegExp, string]> = [
  // `Authorization: Bearer <anything>` first, so the token after it is masked whatever its shape.
  [/\bBearer\s+[^\s"',;]+/gi, "Bearer [redacted]"],
  // Google access tokens (the emulator's are `ya29.emu.<random>`, see docs/CONTRACTS.md).
  [/\bya29\.[\w.~+/=-]+/g, "ya29.[redacted]"],
  // Google refresh tokens.
  [/\b1\/\/[\w.~+/=-]+/g, "1//[redacted]"],
  // Tokens passed as query or form parameters.
  [/\b(access_token|refresh_token|id_token|oauth_token|code)=[^&\s"']+/gi, "$1=[redacted]"],
];

/** Masks OAuth tokens in a log line. Use on anything that may hold a header, URL or upstream text. */
export function redact(text: string): string {
  let out = text;
  for (const [re, replacement] of PATTERNS) out = out.replace(re, replacement);
  return out;
}
