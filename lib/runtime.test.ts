// The project runs on the Node it pins (the `node` devDependency), not the machine's own:
// `npm run` puts node_modules/.bin first on PATH, so this holds for every script that runs it.
// CI's second pass runs these tests on Node 24 on purpose and says so with EXPECT_NODE_MAJOR.
import { readFileSync } from "node:fs";
import { join } from "node:path";

import semver from "semver";
import { describe, expect, it } from "vitest";

const pkg = JSON.parse(readFileSync(join(process.cwd(), "package.json"), "utf8")) as {
  engines: { node: string };
  devDependencies: Record<string, string>;
};

const expectedMajor = process.env.EXPECT_NODE_MAJOR;

describe("Node runtime", () => {
  if (expectedMajor === undefined) {
    it("is the pinned Node 22 LTS release", () => {
      expect(process.versions.node).toBe(pkg.devDependencies.node);
      expect(semver.major(process.versions.node)).toBe(22);
    });
  } else {
    it(`is the Node ${expectedMajor} release the run asked for`, () => {
      expect(semver.major(process.versions.node)).toBe(Number(expectedMajor));
      // An even major only: the project supports LTS lines, never a current odd release.
      expect(Number(expectedMajor) % 2).toBe(0);
    });
  }

  it("satisfies the engines range that package.json declares", () => {
    expect(semver.satisfies(process.versions.node, pkg.engines.node)).toBe(true);
  });
});
