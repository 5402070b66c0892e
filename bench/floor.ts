// (e)'s floor: a blank app on the same stack (this repo's next, react, @tanstack/react-query,
// next/link), built in the same run, so each route's first-load JS is reported as what our own
// code adds above what any page on this stack costs. Its source is written here, into a
// git-ignored folder, and built with the repo's own node_modules.
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";

import { firstLoadJs, type RouteSize } from "./bundle";
import { runNext } from "./page";

export const FLOOR_DIR = ".next-floor";

const FILES: Record<string, string> = {
  "next.config.mjs": "export default { poweredByHeader: false, reactStrictMode: true };\n",
  "app/layout.jsx": `export default function RootLayout({ children }) {
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}
`,
  // "/": a static page, the least any route on Next 16 costs.
  "app/page.jsx": `export default function Page() {
  return <p>blank</p>;
}
`,
  // "/stack": the stack every page of ours stands on: a QueryClientProvider, one useQuery, next/link.
  "app/stack/layout.jsx": `import { Providers } from "./providers";

export default function StackLayout({ children }) {
  return <Providers>{children}</Providers>;
}
`,
  "app/stack/providers.jsx": `"use client";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { useState } from "react";

export function Providers({ children }) {
  const [client] = useState(() => new QueryClient());
  return <QueryClientProvider client={client}>{children}</QueryClientProvider>;
}
`,
  "app/stack/page.jsx": `"use client";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";

export default function Page() {
  const { data } = useQuery({ queryKey: ["floor"], queryFn: async () => "blank" });
  return <Link href="/">{data ?? "…"}</Link>;
}
`,
};

export interface Floor {
  /** A static page: Next.js and React only. */
  static: RouteSize;
  /** The same stack as ours: TanStack Query's provider and one query, and next/link. */
  stack: RouteSize;
}

/** Builds the blank app and returns the first-load JS of its two pages. */
export async function buildFloor(): Promise<Floor> {
  rmSync(FLOOR_DIR, { recursive: true, force: true });
  for (const [name, text] of Object.entries(FILES)) {
    mkdirSync(join(FLOOR_DIR, name, ".."), { recursive: true });
    writeFileSync(join(FLOOR_DIR, name), text);
  }
  await runNext(["build", FLOOR_DIR]);
  const routes = firstLoadJs(join(FLOOR_DIR, ".next"), FLOOR_DIR);
  const find = (route: string) => {
    const r = routes.find((x) => x.route === route);
    if (!r) throw new Error(`the blank app's build has no ${route} route`);
    return r;
  };
  return { static: find("/"), stack: find("/stack") };
}
