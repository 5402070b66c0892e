// Roster sync in Chromium: the demo school's OneRoster export (the repository's fixture, with
// its deliberate differences: 2 new students, a student who became a co-teacher, a student
// invitation the SIS lists as co-teacher, a guest's invitation the SIS does not list, and a class
// Classroom lacks) is previewed with exact counts (pending invitations counted as present),
// committed as one job, and previewed again with nothing left to change. Expected numbers come
// from the emulator's own state.
import { writeFileSync } from "node:fs";

import { expect, test, type Page } from "./test";

import type { EmulatorState } from "../lib/test/emulator-control";
import {
  fixtureClasses,
  newcomer,
  pendingInRoster,
  ROSTER_FIXTURE_ZIP,
  rosterMismatches,
} from "../lib/test/roster-state";

import { expectAccessible } from "./axe";
import { storageStatePath } from "./env";
import { emulator } from "./helpers";

const state = () => emulator.call<EmulatorState>("GET", "/state");

async function upload(page: Page, files: string | string[] | { name: string; mimeType: string; buffer: Buffer }[]) {
  await page.getByLabel("Roster file").setInputFiles(files);
}

test.describe("roster sync", () => {
  test.beforeAll(async () => {
    await emulator.reset();
  });
  // The demo school as the next spec expects it.
  test.afterAll(async () => {
    await emulator.reset();
  });

  test.describe("as a teacher", () => {
    test.use({ storageState: storageStatePath("teacher") });

    test("only the teacher's own classes are synced; the others are not matched", async ({ page }) => {
      await page.goto("/roster");
      await upload(page, ROSTER_FIXTURE_ZIP);
      await page.getByRole("button", { name: "Preview changes" }).click();
      // Algebra I (both periods) and AP Calculus AB are theirs: the two new Algebra I students only.
      const summary = page.getByTestId("roster-summary");
      await expect(summary).toContainText("2 to invite");
      await expect(summary).toContainText("0 to revoke");
      await expect(summary).toContainText("9 classes not matched");
    });
  });

  test.describe("as an admin", () => {
    test.use({ storageState: storageStatePath("admin") });

    test("preview counts the fixture's differences exactly; commit makes Classroom equal the roster; a re-run previews none", async ({
      page,
    }) => {
      test.setTimeout(180_000);
      const before = await state();
      const classes = fixtureClasses(before);
      expect(classes).toHaveLength(11);
      const pending = pendingInRoster(before, classes);
      expect(rosterMismatches(before, classes)).toHaveLength(5);

      await page.goto("/roster");
      await expect(page.getByRole("heading", { level: 1, name: "Roster sync" })).toBeVisible();
      await expect(page.getByRole("navigation", { name: "Main" }).locator('[aria-current="page"]')).toHaveText(
        "Roster",
      );
      await upload(page, ROSTER_FIXTURE_ZIP);
      await expect(page.getByTestId("roster-read")).toHaveText("Read 12 classes and 326 enrollments (OneRoster 1.2).");
      await page.getByRole("button", { name: "Preview changes" }).click();

      const summary = page.getByTestId("roster-summary");
      await expect(summary).toContainText("3 to invite");
      await expect(summary).toHaveText(
        `3 to invite · ${pending} pending · 1 role change · 1 to revoke · 0 extra members · 0 ownership transfers to make · 1 class not matched`,
      );
      // Drill-down: who and why, for the guest whose invitation the SIS does not list.
      const chemistry = page.getByRole("row", { name: /^Chemistry/ });
      await chemistry.getByText(/Who and why/).click();
      await expect(chemistry).toContainText(
        "Revoke guest@riverside-academy.org: Invited as co-teacher, but not in the roster.",
      );
      // The class Classroom lacks is listed, with a way to match it by hand.
      await expect(page.getByLabel("Classroom class for Health 9")).toBeVisible();
      // Everything that can be committed is staged by default, but removals, which stay off.
      for (const box of await page.getByTestId("roster-classes").getByRole("checkbox").all()) {
        const removal = (await box.getAttribute("data-kind")) === "extra";
        if (await box.isEnabled()) await expect(box).toBeChecked({ checked: !removal });
      }
      await expect(page.getByTestId("job-schedule")).toContainText("4 invitations within your limit");
      await expectAccessible(page, "the roster's preview");

      await page.getByRole("button", { name: /^Commit/ }).click();
      await expect(page.getByTestId("job-status")).toHaveText(/^Done\. 5 of 5 processed: 5 done, 0 failed\.$/, {
        timeout: 90_000,
      });
      expect(rosterMismatches(await state(), classes)).toEqual([]);

      await page.getByRole("button", { name: "Preview again" }).click();
      await expect(summary).toHaveText(
        `0 to invite · ${pending + 4} pending · 0 role changes · 0 to revoke · 0 extra members · 0 ownership transfers to make · 1 class not matched`,
      );
      await expect(page.getByRole("button", { name: /^Commit/ })).toHaveText("Commit: nothing staged");

      // The sync was saved with its history, and re-running it previews no changes either.
      await page.reload();
      await page.getByRole("button", { name: "Preview northwood-oneroster-1.2.zip again" }).click();
      await expect(summary).toContainText("0 to invite");
      await expect(page.getByRole("link", { name: "Results" }).first()).toBeVisible();

      // A roster of one class that dropped three students and lists a new student of the domain:
      // added directly, and the three removed only once opted in and confirmed. Built from the
      // emulator's own state.
      const now = await state();
      const cw = now.courses.find((c) => c.id === classes.find((k) => k.key === "cls-creative-writing")!.courseId)!;
      const emailOf = (id: string) => now.users.find((u) => u.id === id)!.email.toLowerCase();
      const leaving = cw.studentIds.slice(0, 3);
      const joiner = newcomer(now, cw.id, "northwood.edu");
      const kept: (readonly [string, "STUDENT" | "TEACHER"])[] = [
        ...cw.teacherIds.filter((t) => !leaving.includes(t)).map((t) => [emailOf(t), "TEACHER"] as const),
        ...cw.studentIds.filter((t) => !leaving.includes(t)).map((t) => [emailOf(t), "STUDENT"] as const),
        ...now.invitations
          .filter((i) => i.courseId === cw.id && i.role !== "OWNER")
          .map((i) => [emailOf(i.userId), i.role as "STUDENT" | "TEACHER"] as const),
        [joiner.email, "STUDENT"],
      ];
      const pendingIn = (st: EmulatorState) =>
        new Set(st.invitations.filter((i) => i.courseId === cw.id && i.role !== "OWNER").map((i) => i.userId)).size;
      const csv = ["email,class,role", ...kept.map(([email, role]) => `${email},${cw.id},${role}`)].join("\n");
      await page.getByRole("radio", { name: /Add people of your domain directly/ }).check();
      await upload(page, [{ name: "creative-writing.csv", mimeType: "text/csv", buffer: Buffer.from(csv) }]);
      await page.getByRole("button", { name: "Preview changes" }).click();
      await expect(summary).toHaveText(
        `0 to invite · 1 to add directly · ${pendingIn(now)} pending · 0 role changes · 0 to revoke · 3 extra members · 0 ownership transfers to make`,
      );
      const row = page.getByRole("row", { name: new RegExp(`^${cw.id}`) });
      await row.getByText(/Who and why/).click();
      await expect(row).toContainText(`Add directly ${joiner.email}: Not in the class`);
      // Removal is off by default: the commit would only add.
      const removal = row.getByRole("checkbox", { name: "Remove extra members" });
      await expect(removal).not.toBeChecked();
      await expect(page.getByRole("button", { name: /^Commit/ })).toHaveText("Commit 1 change");
      await removal.check();
      await expect(page.getByText(/^The staged changes remove 3 members from their classes/)).toBeVisible();
      await expect(row).toContainText(
        `Remove ${emailOf(leaving[0]!)}: In the class as student, but not in the roster.`,
      );
      await page.getByRole("button", { name: "Commit 4 changes" }).click();
      // The second confirmation names the count and the class; keeping them commits nothing.
      const dialog = page.getByRole("dialog", { name: "Remove 3 members?" });
      await expect(dialog).toContainText(`3 people not in the roster will be removed from 1 class: ${cw.name}`);
      await expectAccessible(page, "the roster's removal confirmation");
      await dialog.getByRole("button", { name: "Remove 3 members and commit" }).click();
      await expect(page.getByTestId("job-status")).toHaveText(/^Done\. 4 of 4 processed: 4 done, 0 failed\.$/, {
        timeout: 90_000,
      });
      // Classroom's membership is the roster's, exactly; the new student joined with no invitation.
      const after = await state();
      const course = after.courses.find((c) => c.id === cw.id)!;
      const invited = after.invitations.filter((i) => i.courseId === cw.id).map((i) => i.userId);
      const members = [...course.studentIds, ...course.teacherIds].filter((id) => !invited.includes(id));
      expect(
        new Set([...members, ...invited].map((id) => after.users.find((u) => u.id === id)!.email.toLowerCase())),
      ).toEqual(new Set(kept.map(([email]) => email)));
      expect(course.studentIds).toContain(joiner.id);
      expect(invited).not.toContain(joiner.id);
      await page.getByRole("button", { name: "Preview again" }).click();
      await expect(summary).toHaveText(
        `0 to invite · ${pendingIn(after)} pending · 0 role changes · 0 to revoke · 0 extra members · 0 ownership transfers to make`,
      );
    });

    test("hostile files give clear errors and keep the good rows", async ({ page }, testInfo) => {
      await page.goto("/roster");
      await upload(page, [
        {
          name: "classes.csv",
          mimeType: "text/csv",
          buffer: Buffer.from(
            "sourcedId,status,dateLastModified,title,grades,courseSourcedId,classCode,classType,location,schoolSourcedId,termSourcedIds,subjects,subjectCodes,periods\r\n" +
              "c1,,,Biology,10,crs,,scheduled,,s1,t1,,,\r\nc1,,,Biology again,10,crs,,scheduled,,s1,t1,,,\r\n",
          ),
        },
        {
          name: "users.csv",
          mimeType: "text/csv",
          buffer: Buffer.from("sourcedId,email\r\nu1,ana@northwood.edu\r\n"),
        },
        {
          name: "enrollments.csv",
          mimeType: "text/csv",
          buffer: Buffer.from(
            "sourcedId,status,dateLastModified,classSourcedId,schoolSourcedId,userSourcedId,role,primary,beginDate,endDate\r\ne1,,,c9,s1,u1,student,,,\r\n",
          ),
        },
      ]);
      const problems = page.getByTestId("roster-problems");
      await expect(problems).toContainText(
        "classes.csv row 3: sourcedId c1 is already used on row 2; this row is ignored.",
      );
      await expect(problems).toContainText(
        "users.csv: required columns enabledUser, username, givenName, familyName missing; nothing in this file was read.",
      );
      await expect(problems).toContainText(
        "enrollments.csv row 2: class c9 is not in classes.csv; this enrollment is ignored.",
      );
      await expect(page.getByTestId("roster-read")).toHaveText("Read 1 class and 0 enrollments (OneRoster 1.2).");

      // A 50 MB zip is refused from its size alone.
      const big = testInfo.outputPath("district.zip");
      writeFileSync(big, Buffer.alloc(50 * 1024 * 1024));
      await upload(page, big);
      await expect(problems).toHaveText(
        "district.zip: district.zip is 50.0 MB; the limit is 20.0 MB. Export one school or one term at a time.",
      );
    });
  });
});
