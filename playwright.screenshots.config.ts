import { defineConfig } from "@playwright/test";

import base from "./playwright.config";

/** `npm run screenshots`: the suite's servers and sign-in, then e2e/screenshots.take.ts only. */
export default defineConfig({
  ...base,
  reporter: [["list"]],
  projects: [
    { name: "setup", testMatch: /auth\.setup\.ts/ },
    { name: "screenshots", dependencies: ["setup"], testMatch: /screenshots\.take\.ts/ },
  ],
});
