/**
 * Reads the CSVs out of a .zip, with every size checked before it costs anything:
 * - the upload's own size first (limits.ts), then the central directory's entry count and
 *   declared sizes, before a byte is inflated;
 * - while inflating, the bytes actually produced, since a zip bomb declares small sizes and
 *   inflates to gigabytes: inflating stops as soon as an entry outgrows its declared size or
 *   the upload outgrows the limit.
 * fflate does the inflating (README, "Roster": chosen by measurement). Zip64, encrypted and
 * non-deflate entries are refused: OneRoster exports use none of them.
 */
import { Inflate } from "fflate";

import { MAX_ROSTER_INFLATED_BYTES, MAX_ZIP_ENTRIES, inflatedLimitText } from "./limits";

export type ZipEntry = { name: string; bytes: Uint8Array };
export type Unzipped = { ok: true; entries: ZipEntry[] } | { ok: false; message: string };

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
/**
 * Inflate input fed this much at a time, so an overflowing entry stops within one step: deflate
 * expands at most ~1,032 times, so one step produces at most ~4 MB.
 */
const STEP = 4 * 1024;

class ZipRefused extends Error {}

export function isZip(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
}

/** Only the entries `want` accepts (by base name) are inflated; the rest are skipped unread. */
export function unzipRoster(name: string, bytes: Uint8Array, want: (base: string) => boolean): Unzipped {
  try {
    return { ok: true, entries: read(name, bytes, want) };
  } catch (e) {
    if (e instanceof ZipRefused) return { ok: false, message: e.message };
    return { ok: false, message: `${name} is not a readable zip file.` };
  }
}

function read(name: string, bytes: Uint8Array, want: (base: string) => boolean): ZipEntry[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const u32 = (at: number) => {
    if (at < 0 || at + 4 > bytes.length) throw new ZipRefused(`${name} is not a readable zip file.`);
    return view.getUint32(at, true);
  };
  const u16 = (at: number) => {
    if (at < 0 || at + 2 > bytes.length) throw new ZipRefused(`${name} is not a readable zip file.`);
    return view.getUint16(at, true);
  };

  // The end-of-central-directory record: the last 22 bytes, or before a comment of up to 64 KiB.
  let eocd = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 0xffff); i--) {
    if (view.getUint32(i, true) === EOCD) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new ZipRefused(`${name} is not a readable zip file.`);
  const count = u16(eocd + 10);
  const cdOffset = u32(eocd + 16);
  if (count === 0xffff || cdOffset === 0xffffffff)
    throw new ZipRefused(`${name} is a Zip64 archive, which is not supported.`);
  if (count > MAX_ZIP_ENTRIES)
    throw new ZipRefused(`${name} holds ${count} files; a OneRoster export has at most ${MAX_ZIP_ENTRIES}.`);

  type Listed = { base: string; method: number; flags: number; compressed: number; size: number; local: number };
  const listed: Listed[] = [];
  let at = cdOffset;
  let declared = 0;
  for (let i = 0; i < count; i++) {
    if (u32(at) !== CENTRAL) throw new ZipRefused(`${name} is not a readable zip file.`);
    const flags = u16(at + 8);
    const method = u16(at + 10);
    const compressed = u32(at + 20);
    const size = u32(at + 24);
    const nameLen = u16(at + 28);
    const extraLen = u16(at + 30);
    const commentLen = u16(at + 32);
    const local = u32(at + 42);
    const full = new TextDecoder().decode(bytes.subarray(at + 46, at + 46 + nameLen));
    at += 46 + nameLen + extraLen + commentLen;
    const base = full.split("/").pop() ?? "";
    // Folders and macOS resource forks carry no roster.
    if (base === "" || full.startsWith("__MACOSX/") || base.startsWith("._") || !want(base)) continue;
    if (size === 0xffffffff || compressed === 0xffffffff)
      throw new ZipRefused(`${name} is a Zip64 archive, which is not supported.`);
    if (flags & 1) throw new ZipRefused(`${name} is password-protected; export it without a password.`);
    if (method !== 0 && method !== 8)
      throw new ZipRefused(`${base} in ${name} uses a compression method other than deflate; re-zip it.`);
    declared += size;
    if (declared > MAX_ROSTER_INFLATED_BYTES) throw new ZipRefused(inflatedLimitText(name));
    listed.push({ base, method, flags, compressed, size, local });
  }

  let produced = 0;
  return listed.map((e) => {
    if (u32(e.local) !== LOCAL) throw new ZipRefused(`${name} is not a readable zip file.`);
    const start = e.local + 30 + u16(e.local + 26) + u16(e.local + 28);
    const data = bytes.subarray(start, start + e.compressed);
    if (data.length !== e.compressed) throw new ZipRefused(`${name} is cut short; download it again.`);
    if (e.method === 0) {
      produced += data.length;
      return { name: e.base, bytes: data };
    }
    const out = new Uint8Array(e.size);
    let filled = 0;
    const inflater = new Inflate((chunk) => {
      // The declared size is a promise the entry must keep; the running total, the upload's.
      if (filled + chunk.length > e.size || produced + chunk.length > MAX_ROSTER_INFLATED_BYTES) {
        throw new ZipRefused(
          produced + chunk.length > MAX_ROSTER_INFLATED_BYTES
            ? inflatedLimitText(name)
            : `${e.base} in ${name} inflates beyond the size it declares; the archive is damaged or hostile, and nothing in it was read.`,
        );
      }
      out.set(chunk, filled);
      filled += chunk.length;
      produced += chunk.length;
    });
    for (let i = 0; i < data.length; i += STEP) {
      inflater.push(data.subarray(i, i + STEP), i + STEP >= data.length);
    }
    if (data.length === 0) inflater.push(new Uint8Array(0), true);
    if (filled !== e.size) throw new ZipRefused(`${e.base} in ${name} is damaged (its size does not match).`);
    return { name: e.base, bytes: out };
  });
}
