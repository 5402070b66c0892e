"use client";

import { useCallback, useEffect, useMemo, useRef, useState, type ChangeEvent } from "react";

import { parseBulkSummary, type BulkDefaults, type BulkParse } from "./parse-summary";

/** Below this a parse takes a few milliseconds: done in render, as before. */
const INLINE_PARSE_CHARS = 200_000;
/** A large list is read and parsed once typing pauses, not on every keystroke. */
const LARGE_PARSE_DELAY_MS = 250;

type Answer = { id: number; result: BulkParse };

/**
 * The parsed list for `text`. Small lists are parsed in render; large ones in a Web Worker
 * (a 7 MB paste took 2.6 s of main thread per parse), or, where workers are unavailable,
 * after a pause in typing. `parsing` is true while the shown result is not yet `text`'s.
 */
export function useParsedBulk(text: string, defaults: BulkDefaults): { result: BulkParse | null; parsing: boolean } {
  const { course, role } = defaults;
  // Not `text.trim()`: that copies a several-megabyte list on every render.
  const empty = !/\S/.test(text);
  const large = text.length > INLINE_PARSE_CHARS;
  const inline = useMemo(
    () => (empty || large ? null : parseBulkSummary(text, { course, role })),
    [text, empty, large, course, role],
  );

  const key = `${course}\u0000${role}\u0000${text}`;
  const [background, setBackground] = useState<{ key: string; result: BulkParse } | null>(null);
  const worker = useRef<Worker | null | undefined>(undefined);
  const latest = useRef(0);

  useEffect(() => () => worker.current?.terminate(), []);

  useEffect(() => {
    if (!large) return;
    const id = ++latest.current;
    const timer = setTimeout(() => {
      const inPage = () => setBackground({ key, result: parseBulkSummary(text, { course, role }) });
      const w = workerFor(
        worker,
        (answer) => {
          if (answer.id === latest.current) setBackground({ key, result: answer.result });
        },
        () => {
          if (id === latest.current) inPage();
        },
      );
      if (w) w.postMessage({ id, text, defaults: { course, role } });
      else inPage();
    }, LARGE_PARSE_DELAY_MS);
    return () => clearTimeout(timer);
  }, [large, key, text, course, role]);

  if (empty) return { result: null, parsing: false };
  if (!large) return { result: inline, parsing: false };
  return { result: background?.key === key ? background.result : null, parsing: background?.key !== key };
}

/**
 * An uncontrolled textarea's text. Once the list is large, reading it on every keystroke costs:
 * the browser builds a long string from the field, and the page re-renders and re-checks it. So a
 * large list is read once typing pauses, and `stale` says meanwhile that the shown result is not
 * the field's yet. A small list is read at once. Text over `maxChars` is taken out of the field
 * and handed to `onTooLong`: the browser's own editing of a field that long costs a second or more
 * per key, whatever the page does.
 */
export function useTextareaText(
  maxChars: number,
  onTooLong: (text: string) => void,
): {
  text: string;
  stale: boolean;
  onChange: (e: ChangeEvent<HTMLTextAreaElement>) => void;
} {
  const [text, setText] = useState("");
  const [stale, setStale] = useState(false);
  const large = useRef(false);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);
  const onChange = useCallback(
    (e: ChangeEvent<HTMLTextAreaElement>) => {
      const field = e.currentTarget;
      clearTimeout(timer.current);
      const read = () => {
        let value = field.value;
        if (value.length > maxChars) {
          field.value = "";
          onTooLong(value);
          value = "";
        }
        large.current = value.length > INLINE_PARSE_CHARS;
        setStale(false);
        setText(value);
      };
      if (!large.current) return read();
      setStale(true);
      timer.current = setTimeout(read, LARGE_PARSE_DELAY_MS);
    },
    [maxChars, onTooLong],
  );
  return { text, stale, onChange };
}

/** The page's one parse worker, created on first use; null where it cannot run (then parse in the page). */
function workerFor(
  ref: { current: Worker | null | undefined },
  onAnswer: (a: Answer) => void,
  onFail: () => void,
): Worker | null {
  if (ref.current === undefined) {
    try {
      ref.current = new Worker(new URL("./parse.worker.ts", import.meta.url), { type: "module" });
    } catch {
      ref.current = null;
    }
  }
  const w = ref.current;
  if (!w) return null;
  w.onmessage = (e: MessageEvent<Answer>) => onAnswer(e.data);
  w.onerror = () => {
    w.terminate();
    ref.current = null;
    onFail();
  };
  return w;
}
