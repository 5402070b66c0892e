// CSV import edge cases beyond parse.test.ts (BOM, `;`, quoted newlines, the 10 MB
// limit and duplicates are covered there): fuzzing never throws, hostile cells stay data, and
// export neutralises every formula trigger.
import fc from "fast-check";
import Papa from "papaparse";
import { describe, expect, it } from "vitest";

import { toCsv } from "@/lib/view/csv";

import { fileSizeProblem, MAX_FILE_BYTES, parseBulkInput } from "./parse";

const SEED = 20_260_606;

describe("bulk CSV: hostile input", () => {
  it("never throws on random text, and every row it returns is well formed", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", maxLength: 400 }), (text) => {
        const p = parseBulkInput(text);
        for (const r of p.rows ?? []) {
          expect(Number.isInteger(r.line)).toBe(true);
          expect(typeof r.email).toBe("string");
        }
      }),
      { seed: SEED, numRuns: 500 },
    );
  });

  it("never throws on CSV-shaped noise: quotes, delimiters, BOMs, CR/LF, NUL", () => {
    const piece = fc.constantFrom(
      '"',
      '""',
      ",",
      ";",
      "\t",
      "\r\n",
      "\n",
      "\r",
      "\uFEFF",
      "\u0000",
      "=",
      "@",
      "a@b.edu",
      "email",
      "course",
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 60 }), (parts) => {
        expect(() => parseBulkInput(parts.join(""))).not.toThrow();
      }),
      { seed: SEED, numRuns: 500 },
    );
  });

  it("a `__proto__` column or cell is data, not an object key", () => {
    const p = parseBulkInput('email,course,__proto__,constructor\na@northwood.edu,d:chem,{"isAdmin":true},x\n');
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
    expect(p.rows?.[0]?.email).toBe("a@northwood.edu");
  });

  it("formula and script payloads come through as plain text", () => {
    const p = parseBulkInput('email,course\n"=HYPERLINK(""http://x"")",<img src=x onerror=alert(1)>\n');
    expect(p.rows?.[0]?.email).toBe('=HYPERLINK("http://x")');
    expect(p.rows?.[0]?.course).toBe("<img src=x onerror=alert(1)>");
  });

  // Finding F6, fixed: a quoted newline inside a `;` file used to defeat delimiter detection.
  it("CRLF, BOM and `;` together, with a quoted newline inside a cell", () => {
    const p = parseBulkInput(
      '\uFEFFemail;course\r\na@northwood.edu;"Algebra I\r\nPeriod 1"\r\nb@northwood.edu;d:chem\r\n',
    );
    expect(p.rows?.map((r) => r.email)).toEqual(["a@northwood.edu", "b@northwood.edu"]);
    expect(p.rows?.[0]?.course).toContain("Period 1");
  });

  it("refuses anything above 10 MB before reading it", () => {
    expect(fileSizeProblem(MAX_FILE_BYTES + 1)).toMatch(/10 MB/);
    expect(fileSizeProblem(500 * 1024 * 1024)).toMatch(/10 MB/);
  });
});

describe("export: every formula trigger neutralised (round trip through a CSV parser)", () => {
  it("for any cell text", () => {
    fc.assert(
      fc.property(fc.array(fc.string({ maxLength: 30 }), { minLength: 1, maxLength: 5 }), (cells) => {
        const csv = toCsv(
          [cells],
          cells.map((_, i) => ({ header: `c${i}`, value: (r: string[]) => r[i] })),
        );
        const back = Papa.parse<string[]>(csv, { skipEmptyLines: false }).data[1] ?? [];
        back.forEach((cell, i) => {
          expect(cell).not.toMatch(/^[=+\-@\t\r]/);
          // Nothing lost: the original text is there, at most behind one apostrophe.
          expect([cells[i], `'${cells[i]}`]).toContain(cell);
        });
      }),
      { seed: SEED, numRuns: 300 },
    );
  });
});
