import "server-only";

import { cookies } from "next/headers";

import { THEME_COOKIE, toTheme, type Theme } from "@/lib/format/theme";

import { ThemeToggle } from "./theme-toggle";

/** The theme this visitor chose (or "system"), for <html data-theme> and the toggle. */
export async function currentTheme(): Promise<Theme> {
  return toTheme((await cookies()).get(THEME_COOKIE)?.value);
}

export async function ThemeSwitch() {
  return <ThemeToggle initial={await currentTheme()} />;
}
