import { expect, it } from "vitest";

import { avatarColor } from "../src/chooser";
import { describeEmulatorOnly } from "./target";

/** WCAG relative luminance of an sRGB colour given as hsl(h s% l%). */
function luminanceOfHsl(css: string): number {
  const m = /^hsl\((\d+) (\d+)% (\d+)%\)$/.exec(css);
  if (!m) throw new Error(`unexpected colour ${css}`);
  const [h, s, l] = [Number(m[1]), Number(m[2]) / 100, Number(m[3]) / 100];
  const k = (n: number) => (n + h / 30) % 12;
  const a = s * Math.min(l, 1 - l);
  const channel = (n: number) => l - a * Math.max(-1, Math.min(k(n) - 3, Math.min(9 - k(n), 1)));
  const lin = (c: number) => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
  return 0.2126 * lin(channel(0)) + 0.7152 * lin(channel(8)) + 0.0722 * lin(channel(4));
}

describeEmulatorOnly("emulator internals")("avatar initials", () => {
  it("white initials reach 4.5:1 on every account's colour", () => {
    for (let id = 1; id <= 2000; id++) {
      const contrast = 1.05 / (luminanceOfHsl(avatarColor(String(id))) + 0.05);
      expect(contrast, `user ${id}: ${avatarColor(String(id))}`).toBeGreaterThanOrEqual(4.5);
    }
  });
});
