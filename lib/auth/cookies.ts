/**
 * The session cookie. Over https it takes the `__Host-` prefix (ASVS 3.3.1): the browser
 * then only accepts it with Secure, Path=/ and no Domain, so a sibling subdomain can neither
 * plant nor overwrite a session. Auth.js's own default is the weaker `__Secure-`. Over plain
 * http (the local demo) no prefix is allowed, and Auth.js's defaults stand.
 */
export function sessionCookie(publicUrl: string | undefined) {
  if (!publicUrl?.startsWith("https:")) return undefined;
  return {
    name: "__Host-authjs.session-token",
    options: { httpOnly: true, sameSite: "lax" as const, path: "/", secure: true },
  };
}

/**
 * The session cookie values a request carries, whatever prefix this deployment uses
 * (`authjs.`, `__Secure-authjs.` or `__Host-authjs.`): sign-in ends each of them.
 */
export function sessionTokensIn(cookies: readonly { name: string; value: string }[]): string[] {
  return cookies
    .filter((c) => /^(__(Secure|Host)-)?authjs\.session-token$/.test(c.name) && c.value)
    .map((c) => c.value);
}
