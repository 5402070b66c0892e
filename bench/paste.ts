// The bulk page with a very large paste, in Chromium: a list pasted into the textarea as the
// browser delivers a paste (one input event), then a line typed into the box. Reports how long the
// page takes to say what it read, and each keystroke's keydown → next frame (the same measure as
// (f)), so a list that makes every key wait (on a re-parse, a re-render, or the browser's own
// editing of a huge box) shows here. A list the page sets aside (longer than any preview can take)
// is cleared first, as a person would before typing a new one; `setAside` says so.
import type { Page } from "@playwright/test";

import { APP_URL } from "./page";

export interface PasteTyping {
  chars: number;
  rows: number;
  /** The page took the list out of the box (longer than a preview can take) and the line was typed into the cleared box. */
  setAside: boolean;
  /** The paste's input event → the status line saying how many rows were read. */
  pasteToReadMs: number;
  keystrokes: number;
  keyP50Ms: number;
  keyMaxMs: number;
  /** Event Timing API (what INP uses): the longest keyboard or input event. */
  eventTimingMaxMs: number;
  /** The longest main-thread task while typing. */
  longestTaskMs: number;
}

const TYPED = "x@northwood.edu,1,student";
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** `page` is signed in as staff and carries page.ts's INSTRUMENT (keydown → next frame, long tasks, events). */
export async function measurePaste(page: Page, megabytes = 7): Promise<PasteTyping> {
  await page.goto(`${APP_URL}/invitations/bulk`);
  const paste = page.getByLabel("Paste a list");
  await paste.waitFor();
  const line = (i: number) => `student${String(i).padStart(6, "0")}@northwood.edu,Algebra I (Period 1),student`;
  const count = Math.ceil((megabytes * 1024 * 1024) / (line(0).length + 1));
  const list = ["email,course,role", ...Array.from({ length: count }, (_, i) => line(i))].join("\n");
  // The list is made here and handed in: a function declared inside evaluate() would not survive
  // tsx's transform (its name helper does not exist in the page).
  const pasted = await paste.evaluate((el: HTMLTextAreaElement, text: string) => {
    const setValue = Object.getOwnPropertyDescriptor(HTMLTextAreaElement.prototype, "value")!.set!;
    el.focus();
    const at = performance.now();
    setValue.call(el, text);
    el.dispatchEvent(new InputEvent("input", { bubbles: true, inputType: "insertFromPaste" }));
    el.setSelectionRange(text.length, text.length);
    return { chars: text.length, at };
  }, list);
  // Status lines are matched where they live: a text search of the page would read the textarea too.
  const read = page.locator("p[aria-live=polite]").filter({ hasText: /rows read/ });
  await read.waitFor({ timeout: 120_000 });
  const readAt = await page.evaluate(() => performance.now());

  const clear = page.getByRole("button", { name: "Clear the pasted list" });
  const setAside = (await clear.count()) > 0;
  if (setAside) await clear.click();
  await paste.focus();
  await page.evaluate(() => {
    const b = (window as unknown as { __bench: { keys: unknown[]; events: unknown[]; longTasks: unknown[] } }).__bench;
    b.keys = [];
    b.events = [];
    b.longTasks = [];
  });
  // A new line typed at the end, at a fast typist's pace.
  await page.keyboard.press("Control+End");
  await page.keyboard.press("Enter");
  for (const ch of TYPED) {
    await page.keyboard.press(ch);
    await sleep(120);
  }
  await sleep(1_000);
  const t = await page.evaluate(() => {
    const b = (
      window as unknown as {
        __bench: {
          keys: { key: string; ms: number }[];
          events: { name: string; dur: number }[];
          longTasks: { dur: number }[];
        };
      }
    ).__bench;
    return {
      keys: b.keys.filter((k) => k.key !== "End" && k.key !== "Control").map((k) => k.ms),
      eventMax: b.events.filter((e) => /key|input/.test(e.name)).reduce((m, e) => Math.max(m, e.dur), 0),
      longest: b.longTasks.reduce((m, e) => Math.max(m, e.dur), 0),
    };
  });
  const sorted = [...t.keys].sort((a, b) => a - b);
  return {
    chars: pasted.chars,
    rows: count,
    setAside,
    pasteToReadMs: readAt - pasted.at,
    keystrokes: sorted.length,
    keyP50Ms: sorted[Math.floor(sorted.length / 2)] ?? 0,
    keyMaxMs: sorted.at(-1) ?? 0,
    eventTimingMaxMs: t.eventMax,
    longestTaskMs: t.longest,
  };
}
