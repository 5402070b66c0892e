"use client";

import { useState } from "react";

import { splitAddresses } from "@/lib/bulk/email";
import { countText } from "@/lib/format/count";

/** What the form says about one address: an error blocks sending, a warning does not. */
export type AddressNote = {
  tone: "error" | "warning";
  text: string;
  /** A warning to confirm before sending (the school's settings will likely refuse it). */
  confirm?: boolean;
} | null;

type Props = {
  id: string;
  addresses: readonly string[];
  onChange: (next: string[]) => void;
  /** The text not yet turned into a chip (sent too, on submit). */
  draft: string;
  onDraftChange: (draft: string) => void;
  noteFor: (address: string) => AddressNote;
  max: number;
  describedBy?: string;
  invalid?: boolean;
  inputRef: React.RefObject<HTMLInputElement | null>;
  onBlur?: () => void;
};

/**
 * Email addresses as chips: type or paste one or many (commas, spaces, new lines, "Name
 * <address>"); each becomes a chip saying what is wrong with it, or what to expect. A chip is
 * removed with its own labelled button, or Backspace in the empty text field removes the last.
 */
export function AddressBox({
  id,
  addresses,
  onChange,
  draft,
  onDraftChange,
  noteFor,
  max,
  describedBy,
  invalid,
  inputRef,
  onBlur,
}: Props) {
  const [announcement, setAnnouncement] = useState("");

  const commit = (text: string) => {
    const added = splitAddresses(text).filter((a) => !addresses.includes(a));
    if (added.length === 0) return false;
    const next = [...addresses, ...added].slice(0, max);
    onChange(next);
    setAnnouncement(
      next.length - addresses.length === 1
        ? `Added ${added[0]}.`
        : `Added ${countText(next.length - addresses.length, "address", "addresses")}.`,
    );
    return true;
  };

  const remove = (address: string) => {
    onChange(addresses.filter((a) => a !== address));
    setAnnouncement(`Removed ${address}.`);
    inputRef.current?.focus();
  };

  return (
    <div>
      <div
        className={`mt-1 flex min-h-10 flex-wrap items-center gap-1.5 rounded-lg border bg-white px-2 py-1.5 focus-within:ring-2 focus-within:ring-brand-600 ${
          invalid ? "border-red-500" : "border-slate-300"
        }`}
        onClick={() => inputRef.current?.focus()}
      >
        {addresses.length > 0 ? (
          <ul aria-label="Addresses to send to" className="contents">
            {addresses.map((a) => (
              <Chip key={a} address={a} note={noteFor(a)} onRemove={() => remove(a)} />
            ))}
          </ul>
        ) : null}
        <input
          ref={inputRef}
          id={id}
          name="email"
          type="text"
          inputMode="email"
          autoComplete="off"
          spellCheck={false}
          value={draft}
          aria-invalid={invalid}
          aria-describedby={describedBy}
          placeholder={addresses.length ? "Add another…" : "name@school.edu, or paste a list"}
          className="h-7 min-w-[12rem] flex-1 border-0 bg-transparent px-1 text-sm outline-none"
          onChange={(e) => {
            const text = e.target.value;
            // A separator typed after an address makes it a chip.
            if (/[,;\s]$/.test(text) && commit(text)) onDraftChange("");
            else onDraftChange(text.replace(/^[,;\s]+/, ""));
          }}
          onPaste={(e) => {
            const text = e.clipboardData.getData("text");
            if (!/[,;\s<]/.test(text.trim())) return; // one address: let it land in the field
            e.preventDefault();
            commit(`${draft} ${text}`);
            onDraftChange("");
          }}
          onKeyDown={(e) => {
            const several = addresses.length > 0 || splitAddresses(draft).length > 1;
            if (e.key === "Enter" && draft.trim() && several) {
              // Enter adds the text to the chips; a lone address (or nothing typed) submits the form.
              e.preventDefault();
              if (commit(draft)) onDraftChange("");
            } else if (e.key === "Backspace" && draft === "" && addresses.length > 0) {
              e.preventDefault();
              remove(addresses.at(-1)!);
            }
          }}
          // Leaving the field keeps the text as it is (it is sent with the chips): turning it into a
          // chip here would reflow the box under a pointer on its way to the Send button.
          onBlur={onBlur}
        />
      </div>
      <p className="sr-only" aria-live="polite">
        {announcement}
      </p>
    </div>
  );
}

function Chip({ address, note, onRemove }: { address: string; note: AddressNote; onRemove: () => void }) {
  const tone =
    note?.tone === "error"
      ? "bg-red-50 text-red-800 ring-red-200"
      : note?.tone === "warning"
        ? "bg-amber-50 text-amber-900 ring-amber-200"
        : "bg-slate-100 text-slate-800 ring-slate-200";
  return (
    <li
      className={`inline-flex max-w-full items-center gap-1 rounded-full py-0.5 pr-0.5 pl-2.5 text-sm ring-1 ring-inset ${tone}`}
      data-testid="address-chip"
      data-tone={note?.tone ?? "ok"}
      title={note?.text}
    >
      <span className="truncate">{address}</span>
      {note ? <span className="sr-only">: {note.text}</span> : null}
      <button
        type="button"
        onClick={(e) => {
          e.stopPropagation();
          onRemove();
        }}
        aria-label={`Remove ${address}`}
        className="inline-flex size-6 items-center justify-center rounded-full text-base leading-none hover:bg-slate-900/10 focus-visible:ring-2 focus-visible:ring-brand-600 focus-visible:outline-none"
      >
        <span aria-hidden>×</span>
      </button>
    </li>
  );
}
