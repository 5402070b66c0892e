// (e): first-load JS per route, gzipped, from the `next build` output in .next-bench.
// Next writes each route's first-load chunks to `diagnostics/route-bundle-stats.json`; each
// chunk is gzipped (level 9) and summed. Without that file (webpack builds), a route's first
// load is the root main files (build-manifest.json) plus the chunks of every client module in
// its tree, from `page_client-reference-manifest.js` (the same set, checked on Turbopack).
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { runInNewContext } from "node:vm";
import { gzipSync } from "node:zlib";

export interface RouteSize {
  route: string;
  files: number;
  rawBytes: number;
  gzipBytes: number;
}

/** Raw and gzipped (level 9) bytes of build files, each compressed on its own as served. */
function sizeOf(distDir: string, files: Iterable<string>): { files: number; rawBytes: number; gzipBytes: number } {
  let n = 0;
  let rawBytes = 0;
  let gzipBytes = 0;
  for (const f of new Set(files)) {
    const rel = decodeURIComponent(f.replace(/^\/?_next\//, ""));
    const buf = readFileSync(rel.startsWith(distDir) ? rel : join(distDir, rel));
    n += 1;
    rawBytes += buf.length;
    gzipBytes += gzipSync(buf, { level: 9 }).length;
  }
  return { files: n, rawBytes, gzipBytes };
}

/** `projectDir`: the app's folder; the stats file names chunks relative to it. */
export function firstLoadJs(distDir: string, projectDir = "."): RouteSize[] {
  const statsFile = join(distDir, "diagnostics", "route-bundle-stats.json");
  if (existsSync(statsFile)) {
    const stats = JSON.parse(readFileSync(statsFile, "utf8")) as { route: string; firstLoadChunkPaths: string[] }[];
    return stats
      .map(({ route, firstLoadChunkPaths }) => ({
        route,
        ...sizeOf(
          distDir,
          firstLoadChunkPaths.map((f) => join(projectDir, f)),
        ),
      }))
      .sort((a, b) => a.route.localeCompare(b.route));
  }
  return fromManifests(distDir);
}

/**
 * The JS every page loads before any code of ours: the router, React and the bundler runtime
 * (build-manifest.json → rootMainFiles). No route can go below it.
 */
export function frameworkJs(distDir: string): Omit<RouteSize, "route"> {
  const build = JSON.parse(readFileSync(join(distDir, "build-manifest.json"), "utf8")) as { rootMainFiles?: string[] };
  return sizeOf(distDir, build.rootMainFiles ?? []);
}

function fromManifests(distDir: string): RouteSize[] {
  const build = JSON.parse(readFileSync(join(distDir, "build-manifest.json"), "utf8")) as { rootMainFiles?: string[] };
  const appDir = join(distDir, "server", "app");
  const out: RouteSize[] = [];
  for (const manifest of walk(appDir).filter((f) => f.endsWith("page_client-reference-manifest.js"))) {
    const ctx: { __RSC_MANIFEST?: Record<string, { clientModules?: Record<string, { chunks?: unknown[] }> }> } = {};
    runInNewContext(readFileSync(manifest, "utf8"), { globalThis: ctx });
    const entry = Object.values(ctx.__RSC_MANIFEST ?? {})[0];
    const files = new Set(build.rootMainFiles ?? []);
    // Every client module the route's tree references, with the chunks that hold it (webpack
    // interleaves chunk ids and paths; Turbopack lists paths).
    for (const mod of Object.values(entry?.clientModules ?? {})) {
      for (const c of mod.chunks ?? []) if (typeof c === "string" && c.endsWith(".js")) files.add(c);
    }
    const dir = relative(appDir, manifest).split(sep).slice(0, -1);
    const route = `/${dir.filter((d) => !/^\(.*\)$/.test(d)).join("/")}`;
    out.push({ route, ...sizeOf(distDir, files) });
  }
  return out.sort((a, b) => a.route.localeCompare(b.route));
}

function walk(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...walk(p));
    else out.push(p);
  }
  return out;
}
