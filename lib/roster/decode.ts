/**
 * Bytes to text. OneRoster files are UTF-8 (with or without a byte-order mark); spreadsheets
 * also save UTF-16 ("Unicode text"). Anything else (Windows-1252, Latin-1, binary) is refused
 * with a sentence saying how to fix it: guessing a legacy code page silently corrupts names.
 */
export type Decoded =
  { ok: true; text: string; encoding: "utf-8" | "utf-16le" | "utf-16be" } | { ok: false; message: string };

const REFUSED =
  "is not UTF-8 or UTF-16 text (it looks like another encoding, such as Windows-1252). Save it as “CSV UTF-8” and upload it again.";

export function decodeText(name: string, bytes: Uint8Array): Decoded {
  const [a, b, c] = bytes;
  if (a === 0xef && b === 0xbb && c === 0xbf) return utf8(name, bytes.subarray(3));
  if (a === 0xff && b === 0xfe) return utf16(name, bytes.subarray(2), "utf-16le");
  if (a === 0xfe && b === 0xff) return utf16(name, bytes.subarray(2), "utf-16be");
  // UTF-16 without a mark: ASCII text has a zero in every other byte.
  const sample = bytes.subarray(0, 512);
  let evenZeros = 0;
  let oddZeros = 0;
  for (let i = 0; i < sample.length; i++) {
    if (sample[i] !== 0) continue;
    if (i % 2 === 0) evenZeros++;
    else oddZeros++;
  }
  const half = sample.length / 2;
  if (half >= 4 && oddZeros > half * 0.6 && evenZeros === 0) return utf16(name, bytes, "utf-16le");
  if (half >= 4 && evenZeros > half * 0.6 && oddZeros === 0) return utf16(name, bytes, "utf-16be");
  if (evenZeros + oddZeros > 0) return { ok: false, message: `${name} is not a text file.` };
  return utf8(name, bytes);
}

function utf8(name: string, bytes: Uint8Array): Decoded {
  try {
    const text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    if (text.includes("\u0000")) return { ok: false, message: `${name} is not a text file.` };
    return { ok: true, text, encoding: "utf-8" };
  } catch {
    return { ok: false, message: `${name} ${REFUSED}` };
  }
}

function utf16(name: string, bytes: Uint8Array, encoding: "utf-16le" | "utf-16be"): Decoded {
  if (bytes.length % 2 !== 0) return { ok: false, message: `${name} ${REFUSED}` };
  try {
    const text = new TextDecoder(encoding, { fatal: true }).decode(bytes).replace(/^\uFEFF/, "");
    if (text.includes("\u0000")) return { ok: false, message: `${name} is not a text file.` };
    return { ok: true, text, encoding };
  } catch {
    return { ok: false, message: `${name} ${REFUSED}` };
  }
}
