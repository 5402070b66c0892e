/**
 * The account chooser page (what accounts.google.com shows at "Choose an account").
 * Every seeded account is a real <button> whose accessible name holds the person's name,
 * email and role, so tests can pick one with getByRole("button", { name: /admin@/ }).
 * No script; inline CSS only; all user-controlled text is escaped (the seed contains
 * names with HTML on purpose).
 */
import { createHash } from "node:crypto";
import { CLASSROOM_SCOPE_PREFIX } from "./config";
import { escapeHtml } from "./http";
import type { Store, User } from "./state";

export function roleLabel(store: Store, user: User): string {
  if (user.isAdmin) return "Domain admin";
  if (user.kind === "teacher") return "Teacher";
  if (user.kind === "student") return "Student";
  return store.courseIdsTaughtBy(user.id).size ? "Teacher" : "Student";
}

export function avatarColor(id: string): string {
  const hue = parseInt(createHash("sha1").update(id).digest("hex").slice(0, 4), 16) % 360;
  // 30% lightness keeps white initials above 4.5:1 on every hue (yellow and green are the
  // lightest); 42% failed WCAG contrast for about a third of the accounts.
  return `hsl(${hue} 45% 30%)`;
}

export function initials(user: User): string {
  const first = [...user.givenName.trim()][0] ?? "";
  const last = [...user.familyName.trim()][0] ?? "";
  return (first + last).toUpperCase() || "?";
}

interface ChooserOptions {
  appName: string;
  action: string;
  /** Original authorization request parameters, echoed as hidden inputs. */
  params: URLSearchParams;
  store: Store;
  hint?: string;
  error?: string;
}

const GROUPS: { title: string; test: (s: Store, u: User) => boolean }[] = [
  { title: "Administrators", test: (_s, u) => u.isAdmin },
  { title: "Teachers", test: (_s, u) => !u.isAdmin && u.kind === "teacher" },
  { title: "Students", test: (_s, u) => !u.isAdmin && u.kind === "student" },
];

function accountButton(store: Store, user: User, hinted: boolean): string {
  const role = roleLabel(store, user);
  const status = user.disabled ? `<span class="status">Account disabled</span>` : "";
  const suggested = hinted ? `<span class="status">Suggested</span>` : "";
  return `<li><button type="submit" name="account" value="${escapeHtml(user.email)}" class="account${hinted ? " hinted" : ""}"${user.disabled ? " disabled" : ""}>
  <span class="avatar" aria-hidden="true" style="background:${avatarColor(user.id)}">${escapeHtml(initials(user))}</span>
  <span class="who"><span class="name">${escapeHtml(user.fullName)}</span> <span class="email">${escapeHtml(user.email)}</span></span>
  <span class="role">${escapeHtml(role)}</span>${status}${suggested}
</button></li>`;
}

/** Google's own descriptions of the Classroom scopes (the discovery document's `auth.oauth2.scopes`). */
const SCOPE_DESCRIPTIONS: Readonly<Record<string, string>> = {
  "classroom.rosters": "Manage your Google Classroom class rosters",
  "classroom.rosters.readonly": "View your Google Classroom class rosters",
  "classroom.courses": "See, edit, create, and permanently delete your Google Classroom classes",
  "classroom.courses.readonly": "View your Google Classroom classes",
  "classroom.profile.emails": "View the email addresses of people in your classes",
  "classroom.profile.photos": "View the profile photos of people in your classes",
};

/**
 * The consent step, as Google's granular consent screen: each Classroom scope asked for is a
 * checkbox the user may untick. Submitted with the chosen account (oauth.ts `grantedScopes`).
 */
function consentStep(appName: string, params: URLSearchParams): string {
  const asked = (params.get("scope") ?? "")
    .split(/\s+/)
    .filter((s) => s.startsWith(CLASSROOM_SCOPE_PREFIX + "classroom."));
  if (asked.length === 0) return "";
  const boxes = asked
    .map((scope) => {
      const short = scope.slice(CLASSROOM_SCOPE_PREFIX.length);
      const label = SCOPE_DESCRIPTIONS[short] ?? short;
      return `<li><label><input type="checkbox" name="granted_scope" value="${escapeHtml(scope)}" checked> ${escapeHtml(label)}</label></li>`;
    })
    .join("\n");
  return `<fieldset class="consent"><legend>Select what <strong>${escapeHtml(appName)}</strong> can access</legend>
  <input type="hidden" name="consent_step" value="1">
  <ul>${boxes}</ul></fieldset>`;
}

export function renderChooser(o: ChooserOptions): string {
  const hidden = [...o.params.entries()]
    .filter(([k]) => k !== "account" && k !== "consent_step" && k !== "granted_scope")
    .map(([k, v]) => `<input type="hidden" name="${escapeHtml(k)}" value="${escapeHtml(v)}">`)
    .join("\n");
  const users = [...o.store.users.values()];
  const hinted = o.hint ? o.store.userByEmail(o.hint) : undefined;
  const listed = users.filter((u) => u.featured);
  const sections: string[] = [];
  if (hinted) {
    sections.push(
      `<section aria-labelledby="g-hint"><h2 id="g-hint">Suggested account</h2><ul>${accountButton(o.store, hinted, true)}</ul></section>`,
    );
  }
  GROUPS.forEach((g, i) => {
    const members = listed.filter((u) => u !== hinted && g.test(o.store, u));
    if (!members.length) return;
    sections.push(
      `<section aria-labelledby="g-${i}"><h2 id="g-${i}">${g.title} <span class="count">(${members.length})</span></h2><ul>${members
        .map((u) => accountButton(o.store, u, false))
        .join("\n")}</ul></section>`,
    );
  });
  const more =
    users.length > listed.length
      ? `<p class="note">${users.length - listed.length} more accounts in this district: type an email below.</p>`
      : "";
  const error = o.error ? `<p class="error" role="alert">${escapeHtml(o.error)}</p>` : "";

  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Sign in – Google Accounts (emulator)</title>
<style>
  /* Light and dark, as the system prefers (Google's own chooser follows it too). */
  :root { color-scheme: light; --fg:#1f1f1f; --muted:#444746; --line:#dadce0; --accent:#0b57d0; --page:#f0f4f9; --card:#fff;
    --hover:#f3f6fc; --hint:#e8f0fe; --role-bg:#eef2f8; --role-fg:#2b3a55; --bad:#8c1d18; --bad-bg:#fce8e6; --input:#747775;
    --badge-bg:#fff4e5; --badge-fg:#7a4100; --badge-line:#f3c98b; --on-accent:#fff; }
  @media (prefers-color-scheme: dark) {
    :root { color-scheme: dark; --fg:#e3e3e3; --muted:#c4c7c5; --line:#444746; --accent:#a8c7fa; --page:#131314; --card:#1e1f20;
      --hover:#282a2c; --hint:#0f2a52; --role-bg:#2d3440; --role-fg:#dbe4f5; --bad:#f2b8b5; --bad-bg:#4a1a17; --input:#8e918f;
      --badge-bg:#4a2a00; --badge-fg:#ffdcbe; --badge-line:#8a5a1a; --on-accent:#062e6f; }
  }
  * { box-sizing: border-box; }
  body { margin:0; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color:var(--fg); background:var(--page); }
  main { max-width: 560px; margin: 32px auto; background:var(--card); border-radius: 24px; padding: 32px 28px; box-shadow: 0 1px 3px rgba(0,0,0,.12); }
  .brand { display:flex; align-items:center; gap:10px; font-size:14px; color:var(--muted); }
  .badge { display:inline-block; padding:2px 10px; border-radius:999px; background:var(--badge-bg); color:var(--badge-fg); border:1px solid var(--badge-line); font-weight:600; font-size:12px; }
  h1 { font-size: 28px; font-weight: 400; margin: 18px 0 4px; }
  .sub { margin: 0 0 16px; color: var(--muted); }
  .sub strong { color: var(--accent); font-weight: 500; }
  h2 { font-size: 13px; text-transform: uppercase; letter-spacing: .06em; color: var(--muted); margin: 20px 0 6px; }
  .count { text-transform:none; letter-spacing:0; font-weight:400; }
  ul { list-style:none; margin:0; padding:0; border-top:1px solid var(--line); }
  li { border-bottom:1px solid var(--line); }
  button.account { display:flex; align-items:center; gap:12px; width:100%; padding:10px 8px; border:0; background:none; font:inherit; color:inherit; text-align:left; cursor:pointer; }
  button.account:hover:not([disabled]) { background:var(--hover); }
  button.account:focus-visible { outline: 3px solid var(--accent); outline-offset: -3px; border-radius:8px; }
  button.account[disabled] { cursor:not-allowed; opacity:.6; }
  button.account.hinted { background:var(--hint); }
  .avatar { flex:none; width:36px; height:36px; border-radius:50%; color:#fff; display:grid; place-items:center; font-weight:600; font-size:14px; }
  .who { flex:1; min-width:0; display:flex; flex-direction:column; }
  .name { font-weight:500; overflow-wrap:anywhere; }
  .email { color:var(--muted); font-size:13px; overflow-wrap:anywhere; }
  .role { flex:none; font-size:12px; padding:2px 8px; border-radius:999px; background:var(--role-bg); color:var(--role-fg); }
  .status { flex:none; font-size:12px; color:var(--bad); margin-left:4px; }
  .hinted .status { color: var(--accent); }
  .other { margin-top: 24px; display:flex; gap:8px; flex-wrap:wrap; align-items:end; }
  .other label { display:flex; flex-direction:column; gap:4px; flex:1; min-width:220px; font-size:14px; }
  .other input { font:inherit; padding:10px 12px; border:1px solid var(--input); border-radius:8px; }
  .other button { font:inherit; padding:10px 20px; border-radius:999px; border:0; background:var(--accent); color:var(--on-accent); cursor:pointer; }
  .note { color: var(--muted); font-size: 13px; }
  .error { color:var(--bad); background:var(--bad-bg); padding:8px 12px; border-radius:8px; }
  footer { margin-top: 20px; font-size: 12px; color: var(--muted); }
  fieldset.consent { border:1px solid var(--line); border-radius:12px; padding:8px 12px; margin:0 0 8px; }
  fieldset.consent ul { border:0; }
  fieldset.consent li { border:0; padding:4px 0; }
  fieldset.consent label { display:flex; gap:8px; align-items:flex-start; font-size:14px; }
</style>
</head>
<body>
<main>
  <div class="brand"><span aria-hidden="true">●</span> Google Accounts <span class="badge">Demo — local emulator</span></div>
  <h1>Choose an account</h1>
  <p class="sub">to continue to <strong>${escapeHtml(o.appName)}</strong></p>
  ${error}
  <form method="post" action="${escapeHtml(o.action)}">
  ${hidden}
  ${consentStep(o.appName, o.params)}
  ${sections.join("\n")}
  </form>
  ${more}
  <form method="post" action="${escapeHtml(o.action)}" class="other">
    ${hidden}
    <label>Use another account<input type="email" name="account" required autocomplete="email" placeholder="name@northwood.edu" aria-describedby="other-help"></label>
    <button type="submit">Next</button>
  </form>
  <p id="other-help" class="note">Any seeded account can sign in here; no password is asked.</p>
  <footer>Demo — local emulator. No real Google account is used and nothing leaves this machine.</footer>
</main>
</body>
</html>`;
}

export function renderErrorPage(title: string, code: string, detail: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<style>body{font:15px/1.5 system-ui,sans-serif;background:#f0f4f9;color:#1f1f1f}main{max-width:560px;margin:40px auto;background:#fff;border-radius:24px;padding:32px}h1{font-weight:400}code{background:#f1f3f4;padding:2px 6px;border-radius:4px}.badge{display:inline-block;padding:2px 10px;border-radius:999px;background:#fff4e5;color:#7a4100;border:1px solid #f3c98b;font-weight:600;font-size:12px}</style>
</head><body><main><p><span class="badge">Demo — local emulator</span></p><h1>${escapeHtml(title)}</h1>
<p><strong>Error ${escapeHtml(code)}</strong></p><p>${escapeHtml(detail)}</p></main></body></html>`;
}

/** An initials avatar served as the users' `photoUrl` (A: offline stand-in for lh3.googleusercontent.com). */
export function avatarSvg(user: User): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" width="96" height="96" viewBox="0 0 96 96" role="img" aria-label="${escapeHtml(user.fullName)}"><rect width="96" height="96" fill="${avatarColor(user.id)}"/><text x="48" y="50" dominant-baseline="middle" text-anchor="middle" font-family="system-ui,sans-serif" font-size="38" fill="#fff">${escapeHtml(initials(user))}</text></svg>`;
}
