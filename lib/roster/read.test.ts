import { readFileSync } from "node:fs";

import { strToU8, zipSync } from "fflate";
import { describe, expect, it } from "vitest";

import { MAX_ROSTER_FILE_BYTES } from "./limits";
import { filterRoster, problemText } from "./model";
import { readRoster } from "./read";
import {
  CLASSES_HEADER,
  ENROLLMENTS_HEADER,
  ROLES_HEADER,
  USERS_11_HEADER,
  USERS_12_HEADER,
  cls,
  enr,
  file,
  small11,
  user11,
  user12,
  zipOf,
} from "./test-files";

const texts = (r: ReturnType<typeof readRoster>) => r.problems.map(problemText);

describe("OneRoster 1.1", () => {
  it("reads classes, users and enrollments given as separate files", () => {
    const r = readRoster(small11());
    expect(r.format).toBe("oneroster-1.1");
    expect(r.problems).toEqual([]);
    expect(r.classes.map((c) => [c.key, c.title, c.aliases, c.schoolId, c.termIds])).toEqual([
      ["c1", "Algebra I", ["d:c1"], "sch1", ["t1"]],
      ["c2", "Biology", ["d:c2"], "sch2", ["t2"]],
    ]);
    expect(r.enrollments).toEqual([
      { classKey: "c1", email: "ana@school.edu", role: "STUDENT", primary: false },
      { classKey: "c1", email: "tea@school.edu", role: "TEACHER", primary: true },
      { classKey: "c2", email: "ben@school.edu", role: "STUDENT", primary: false },
      { classKey: "c2", email: "tea@school.edu", role: "TEACHER", primary: false },
    ]);
  });

  it("reads the same files from a zip, in a folder, ignoring macOS resource forks", () => {
    const files = small11();
    const zipped = {
      name: "x.zip",
      bytes: zipSync({
        "export/classes.csv": files[0]!.bytes,
        "export/users.csv": files[1]!.bytes,
        "export/enrollments.csv": files[2]!.bytes,
        "__MACOSX/export/._users.csv": strToU8("garbage"),
      }),
    };
    const r = readRoster([zipped]);
    expect(r.problems).toEqual([]);
    expect(r.enrollments).toHaveLength(4);
  });

  it("keeps quoted commas, quotes and newlines inside cells", () => {
    const r = readRoster([
      file("classes.csv", [
        CLASSES_HEADER,
        'c1,,,"Algebra I, ""Honors""\nPeriod 1",10,crs,,scheduled,,sch1,"t1,t2",,,',
      ]),
      file("users.csv", [USERS_11_HEADER, user11("u1", "ana@school.edu")]),
      file("enrollments.csv", [ENROLLMENTS_HEADER, enr("e1", "c1", "u1")]),
    ]);
    expect(r.problems).toEqual([]);
    expect(r.classes[0]!.title).toBe('Algebra I, "Honors"\nPeriod 1');
    expect(r.classes[0]!.termIds).toEqual(["t1", "t2"]);
  });

  it("skips rows marked tobedeleted, disabled users and roles it does not manage, and says so", () => {
    const r = readRoster([
      file("classes.csv", [
        CLASSES_HEADER,
        cls("c1", "Algebra I"),
        "c9,tobedeleted,,Old,10,crs,,scheduled,,sch1,t1,,,",
      ]),
      file("users.csv", [
        USERS_11_HEADER,
        user11("u1", "ana@school.edu"),
        user11("u2", "off@school.edu", "student", "false"),
        user11("u3", "aide@school.edu", "aide"),
      ]),
      file("enrollments.csv", [
        ENROLLMENTS_HEADER,
        enr("e1", "c1", "u1"),
        enr("e2", "c1", "u2"),
        enr("e3", "c1", "u3", "aide"),
        enr("e4", "c9", "u1"),
      ]),
    ]);
    expect(r.problems).toEqual([]);
    expect(r.classes.map((c) => c.key)).toEqual(["c1"]);
    expect(r.enrollments.map((e) => e.email)).toEqual(["ana@school.edu"]);
    expect(r.notes).toEqual([
      "1 disabled user (enabledUser = false) left out.",
      "1 enrollment with role “aide” left out: the sync manages students and teachers.",
    ]);
  });
});

describe("OneRoster 1.2", () => {
  it("takes roles from roles.csv", () => {
    const r = readRoster([
      file("classes.csv", [CLASSES_HEADER, cls("c1", "Algebra I")]),
      file("users.csv", [USERS_12_HEADER, user12("u1", "ana@school.edu"), user12("u2", "tea@school.edu")]),
      file("roles.csv", [ROLES_HEADER, "r1,,,u1,primary,student,,,sch1,", "r2,,,u2,primary,teacher,,,sch1,"]),
      file("enrollments.csv", [ENROLLMENTS_HEADER, enr("e1", "c1", "u1"), enr("e2", "c1", "u2", "teacher", "true")]),
    ]);
    expect(r.format).toBe("oneroster-1.2");
    expect(r.problems).toEqual([]);
    expect(r.enrollments.map((e) => [e.email, e.role, e.primary])).toEqual([
      ["ana@school.edu", "STUDENT", false],
      ["tea@school.edu", "TEACHER", true],
    ]);
  });

  it("reads the demo school's export (the repository's fixture and sample download)", () => {
    const zip = readFileSync("public/samples/northwood-oneroster-1.2.zip");
    const r = readRoster([{ name: "northwood-oneroster-1.2.zip", bytes: new Uint8Array(zip) }]);
    expect(r.format).toBe("oneroster-1.2");
    expect(r.problems).toEqual([]);
    expect(r.classes).toHaveLength(12);
    expect(r.enrollments).toHaveLength(326);
    expect(r.schools).toEqual([{ id: "org-nwhs", name: "Northwood High School" }]);
    expect(r.terms).toEqual([
      { id: "term-2025-26", name: "2025–26" },
      { id: "term-2025-fall", name: "Fall 2025" },
    ]);
    expect(filterRoster(r, { classKeys: ["chem"] }).classes.map((c) => c.title)).toEqual(["Chemistry"]);
  });
});

describe("filterRoster: one school, one term or some classes alone", () => {
  const cls = (key: string, schoolId: string | null, termIds: string[]) => ({
    key,
    title: key,
    aliases: [],
    schoolId,
    termIds,
  });
  const roster = {
    format: "oneroster-1.2" as const,
    classes: [
      cls("a", "s1", ["fall"]),
      cls("b", "s1", ["spring"]),
      cls("c", "s2", ["fall", "spring"]),
      cls("d", null, []),
    ],
    enrollments: ["a", "b", "c", "d"].map((k) => ({
      classKey: k,
      email: `${k}@x.edu`,
      role: "STUDENT" as const,
      primary: false,
    })),
    schools: [],
    terms: [],
    problems: [],
    notes: [],
  };
  const keys = (f: Parameters<typeof filterRoster>[1]) => {
    const r = filterRoster(roster, f);
    return [r.classes.map((c) => c.key), r.enrollments.map((e) => e.classKey)];
  };

  it("keeps each filter's classes and only their enrollments; filters combine; none keeps all", () => {
    expect(keys({ schoolIds: ["s1"] })).toEqual([
      ["a", "b"],
      ["a", "b"],
    ]);
    expect(keys({ termIds: ["spring"] })).toEqual([
      ["b", "c"],
      ["b", "c"],
    ]);
    expect(keys({ schoolIds: ["s1"], termIds: ["fall"] })).toEqual([["a"], ["a"]]);
    expect(keys({ classKeys: ["d"] })).toEqual([["d"], ["d"]]);
    expect(keys({ schoolIds: [], termIds: [] })[0]).toEqual(["a", "b", "c", "d"]);
  });
});

describe("hostile files: a clear, row-numbered error, nothing good lost", () => {
  it("missing required columns: the file is refused, naming every missing column", () => {
    const [classes, , enrollments] = small11();
    const r = readRoster([
      classes!,
      file("users.csv", ["sourcedId,role,email", "u1,student,ana@school.edu"]),
      enrollments!,
    ]);
    expect(texts(r)).toContain(
      "users.csv: required columns enabledUser, orgSourcedIds, username, givenName, familyName missing; nothing in this file was read.",
    );
    expect(r.enrollments).toEqual([]);
    expect(r.classes).toHaveLength(2);
  });

  it("a missing file is named", () => {
    const [classes, users] = small11();
    expect(texts(readRoster([classes!, users!]))).toEqual([
      "enrollments.csv: the file is missing; a OneRoster export needs classes.csv, users.csv and enrollments.csv.",
    ]);
  });

  it("duplicate sourcedIds: the first row stands, each repeat is reported with both rows", () => {
    const [, users, enrollments] = small11();
    const r = readRoster([
      file("classes.csv", [CLASSES_HEADER, cls("c1", "Algebra I"), cls("c2", "Biology"), cls("c1", "Algebra II")]),
      users!,
      enrollments!,
    ]);
    expect(texts(r)).toEqual(["classes.csv row 4: sourcedId c1 is already used on row 2; this row is ignored."]);
    expect(r.classes.map((c) => c.title)).toEqual(["Algebra I", "Biology"]);
    expect(r.enrollments).toHaveLength(4);
  });

  it("an enrollment pointing at an unknown class or user is reported; the others are kept", () => {
    const [classes, users] = small11();
    const r = readRoster([
      classes!,
      users!,
      file("enrollments.csv", [
        ENROLLMENTS_HEADER,
        enr("e1", "c1", "u1"),
        enr("e2", "nope", "u1"),
        enr("e3", "c2", "ghost"),
        enr("e4", "c2", "u2"),
      ]),
    ]);
    expect(texts(r)).toEqual([
      "enrollments.csv row 3: class nope is not in classes.csv; this enrollment is ignored.",
      "enrollments.csv row 4: user ghost is not in users.csv; this enrollment is ignored.",
    ]);
    expect(r.enrollments.map((e) => e.email)).toEqual(["ana@school.edu", "ben@school.edu"]);
  });

  it("a row with the wrong number of cells, or no email, is reported by row", () => {
    const [classes, , enrollments] = small11();
    const r = readRoster([
      classes!,
      file("users.csv", [
        USERS_11_HEADER,
        user11("u1", "ana@school.edu"),
        "u2,,,true,sch1,student",
        user11("u3", "not-an-email"),
        user11("u4", "tea@school.edu", "teacher"),
      ]),
      enrollments!,
    ]);
    expect(texts(r)).toEqual([
      "users.csv row 3: 6 cells where the header has 18; this row is ignored.",
      "users.csv row 4: no email address (email, or a username that is one); this user is ignored.",
      "enrollments.csv row 4: user u2 is not in users.csv; this enrollment is ignored.",
    ]);
    expect(r.enrollments.map((e) => e.email)).toEqual(["ana@school.edu"]);
  });

  it("bad encodings are refused by name; UTF-8 with or without a BOM and UTF-16 are read", () => {
    const [classes, users, enrollments] = small11();
    const text = new TextDecoder().decode(users!.bytes).replace("Given", "Zoë");
    const utf16le = new Uint8Array([
      0xff,
      0xfe,
      ...new Uint8Array(new Uint16Array([...text].map((c) => c.charCodeAt(0))).buffer),
    ]);
    const withBom = new Uint8Array([0xef, 0xbb, 0xbf, ...strToU8(text)]);
    for (const bytes of [utf16le, withBom, strToU8(text)]) {
      const r = readRoster([classes!, { name: "users.csv", bytes }, enrollments!]);
      expect(r.problems).toEqual([]);
      expect(r.enrollments).toHaveLength(4);
    }
    // "Zoë" in Windows-1252: ë is one byte, 0xEB, which is not valid UTF-8 here.
    const latin1 = Uint8Array.from([...text].map((c) => (c === "ë" ? 0xeb : c.charCodeAt(0))));
    const r = readRoster([classes!, { name: "users.csv", bytes: latin1 }, enrollments!]);
    expect(texts(r)).toEqual([
      "users.csv: users.csv is not UTF-8 or UTF-16 text (it looks like another encoding, such as Windows-1252). Save it as “CSV UTF-8” and upload it again.",
    ]);
    expect(r.classes).toHaveLength(2);
  });

  it("a 50 MB zip is refused from its size, before a byte is read", () => {
    const big = new Uint8Array(50 * 1024 * 1024);
    big.set([0x50, 0x4b, 0x03, 0x04]);
    const r = readRoster([{ name: "district.zip", bytes: big }]);
    expect(texts(r)).toEqual([
      "district.zip: district.zip is 50.0 MB; the limit is 20.0 MB. Export one school or one term at a time.",
    ]);
    expect(big.length).toBeGreaterThan(MAX_ROSTER_FILE_BYTES);
  });

  it("a zip bomb is refused from its declared sizes before inflating", () => {
    // A few KB that declare 65 MB: what a bomb looks like from its central directory.
    const bomb = zipSync({ "users.csv": new Uint8Array(64 * 1024) });
    const view = new DataView(bomb.buffer);
    const central = bomb.findIndex((_, i) => i + 4 <= bomb.length && view.getUint32(i, true) === 0x02014b50);
    view.setUint32(central + 24, 65 * 1024 * 1024, true);
    expect(bomb.length).toBeLessThan(4096);
    const r = readRoster([{ name: "bomb.zip", bytes: bomb }]);
    expect(texts(r)).toEqual([
      "bomb.zip: bomb.zip unzips to more than 64.0 MB, the limit; nothing in it was read. Export one school or one term at a time.",
    ]);
  });

  it("a zip that lies about its sizes stops inflating as soon as it outgrows them", () => {
    const zip = zipSync({ "users.csv": new Uint8Array(1024 * 1024) });
    const view = new DataView(zip.buffer);
    // Declare 100 bytes, in the local header and in the central directory.
    view.setUint32(22, 100, true);
    const central = zip.findIndex((_, i) => view.getUint32(i, true) === 0x02014b50);
    view.setUint32(central + 24, 100, true);
    const r = readRoster([{ name: "liar.zip", bytes: zip }]);
    expect(texts(r)).toEqual([
      "liar.zip: users.csv in liar.zip inflates beyond the size it declares; the archive is damaged or hostile, and nothing in it was read.",
    ]);
  });

  it("encrypted, truncated and non-zip uploads get their own sentence", () => {
    const ok = zipOf(small11());
    const encrypted = ok.bytes.slice();
    const view = new DataView(encrypted.buffer);
    const central = encrypted.findIndex((_, i) => i + 4 <= encrypted.length && view.getUint32(i, true) === 0x02014b50);
    view.setUint16(central + 8, 1, true);
    expect(texts(readRoster([{ name: "locked.zip", bytes: encrypted }]))).toEqual([
      "locked.zip: locked.zip is password-protected; export it without a password.",
    ]);
    expect(texts(readRoster([{ name: "cut.zip", bytes: ok.bytes.slice(0, 200) }]))).toEqual([
      "cut.zip: cut.zip is not a readable zip file.",
    ]);
    expect(
      texts(readRoster([{ name: "photo.png", bytes: new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0]) }])),
    ).toEqual(["photo.png: photo.png is not a text file."]);
  });
});

describe("plain CSV (email, class, role)", () => {
  it("reads rows into classes by their cell; aliases are tried as aliases", () => {
    const r = readRoster([
      file("roster.csv", [
        "email,class,role",
        "ana@school.edu,d:algebra1-p1,student",
        "tea@school.edu,Biology,teacher",
        "bad-address,Biology,student",
        "ben@school.edu,Biology,wizard",
        "own@school.edu,Biology,owner",
      ]),
    ]);
    expect(r.format).toBe("csv");
    expect(r.classes.map((c) => [c.key, c.aliases])).toEqual([
      ["d:algebra1-p1", ["d:algebra1-p1"]],
      ["Biology", []],
    ]);
    expect(r.enrollments).toEqual([
      { classKey: "d:algebra1-p1", email: "ana@school.edu", role: "STUDENT", primary: false },
      { classKey: "Biology", email: "tea@school.edu", role: "TEACHER", primary: false },
      { classKey: "Biology", email: "own@school.edu", role: "TEACHER", primary: true },
    ]);
    expect(r.problems.map((p) => p.row)).toEqual([4, 5]);
    expect(r.notes).toHaveLength(1);
  });
});
