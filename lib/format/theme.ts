// The colour theme a visitor chose with the header's toggle. Client-safe: the root layout
// reads the cookie to render <html data-theme>, the toggle writes it.

export const THEMES = ["system", "light", "dark"] as const;
export type Theme = (typeof THEMES)[number];
export const THEME_COOKIE = "theme";

/** "system" for anything unknown, so a stale or forged cookie changes nothing. */
export function toTheme(raw: string | undefined): Theme {
  return THEMES.find((t) => t === raw) ?? "system";
}
