import { describe, expect, it } from "vitest";

import { cleanEmailCell, fileSizeProblem, MAX_FILE_BYTES, parseBulkInput } from "./parse";

describe("parseBulkInput", () => {
  it("reads a headed CSV with the standard names", () => {
    const p = parseBulkInput("email,course,role\na@x.edu,123,STUDENT\nb@x.edu,Algebra I,teacher\n");
    expect(p.hasHeader).toBe(true);
    expect(p.rows).toEqual([
      { line: 2, email: "a@x.edu", course: "123", role: "STUDENT" },
      { line: 3, email: "b@x.edu", course: "Algebra I", role: "teacher" },
    ]);
    expect(p.problems).toEqual([]);
  });

  it("drops a UTF-8 BOM and understands ; delimiters (Excel in many locales)", () => {
    const p = parseBulkInput("\uFEFFEmail;Course;Role\r\na@x.edu;123;OWNER\r\n");
    expect(p.delimiter).toBe(";");
    expect(p.columns.email).toBe("Email");
    expect(p.rows).toEqual([{ line: 2, email: "a@x.edu", course: "123", role: "OWNER" }]);
  });

  it("accepts tab-separated paste from a spreadsheet", () => {
    const p = parseBulkInput("a@x.edu\t123\tSTUDENT\nb@x.edu\t456\tTEACHER");
    expect(p.hasHeader).toBe(false);
    expect(p.rows.map((r) => [r.email, r.course, r.role])).toEqual([
      ["a@x.edu", "123", "STUDENT"],
      ["b@x.edu", "456", "TEACHER"],
    ]);
  });

  it.each([
    ["user,courseId,type", "GAM user/courseId/type"],
    ["userId,alias,role", "userId/alias"],
    ["member,class,role", "member/class"],
    ["Email Address,Course Name,Course Role", "spaced names"],
    ["userEmail,courseId,role", "GAM print output"],
  ])("maps tolerant headers: %s (%s)", (header) => {
    const p = parseBulkInput(`${header}\na@x.edu,123,TEACHER`);
    expect(p.hasHeader).toBe(true);
    expect(p.rows).toEqual([{ line: 2, email: "a@x.edu", course: "123", role: "TEACHER" }]);
  });

  it("finds columns in any order and ignores extra ones", () => {
    const p = parseBulkInput("role,notes,course,email\nteacher,hi,123,a@x.edu");
    expect(p.rows).toEqual([{ line: 2, email: "a@x.edu", course: "123", role: "teacher" }]);
  });

  it("keeps quoted delimiters and newlines inside a cell, numbering spreadsheet rows", () => {
    const p = parseBulkInput(
      'email,course,role\n"a@x.edu","Algebra I, Period 1",STUDENT\nb@x.edu,"Line one\nline two",STUDENT\nc@x.edu,9,STUDENT',
    );
    expect(p.rows[0]).toEqual({ line: 2, email: "a@x.edu", course: "Algebra I, Period 1", role: "STUDENT" });
    expect(p.rows[1]!.course).toBe("Line one\nline two");
    expect(p.rows[1]!.line).toBe(3);
    expect(p.rows[2]!.line).toBe(4);
  });

  it("reads a one-column list of emails with the defaults", () => {
    const p = parseBulkInput("a@x.edu\n\nb@x.edu\n", { course: "123", role: "TEACHER" });
    expect(p.rows).toEqual([
      { line: 1, email: "a@x.edu", course: "123", role: "TEACHER" },
      { line: 3, email: "b@x.edu", course: "123", role: "TEACHER" },
    ]);
    expect(p.problems).toEqual([]);
  });

  it("uses the defaults only for empty cells", () => {
    const p = parseBulkInput("email,course,role\na@x.edu,,\nb@x.edu,9,OWNER", { course: "123", role: "STUDENT" });
    expect(p.rows.map((r) => [r.course, r.role])).toEqual([
      ["123", "STUDENT"],
      ["9", "OWNER"],
    ]);
  });

  it("keeps duplicate and bad rows for the preview to report", () => {
    const p = parseBulkInput("email,course\na@x.edu,1\na@x.edu,1\nnot-an-email,1");
    expect(p.rows).toHaveLength(3);
  });

  it("explains a header without an email column", () => {
    const p = parseBulkInput("course,role\n123,STUDENT");
    expect(p.rows).toEqual([]);
    expect(p.problems[0]).toMatch(/No email column/);
  });

  it("explains empty input and a header with no rows", () => {
    expect(parseBulkInput("  \n\n").problems[0]).toMatch(/nothing to read/);
    expect(parseBulkInput("email,course,role\n").problems[0]).toMatch(/no rows/);
  });

  it("reports an unclosed quote", () => {
    const p = parseBulkInput('email,course\n"a@x.edu,1\nb@x.edu,2');
    expect(p.problems.join(" ")).toMatch(/never closed/);
  });

  it("handles 500 rows quickly", () => {
    const lines = ["email,course,role", ...Array.from({ length: 500 }, (_, i) => `s${i}@x.edu,123,STUDENT`)];
    const started = performance.now();
    const p = parseBulkInput(lines.join("\n"));
    expect(p.rows).toHaveLength(500);
    expect(p.rows.at(-1)!.line).toBe(501);
    expect(performance.now() - started).toBeLessThan(500);
  });
});

describe("cleanEmailCell", () => {
  it.each([
    ["  a@x.edu ", "a@x.edu"],
    ["Priya Raman <Priya@X.edu>", "Priya@X.edu"],
    ["mailto:a@x.edu", "a@x.edu"],
    ["nonsense", "nonsense"],
  ])("%s → %s", (input, expected) => {
    expect(cleanEmailCell(input)).toBe(expected);
  });
});

describe("fileSizeProblem", () => {
  it("accepts up to 10 MB and refuses more, clearly", () => {
    expect(fileSizeProblem(MAX_FILE_BYTES)).toBeNull();
    expect(fileSizeProblem(MAX_FILE_BYTES + 1)).toMatch(/limit is 10 MB/);
    expect(fileSizeProblem(12 * 1024 * 1024)).toMatch(/12\.0 MB/);
  });
});
