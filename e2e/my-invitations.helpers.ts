import fs from "node:fs";

import { expect, type Browser, type BrowserContext, type Locator, type Page } from "@playwright/test";

import { E2E } from "./env";
import { emulator, signInAs } from "./helpers";

export type EmuState = {
  users: { id: string; email: string; name: string; isAdmin: boolean; disabled: boolean }[];
  courses: {
    id: string;
    name: string;
    section: string;
    ownerId: string;
    courseState: string;
    teacherIds: string[];
    studentIds: string[];
  }[];
  invitations: { id: string; courseId: string; userId: string; role: string }[];
};

export const INVITEES = {
  student: "student@northwood.edu",
  newTeacher: "newteacher@northwood.edu",
  guest: "guest@riverside-academy.org",
  teacher: "teacher@northwood.edu",
} as const;

export const emu = {
  state: () => emulator.call<EmuState>("GET", "/state"),
  faults: (rules: unknown[]) => emulator.call("POST", "/faults", { rules }),
  patchUser: (email: string, body: unknown) => emulator.call("PATCH", `/users/${encodeURIComponent(email)}`, body),
  patchCourse: (id: string, body: unknown) => emulator.call("PATCH", `/courses/${encodeURIComponent(id)}`, body),
  /** Calls the Classroom API as someone else (a teacher revoking, an admin enrolling). */
  async classroom(email: string, method: string, path: string, body?: unknown) {
    const { access_token } = await emulator.call<{ access_token: string }>("POST", "/tokens", { email });
    const res = await fetch(`${E2E.emulatorUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${access_token}`, ...(body ? { "content-type": "application/json" } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    expect(res.ok, `${method} ${path} as ${email} → ${res.status}`).toBe(true);
  },
};

export function userOf(s: EmuState, email: string) {
  const u = s.users.find((x) => x.email === email);
  if (!u) throw new Error(`no user ${email}`);
  return u;
}

export function courseOf(s: EmuState, name: string, section?: string) {
  const c = s.courses.find((x) => x.name === name && (section === undefined || x.section === section));
  if (!c) throw new Error(`no course ${name} ${section ?? ""}`);
  return c;
}

export function invitationOf(s: EmuState, email: string, courseName: string) {
  const u = userOf(s, email);
  const c = courseOf(s, courseName);
  return s.invitations.find((i) => i.userId === u.id && i.courseId === c.id);
}

/** How many times the user is on the course's roster (must be 0 or 1, never 2). */
export function seats(s: EmuState, email: string, courseName: string) {
  const u = userOf(s, email);
  const c = courseOf(s, courseName);
  return c.teacherIds.filter((id) => id === u.id).length + c.studentIds.filter((id) => id === u.id).length;
}

/** Per app port: parallel runs on one machine each have their own app and session database. */
const authFile = (email: string) =>
  `e2e/.auth/invitee-${new URL(E2E.appUrl).port}-${email.replace(/[^a-z0-9]+/gi, "_")}.json`;

/**
 * A context signed in as `email` through the emulated account chooser, reused while its session
 * holds. The app's sessions and the emulator's tokens survive an emulator reset; a new app
 * process (another run) starts with an empty session database, hence the check.
 */
export async function contextFor(browser: Browser, email: string): Promise<BrowserContext> {
  if (fs.existsSync(authFile(email))) {
    const context = await browser.newContext({ baseURL: E2E.appUrl, storageState: authFile(email) });
    const session = (await (await context.request.get("/api/auth/session")).json().catch(() => null)) as {
      user?: { email?: string };
    } | null;
    if (session?.user?.email === email) return context;
    await context.close();
  }
  const ctx = await browser.newContext({ baseURL: E2E.appUrl });
  const page = await ctx.newPage();
  await signInAs(page, email);
  await ctx.storageState({ path: authFile(email) });
  await ctx.close();
  return browser.newContext({ baseURL: E2E.appUrl, storageState: authFile(email) });
}

export async function openMyInvitations(
  browser: Browser,
  email: string,
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await contextFor(browser, email);
  const page = await context.newPage();
  await page.goto("/my-invitations");
  await expect(page.getByRole("heading", { level: 1, name: "My invitations" })).toBeVisible();
  return { context, page };
}

export const pendingRegion = (page: Page) => page.getByRole("region", { name: /^Pending invitations/ });
export const coursesRegion = (page: Page) => page.getByRole("region", { name: /^My courses/ });

/** The invitation's row: a list item that contains the course name as its heading. */
export function row(page: Page, courseName: string): Locator {
  return pendingRegion(page)
    .getByRole("listitem")
    .filter({ has: page.getByRole("heading", { name: courseName, exact: true }) });
}

export const acceptButton = (r: Locator) => r.getByRole("button", { name: "Accept", exact: true });

/** The navigation count, as a screen reader hears it. */
export const navLink = (page: Page) =>
  page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: /^My invitations/ });

/**
 * Issue 4 "Done when": after each case the emulator's state matches what the UI says.
 * - the pending rows are exactly the user's invitations in the emulator;
 * - "My courses" lists exactly the classes the user is on the roster of (that Classroom
 *   shows them: no SUSPENDED class unless they own it, and students see ACTIVE/ARCHIVED only);
 * - the navigation count equals the number of pending invitations.
 */
export async function expectUiMatchesState(page: Page, email: string) {
  await expect(page.locator('main [aria-busy="true"]')).toHaveCount(0);
  const s = await emu.state();
  const me = userOf(s, email);
  const pending = s.invitations
    .filter((i) => i.userId === me.id)
    .map((i) => i.id)
    .sort();
  const courses = s.courses
    .filter((c) => {
      const teaches = c.teacherIds.includes(me.id);
      const attends = c.studentIds.includes(me.id);
      if (c.ownerId === me.id) return true;
      if (c.courseState === "SUSPENDED") return false;
      if (teaches) return true;
      return attends && (c.courseState === "ACTIVE" || c.courseState === "ARCHIVED");
    })
    .map((c) => c.id)
    .sort();

  const ids = (selector: string, attr: string) =>
    page.locator(selector).evaluateAll((els, a) => els.map((e) => e.getAttribute(a) ?? "").sort(), attr);
  await expect
    .poll(() => ids("[data-invitation-id]", "data-invitation-id"), { message: "pending rows = emulator invitations" })
    .toEqual(pending);
  await expect
    .poll(() => ids("[data-course-id]", "data-course-id"), { message: "My courses = emulator rosters" })
    .toEqual(courses);
  await expect(navLink(page)).toHaveAccessibleName(
    pending.length ? `My invitations, ${pending.length} pending` : "My invitations",
  );
}
