import { describe, expect, it } from "vitest";

import { MAX_BULK_ROWS } from "@/lib/actions/invitations.limits";
import { MAX_REQUEST_BODY_BYTES } from "@/lib/request-limits";

import { bodyLimitProblem, encodedBytes, rowLimitProblem } from "./limits";

const row = (i: number, email: string, course: string) => ({ line: i + 2, email, course, role: "STUDENT" });

describe("bulk limits", () => {
  it("names the row limit and the list's own row count", () => {
    expect(rowLimitProblem(MAX_BULK_ROWS, MAX_BULK_ROWS)).toBeNull();
    expect(rowLimitProblem(131_072, MAX_BULK_ROWS)).toBe(
      "This list has 131,072 rows; the limit is 1,000 per preview. Split it into lists of 1,000 rows or fewer and preview them one at a time.",
    );
  });

  it("lets the largest legitimate preview through: 1,000 rows with long addresses and class names", () => {
    // RFC 5321 caps an address at 254 characters; 500 characters is a very long class name.
    const rows = Array.from({ length: MAX_BULK_ROWS }, (_, i) =>
      row(i, `${"a".repeat(240)}@school.edu`, "Ж".repeat(250)),
    );
    expect(encodedBytes([{ rows }])).toBeLessThan(MAX_REQUEST_BODY_BYTES);
    expect(bodyLimitProblem([{ rows }])).toBeNull();
    // A typical list is a tenth of the limit.
    const typical = Array.from({ length: MAX_BULK_ROWS }, (_, i) =>
      row(i, `student${i}@northwood.edu`, "Algebra I (Period 1)"),
    );
    expect(encodedBytes([{ rows: typical }])).toBeLessThan(MAX_REQUEST_BODY_BYTES / 10);
  });

  it("says a list is over the body limit, in megabytes, counting UTF-8 bytes", () => {
    const rows = Array.from({ length: MAX_BULK_ROWS }, (_, i) => row(i, `s${i}@northwood.edu`, "é".repeat(600)));
    expect(bodyLimitProblem([{ rows }])).toMatch(/^This list is 1\.2 MB to send; the limit is 1 MB per preview\./);
  });
});
