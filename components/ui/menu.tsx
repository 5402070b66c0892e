"use client";

import { useId, useRef, type KeyboardEvent } from "react";

import { buttonClasses } from "./button";

export type MenuItem = { label: string; onSelect: () => void; danger?: boolean };

/**
 * A menu button (the WAI-ARIA menu button pattern): Enter, Space or ↓ opens the menu on its
 * first item, ↑ on its last; ↑/↓/Home/End move, Escape closes and gives focus back to the
 * button, Tab closes. The menu is a popover in the top layer, so a scrolling table never clips
 * it; the browser closes it on an outside click and on Escape.
 */
export function MenuButton({
  label,
  text = "Actions",
  items,
  disabled,
  describedBy,
}: {
  /** The button's accessible name (e.g. "Actions for Priya Raman"). */
  label: string;
  /** What the button shows. */
  text?: string;
  items: readonly MenuItem[];
  disabled?: boolean;
  describedBy?: string;
}) {
  const id = useId();
  const button = useRef<HTMLButtonElement>(null);
  const menu = useRef<HTMLDivElement>(null);

  const menuItems = () => [...(menu.current?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? [])];
  const place = () => {
    const m = menu.current;
    const b = button.current?.getBoundingClientRect();
    if (!m || !b) return;
    const below = b.bottom + 4;
    const top = below + m.offsetHeight > window.innerHeight - 8 ? b.top - m.offsetHeight - 4 : below;
    m.style.top = `${Math.max(8, top)}px`;
    m.style.left = `${Math.max(8, Math.min(b.right - m.offsetWidth, window.innerWidth - m.offsetWidth - 8))}px`;
  };
  const open = (focus: "first" | "last") => {
    const m = menu.current;
    if (!m) return;
    if (!m.matches(":popover-open")) m.showPopover();
    place();
    const all = menuItems();
    (focus === "first" ? all[0] : all.at(-1))?.focus();
  };
  const close = (refocus: boolean) => {
    if (menu.current?.matches(":popover-open")) menu.current.hidePopover();
    if (refocus) button.current?.focus();
  };

  const onButtonKey = (e: KeyboardEvent) => {
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      e.preventDefault();
      open(e.key === "ArrowDown" ? "first" : "last");
    }
  };
  const onMenuKey = (e: KeyboardEvent) => {
    const all = menuItems();
    const at = all.indexOf(document.activeElement as HTMLElement);
    const go = (i: number) => all[(i + all.length) % all.length]?.focus();
    if (e.key === "ArrowDown") go(at + 1);
    else if (e.key === "ArrowUp") go(at - 1);
    else if (e.key === "Home") go(0);
    else if (e.key === "End") go(all.length - 1);
    else if (e.key === "Escape") close(true);
    else if (e.key === "Tab") close(false);
    else return;
    if (e.key !== "Tab") e.preventDefault();
  };

  return (
    <>
      <button
        ref={button}
        type="button"
        aria-label={label}
        aria-haspopup="menu"
        aria-controls={id}
        aria-describedby={describedBy}
        disabled={disabled}
        className={`${buttonClasses("secondary", "sm")} whitespace-nowrap`}
        onKeyDown={onButtonKey}
        onClick={() => (menu.current?.matches(":popover-open") ? close(false) : open("first"))}
      >
        {text}
        <span aria-hidden className="text-xs text-slate-500">
          ▾
        </span>
      </button>
      <div
        ref={menu}
        id={id}
        popover="auto"
        role="menu"
        aria-label={label}
        onKeyDown={onMenuKey}
        onToggle={(e) => button.current?.setAttribute("aria-expanded", String(e.newState === "open"))}
        className="fixed inset-auto m-0 min-w-40 rounded-lg bg-white p-1 text-sm text-slate-800 shadow-lg ring-1 ring-slate-200"
      >
        {items.map((item) => (
          <button
            key={item.label}
            type="button"
            role="menuitem"
            tabIndex={-1}
            className={`block w-full rounded-md px-3 py-2 text-left whitespace-nowrap hover:bg-slate-100 focus:bg-slate-100 focus:outline-none ${item.danger ? "text-red-700" : ""}`}
            onClick={() => {
              close(true);
              item.onSelect();
            }}
          >
            {item.label}
          </button>
        ))}
      </div>
    </>
  );
}
