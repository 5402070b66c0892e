// Patch level: the installed framework is at or past the releases that fixed the known
// advisories (docs/RELIABILITY.md §5), and React's two halves match. Reads what `npm ci` installed, not
// package.json's ranges. (`npm audit` runs in .ci/run where the registry's audit endpoint answers.)
import { readFileSync } from "node:fs";
import { join } from "node:path";

import semver from "semver";
import { describe, expect, it } from "vitest";

const installed = (name: string): string =>
  (JSON.parse(readFileSync(join(process.cwd(), "node_modules", name, "package.json"), "utf8")) as { version: string })
    .version;

describe("framework patch level", () => {
  it("next is a 16.x at or past 16.2.5 (the 2026 advisories; 16.0.7 fixed React2Shell)", () => {
    const next = installed("next");
    expect(semver.major(next)).toBe(16);
    expect(semver.gte(next, "16.2.5"), `next ${next}`).toBe(true);
  });

  it("react and react-dom are the same release, at or past 19.2.1 (the React Server Components fixes)", () => {
    const react = installed("react");
    expect(installed("react-dom")).toBe(react);
    expect(semver.gte(react, "19.2.1"), `react ${react}`).toBe(true);
  });

  it("eslint-config-next matches next", () => {
    expect(installed("eslint-config-next")).toBe(installed("next"));
  });
});
