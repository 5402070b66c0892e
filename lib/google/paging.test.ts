import { describe, expect, it } from "vitest";
import { listAll, pages, type Page } from "./paging";

function server(book: Record<string, Page<number>>) {
  const seen: (string | undefined)[] = [];
  const fetchPage = async (token?: string) => {
    seen.push(token);
    const page = book[token ?? ""];
    if (!page) throw new Error(`unexpected token ${token}`);
    return page;
  };
  return { fetchPage, seen };
}

describe("listAll", () => {
  it("walks every page in order, passing each token", async () => {
    const s = server({
      "": { items: [1, 2], nextPageToken: "a" },
      a: { items: [3], nextPageToken: "b" },
      b: { items: [4] },
    });
    await expect(listAll(s.fetchPage)).resolves.toEqual([1, 2, 3, 4]);
    expect(s.seen).toEqual([undefined, "a", "b"]);
  });

  it("treats omitted arrays and empty/null tokens as empty / last page", async () => {
    await expect(listAll(server({ "": {} }).fetchPage)).resolves.toEqual([]);
    await expect(listAll(server({ "": { items: null, nextPageToken: "" } }).fetchPage)).resolves.toEqual([]);
    await expect(
      listAll(server({ "": { nextPageToken: "x" }, x: { items: [9], nextPageToken: null } }).fetchPage),
    ).resolves.toEqual([9]);
  });

  it("refuses to loop on a repeated token", async () => {
    const s = server({ "": { items: [1], nextPageToken: "a" }, a: { items: [2], nextPageToken: "a" } });
    await expect(listAll(s.fetchPage)).rejects.toThrow(/already returned/);
  });

  it("fails loudly past maxPages rather than returning a partial list", async () => {
    const s = server({
      "": { items: [1], nextPageToken: "a" },
      a: { items: [2], nextPageToken: "b" },
      b: { items: [3] },
    });
    await expect(listAll(s.fetchPage, { maxPages: 2 })).rejects.toThrow(/2 pages/);
    await expect(listAll(s.fetchPage, { maxPages: 3 })).resolves.toEqual([1, 2, 3]);
  });

  it("stops when aborted", async () => {
    const controller = new AbortController();
    const s = server({ "": { items: [1], nextPageToken: "a" }, a: { items: [2] } });
    const fetchPage = async (t?: string) => {
      const page = await s.fetchPage(t);
      controller.abort(new Error("stop"));
      return page;
    };
    await expect(listAll(fetchPage, { signal: controller.signal })).rejects.toThrow("stop");
    expect(s.seen).toEqual([undefined]);
  });

  it("propagates a page error", async () => {
    await expect(listAll(async () => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
  });
});

describe("pages", () => {
  it("yields page by page, lazily", async () => {
    const s = server({
      "": { items: [1], nextPageToken: "a" },
      a: { items: [], nextPageToken: "b" },
      b: { items: [2, 3] },
    });
    const it = pages(s.fetchPage);
    expect((await it.next()).value).toEqual([1]);
    expect(s.seen).toEqual([undefined]);
    const rest: number[][] = [];
    for await (const p of it) rest.push(p);
    expect(rest).toEqual([[], [2, 3]]);
  });
});
