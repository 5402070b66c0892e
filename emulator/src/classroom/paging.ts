/**
 * pageSize/pageToken for every list method.
 * Tokens are opaque: base64url of {offset, hash of the filter parameters}. Reusing a
 * token with different filters → 400 INVALID_ARGUMENT (A: Google says only that "the list
 * request must be otherwise identical"). `pageSize` is excluded from the hash so a client
 * may change it between pages (A).
 */
import { createHash } from "node:crypto";
import { badRequest } from "../errors";

export interface Page<T> {
  items: T[];
  nextPageToken?: string;
}

export function parsePageSize(query: URLSearchParams, defaultSize: number, maxSize: number): number {
  const raw = query.get("pageSize");
  if (raw === null || raw === "") return defaultSize;
  if (!/^-?\d+$/.test(raw)) throw badRequest(`Invalid value at 'page_size' (TYPE_INT32), "${raw}"`);
  const n = Number(raw);
  if (n < 0) throw badRequest("pageSize must not be negative.");
  if (n === 0) return defaultSize;
  return Math.min(n, maxSize);
}

function filterHash(filterKey: string): string {
  return createHash("sha256").update(filterKey).digest("base64url").slice(0, 16);
}

export function decodeOffset(query: URLSearchParams, filterKey: string): number {
  const token = query.get("pageToken");
  if (!token) return 0;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(token, "base64url").toString("utf8"));
  } catch {
    throw badRequest("Invalid page token.");
  }
  const rec = parsed as { o?: unknown; h?: unknown } | null;
  if (!rec || typeof rec.o !== "number" || !Number.isInteger(rec.o) || rec.o < 0 || typeof rec.h !== "string") {
    throw badRequest("Invalid page token.");
  }
  if (rec.h !== filterHash(filterKey)) {
    throw badRequest("The page token does not match the list request; the request must be otherwise identical.");
  }
  return rec.o;
}

export function encodeToken(offset: number, filterKey: string): string {
  return Buffer.from(JSON.stringify({ o: offset, h: filterHash(filterKey) })).toString("base64url");
}

/** Slices `all` for the request and builds the next token (omitted on the last page). */
export function paginate<T>(
  all: readonly T[],
  query: URLSearchParams,
  filterKey: string,
  defaultSize: number,
  maxSize: number,
  /**
   * Pages before the last one come back short, as Google's may ("The server may return fewer
   * than the specified number of results"), by a fraction that differs from list to list and
   * page to page (a quarter to three quarters of `pageSize`, fixed by the filter and offset):
   * clients must follow `nextPageToken`, and must not assume two lists' first pages line up.
   */
  short = false,
): Page<T> {
  const size = parsePageSize(query, defaultSize, maxSize);
  const offset = decodeOffset(query, filterKey);
  const take = short && offset + size < all.length ? shortSize(size, `${filterKey}|${offset}`) : size;
  const items = all.slice(offset, offset + take);
  const end = offset + items.length;
  return end < all.length ? { items, nextPageToken: encodeToken(end, filterKey) } : { items };
}

function shortSize(size: number, seed: string): number {
  const fraction = 0.25 + (createHash("sha256").update(seed).digest()[0]! / 255) * 0.5;
  return Math.max(1, Math.min(size - 1, Math.round(size * fraction)));
}

/** Builds the proto3-style list body: empty arrays and tokens are omitted. */
export function listBody<T>(key: string, page: Page<T>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (page.items.length) out[key] = page.items;
  if (page.nextPageToken) out.nextPageToken = page.nextPageToken;
  return out;
}
