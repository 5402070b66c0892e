// Paging for Classroom list methods. The API omits empty arrays and the
// last page's `nextPageToken` (docs/classroom-api.md §1), so both are optional.

export interface Page<T> {
  items?: T[] | null;
  nextPageToken?: string | null;
}

export interface PagingOptions {
  /** Loop guard. Default 1,000 pages (500,000 invitations at the default page size). */
  maxPages?: number;
  signal?: AbortSignal;
}

export const DEFAULT_MAX_PAGES = 1_000;

/** Yields each page's items (never undefined) until the server stops returning a token. */
export async function* pages<T>(
  fetchPage: (pageToken?: string) => Promise<Page<T>>,
  opts: PagingOptions = {},
): AsyncGenerator<T[], void, undefined> {
  const maxPages = opts.maxPages ?? DEFAULT_MAX_PAGES;
  const seen = new Set<string>();
  let token: string | undefined;
  for (let n = 0; ; n++) {
    if (opts.signal?.aborted) throw opts.signal.reason ?? new DOMException("The operation was aborted.", "AbortError");
    if (n >= maxPages) {
      // Stopping silently would show a wrong total as if it were final; fail loudly instead.
      throw new Error(`Paging stopped after ${maxPages} pages with more results remaining.`);
    }
    const page = await fetchPage(token);
    yield page.items ?? [];
    const next = page.nextPageToken || undefined;
    if (!next) return;
    if (seen.has(next)) throw new Error("The server returned a page token it had already returned.");
    seen.add(next);
    token = next;
  }
}

/** Every item of every page, in order. */
export async function listAll<T>(
  fetchPage: (pageToken?: string) => Promise<Page<T>>,
  opts: PagingOptions = {},
): Promise<T[]> {
  const all: T[] = [];
  for await (const items of pages(fetchPage, opts)) all.push(...items);
  return all;
}
