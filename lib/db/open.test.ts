import { mkdtemp, mkdir, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { afterAll, describe, expect, it } from "vitest";

import { openDatabase } from "./open";

const root = await mkdtemp(join(tmpdir(), "pglite-mode-"));
afterAll(() => rm(root, { recursive: true, force: true }));

const modeOf = async (path: string) => (await stat(path)).mode & 0o777;

describe("PGlite's data directory", () => {
  it("is created readable by its owner only, whatever the umask", async () => {
    const dir = join(root, "fresh", "pglite");
    const previous = process.umask(0o022);
    try {
      const db = await openDatabase({ kind: "pglite", dataDir: dir });
      await db.close();
    } finally {
      process.umask(previous);
    }
    expect(await modeOf(dir)).toBe(0o700);
  }, 60_000);

  it("is tightened when an older version left it group- and world-readable", async () => {
    const dir = join(root, "old");
    await mkdir(dir, { mode: 0o755 });
    expect(await modeOf(dir)).toBe(0o755);
    const db = await openDatabase({ kind: "pglite", dataDir: dir });
    await db.close();
    expect(await modeOf(dir)).toBe(0o700);
  }, 60_000);
});
