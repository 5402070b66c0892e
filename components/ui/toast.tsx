"use client";

import { lazy, Suspense, useEffect, useSyncExternalStore, type ComponentType } from "react";
import type { ExternalToast, ToasterProps } from "sonner";

/**
 * Outcome toasts, drawn by sonner. sonner is ~10 kB gzipped, and no page needs it to render
 * or to become interactive, so it is kept out of every page's first-load JS (bench part (e)):
 * `<Toaster />` fetches it once the browser is idle after the first paint, and a toast fired
 * before that fetches it at once. sonner replays toasts raised before its `<Toaster>`
 * subscribed, so an early toast is shown, not lost.
 */
const loadSonner = () => import("sonner");

let wanted = false;
const listeners = new Set<() => void>();

function want() {
  if (wanted) return;
  wanted = true;
  for (const notify of listeners) notify();
}

type Kind = "success" | "info" | "warning" | "error";

function show(kind: Kind, message: string, options?: ExternalToast) {
  want();
  // If sonner can't load (offline, or a deploy replaced the chunk), the toast is dropped, not thrown.
  loadSonner().then(
    ({ toast: sonner }) => sonner[kind](message, options),
    () => undefined,
  );
}

export const toast = {
  success: (message: string, options?: ExternalToast) => show("success", message, options),
  info: (message: string, options?: ExternalToast) => show("info", message, options),
  warning: (message: string, options?: ExternalToast) => show("warning", message, options),
  error: (message: string, options?: ExternalToast) => show("error", message, options),
};

// A chunk that fails to load (offline, a deploy replaced it) must not take the page down with
// it: the toast region is then simply absent.
const SonnerToaster = lazy<ComponentType<ToasterProps>>(() =>
  loadSonner().then(
    (m) => ({ default: m.Toaster }),
    () => ({ default: () => null }),
  ),
);

const subscribe = (listener: () => void) => {
  listeners.add(listener);
  return () => listeners.delete(listener);
};

/**
 * The theme the header's toggle set on <html data-theme>, or "system": sonner draws its own
 * colours, so it is told, and follows a change of the toggle at once.
 */
function useToastTheme(): "light" | "dark" | "system" {
  return useSyncExternalStore(
    (onChange) => {
      const watch = new MutationObserver(onChange);
      watch.observe(document.documentElement, { attributes: true, attributeFilter: ["data-theme"] });
      return () => watch.disconnect();
    },
    () => {
      const theme = document.documentElement.dataset.theme;
      return theme === "light" || theme === "dark" ? theme : "system";
    },
    () => "system",
  );
}

/** The toast region, mounted once (root layout). */
export function Toaster() {
  const mounted = useSyncExternalStore(
    subscribe,
    () => wanted,
    () => false,
  );
  const theme = useToastTheme();
  useEffect(() => {
    // Mount the (empty) live region before the first outcome, so screen readers announce it.
    if (typeof requestIdleCallback === "function") {
      const id = requestIdleCallback(want, { timeout: 3_000 });
      return () => cancelIdleCallback(id);
    }
    const id = setTimeout(want, 1_000);
    return () => clearTimeout(id);
  }, []);
  if (!mounted) return null;
  return (
    <Suspense fallback={null}>
      <SonnerToaster position="bottom-right" closeButton theme={theme} />
    </Suspense>
  );
}
