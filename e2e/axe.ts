import AxeBuilder from "@axe-core/playwright";
import { expect, type Page } from "@playwright/test";

/**
 * axe on the page as it is now (a dialog open, an error shown, an empty state, a phone
 * layout), in the light and then the dark theme. The theme is the system's preference, which
 * the app follows unless the header's toggle chose one; transitions are switched off first, so
 * no colour is read halfway between the two themes. The page is left in the scheme it had.
 */
export async function expectAccessible(page: Page, state: string) {
  await page.addStyleTag({ content: "*, *::before, *::after { transition: none !important; }" });
  const before = await page.evaluate(() => (matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light"));
  for (const scheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    // The theme really is the one asked for, or the check would be vacuous.
    expect(isDark(bg), `${state}: the ${scheme} theme is drawn (body ${bg})`).toBe(scheme === "dark");
    const { violations } = await new AxeBuilder({ page }).analyze();
    expect(
      violations.map((v) => ({
        id: v.id,
        help: v.help,
        nodes: v.nodes.slice(0, 5).map((n) => `${n.target.join(" ")}: ${n.failureSummary?.split("\n")[1]?.trim()}`),
      })),
      `${state}, ${scheme}`,
    ).toEqual([]);
  }
  await page.emulateMedia({ colorScheme: before });
}

/** Whether a computed colour ("rgb(…)", "oklch(L …)", "lab(L …)") is on the dark side. */
export function isDark(color: string): boolean {
  const [a = 0, b = 0, c = 0] = (color.match(/[\d.]+/g) ?? []).map(Number);
  if (/^ok(lch|lab)\(/.test(color)) return a < 0.5;
  if (/^(lch|lab)\(/.test(color)) return a < 50;
  return (a + b + c) / 3 < 128;
}
