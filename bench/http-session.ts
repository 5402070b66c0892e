// A signed-in user over plain HTTP, for the load benchmarks: a minimal cookie jar, the real
// OAuth flow through the emulator's account chooser (no browser), and server actions called as
// the browser calls them (id from the build's manifest).
import fs from "node:fs";

export class Jar {
  private cookies = new Map<string, string>();
  take(res: Response) {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(";");
      const i = pair!.indexOf("=");
      const name = pair!.slice(0, i).trim();
      const value = pair!.slice(i + 1);
      if (/expires=Thu, 01 Jan 1970/i.test(c) || value === "") this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }
  header() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }
}

/** Signs `email` in to the app at `app` through the emulated Google sign-in. */
export async function signIn(app: string, email: string): Promise<Jar> {
  const jar = new Jar();
  const csrfRes = await fetch(`${app}/api/auth/csrf`);
  jar.take(csrfRes);
  const { csrfToken } = (await csrfRes.json()) as { csrfToken: string };
  const start = await fetch(`${app}/api/auth/signin/google`, {
    method: "POST",
    redirect: "manual",
    headers: { cookie: jar.header(), "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ csrfToken, callbackUrl: `${app}/home` }),
  });
  jar.take(start);
  const authorize = new URL(start.headers.get("location")!);
  // The account chooser posts the original parameters back with the chosen account.
  const chosen = await fetch(`${authorize.origin}${authorize.pathname}`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams([...authorize.searchParams, ["account", email]]),
  });
  const callback = chosen.headers.get("location");
  if (!callback?.startsWith(app)) throw new Error(`sign-in of ${email}: chooser answered ${chosen.status} ${callback}`);
  const done = await fetch(callback, { redirect: "manual", headers: { cookie: jar.header() } });
  jar.take(done);
  if (!jar.header().includes("session-token"))
    throw new Error(`sign-in of ${email} did not create a session (${done.status})`);
  return jar;
}

export type ActionRef = { id: string; page: string };

/** Server action ids by exported name, and a page that can post each, from a build in `dist`. */
export function actionIds(dist: string): Record<string, ActionRef> {
  const m = JSON.parse(fs.readFileSync(`${dist}/server/server-reference-manifest.json`, "utf8")) as {
    node: Record<string, { exportedName?: string; filename?: string; workers: Record<string, unknown> }>;
  };
  const out: Record<string, ActionRef> = {};
  for (const [id, e] of Object.entries(m.node)) {
    if (!e.exportedName || !e.filename?.startsWith("lib/actions/")) continue;
    const worker = Object.keys(e.workers).sort((a, b) => a.length - b.length)[0]!;
    const page =
      worker
        .replace(/^app/, "")
        .replace(/\/page$/, "")
        .replace(/\/\([^)]+\)/g, "")
        .replace(/\[[^\]]+\]/g, "0") || "/";
    out[e.exportedName] = { id, page };
  }
  return out;
}

/** Calls a server action as the browser does. */
export function postAction(app: string, jar: Jar, action: ActionRef, args: unknown[]): Promise<Response> {
  return fetch(`${app}${action.page}`, {
    method: "POST",
    headers: {
      cookie: jar.header(),
      "next-action": action.id,
      "content-type": "text/plain;charset=UTF-8",
      origin: app,
      accept: "text/x-component",
    },
    body: JSON.stringify(args),
  });
}
