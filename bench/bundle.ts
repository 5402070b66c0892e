// (e): first-load JS per route, gzipped, from the `next build` output in .next-bench.
// Next writes each route's first-load chunks to `diagnostics/route-bundle-stats.json`; each
// chunk is gzipped (level 9) and summed. Without that file (older builds), a route's first
// load is the root main files (build-manifest.json) plus the entry chunks of every segment
// in its tree, from `page_client-reference-manifest.js` → `entryJSFiles`.
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

export function firstLoadJs(distDir: string): RouteSize[] {
  const statsFile = join(distDir, "diagnostics", "route-bundle-stats.json");
  if (existsSync(statsFile)) {
    const stats = JSON.parse(readFileSync(statsFile, "utf8")) as { route: string; firstLoadChunkPaths: string[] }[];
    return stats
      .map(({ route, firstLoadChunkPaths }) => {
        let raw = 0;
        let gzip = 0;
        for (const p of new Set(firstLoadChunkPaths)) {
          const buf = readFileSync(p.startsWith(distDir) ? p : join(distDir, p));
          raw += buf.length;
          gzip += gzipSync(buf, { level: 9 }).length;
        }
        return { route, files: new Set(firstLoadChunkPaths).size, rawBytes: raw, gzipBytes: gzip };
      })
      .sort((a, b) => a.route.localeCompare(b.route));
  }
  return fromManifests(distDir);
}

function fromManifests(distDir: string): RouteSize[] {
  const build = JSON.parse(readFileSync(join(distDir, "build-manifest.json"), "utf8")) as { rootMainFiles?: string[] };
  const root = build.rootMainFiles ?? [];
  const appDir = join(distDir, "server", "app");
  const gz = new Map<string, { raw: number; gzip: number }>();
  const sizeOf = (file: string) => {
    let s = gz.get(file);
    if (!s) {
      const buf = readFileSync(join(distDir, file.replace(/^\/?_next\//, "")));
      s = { raw: buf.length, gzip: gzipSync(buf, { level: 9 }).length };
      gz.set(file, s);
    }
    return s;
  };
  const out: RouteSize[] = [];
  for (const manifest of walk(appDir).filter((f) => f.endsWith("page_client-reference-manifest.js"))) {
    const ctx: { __RSC_MANIFEST?: Record<string, { entryJSFiles?: Record<string, string[]> }> } = {};
    runInNewContext(readFileSync(manifest, "utf8"), { globalThis: ctx });
    const entry = Object.values(ctx.__RSC_MANIFEST ?? {})[0];
    const files = new Set(root);
    for (const list of Object.values(entry?.entryJSFiles ?? {})) for (const f of list) files.add(f);
    let raw = 0;
    let gzip = 0;
    for (const f of files) {
      const s = sizeOf(f);
      raw += s.raw;
      gzip += s.gzip;
    }
    const dir = relative(appDir, manifest).split(sep).slice(0, -1);
    const route = `/${dir.filter((d) => !/^\(.*\)$/.test(d)).join("/")}`;
    out.push({ route: route === "/" ? "/" : route, files: files.size, rawBytes: raw, gzipBytes: gzip });
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
