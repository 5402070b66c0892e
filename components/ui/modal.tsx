"use client";

import { useEffect, useId, useRef } from "react";

/**
 * A native modal <dialog> with a title and a close button: the focus trap, Escape and the inert
 * background come from the browser, and focus goes back to whatever opened it when it closes.
 * The children render only while it is open.
 */
export function Modal({
  open,
  onClose,
  title,
  wide,
  children,
}: {
  open: boolean;
  onClose: () => void;
  title: string;
  /** Room for a form rather than a question. */
  wide?: boolean;
  children: React.ReactNode;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog || !open) return;
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    dialog.showModal();
    // Focus starts on the first field, not on Close: the content may arrive after the dialog
    // opens (a lazily loaded form), so it is watched for until it does, or the user moves on.
    const close = dialog.querySelector("[data-modal-close]");
    const firstField = () => dialog.querySelector<HTMLElement>("input:not([type=hidden]), select, textarea");
    const focusField = () => {
      if (document.activeElement !== close && document.activeElement !== dialog) return true;
      const field = firstField();
      field?.focus();
      return Boolean(field);
    };
    const watch = new MutationObserver(() => focusField() && watch.disconnect());
    if (!focusField()) watch.observe(dialog, { childList: true, subtree: true });
    return () => {
      watch.disconnect();
      if (dialog.open) dialog.close();
      // The opener may have left the page meanwhile (a revoked row).
      if (opener?.isConnected) opener.focus();
    };
  }, [open]);
  return (
    <dialog
      ref={ref}
      aria-labelledby={titleId}
      onClose={onClose}
      className={`m-auto w-[calc(100%-2rem)] ${wide ? "max-w-2xl" : "max-w-md"} rounded-2xl bg-white p-6 text-slate-900 shadow-xl ring-1 ring-slate-200 backdrop:bg-slate-900/40`}
    >
      {open ? (
        <>
          <div className="flex items-start justify-between gap-4">
            <h2 id={titleId} className="text-lg font-semibold">
              {title}
            </h2>
            <button
              type="button"
              onClick={onClose}
              aria-label="Close"
              data-modal-close
              className="-mt-1 -mr-2 inline-flex size-8 items-center justify-center rounded-lg text-slate-600 hover:bg-slate-100"
            >
              <span aria-hidden>✕</span>
            </button>
          </div>
          {children}
        </>
      ) : null}
    </dialog>
  );
}
