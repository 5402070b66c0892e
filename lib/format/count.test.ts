import { describe, expect, it } from "vitest";

import { countText, plural } from "./count";

describe("countText", () => {
  it("uses the singular for exactly one and the plural otherwise", () => {
    expect(countText(1)).toBe("1 invitation");
    expect(countText(0)).toBe("0 invitations");
    expect(countText(2)).toBe("2 invitations");
    expect(countText(1234)).toBe("1,234 invitations");
  });

  it("pluralises the last word of a phrase, with English spelling", () => {
    expect(countText(2, "duplicate row")).toBe("2 duplicate rows");
    expect(countText(1, "duplicate row")).toBe("1 duplicate row");
    expect(countText(3, "class")).toBe("3 classes");
    expect(countText(2, "entry")).toBe("2 entries");
    expect(countText(2, "day")).toBe("2 days");
    expect(countText(2, "person", "people")).toBe("2 people");
  });
});

describe("plural", () => {
  it("gives the word alone, for sentences that place the number themselves", () => {
    expect(plural("invitation", 1)).toBe("invitation");
    expect(plural("was", 2, "were")).toBe("were");
  });
});
