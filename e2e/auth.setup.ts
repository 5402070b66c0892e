import { test as setup } from "@playwright/test";

import { emulator, signInAs } from "./helpers";
import { storageStatePath, USERS, type RoleKey } from "./env";

setup.beforeAll(async () => {
  await emulator.reset();
});

for (const role of ["admin", "teacher", "teacher2", "student"] as RoleKey[]) {
  setup(`sign in as ${role}`, async ({ page }) => {
    await signInAs(page, USERS[role].email);
    await page.context().storageState({ path: storageStatePath(role) });
  });
}
