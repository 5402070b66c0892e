import Papa from "papaparse";
import { describe, expect, it } from "vitest";

import { csvFileName, neutraliseCell, toCsv } from "./csv";

describe("neutraliseCell", () => {
  it.each([
    ["=1+1", "'=1+1"],
    ['=HYPERLINK("https://evil.example","Click me")', `'=HYPERLINK("https://evil.example","Click me")`],
    ["+1 Plus", "'+1 Plus"],
    ["-2 Minus", "'-2 Minus"],
    ["@SUM(A1:A9)", "'@SUM(A1:A9)"],
    ["\tTab", "'\tTab"],
    ["\rCR", "'\rCR"],
    ["  =padded", "'  =padded"],
  ])("prefixes %j", (input, expected) => {
    expect(neutraliseCell(input)).toBe(expected);
  });

  it.each([
    ["Priya Raman", "Priya Raman"],
    ["student@northwood.edu", "student@northwood.edu"],
    ["a=b", "a=b"],
    ["javascript:alert(1)", "javascript:alert(1)"],
    ["", ""],
  ])("leaves %j alone", (input, expected) => {
    expect(neutraliseCell(input)).toBe(expected);
  });

  it("turns null, undefined and numbers into text", () => {
    expect(neutraliseCell(null)).toBe("");
    expect(neutraliseCell(undefined)).toBe("");
    expect(neutraliseCell(42)).toBe("42");
    expect(neutraliseCell(-3)).toBe("'-3");
  });
});

describe("toCsv", () => {
  const columns = [
    { header: "Name", value: (r: { name: string; email: string }) => r.name },
    { header: "Email", value: (r: { name: string; email: string }) => r.email },
  ];

  it("writes a header, CRLF rows and quotes only where needed", () => {
    const csv = toCsv(
      [
        { name: "Alvarez, Marisol", email: "teacher@northwood.edu" },
        { name: 'Say "hi"', email: "x@y.z" },
      ],
      columns,
    );
    expect(csv).toBe('Name,Email\r\n"Alvarez, Marisol",teacher@northwood.edu\r\n"Say ""hi""",x@y.z');
  });

  it("round-trips through a parser with every dangerous cell neutralised", () => {
    const hostile = ['=HYPERLINK("https://evil.example","x")', "+1", "-2", "@SUM(A1)", "\tx", "\rx", "line\nbreak"];
    const csv = toCsv(
      hostile.map((name) => ({ name, email: name })),
      columns,
    );
    const parsed = Papa.parse<string[]>(csv, { newline: "\r\n" }).data.slice(1);
    expect(parsed).toHaveLength(hostile.length);
    for (const [i, row] of parsed.entries()) {
      for (const cell of row) {
        expect(cell).toBe(neutraliseCell(hostile[i]));
        expect(cell).not.toMatch(/^[=+\-@\t\r]/);
      }
    }
  });

  it("handles an empty table", () => {
    expect(toCsv([], columns)).toBe("Name,Email");
  });
});

describe("csvFileName", () => {
  it("stamps the date and time", () => {
    expect(csvFileName("invitations", new Date("2025-09-01T08:05:00Z"))).toBe("invitations-2025-09-01-08-05.csv");
  });
});
