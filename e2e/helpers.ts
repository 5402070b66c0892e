import type { Page } from "@playwright/test";

import { emulatorControl } from "../lib/test/emulator-control";

import { checkPageState } from "./axe";
import { E2E } from "./env";

/** Signs in the way a person does: our sign-in page, then the emulator's Google account chooser. */
export async function signInAs(page: Page, email: string) {
  await page.goto("/signin");
  await page.getByRole("button", { name: "Sign in with Google" }).click();
  await chooseAccount(page, email);
}

/** The emulator's Google account chooser, once a sign-in has been started; waits until the app has signed in. */
export async function chooseAccount(page: Page, email: string) {
  await page.waitForURL((u) => u.origin === new URL(E2E.emulatorUrl).origin);
  // Whole-address match: "student@…" is also the tail of "formula.student@…".
  const exact = new RegExp(`(^|\\s)${email.replace(/[.@+]/g, "\\$&")}(\\s|$)`, "i");
  const account = page.getByRole("button", { name: exact });
  await account.waitFor();
  // The chooser is a page state like any other (once per run): it is gone once an account is picked.
  await checkPageState(page);
  await account.click();
  // Sign-in lands on /my-invitations when the user has pending invitations, else /home.
  await page.waitForURL((u) => u.pathname === "/home" || u.pathname === "/my-invitations");
}

/** The emulator's control API (a public contract: emulator/README.md). */
export const emulator = {
  call: emulatorControl(`${E2E.emulatorUrl}/emulator/v1`),
  reset: (body: unknown = {}) => emulator.call("POST", "/reset", body),
  config: (body: unknown) => emulator.call("PUT", "/config", body),
  grants: () => emulator.call<{ grant_type: string; email: string | null; at: string }[]>("GET", "/grants"),
};
