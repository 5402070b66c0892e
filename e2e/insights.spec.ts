// Insights in Chromium: every chart's numbers against counts computed from the emulator's own
// state, a bar's link opens the matching filtered list, and the page is axe-clean.
import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "@playwright/test";

import type { EmulatorState } from "../lib/test/emulator-control";

import { storageStatePath } from "./env";
import { emulator } from "./helpers";

const state = () => emulator.call<EmulatorState>("GET", "/state");
const nf = new Intl.NumberFormat("en-US");

test.use({ storageState: storageStatePath("admin") });

test.beforeAll(async () => {
  await emulator.reset();
});

test("the charts count what Classroom holds, link to the filtered list, and pass axe", async ({ page }) => {
  const s = await state();
  const total = s.invitations.length;
  const byCourse = new Map<string, number>();
  for (const i of s.invitations) byCourse.set(i.courseId, (byCourse.get(i.courseId) ?? 0) + 1);
  const byOwner = new Map<string, number>();
  for (const i of s.invitations) {
    const owner = s.courses.find((c) => c.id === i.courseId)!.ownerId;
    byOwner.set(owner, (byOwner.get(owner) ?? 0) + 1);
  }

  await page.goto("/insights");
  await expect(page.getByRole("heading", { level: 1, name: "Insights" })).toBeVisible();
  await expect(page.getByText(`${nf.format(total)} pending invitations: people invited`)).toBeVisible();
  await expect(page.getByText(/first saw it/)).toBeVisible();

  // By age: the demo's invitations were all first seen by this run, within the day.
  const age = page.getByTestId("by-age-table");
  await expect(age.getByRole("row", { name: /^0–1 day/ })).toContainText(nf.format(total));
  for (const label of ["1–7 days", "7–30 days", "Over 30 days"]) {
    await expect(age.getByRole("row", { name: new RegExp(`^${label}`) }).getByRole("cell")).toHaveText("0");
  }

  // By class: each bar's number is the emulator's count for that class; the rest sum up.
  const classRows = page.getByTestId("by-class-table").locator("tbody tr");
  const shown = await classRows.count();
  let seen = 0;
  for (let k = 0; k < shown; k++) {
    const href = (await classRows.nth(k).getByRole("link").getAttribute("href"))!;
    const count = Number((await classRows.nth(k).getByRole("cell").textContent())!.replace(/,/g, ""));
    seen += count;
    const courseId = new URL(href, "http://x").searchParams.get("course");
    if (courseId) expect(count, href).toBe(byCourse.get(courseId));
  }
  expect(seen).toBe(total);

  // By owner: the same, keyed by the class owner.
  const ownerRows = page.getByTestId("by-owner-table").locator("tbody tr");
  let owned = 0;
  for (let k = 0; k < (await ownerRows.count()); k++) {
    const href = (await ownerRows.nth(k).getByRole("link").getAttribute("href"))!;
    const count = Number((await ownerRows.nth(k).getByRole("cell").textContent())!.replace(/,/g, ""));
    owned += count;
    const ownerId = new URL(href, "http://x").searchParams.get("owner");
    if (ownerId) expect(count, href).toBe(byOwner.get(ownerId));
  }
  expect(owned).toBe(total);

  expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);

  // A filter narrows every chart like the list's own filter.
  await page.getByLabel("Role").selectOption("OWNER");
  await page.getByRole("button", { name: "Apply filters" }).click();
  const owners = s.invitations.filter((i) => i.role === "OWNER").length;
  await expect(page.getByText(`${nf.format(owners)} pending invitations: people invited`)).toBeVisible();

  // One click on the largest class opens the list filtered to it.
  await page.goto("/insights");
  const first = page.getByTestId("by-class-table").locator("tbody tr").first();
  const firstCount = (await first.getByRole("cell").textContent())!;
  await first.getByRole("link").click();
  await expect(page).toHaveURL(/\/invitations\?course=/);
  await expect(page.getByTestId("invitation-count")).toHaveText(new RegExp(`^${firstCount} invitations?$`));
});
