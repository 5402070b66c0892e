// The project runs on the Node it pins (the `node` devDependency), not the machine's own:
// `npm run` puts node_modules/.bin first on PATH, so this holds for every script that runs it.
import { readFileSync } from "node:fs";
import { join } from "node:path";

import semver from "semver";
import { describe, expect, it } from "vitest";

const pkg = JSON.parse(readFileSync(join(process.cwd(), "package.json"), "utf8")) as {
  engines: { node: string };
  devDependencies: Record<string, string>;
};

describe("Node runtime", () => {
  it("is the pinned Node 22 LTS release", () => {
    expect(process.versions.node).toBe(pkg.devDependencies.node);
    expect(semver.major(process.versions.node)).toBe(22);
  });

  it("satisfies the engines range that package.json declares", () => {
    expect(semver.satisfies(process.versions.node, pkg.engines.node)).toBe(true);
  });
});
